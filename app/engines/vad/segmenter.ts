/**
 * Turns per-window speech probabilities into speech segments. Pure: no I/O, no clocks; time is
 * counted in samples from the start of the stream and reported in ms.
 *
 * - Each window is speech or not through a Schmitt trigger: it turns on at `threshold` and off
 *   below `negThreshold` (default threshold - 0.15).
 * - A segment starts at the first speech window. `speech-start` is announced once the speech has
 *   lasted `minSpeechMs` (so a dropped burst never announces anything); `atMs` is the real start.
 * - `minSilenceMs` of silence ends it: `speech-end` with endMs = start of the silence and
 *   decidedAtMs = when the wait elapsed. Bursts shorter than `minSpeechMs` are dropped.
 * - The audio of a speech-end spans [start - speechPadMs, end + speechPadMs], clipped to the
 *   stream and to the audio already seen when the end is decided (so the trailing pad is whole
 *   when speechPadMs <= minSilenceMs).
 * - A segment longer than maxSpeechMs is cut there and a new one starts at once.
 */
import { HeedError, throwIfAborted } from '../../core/errors.js';
import type { SegmenterConfig, VadEngine, VadEvent } from './types.js';
import { VAD_SAMPLE_RATE, VAD_WINDOW_SAMPLES } from './types.js';

export interface SegmenterOptions {
  sampleRate?: number | undefined;
  windowSamples?: number | undefined;
  /** Longest segment before a forced cut; default 60 000 ms. */
  maxSpeechMs?: number | undefined;
}

export interface SpeechSegment {
  startMs: number;
  endMs: number;
  decidedAtMs: number;
  audio: Float32Array;
}

type Phase = 'idle' | 'pending' | 'active';

export class SpeechSegmenter {
  readonly #rate: number;
  readonly #win: number;
  readonly #thr: number;
  readonly #neg: number;
  readonly #minSpeech: number;
  readonly #minSilence: number;
  readonly #pad: number;
  readonly #maxSpeech: number;
  // Audio history as chunks, covering absolute samples [#histStart, #audioEnd).
  #chunks: Float32Array[] = [];
  #histStart = 0;
  #audioEnd = 0;
  /** Start of the next window (windows processed × window size). */
  #pos = 0;
  #speaking = false;
  #phase: Phase = 'idle';
  #segStart = 0;
  #silenceStart = -1;
  #lastSpeechEnd = 0;

  constructor(cfg: SegmenterConfig, opts: SegmenterOptions = {}) {
    this.#rate = opts.sampleRate ?? VAD_SAMPLE_RATE;
    this.#win = opts.windowSamples ?? VAD_WINDOW_SAMPLES;
    this.#thr = cfg.threshold;
    this.#neg = Math.min(cfg.negThreshold ?? Math.max(0.01, cfg.threshold - 0.15), cfg.threshold);
    const toSamples = (ms: number): number => Math.max(0, Math.round((ms * this.#rate) / 1000));
    this.#minSpeech = toSamples(cfg.minSpeechMs);
    this.#minSilence = toSamples(cfg.minSilenceMs);
    this.#pad = toSamples(cfg.speechPadMs);
    this.#maxSpeech = Math.max(this.#win, toSamples(opts.maxSpeechMs ?? 60_000));
  }

  /** True between an announced speech-start and its speech-end. */
  get inSpeech(): boolean { return this.#phase === 'active'; }
  /** Stream time (ms) up to which probabilities have been consumed. */
  get positionMs(): number { return this.#ms(this.#pos); }

  /**
   * Consumes one probability per window. `samples` is the audio that produced them, in order; it
   * may also be the raw chunk given to the VAD (a remainder is kept for the next push).
   */
  push(probs: Float32Array, samples: Float32Array): VadEvent[] {
    const need = this.#pos + probs.length * this.#win;
    if (need > this.#audioEnd + samples.length) {
      throw new HeedError('VAD_FAILED', 'vad', `segmenter: ${probs.length} probabilities need audio up to sample ${need}, only ${this.#audioEnd + samples.length} given`);
    }
    if (samples.length > 0) {
      this.#chunks.push(samples.slice());
      this.#audioEnd += samples.length;
    }
    const events: VadEvent[] = [];
    for (let i = 0; i < probs.length; i++) this.#step(probs[i] as number, events);
    this.#trim();
    return events;
  }

  /** End of stream: closes an open segment, drops an unconfirmed one, and starts a new stream. */
  flush(): VadEvent[] {
    const events: VadEvent[] = [];
    if (this.#phase === 'active') {
      const end = this.#silenceStart >= 0 ? this.#silenceStart : this.#lastSpeechEnd;
      this.#end(end, this.#pos, Math.min(end + this.#pad, this.#audioEnd), events);
    }
    this.reset();
    return events;
  }

  reset(): void {
    this.#chunks = [];
    this.#histStart = 0;
    this.#audioEnd = 0;
    this.#pos = 0;
    this.#speaking = false;
    this.#phase = 'idle';
    this.#silenceStart = -1;
  }

  #step(p: number, events: VadEvent[]): void {
    const s = this.#pos;
    const e = s + this.#win;
    this.#pos = e;
    this.#speaking = this.#speaking ? p >= this.#neg : p >= this.#thr;
    if (this.#phase === 'idle') {
      if (!this.#speaking) return;
      this.#phase = 'pending';
      this.#segStart = s;
      this.#silenceStart = -1;
    }
    if (this.#speaking) {
      this.#lastSpeechEnd = e;
      this.#silenceStart = -1;
      if (this.#phase === 'pending' && e - this.#segStart >= this.#minSpeech) {
        this.#phase = 'active';
        events.push({ type: 'speech-start', atMs: this.#ms(this.#segStart) });
      }
      if (this.#phase === 'active' && e - this.#segStart >= this.#maxSpeech) {
        this.#end(e, e, e, events);
        this.#phase = 'active';
        this.#segStart = e;
        events.push({ type: 'speech-start', atMs: this.#ms(e) });
      }
      return;
    }
    if (this.#silenceStart < 0) this.#silenceStart = s;
    if (e - this.#silenceStart >= this.#minSilence) {
      const end = this.#silenceStart;
      this.#end(end, e, Math.min(end + this.#pad, e), events);
    }
  }

  /** Closes the current segment; announces it only if it was confirmed. */
  #end(end: number, decided: number, audioTo: number, events: VadEvent[]): void {
    if (this.#phase === 'active') {
      const from = Math.max(0, this.#segStart - this.#pad);
      events.push({
        type: 'speech-end', startMs: this.#ms(this.#segStart), endMs: this.#ms(end),
        decidedAtMs: this.#ms(decided), audio: this.#slice(from, audioTo),
      });
    }
    this.#phase = 'idle';
    this.#silenceStart = -1;
  }

  #ms(samples: number): number {
    return (samples * 1000) / this.#rate;
  }

  #slice(from: number, to: number): Float32Array {
    const lo = Math.max(from, this.#histStart);
    const out = new Float32Array(Math.max(0, to - lo));
    let at = this.#histStart;
    for (const c of this.#chunks) {
      const a = Math.max(lo, at);
      const b = Math.min(to, at + c.length);
      if (b > a) out.set(c.subarray(a - at, b - at), a - lo);
      at += c.length;
      if (at >= to) break;
    }
    return out;
  }

  /** Drops audio no future segment can need: the pre-roll ring when idle, else the segment's. */
  #trim(): void {
    const keepFrom = (this.#phase === 'idle' ? this.#pos : this.#segStart) - this.#pad;
    while (this.#chunks.length > 0) {
      const c = this.#chunks[0] as Float32Array;
      if (this.#histStart + c.length > keepFrom) break;
      this.#chunks.shift();
      this.#histStart += c.length;
    }
  }
}

/** Runs a whole 16 kHz recording through a VAD engine and a segmenter (from a fresh state). */
export async function detectSegments(
  engine: VadEngine, samples16k: Float32Array, cfg: SegmenterConfig,
  opts: { signal?: AbortSignal | undefined; chunkSamples?: number | undefined } = {},
): Promise<SpeechSegment[]> {
  throwIfAborted(opts.signal, 'vad');
  await engine.reset();
  const seg = new SpeechSegmenter(cfg);
  const out: SpeechSegment[] = [];
  const take = (events: VadEvent[]): void => {
    for (const ev of events) if (ev.type === 'speech-end') out.push({ startMs: ev.startMs, endMs: ev.endMs, decidedAtMs: ev.decidedAtMs, audio: ev.audio });
  };
  const step = opts.chunkSamples ?? VAD_WINDOW_SAMPLES * 32;
  for (let off = 0; off < samples16k.length; off += step) {
    const chunk = samples16k.subarray(off, Math.min(off + step, samples16k.length));
    take(seg.push(await engine.process(chunk, { signal: opts.signal }), chunk));
  }
  take(seg.flush());
  return out;
}
