/**
 * Turns a stream of 16 kHz audio into one spoken turn: VAD per 512-sample window, the segmenter
 * decides start and end of speech, and the STT decoder is fed while the person is still talking,
 * so that only the decoder's final pass remains after the endpoint.
 */
import { HeedError, throwIfAborted } from '../errors.js';
import { concatFloat32, floatToInt16 } from '../../audio/pcm.js';
import { SpeechSegmenter } from '../../engines/vad/segmenter.js';
import type { SegmenterConfig, VadEngine } from '../../engines/vad/types.js';
import { VAD_SAMPLE_RATE, VAD_WINDOW_SAMPLES } from '../../engines/vad/types.js';
import type { SttEngine, SttHypothesis } from '../../engines/stt/types.js';

export interface HeardTurn {
  hypothesis: SttHypothesis;
  speechStartMs: number;
  speechEndMs: number;
  /** Wall clock (performance.now) when the endpoint was decided. */
  endpointAt: number;
  /** Compute spent in VAD and STT for this turn. */
  vadMs: number;
  sttMs: number;
  /** Time from the endpoint decision to the final hypothesis. */
  sttFinalMs: number;
}

export interface ListenerDeps {
  vad: VadEngine;
  stt: SttEngine;
  segmenter: SegmenterConfig;
  onPartial?: ((h: SttHypothesis) => void) | undefined;
  onSpeechStart?: ((atMs: number) => void) | undefined;
}

const PAD_WINDOWS_MAX = 64;

export class Listener {
  readonly #d: ListenerDeps;
  readonly #seg: SpeechSegmenter;
  #pending = new Float32Array(0);
  #recent: Float32Array[] = [];
  #windowsSeen = 0;
  #inSpeech = false;
  #speechStartMs = 0;
  #vadMs = 0;
  #sttMs = 0;
  #lastPartial: SttHypothesis | null = null;

  constructor(deps: ListenerDeps) {
    this.#d = deps;
    this.#seg = new SpeechSegmenter(deps.segmenter);
  }

  /** VAD compute since the last turn (all of it when no turn was heard). */
  get vadMs(): number { return this.#vadMs; }
  get inSpeech(): boolean { return this.#inSpeech; }

  /** Feeds audio; resolves to a turn when an endpoint falls inside this chunk, else null. */
  async push(samples: Float32Array, signal?: AbortSignal): Promise<HeardTurn | null> {
    throwIfAborted(signal, 'pipeline');
    const all = concatFloat32([this.#pending, samples]);
    const whole = all.length - (all.length % VAD_WINDOW_SAMPLES);
    this.#pending = all.slice(whole);
    for (let off = 0; off < whole; off += VAD_WINDOW_SAMPLES) {
      const win = all.slice(off, off + VAD_WINDOW_SAMPLES);
      const turn = await this.#window(win, signal);
      if (turn) return turn;
    }
    return null;
  }

  /** End of stream: closes an open segment (a recording that ends mid-speech). */
  async finish(signal?: AbortSignal): Promise<HeardTurn | null> {
    if (!this.#inSpeech) return null;
    for (const ev of this.#seg.flush()) {
      if (ev.type === 'speech-end') return this.#end(ev.startMs, ev.endMs, signal);
    }
    return null;
  }

  async #window(win: Float32Array, signal?: AbortSignal): Promise<HeardTurn | null> {
    const t0 = performance.now();
    const probs = await this.#d.vad.process(win.slice(), { signal });
    this.#vadMs += performance.now() - t0;
    this.#windowsSeen += 1;
    this.#recent.push(win);
    if (this.#recent.length > PAD_WINDOWS_MAX) this.#recent.shift();
    const events = this.#seg.push(probs, win);
    if (this.#inSpeech) await this.#feed(win, signal);
    for (const ev of events) {
      if (ev.type === 'speech-start' && !this.#inSpeech) {
        await this.#start(ev.atMs, signal);
      } else if (ev.type === 'speech-end' && this.#inSpeech) {
        return this.#end(ev.startMs, ev.endMs, signal);
      }
    }
    return null;
  }

  async #start(atMs: number, signal?: AbortSignal): Promise<void> {
    this.#inSpeech = true;
    this.#speechStartMs = atMs;
    this.#d.onSpeechStart?.(atMs);
    const t0 = performance.now();
    await this.#d.stt.begin({ signal });
    // Feed the pre-roll: windows from (start - pad) up to and including the current one.
    const windowMs = (VAD_WINDOW_SAMPLES / VAD_SAMPLE_RATE) * 1000;
    const firstWindow = Math.max(0, Math.floor((atMs - this.#d.segmenter.speechPadMs) / windowMs));
    const back = Math.min(this.#recent.length, this.#windowsSeen - firstWindow);
    const preroll = concatFloat32(this.#recent.slice(this.#recent.length - back));
    this.#sttMs += performance.now() - t0;
    await this.#feed(preroll, signal);
  }

  async #feed(audio: Float32Array, signal?: AbortSignal): Promise<void> {
    if (audio.length === 0) return;
    const t0 = performance.now();
    const partial = await this.#d.stt.feed(floatToInt16(audio), { signal });
    this.#sttMs += performance.now() - t0;
    if (partial && partial.text) {
      this.#lastPartial = partial;
      this.#d.onPartial?.(partial);
    }
  }

  async #end(startMs: number, endMs: number, signal?: AbortSignal): Promise<HeardTurn> {
    const endpointAt = performance.now();
    let hypothesis = await this.#d.stt.end({ signal }).catch((err: unknown) => {
      throw HeedError.from(err, 'stt', 'STT_FAILED');
    });
    // A grammar decoder gives no final result when no path reached the grammar's end (noise after
    // the last word, a cut-off phrase, words the grammar lacks). A recognizer with a fallback LM
    // then decodes the utterance again free-form and says so (`source: 'lm'`, low confidence).
    // Without one (or when the LM heard nothing either), the grammar's best partial path is the
    // best evidence there is: it is passed on with confidence 0 and the understanding parses it
    // tolerantly (its `source` is the search that made it).
    if (!hypothesis.text && this.#lastPartial) hypothesis = { ...this.#lastPartial, confidence: 0, final: true };
    this.#lastPartial = null;
    const sttFinalMs = performance.now() - endpointAt;
    this.#sttMs += sttFinalMs;
    this.#inSpeech = false;
    const turn: HeardTurn = {
      hypothesis, speechStartMs: startMs || this.#speechStartMs, speechEndMs: endMs, endpointAt,
      vadMs: this.#vadMs, sttMs: this.#sttMs, sttFinalMs,
    };
    this.#vadMs = 0;
    this.#sttMs = 0;
    return turn;
  }
}
