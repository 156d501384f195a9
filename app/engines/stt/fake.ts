/**
 * A deterministic, scripted STT engine for tests. It "hears" audio made by `fakeSpeech()`:
 * each character is a 60 ms block of a 400 Hz tone whose amplitude encodes the character code,
 * and anything quieter is silence. It mirrors the pocketsphinx engine's contract: searches
 * must be set before begin(), JSGF text is checked (header, syntax, undefined rules, lowercase
 * words), out-of-order calls are DECODER_STATE, aborts are ABORTED and leave it usable.
 * A JSGF search "parses" when it keeps any heard word; with a fallback LM (its ARPA header and
 * unigram section are checked) an utterance that does not parse comes back as the heard words the
 * LM knows, with `source: 'lm'` and a low confidence, like the real engine's fallback.
 */
import { existsSync } from 'node:fs';
import { HeedError, throwIfAborted } from '../../core/errors.js';
import {
  FALLBACK_MAX_CONFIDENCE, STT_SAMPLE_RATE, type RecognitionSource, type SttEngine, type SttHypothesis, type SttHypothesisSource, type WordTiming,
} from './types.js';

const FRAME_MS = 10;
const CHAR_FRAMES = 6;
const BASE_AMP = 2000;
const STEP_AMP = 40;
const SILENCE_AMP = 1000;
const TONE_HZ = 400;

/** Encodes text as audio that FakeStt decodes back to the same text. */
export function fakeSpeech(text: string, opts: { sampleRate?: number; leadMs?: number; tailMs?: number } = {}): Int16Array {
  const rate = opts.sampleRate ?? STT_SAMPLE_RATE;
  const frame = Math.round(rate / 100);
  const lead = Math.round((opts.leadMs ?? 100) / FRAME_MS) * frame;
  const tail = Math.round((opts.tailMs ?? 100) / FRAME_MS) * frame;
  const chars = [...text].map((c) => { const code = c.codePointAt(0) ?? 63; return code >= 32 && code < 127 ? code : 63; });
  const block = CHAR_FRAMES * frame;
  const out = new Int16Array(lead + chars.length * block + tail);
  chars.forEach((code, i) => {
    const amp = BASE_AMP + STEP_AMP * code;
    const at = lead + i * block;
    for (let n = 0; n < block; n++) out[at + n] = Math.round(amp * Math.sin((2 * Math.PI * TONE_HZ * n) / rate));
  });
  return out;
}

interface HeardChar { ch: string; frame: number }

type FakeSearch =
  | { kind: 'jsgf'; vocabulary: ReadonlySet<string>; lm?: ReadonlySet<string> }
  | { kind: 'ngram' }
  | { kind: 'keyphrase'; phrases: string[] };

export class FakeStt implements SttEngine {
  readonly name = 'fake';
  #searches = new Map<string, FakeSearch>();
  #active: FakeSearch | undefined;
  #inUtterance = false;
  #closed = false;
  #pending: number[] = [];
  #frames = 0;
  #run = 0;
  #heard: HeardChar[] = [];
  #lastPartial = '';

  async setSearch(source: RecognitionSource, opts: { signal?: AbortSignal } = {}): Promise<void> {
    throwIfAborted(opts.signal, 'stt');
    this.#requireOpen();
    if (this.#inUtterance) throw new HeedError('DECODER_STATE', 'stt', 'cannot switch search during an utterance; call end() first');
    let search: FakeSearch;
    if (source.kind === 'jsgf') {
      const lm = source.fallbackLmArpa === undefined ? undefined : parseFakeArpa(source.fallbackLmArpa);
      search = { kind: 'jsgf', vocabulary: parseFakeJsgf(source.text), ...(lm ? { lm } : {}) };
    }
    else if (source.kind === 'ngram') {
      if (!existsSync(source.path)) throw new HeedError('MODEL_MISSING', 'stt', `language model not found: ${source.path}`);
      search = { kind: 'ngram' };
    } else {
      if (source.phrases.length === 0) throw new HeedError('GRAMMAR_INVALID', 'stt', 'keyphrase list is empty');
      search = { kind: 'keyphrase', phrases: source.phrases.map((p) => p.phrase.trim()) };
    }
    this.#searches.set(source.name, search);
    this.#active = search;
  }

  async begin(opts: { signal?: AbortSignal } = {}): Promise<void> {
    throwIfAborted(opts.signal, 'stt');
    this.#requireOpen();
    if (this.#inUtterance) throw new HeedError('DECODER_STATE', 'stt', 'begin() called during an utterance; call end() first');
    if (!this.#active) throw new HeedError('DECODER_STATE', 'stt', 'begin() called with no search selected');
    this.#inUtterance = true;
    this.#pending = [];
    this.#frames = 0;
    this.#run = 0;
    this.#heard = [];
    this.#lastPartial = '';
  }

  async feed(frames: Int16Array, opts: { signal?: AbortSignal } = {}): Promise<SttHypothesis | null> {
    this.#abandonIfAborted(opts.signal);
    this.#requireUtterance('feed');
    this.#consume(frames);
    const words = this.#words();
    const text = words.map((w) => w.word).join(' ');
    if (text === '' || text === this.#lastPartial) return null;
    this.#lastPartial = text;
    const h: SttHypothesis = { text, confidence: 0, score: -this.#frames, words: [], final: false };
    const source = searchSource(this.#active);
    if (source) h.source = source;
    return h;
  }

  async end(opts: { signal?: AbortSignal } = {}): Promise<SttHypothesis> {
    this.#abandonIfAborted(opts.signal);
    this.#requireUtterance('end');
    this.#inUtterance = false;
    let words = this.#words();
    let source = searchSource(this.#active);
    let confidence = 1;
    const search = this.#active;
    if (words.length === 0 && search?.kind === 'jsgf' && search.lm) {
      const lm = search.lm;
      const heard = this.#words(null).filter((w) => lm.has(w.word));
      if (heard.length > 0) { words = heard; source = 'lm'; confidence = FALLBACK_MAX_CONFIDENCE; }
    }
    const text = words.map((w) => w.word).join(' ');
    const h: SttHypothesis = { text, confidence: text === '' ? 0 : confidence, score: -this.#frames, words, final: true };
    if (source) h.source = source;
    return h;
  }

  async recognize(pcm: Int16Array, opts: { signal?: AbortSignal } = {}): Promise<SttHypothesis> {
    await this.begin(opts);
    for (let i = 0; i < pcm.length; i += 4096) await this.feed(pcm.subarray(i, i + 4096), opts);
    return this.end(opts);
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.#inUtterance = false;
  }

  #requireOpen(): void {
    if (this.#closed) throw new HeedError('DECODER_STATE', 'stt', 'the engine is closed');
  }

  #requireUtterance(method: string): void {
    this.#requireOpen();
    if (!this.#inUtterance) throw new HeedError('DECODER_STATE', 'stt', `${method}() called without a started utterance`);
  }

  #abandonIfAborted(signal: AbortSignal | undefined): void {
    if (!signal?.aborted) return;
    this.#inUtterance = false;
    throwIfAborted(signal, 'stt');
  }

  #consume(pcm: Int16Array): void {
    const frame = STT_SAMPLE_RATE / 100;
    for (const s of pcm) {
      this.#pending.push(s);
      if (this.#pending.length < frame) continue;
      let peak = 0;
      for (const v of this.#pending) peak = Math.max(peak, Math.abs(v));
      this.#pending = [];
      if (peak < SILENCE_AMP) this.#run = 0;
      else {
        if (this.#run % CHAR_FRAMES === 0) {
          this.#heard.push({ ch: String.fromCharCode(Math.round((peak - BASE_AMP) / STEP_AMP)), frame: this.#frames });
        }
        this.#run++;
      }
      this.#frames++;
    }
  }

  /** The words heard so far, as the search (by default the active one; null: none) lets them through. */
  #words(search: FakeSearch | null | undefined = this.#active): WordTiming[] {
    const words: WordTiming[] = [];
    let cur: { word: string; start: number; end: number } | undefined;
    const flush = (): void => {
      if (cur) words.push({ word: cur.word, startMs: cur.start * FRAME_MS, endMs: cur.end * FRAME_MS, confidence: 1 });
      cur = undefined;
    };
    for (const h of this.#heard) {
      if (h.ch === ' ') { flush(); continue; }
      if (cur && h.frame === cur.end) { cur.word += h.ch; cur.end = h.frame + CHAR_FRAMES; } else { flush(); cur = { word: h.ch, start: h.frame, end: h.frame + CHAR_FRAMES }; }
    }
    flush();
    if (search?.kind === 'jsgf') return words.filter((w) => search.vocabulary.has(w.word));
    if (search?.kind === 'keyphrase') {
      const text = ` ${words.map((w) => w.word).join(' ')} `;
      const hit = search.phrases.find((p) => text.includes(` ${p} `));
      if (!hit) return [];
      const n = hit.split(/\s+/).length;
      const i = words.findIndex((_, k) => words.slice(k, k + n).map((w) => w.word).join(' ') === hit);
      const first = words[i];
      const last = words[i + n - 1];
      return first && last ? [{ word: hit, startMs: first.startMs, endMs: last.endMs, confidence: 1 }] : [];
    }
    return words;
  }
}

function searchSource(search: FakeSearch | undefined): SttHypothesisSource | undefined {
  return search?.kind === 'jsgf' ? 'grammar' : search?.kind === 'ngram' ? 'lm' : undefined;
}

/**
 * Checks ARPA text the way a loader would for the cases that matter to callers (the \data\
 * header with its counts, a unigram section holding as many entries, \end\) and returns the
 * unigram words without the sentence markers.
 */
export function parseFakeArpa(text: string): Set<string> {
  const bad = (why: string): HeedError => new HeedError('GRAMMAR_INVALID', 'stt', `the fallback LM ${why}`);
  const lines = text.split('\n').map((l) => l.trim());
  const data = lines.indexOf('\\data\\');
  if (data < 0) throw bad('has no \\data\\ header');
  const counts = new Map<number, number>();
  for (let i = data + 1; i < lines.length && !(lines[i] ?? '').startsWith('\\'); i++) {
    const m = /^ngram (\d+)=(\d+)$/.exec(lines[i] ?? '');
    if (m) counts.set(Number(m[1]), Number(m[2]));
  }
  const start = lines.indexOf('\\1-grams:');
  if (!counts.has(1) || start < 0) throw bad('has no unigrams');
  if (!lines.includes('\\end\\')) throw bad('has no \\end\\ marker');
  const words = new Set<string>();
  let n = 0;
  for (let i = start + 1; i < lines.length && !(lines[i] ?? '').startsWith('\\'); i++) {
    const f = (lines[i] ?? '').split(/\s+/);
    if (f.length < 2 || f[0] === '') continue;
    if (!Number.isFinite(Number(f[0]))) throw bad(`has a bad unigram line "${lines[i] ?? ''}"`);
    n++;
    const w = f[1] as string;
    if (w !== '<s>' && w !== '</s>') words.add(w);
  }
  if (n !== counts.get(1)) throw bad(`declares ${counts.get(1) ?? 0} unigrams but lists ${n}`);
  return words;
}

/**
 * Checks JSGF text the way pocketsphinx does for the cases that matter to callers (header,
 * syntax, public rule, undefined rule references, words a lowercase dictionary lacks) and
 * returns the grammar's words. It does not expand the grammar: any in-vocabulary word passes.
 */
export function parseFakeJsgf(text: string): Set<string> {
  const bad = (why: string): HeedError => new HeedError('GRAMMAR_INVALID', 'stt', `JSGF grammar ${why}`);
  if (!/^\s*#JSGF/.test(text)) throw bad("must start with a '#JSGF V1.0;' header");
  const body = text
    .replace(/\/\*[\s\S]*?\*\//g, ' ').replace(/\/\/.*$/gm, ' ').replace(/\{[^}]*\}/g, ' ')
    .replace(/^\s*#JSGF[^;]*;/, '').replace(/^\s*grammar\s+[\w.]+\s*;/, '');
  const statements = body.split(';').map((st) => st.trim());
  if (statements.pop() !== '') throw bad('does not parse: missing ";" after the last rule');
  const defined = new Set<string>();
  const refs = new Set<string>();
  const words = new Set<string>();
  let hasPublic = false;
  for (const st of statements) {
    const m = /^(public\s+)?<([^<>\s]+)>\s*=\s*([\s\S]+)$/.exec(st);
    if (!m?.[2] || !m[3]) throw bad(`does not parse near "${st.slice(0, 40)}"`);
    hasPublic ||= m[1] !== undefined;
    defined.add(m[2]);
    let depth = 0;
    for (const tok of m[3].match(/<[^<>\s]+>|\/[^/]*\/|[()[\]|*+]|[^\s()[\]|*+<>/]+/g) ?? []) {
      if (tok === '(' || tok === '[') depth++;
      else if (tok === ')' || tok === ']') depth--;
      else if (tok.startsWith('<')) refs.add(tok.slice(1, -1));
      else if (!/^[|*+]$/.test(tok) && !tok.startsWith('/')) words.add(tok);
      if (depth < 0) throw bad(`does not parse: unbalanced brackets in <${m[2]}>`);
    }
    if (depth !== 0) throw bad(`does not parse: unbalanced brackets in <${m[2]}>`);
  }
  if (!hasPublic) throw bad('has no public rule');
  for (const r of refs) if (r !== 'NULL' && r !== 'VOID' && !defined.has(r)) throw bad(`could not be compiled: undefined rule <${r}>`);
  const oov = [...words].filter((w) => !/^[a-z0-9][a-z0-9'.\-_]*$/.test(w));
  if (oov.length > 0) throw bad(`uses words not in the pronunciation dictionary: ${oov.map((w) => `'${w}'`).join(' ')}`);
  return words;
}
