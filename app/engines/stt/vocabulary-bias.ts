/**
 * Domain biasing for the sherpa-onnx recognizers, from the pack's bias phrases
 * (app/core/grammar/bias-phrases.ts):
 *   hotwordsFileText  the hotwords file of a transducer (Zipformer) decoded with modified_beam_search;
 *   snapToVocabulary  a conservative text correction of a Whisper / Moonshine transcript toward the
 *                     domain phrases (those models take no hotwords or prompt in sherpa-onnx).
 *
 * Snapping rules. A window of 1–3 transcript words is a candidate only when it
 *   - has no digit or number word ("two", "first") and does not cross punctuation;
 *   - is not itself a domain phrase;
 *   - (one word) is not in `vocabulary.words`, not a word of a domain phrase, and longer than 3 letters;
 *   - (several words) holds a word that is unknown (not in `words`, not a phrase word): "pick up"
 *     stays even if "pickup" is a phrase;
 *   - starts / ends with a known or short word only when the phrase starts / ends with its letters
 *     ("a chees burger" → "a cheeseburger", never "cheeseburger" eating the "a").
 * It snaps to a phrase when their letters (spaces and apostrophes removed) are within `maxDistance`
 * normalized edit distance (edits / longer length, default 0.25), or share a consonant-skeleton
 * phonetic key within 1.6 × that (0.4). A window close to two phrases equally (same edit count) is left alone.
 * Overlapping candidates are settled greedily, closest first. `words` is what counts as correct as
 * it is: the grammar's vocabulary and any common-English word list the caller has.
 */
import { ONE_TO_NINE, ORDINAL_TENS, ORDINALS_1_19, TEENS, TENS } from '../../core/text/itn-words.js';

export interface HotwordsOptions {
  /** The boost of every phrase (sherpa-onnx default hotwords_score is 1.5). */
  score: number;
  /** The model's tokens are upper case (most English Zipformers: "HELLO WORLD"). */
  upperCase: boolean;
  /** Whether the model's BPE vocabulary can spell this word (lower case); a phrase with a word it rejects is dropped. */
  canEncode?: (word: string) => boolean;
}

/** sherpa-onnx hotwords file text: one `PHRASE :score` line per usable phrase ('' when none). */
export function hotwordsFileText(phrases: readonly string[], opts: HotwordsOptions): string {
  if (!Number.isFinite(opts.score) || opts.score <= 0) throw new RangeError(`hotwords score must be a positive number, got ${opts.score}`);
  const score = String(Math.round(opts.score * 100) / 100);
  const lines: string[] = [];
  const seen = new Set<string>();
  for (const p of phrases) {
    const phrase = p.trim().toLowerCase().split(/\s+/).join(' ');
    // Letters, apostrophes and single spaces only: anything else a BPE model may not take.
    if (phrase.length === 0 || !/^[\p{L}' ]+$/u.test(phrase) || !/\p{L}/u.test(phrase)) continue;
    if (opts.canEncode && !phrase.split(' ').every((w) => opts.canEncode?.(w) === true)) continue;
    const text = opts.upperCase ? phrase.toUpperCase() : phrase;
    if (seen.has(text)) continue;
    seen.add(text);
    lines.push(`${text} :${score}`);
  }
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}

export interface SnapVocabulary {
  /** Domain phrases (lower case), e.g. biasPhrasesFromGrammar(). */
  phrases: readonly string[];
  /** Words that are correct as they are (lower case): never replaced on their own. */
  words: ReadonlySet<string>;
}

export interface SnapResult {
  text: string;
  replaced: Array<{ from: string; to: string }>;
}

export const DEFAULT_SNAP_MAX_DISTANCE = 0.25;
/** A window sounding like the phrase (same phonetic key) may be this much further in letters (0.25 → 0.4). */
const PHONETIC_FACTOR = 1.6;
const MAX_WINDOW = 3;
const MIN_WINDOW_LETTERS = 4;

const NUMBER_WORDS: ReadonlySet<string> = new Set<string>([
  'zero', 'oh', ...ONE_TO_NINE, ...TEENS, ...TENS, 'hundred', 'thousand', 'million', 'billion', 'dozen', 'half',
  ...ORDINALS_1_19, ...ORDINAL_TENS, 'hundredth', 'thousandth',
]);

/** Letters only, lower case. */
const lettersOf = (s: string): string => s.toLowerCase().replace(/[^a-z]/g, '');

export function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      const sub = (prev[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1);
      cur.push(Math.min(sub, (prev[j] as number) + 1, (cur[j - 1] as number) + 1));
    }
    prev = cur;
  }
  return prev[b.length] as number;
}

/**
 * A small Metaphone-like key: spellings of the same consonant sound unified (ph/f, ck/c/k/q, soft
 * c/s/z, ch/sh/tch), then vowels, h, w and y dropped after the first letter and doubles collapsed.
 * "chees burger" and "cheeseburger" → "Xsbrgr"; "zorbel" and "zorble" → "srbl"; "okafor" → "Akfr".
 */
export function phoneticKey(text: string): string {
  let s = lettersOf(text);
  if (s.length === 0) return '';
  s = s.replace(/^kn/, 'n').replace(/^wr/, 'r').replace(/^ps/, 's').replace(/^x/, 's');
  s = s.replace(/tch|ch|sh/g, 'X').replace(/th/g, '0').replace(/ph/g, 'f').replace(/gh/g, '').replace(/dg/g, 'j');
  s = s.replace(/ck/g, 'k').replace(/c(?=[eiy])/g, 's').replace(/c/g, 'k').replace(/q/g, 'k').replace(/x/g, 'ks').replace(/z/g, 's');
  const head = /^[aeiouy]/.test(s) ? 'A' : s.slice(0, 1);
  return (head + s.slice(1).replace(/[aeiouyhw]/g, '')).replace(/(.)\1+/g, '$1');
}

interface Token { lead: string; core: string; trail: string; norm: string; letters: string }

function tokenize(text: string): Token[] {
  return text.trim().split(/\s+/).filter((t) => t.length > 0).map((t) => {
    const m = /^([^\p{L}\p{N}]*)(.*?)([^\p{L}\p{N}]*)$/u.exec(t);
    const lead = m?.[1] ?? '';
    const core = m?.[2] ?? t;
    const trail = m?.[3] ?? '';
    return { lead, core, trail, norm: core.toLowerCase(), letters: lettersOf(core) };
  });
}

interface Target { phrase: string; letters: string; key: string }

interface Candidate { start: number; end: number; to: string; dist: number }

/** The one phrase a window is close to, or null (none, or a tie). */
function closest(letters: string, targets: readonly Target[], maxDistance: number): { to: string; dist: number } | null {
  const key = phoneticKey(letters);
  const soundsLike = maxDistance * PHONETIC_FACTOR;
  let best: { to: string; edits: number; dist: number } | null = null;
  let tie = false;
  for (const t of targets) {
    const longer = Math.max(letters.length, t.letters.length);
    if (Math.abs(letters.length - t.letters.length) > soundsLike * longer) continue;
    const edits = editDistance(letters, t.letters);
    const dist = edits / longer;
    if (!(dist <= maxDistance || (key === t.key && dist <= soundsLike))) continue;
    if (best === null || edits < best.edits) {
      best = { to: t.phrase, edits, dist };
      tie = false;
    } else if (edits === best.edits) {
      tie = true;
    }
  }
  return best === null || tie ? null : { to: best.to, dist: best.dist };
}

/** Matches the case of what it replaces: "CHEES" → "CHEESE", "Maria Lopes" → "Maria Lopez", "Chees burger" → "Cheeseburger". */
function withCase(phrase: string, original: string): string {
  const cap = (w: string): string => w.charAt(0).toUpperCase() + w.slice(1);
  if (original.length > 1 && original === original.toUpperCase() && /\p{Lu}/u.test(original)) return phrase.toUpperCase();
  const words = original.split(' ');
  if (words.length > 1 && words.every((w) => /^\p{Lu}/u.test(w))) return phrase.split(' ').map(cap).join(' ');
  return /^\p{Lu}/u.test(original) ? cap(phrase) : phrase;
}

export function snapToVocabulary(text: string, vocabulary: SnapVocabulary, opts: { maxDistance?: number } = {}): SnapResult {
  const maxDistance = opts.maxDistance ?? DEFAULT_SNAP_MAX_DISTANCE;
  // One target per spelling without spaces: the phrase with the fewest words.
  const byLetters = new Map<string, string>();
  for (const raw of vocabulary.phrases) {
    const p = raw.trim().toLowerCase().split(/\s+/).join(' ');
    const l = lettersOf(p);
    if (l.length === 0) continue;
    const cur = byLetters.get(l);
    if (cur === undefined || p.split(' ').length < cur.split(' ').length) byLetters.set(l, p);
  }
  const targets: Target[] = [...byLetters].map(([letters, phrase]) => ({ phrase, letters, key: phoneticKey(letters) }));
  const phraseSet = new Set(vocabulary.phrases.map((p) => p.trim().toLowerCase().split(/\s+/).join(' ')));
  const phraseWords = new Set([...phraseSet].flatMap((p) => p.split(' ')));
  const known = (t: Token): boolean => vocabulary.words.has(t.norm) || phraseWords.has(t.norm);
  const numeric = (t: Token): boolean => /\p{N}/u.test(t.core) || NUMBER_WORDS.has(t.norm);

  const toks = tokenize(text);
  const cands: Candidate[] = [];
  for (let i = 0; i < toks.length; i++) {
    for (let j = i; j < Math.min(toks.length, i + MAX_WINDOW); j++) {
      const win = toks.slice(i, j + 1);
      const last = win[win.length - 1] as Token;
      if (last.letters.length === 0 || numeric(last)) break;
      if (j > i && last.lead.length > 0) break;
      if (j > i && (toks[j - 1] as Token).trail.length > 0) break;
      const norm = win.map((t) => t.norm).join(' ');
      const letters = win.map((t) => t.letters).join('');
      if (phraseSet.has(norm) || letters.length < MIN_WINDOW_LETTERS) continue;
      const first = win[0] as Token;
      if (win.length === 1 && (known(first) || first.letters.length <= 3)) continue;
      if (win.length > 1 && win.every(known)) continue;
      const exact = byLetters.get(letters);
      const hit = exact !== undefined ? { to: exact, dist: 0 } : closest(letters, targets, maxDistance);
      if (hit === null) continue;
      // A known or short word at an edge must be the phrase's own start / end.
      const hitLetters = lettersOf(hit.to);
      const edgeOk = (t: Token, at: 'start' | 'end'): boolean =>
        !(known(t) || t.letters.length <= 3) || (at === 'start' ? hitLetters.startsWith(t.letters) : hitLetters.endsWith(t.letters));
      if (win.length > 1 && (!edgeOk(first, 'start') || !edgeOk(last, 'end'))) continue;
      cands.push({ start: i, end: j, to: hit.to, dist: hit.dist });
    }
  }
  if (cands.length === 0) return { text, replaced: [] };

  cands.sort((a, b) => a.dist - b.dist || (b.end - b.start) - (a.end - a.start) || a.start - b.start);
  const used = new Array<boolean>(toks.length).fill(false);
  const chosen: Candidate[] = [];
  for (const c of cands) {
    let free = true;
    for (let k = c.start; k <= c.end; k++) if (used[k]) free = false;
    if (!free) continue;
    for (let k = c.start; k <= c.end; k++) used[k] = true;
    chosen.push(c);
  }
  chosen.sort((a, b) => a.start - b.start);

  const out: string[] = [];
  const replaced: Array<{ from: string; to: string }> = [];
  let k = 0;
  for (const c of chosen) {
    for (; k < c.start; k++) {
      const t = toks[k] as Token;
      out.push(t.lead + t.core + t.trail);
    }
    const span = toks.slice(c.start, c.end + 1);
    const from = span.map((t) => t.core).join(' ');
    out.push((span[0] as Token).lead + withCase(c.to, from) + (span[span.length - 1] as Token).trail);
    replaced.push({ from, to: c.to });
    k = c.end + 1;
  }
  for (; k < toks.length; k++) {
    const t = toks[k] as Token;
    out.push(t.lead + t.core + t.trail);
  }
  return { text: out.join(' '), replaced };
}
