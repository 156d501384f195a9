/**
 * Speech to text with pocketsphinx 0.8 (Debian) through the native addon. Calls are
 * synchronous inside the addon and fast (a 512-sample chunk decodes in well under a
 * millisecond); the engine is meant to run in its own worker thread.
 *
 * Free-form fallback: a JSGF source may carry an n-gram LM (ARPA text). It is loaded as a second
 * search; the utterance's decoder input (denoised, the last 30 s) is kept, and when the grammar
 * search ends with no result (no path reached the grammar's end: the utterance does not parse),
 * the audio is decoded again with the LM and that text is returned with `source: 'lm'` and a low
 * confidence. The grammar search is selected again afterwards.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Denoiser, type DenoiseSetting } from '../../audio/denoiser.js';
import { HeedError, throwIfAborted } from '../../core/errors.js';
import { callNative, loadNative, type NativeDecoder, type NativeResult } from '../native.js';
import {
  FALLBACK_MAX_CONFIDENCE, STT_SAMPLE_RATE, type RecognitionSource, type SttEngine, type SttHypothesis, type SttHypothesisSource,
} from './types.js';

export const DEFAULT_HMM = '/usr/share/pocketsphinx/model/en-us/en-us';
export const DEFAULT_DICT = '/usr/share/pocketsphinx/model/en-us/cmudict-en-us.dict';
export const DEFAULT_LM = '/usr/share/pocketsphinx/model/en-us/en-us.lm.bin';

const MODEL_FIX = 'apt-get install pocketsphinx-en-us';
/** recognize() feeds the decoder in chunks so an abort is noticed between them. */
const RECOGNIZE_CHUNK = 4096;
/** The fallback re-decodes at most this much of an utterance (its end). */
const FALLBACK_MAX_SECONDS = 30;
/** The fallback LM's search name is the grammar's plus this. */
const FALLBACK_SEARCH_SUFFIX = '.fallback-lm';

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

/** The grammar search and its fallback LM search, while such a grammar is selected. */
interface FallbackSearch { grammar: string; lm: string }

export class PocketsphinxStt implements SttEngine {
  readonly name = 'pocketsphinx';
  #decoder: NativeDecoder;
  #denoiser: Denoiser | undefined;
  #lastPartial = '';
  /** Search name -> the source it was loaded from. */
  #loaded = new Map<string, string>();
  /** The kind of the selected search (what a final hypothesis's `source` says). */
  #kind: RecognitionSource['kind'] | undefined;
  #fallback: FallbackSearch | undefined;
  /** This utterance's decoder input, kept for the fallback (newest last, at most #keepMax samples). */
  #kept: Int16Array[] = [];
  #keptSamples = 0;
  #keepMax: number;

  constructor(opts: PocketsphinxSttOptions = {}) {
    const hmm = opts.hmm ?? DEFAULT_HMM;
    const dict = opts.dict ?? DEFAULT_DICT;
    checkModel(hmm, dict);
    const native = loadNative();
    const sampleRate = opts.sampleRate ?? STT_SAMPLE_RATE;
    this.#keepMax = FALLBACK_MAX_SECONDS * sampleRate;
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
    const arpa = source.kind === 'jsgf' ? source.fallbackLmArpa : undefined;
    // The ARPA text stays out of the grammar's key (the LM search has its own).
    const key = JSON.stringify(source.kind === 'jsgf' ? { ...source, fallbackLmArpa: undefined } : source);
    callNative('stt', () => {
      // The fallback LM first: if it is refused, nothing has changed (the previous search stays).
      const fallback = arpa === undefined ? undefined : this.#loadFallbackLm(source.name, arpa, source.kind === 'jsgf' && source.pronounceUnknown === true);
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
      this.#kind = source.kind;
      this.#fallback = fallback;
    });
  }

  /** Loads (unless loaded unchanged) the ARPA text as the n-gram search `<grammar>.fallback-lm`. */
  #loadFallbackLm(grammar: string, arpa: string, pronounceUnknown: boolean): FallbackSearch {
    const lm = `${grammar}${FALLBACK_SEARCH_SUFFIX}`;
    const key = `arpa:${createHash('sha256').update(arpa).digest('hex')}:${pronounceUnknown}`;
    if (this.#loaded.get(lm) !== key) {
      this.#loaded.delete(lm);
      if (pronounceUnknown) this.#pronounceUnknown(arpaWords(arpa));
      // pocketsphinx reads an LM from a file, all of it while loading: the file is only needed
      // for the duration of the call and is removed straight after.
      const dir = mkdtempSync(join(tmpdir(), 'heed-lm-'));
      try {
        const file = join(dir, 'fallback.lm');
        writeFileSync(file, arpa);
        this.#decoder.setLm(lm, file);
      } catch (err) {
        const e = err as Error & { code?: unknown };
        if (e.code === 'GRAMMAR_INVALID') throw new HeedError('GRAMMAR_INVALID', 'stt', `the fallback LM of grammar '${grammar}' was refused: ${e.message}`, { cause: err });
        throw err;
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
      this.#loaded.set(lm, key);
    }
    return { grammar, lm };
  }

  async begin(opts: { signal?: AbortSignal } = {}): Promise<void> {
    throwIfAborted(opts.signal, 'stt');
    callNative('stt', () => this.#decoder.start());
    this.#lastPartial = '';
    this.#dropKept();
  }

  /** Returns a partial hypothesis when the best text changed since the last one, else null. */
  async feed(frames: Int16Array, opts: { signal?: AbortSignal } = {}): Promise<SttHypothesis | null> {
    this.#abandonIfAborted(opts.signal);
    // Outside an utterance the decoder rejects the call: keep such audio out of the denoiser.
    const pcm = this.#denoiser && this.#decoder.inUtterance ? this.#denoiser.process(frames) : frames;
    const p = callNative('stt', () => this.#decoder.process(pcm));
    this.#keep(pcm, pcm === frames);
    if (p === null || p.text === this.#lastPartial) return null;
    this.#lastPartial = p.text;
    const h: SttHypothesis = { text: p.text, confidence: 0, score: p.score, words: [], final: false };
    const source = sourceOf(this.#kind);
    if (source) h.source = source;
    return h;
  }

  async end(opts: { signal?: AbortSignal } = {}): Promise<SttHypothesis> {
    this.#abandonIfAborted(opts.signal);
    const rest = this.#decoder.inUtterance ? this.#denoiser?.flush() : undefined;
    const r = callNative('stt', () => {
      if (rest && rest.length > 0) {
        this.#decoder.process(rest);
        this.#keep(rest, false);
      }
      return this.#decoder.end();
    });
    const fallback = this.#fallback;
    try {
      if (r.text === '' && fallback && this.#keptSamples > 0) return this.#decodeWithLm(fallback);
      return final(r, sourceOf(this.#kind));
    } finally {
      this.#dropKept();
    }
  }

  /** Decodes the kept audio again with the fallback LM, then selects the grammar again. */
  #decodeWithLm(fallback: FallbackSearch): SttHypothesis {
    const d = this.#decoder;
    return callNative('stt', () => {
      d.useSearch(fallback.lm);
      try {
        d.start();
        for (const chunk of this.#kept) d.process(chunk);
        const r = d.end();
        return { ...final(r, 'lm'), confidence: Math.min(FALLBACK_MAX_CONFIDENCE, r.confidence) };
      } finally {
        if (d.inUtterance) { try { d.end(); } catch { /* discarded */ } }
        d.useSearch(fallback.grammar);
      }
    });
  }

  /**
   * Keeps decoder input for the fallback (only while a grammar with an LM is selected); a buffer
   * the caller owns (and may reuse) is copied, the denoiser's output is a fresh array already.
   */
  #keep(pcm: Int16Array, callersBuffer: boolean): void {
    if (!this.#fallback || pcm.length === 0 || !this.#decoder.inUtterance) return;
    this.#kept.push(callersBuffer ? pcm.slice() : pcm);
    this.#keptSamples += pcm.length;
    while (this.#keptSamples - (this.#kept[0]?.length ?? 0) >= this.#keepMax) {
      this.#keptSamples -= this.#kept.shift()?.length ?? 0;
    }
  }

  #dropKept(): void {
    this.#kept = [];
    this.#keptSamples = 0;
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
    this.#dropKept();
    this.#fallback = undefined;
  }

  /** An abort mid-utterance ends (and discards) the utterance so the engine stays usable. */
  #abandonIfAborted(signal: AbortSignal | undefined): void {
    if (!signal?.aborted) return;
    if (this.#decoder.inUtterance) {
      try { this.#denoiser?.flush(); this.#decoder.end(); } catch { /* discarded */ }
    }
    this.#dropKept();
    throwIfAborted(signal, 'stt');
  }
}

function final(r: NativeResult, source: SttHypothesisSource | undefined): SttHypothesis {
  const h: SttHypothesis = { text: r.text, confidence: r.confidence, score: r.score, words: r.words, final: true };
  if (source) h.source = source;
  return h;
}

function sourceOf(kind: RecognitionSource['kind'] | undefined): SttHypothesisSource | undefined {
  return kind === 'jsgf' ? 'grammar' : kind === 'ngram' ? 'lm' : undefined;
}

/** The words of an ARPA LM: its unigrams without the sentence markers. */
export function arpaWords(arpa: string): string[] {
  const out: string[] = [];
  let inUnigrams = false;
  for (const line of arpa.split('\n')) {
    const t = line.trim();
    if (t.startsWith('\\')) { inUnigrams = t === '\\1-grams:'; continue; }
    if (!inUnigrams || t.length === 0) continue;
    const w = t.split(/\s+/)[1];
    if (w !== undefined && w !== '<s>' && w !== '</s>' && w !== '<unk>') out.push(w);
  }
  return out;
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
