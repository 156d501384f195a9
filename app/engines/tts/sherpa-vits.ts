/**
 * Text to speech with a Piper (VITS) voice through sherpa-onnx: espeak-ng phonemes (Debian's
 * espeak-ng-data when the voice ships none), one model run per sentence, each sentence's audio
 * delivered as soon as it is generated. Always through generateAsync: the synchronous path
 * crashes the process on inputs the asynchronous one only rejects.
 *
 * Cancelling: an abort ends the stream at once and no further chunk is delivered; the sentence
 * being generated cannot be interrupted inside onnxruntime, so it finishes in the background and
 * is dropped (a later request waits for it: one generation at a time per voice).
 */
import { basename } from 'node:path';
import { HeedError, throwIfAborted } from '../../core/errors.js';
import { splitSentences } from '../../core/pipeline/speak.js';
import { callSherpa, loadSherpa, type SherpaOfflineTts } from '../sherpa/addon.js';
import { concatInt16, floatToInt16 } from '../../audio/pcm.js';
import { untilAborted } from '../sherpa/abortable.js';
import { findVitsFiles } from '../sherpa/model-files.js';
import { preflightVits } from '../sherpa/preflight.js';
import type { TtsAudio, TtsEngine, TtsOptions, TtsVoice } from './types.js';

export interface SherpaVitsTtsOptions {
  /** A manifest voice name or a directory holding the voice (.onnx + tokens.txt). */
  model: string;
  /** The voice's id (default: the model's name). */
  id?: string;
  /** Default speaking rate (1 = the voice's own). */
  speed?: number;
  threads?: number;
}

export class SherpaVitsTts implements TtsEngine {
  readonly name = 'piper';
  readonly #tts: SherpaOfflineTts;
  readonly #voice: TtsVoice;
  readonly #speakers: number;
  readonly #speed: number;
  /** Electron's V8 refuses external array buffers (sherpa-onnx's documented need). */
  readonly #externalBuffer = process.versions['electron'] === undefined;
  #busy: Promise<unknown> = Promise.resolve();
  #closed = false;

  private constructor(tts: SherpaOfflineTts, voice: TtsVoice, speakers: number, speed: number) {
    this.#tts = tts;
    this.#voice = voice;
    this.#speakers = speakers;
    this.#speed = speed;
  }

  static async open(opts: SherpaVitsTtsOptions): Promise<SherpaVitsTts> {
    const files = findVitsFiles(opts.model);
    const { sampleRate, speakers } = preflightVits(files);
    const sherpa = loadSherpa('tts');
    const tts = await callSherpa('tts', `loading the voice ${files.model}`, () => sherpa.OfflineTts.createAsync({
      model: {
        vits: { model: files.model, tokens: files.tokens, dataDir: files.dataDir ?? '', noiseScale: 0.667, noiseScaleW: 0.8, lengthScale: 1 },
        numThreads: opts.threads ?? 1, provider: 'cpu', debug: 0,
      },
      maxNumSentences: 1,
    }));
    if (tts.sampleRate !== sampleRate) throw new HeedError('MODEL_CORRUPT', 'tts', `${files.model}: loaded at ${tts.sampleRate} Hz, metadata says ${sampleRate}`);
    const id = opts.id ?? (opts.model.includes('/') ? basename(files.dir) : opts.model);
    return new SherpaVitsTts(tts, { id, sampleRate }, speakers, opts.speed ?? 1);
  }

  async voices(opts: { signal?: AbortSignal } = {}): Promise<TtsVoice[]> {
    throwIfAborted(opts.signal, 'tts');
    this.#open();
    const out = [{ ...this.#voice }];
    for (let sid = 1; sid < Math.min(this.#speakers, 64); sid++) out.push({ id: `${this.#voice.id}#${sid}`, sampleRate: this.#voice.sampleRate });
    return out;
  }

  async synthesize(text: string, opts: TtsOptions = {}): Promise<TtsAudio> {
    const parts: Int16Array[] = [];
    for await (const chunk of this.synthesizeStream(text, opts)) parts.push(chunk.pcm);
    return { pcm: concatInt16(parts), sampleRate: this.#voice.sampleRate };
  }

  async *synthesizeStream(text: string, opts: TtsOptions = {}): AsyncGenerator<TtsAudio> {
    throwIfAborted(opts.signal, 'tts');
    this.#open();
    const sid = this.#speaker(opts.voice);
    const speed = opts.speed ?? this.#speed;
    if (!(speed >= 0.5 && speed <= 2)) throw new HeedError('TTS_FAILED', 'tts', `speed ${speed} is outside 0.5-2`);
    const sentences = speechChunks(text);
    if (sentences.length === 0) { yield { pcm: new Int16Array(0), sampleRate: this.#voice.sampleRate }; return; }
    for (const sentence of sentences) {
      const run = this.#busy.catch(() => undefined).then(() => callSherpa('tts', 'piper synthesis', () => this.#tts.generateAsync({
        text: sentence, sid, speed, enableExternalBuffer: this.#externalBuffer,
      })));
      this.#busy = run;
      const audio = await untilAborted(run, opts.signal, 'tts');
      throwIfAborted(opts.signal, 'tts');
      yield { pcm: floatToInt16(audio.samples), sampleRate: this.#voice.sampleRate };
    }
  }

  async close(): Promise<void> {
    this.#closed = true;
    await this.#busy.catch(() => undefined);
  }

  /** The speaker id a voice id names: `<id>` is speaker 0, `<id>#N` speaker N. */
  #speaker(voice: string | undefined): number {
    if (voice === undefined || voice === this.#voice.id) return 0;
    const m = /^(.*)#(\d+)$/.exec(voice);
    const sid = m && m[1] === this.#voice.id ? Number(m[2]) : -1;
    if (sid < 1 || sid >= this.#speakers) throw new HeedError('VOICE_UNKNOWN', 'tts', `unknown voice '${voice}' (this voice is '${this.#voice.id}')`);
    return sid;
  }

  #open(): void {
    if (this.#closed) throw new HeedError('TTS_FAILED', 'tts', 'the piper voice is closed', { recoverable: false });
  }
}

/** Long sentences are cut at clause boundaries (", " "; " ": ") so the first audio comes sooner. */
export function speechChunks(text: string, maxChars = 90): string[] {
  return splitSentences(text).flatMap((sentence) => {
    if (sentence.length <= maxChars) return [sentence];
    const out: string[] = [];
    let current = '';
    for (const clause of sentence.split(/(?<=[,;:])\s+/u)) {
      if (current !== '' && current.length + clause.length + 1 > maxChars) { out.push(current); current = clause; }
      else current = current === '' ? clause : `${current} ${clause}`;
    }
    if (current !== '') out.push(current);
    return out;
  });
}
