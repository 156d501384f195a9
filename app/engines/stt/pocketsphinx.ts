/**
 * Speech to text with pocketsphinx 0.8 (Debian) through the native addon. Calls are
 * synchronous inside the addon and fast (a 512-sample chunk decodes in well under a
 * millisecond); the engine is meant to run in its own worker thread.
 */
import { existsSync, statSync } from 'node:fs';
import { Denoiser, type DenoiseSetting } from '../../audio/denoiser.js';
import { HeedError, throwIfAborted } from '../../core/errors.js';
import { callNative, loadNative, type NativeDecoder } from '../native.js';
import { STT_SAMPLE_RATE, type RecognitionSource, type SttEngine, type SttHypothesis } from './types.js';

export const DEFAULT_HMM = '/usr/share/pocketsphinx/model/en-us/en-us';
export const DEFAULT_DICT = '/usr/share/pocketsphinx/model/en-us/cmudict-en-us.dict';
export const DEFAULT_LM = '/usr/share/pocketsphinx/model/en-us/en-us.lm.bin';

const MODEL_FIX = 'apt-get install pocketsphinx-en-us';
/** recognize() feeds the decoder in chunks so an abort is noticed between them. */
const RECOGNIZE_CHUNK = 4096;

export interface PocketsphinxSttOptions {
  hmm?: string;
  dict?: string;
  sampleRate?: number;
  /** Extra pocketsphinx arguments, e.g. { '-beam': '1e-60' }. */
  args?: Record<string, string>;
  /**
   * Suppress noise (speexdsp) before the decoder, default true. The suppressor's noise
   * estimate persists across utterances; resetNoiseEstimate() forgets it. With it on,
   * pocketsphinx's own mel-domain spectral subtraction (-remove_noise) defaults to off: the
   * two together over-subtract (measured: 16/24 exact with speex alone, 14/24 with both).
   */
  denoise?: DenoiseSetting;
}

/** Formats keyphrases as pocketsphinx's kws list: `phrase /threshold/` per line. */
export function keyphraseList(phrases: ReadonlyArray<{ phrase: string; threshold: number }>): string {
  return phrases.map((p) => `${p.phrase.trim()} /${p.threshold.toExponential()}/`).join('\n') + '\n';
}

function checkModel(hmm: string, dict: string): void {
  const missing = (p: string, kind: 'dir' | 'file'): boolean => {
    if (!existsSync(p)) return true;
    const st = statSync(p);
    return kind === 'dir' ? !st.isDirectory() : !st.isFile();
  };
  const problems: Array<[string, 'dir' | 'file', string]> = [
    [hmm, 'dir', 'acoustic model directory'],
    [`${hmm}/mdef`, 'file', 'acoustic model file'],
    [dict, 'file', 'pronunciation dictionary'],
  ];
  for (const [path, kind, what] of problems) {
    if (missing(path, kind)) {
      throw new HeedError('MODEL_MISSING', 'stt', `${what} not found: ${path}; ${MODEL_FIX}`, { hint: MODEL_FIX });
    }
  }
}

export class PocketsphinxStt implements SttEngine {
  readonly name = 'pocketsphinx';
  #decoder: NativeDecoder;
  #denoiser: Denoiser | undefined;
  #lastPartial = '';
  /** Search name -> the source it was loaded from. */
  #loaded = new Map<string, string>();

  constructor(opts: PocketsphinxSttOptions = {}) {
    const hmm = opts.hmm ?? DEFAULT_HMM;
    const dict = opts.dict ?? DEFAULT_DICT;
    checkModel(hmm, dict);
    const native = loadNative();
    const sampleRate = opts.sampleRate ?? STT_SAMPLE_RATE;
    const denoise = opts.denoise ?? true;
    const args = denoise === false ? opts.args : { '-remove_noise': 'no', ...opts.args };
    const options = { hmm, dict, sampleRate, ...(args ? { args } : {}) };
    this.#decoder = callNative('stt', () => new native.Decoder(options));
    if (denoise !== false) {
      this.#denoiser = new Denoiser({ sampleRate, ...(typeof denoise === 'object' ? denoise : {}) });
    }
  }

  /** Gives words the dictionary lacks a letter-to-sound pronunciation from flite's lexicon. */
  #pronounceUnknown(words: readonly string[]): void {
    const native = loadNative();
    for (const w of words) {
      if (this.#decoder.lookupWord(w) !== null) continue;
      const phones = native.pronounce(w);
      if (phones) this.#decoder.addWord(w, phones);
    }
  }

  /** Forgets the noise suppressor's noise estimate (e.g. the input device changed). */
  resetNoiseEstimate(): void {
    this.#denoiser?.reset();
  }

  async setSearch(source: RecognitionSource, opts: { signal?: AbortSignal } = {}): Promise<void> {
    throwIfAborted(opts.signal, 'stt');
    const d = this.#decoder;
    const key = JSON.stringify(source);
    callNative('stt', () => {
      // Loading an n-gram LM takes seconds: a search already loaded unchanged is only selected.
      if (this.#loaded.get(source.name) !== key) {
        this.#loaded.delete(source.name);
        if (source.kind === 'jsgf') {
          if (source.pronounceUnknown) this.#pronounceUnknown(jsgfWords(source.text));
          d.setJsgf(source.name, source.text);
        }
        else if (source.kind === 'ngram') d.setLm(source.name, source.path);
        else d.setKeyphrases(source.name, keyphraseList(source.phrases));
        this.#loaded.set(source.name, key);
      }
      d.useSearch(source.name);
    });
  }

  async begin(opts: { signal?: AbortSignal } = {}): Promise<void> {
    throwIfAborted(opts.signal, 'stt');
    callNative('stt', () => this.#decoder.start());
    this.#lastPartial = '';
  }

  /** Returns a partial hypothesis when the best text changed since the last one, else null. */
  async feed(frames: Int16Array, opts: { signal?: AbortSignal } = {}): Promise<SttHypothesis | null> {
    this.#abandonIfAborted(opts.signal);
    // Outside an utterance the decoder rejects the call: keep such audio out of the denoiser.
    const pcm = this.#denoiser && this.#decoder.inUtterance ? this.#denoiser.process(frames) : frames;
    const p = callNative('stt', () => this.#decoder.process(pcm));
    if (p === null || p.text === this.#lastPartial) return null;
    this.#lastPartial = p.text;
    return { text: p.text, confidence: 0, score: p.score, words: [], final: false };
  }

  async end(opts: { signal?: AbortSignal } = {}): Promise<SttHypothesis> {
    this.#abandonIfAborted(opts.signal);
    const rest = this.#decoder.inUtterance ? this.#denoiser?.flush() : undefined;
    const r = callNative('stt', () => {
      if (rest && rest.length > 0) this.#decoder.process(rest);
      return this.#decoder.end();
    });
    return { text: r.text, confidence: r.confidence, score: r.score, words: r.words, final: true };
  }

  async recognize(pcm: Int16Array, opts: { signal?: AbortSignal } = {}): Promise<SttHypothesis> {
    await this.begin(opts);
    for (let i = 0; i < pcm.length; i += RECOGNIZE_CHUNK) {
      await this.feed(pcm.subarray(i, i + RECOGNIZE_CHUNK), opts);
    }
    return this.end(opts);
  }

  async close(): Promise<void> {
    this.#decoder.close();
    this.#denoiser?.close();
  }

  /** An abort mid-utterance ends (and discards) the utterance so the engine stays usable. */
  #abandonIfAborted(signal: AbortSignal | undefined): void {
    if (!signal?.aborted) return;
    if (this.#decoder.inUtterance) {
      try { this.#denoiser?.flush(); this.#decoder.end(); } catch { /* discarded */ }
    }
    throwIfAborted(signal, 'stt');
  }
}

/** The words of a JSGF grammar: its text without header, comments, rule names, tags, weights and operators. */
export function jsgfWords(text: string): string[] {
  const body = text
    .replace(/\/\*[\s\S]*?\*\//g, ' ')
    .replace(/\/\/[^\n]*/g, ' ')
    .replace(/^\s*(#JSGF[^;]*;|grammar\s+[^;]*;|import\s+[^;]*;)/gm, ' ')
    .replace(/<[^>]*>/g, ' ')
    .replace(/\{[^}]*\}/g, ' ')
    .replace(/\/[^/]*\//g, ' ')
    .replace(/\bpublic\b/g, ' ')
    .replace(/[()[\]|*+=;]/g, ' ');
  return [...new Set(body.split(/\s+/).filter((w) => w.length > 0))];
}
