/**
 * Dialog-aware endpointing: how much trailing silence ends the customer's turn, given the partial
 * transcript so far and what the dialog is waiting for. The VAD segmenter
 * (app/engines/vad/segmenter.ts) waits a fixed `minSilenceMs`; this policy says "200 ms is enough,
 * that was a whole request" or "wait 1.5 s, they are mid-sentence".
 *
 * Rules, first match wins (words are normalized with transcriptWords first):
 *   1. no words                                                     → unknown    (defaultMs)
 *   2. mid-spelling: a trailing "double" / "triple" / "j as" / "as in",
 *      or >= 2 spelled letters / NATO words at the end ("j o")       → incomplete (incompleteMs)
 *   3. expecting a phone number and the trailing digit words can hold
 *      fewer digits than `phoneDigits` (default 10)                  → incomplete
 *   4. expecting yes/no and the words are a yes/no answer            → complete   (completeMs)
 *   5. a trailing function word ("a", "the", "and", "with", "no", "of",
 *      "for", "at", "um"…), unless the grammar parses the words
 *      exactly and the word is alone or may end a request ("no",
 *      "double a")                                                    → incomplete
 *   6. expecting a date / time and the words end on a part that needs
 *      more ("march", "next", "half", "around")                       → incomplete
 *   7. the grammar parses the words exactly as a whole request       → complete
 *   8. the words are a strict prefix of some grammar path            → incomplete
 *   9. otherwise                                                     → unknown    (defaultMs)
 *
 * The grammar is reached through a `PartialClassifier` ((words) => 'exact' | 'prefix' | 'none').
 * `grammarClassifier(grammar)` builds one over a pack's compiled grammar AST
 * (`PackAgent.packGrammar().grammar`): 'exact' is the real matcher (`matchWords`, as the agent's
 * exact parse in app/brain/understand.ts, without the brain's `interpret` step) with an intent
 * covering every word; 'prefix' is a prefix search over the same AST written here (the matcher
 * has no prefix mode). Pure and synchronous: no I/O, no clock, no database.
 */
import type { Grammar, GrammarNode } from '../grammar/ast.js';
import { matchWords } from '../grammar/matcher.js';
import { transcriptWords } from '../dialog/normalize-text.js';
import { DIGIT_VALUE, LETTERS, MONTHS, NATO, ONE_TO_NINE_VALUE, TEEN_VALUE, TENS_VALUE } from '../text/itn-words.js';

export type PartialParse = 'exact' | 'prefix' | 'none';
/** Classifies (normalized) words against a grammar: a whole request, a strict prefix of one, or neither. */
export type PartialClassifier = (words: readonly string[]) => PartialParse;

/** What the open question expects ('free' or undefined: nothing in particular). */
export type Expecting = 'phone' | 'date' | 'time' | 'yes_no' | 'free';

export interface EndpointContext {
  /** The pack's grammar as a classifier (grammarClassifier); without it only the lexical rules apply. */
  classify?: PartialClassifier;
  expecting?: Expecting;
  /** Digits a phone answer needs (default 10). */
  phoneDigits?: number;
}

export interface EndpointConfig {
  /** Silence that ends a turn the grammar accepts as whole. */
  completeMs: number;
  /** Silence that ends a turn that is visibly unfinished. */
  incompleteMs: number;
  /** Silence when neither can be told. */
  defaultMs: number;
}

export const DEFAULT_ENDPOINT_CONFIG: Readonly<EndpointConfig> = Object.freeze({ completeMs: 200, incompleteMs: 1500, defaultMs: 500 });

export type EndpointReason = 'complete' | 'incomplete' | 'unknown';

export interface EndpointDecision {
  silenceMs: number;
  reason: EndpointReason;
}

/** Words after which a speaker is visibly not done. "in" and "on" are left out: they end real requests ("check in", "is {staff} in"). */
export const TRAILING_FUNCTION_WORDS: ReadonlySet<string> = new Set([
  'a', 'an', 'the', 'and', 'or', 'but', 'with', 'without', 'no', 'of', 'for', 'at', 'to', 'from', 'my', 'some', 'plus', 'extra',
  'um', 'uh', 'uhm', 'er', 'erm',
]);

/** Function words that still end requests the grammar accepts exactly: "no", "double a" (batteries), a spelled "a". */
const MAY_END_REQUEST: ReadonlySet<string> = new Set(['a', 'no']);

const YES_NO_ANSWERS: ReadonlySet<string> = new Set([
  'yes', 'yeah', 'yep', 'yup', 'sure', 'okay', 'ok', 'correct', 'right', 'no', 'nope', 'nah',
  'yes please', 'yeah please', "that's right", "that's correct", 'yes it is', 'no thanks', 'no thank you', "that's wrong", "no it isn't",
  'sounds good', 'go ahead', 'not really', 'not yet',
]);

const DATE_NEEDS_MORE: ReadonlySet<string> = new Set(['next', 'this', 'coming', 'on', 'the', 'of']);
const MONTH_WORDS: ReadonlySet<string> = new Set(MONTHS);
const TIME_NEEDS_MORE: ReadonlySet<string> = new Set(['half', 'quarter', 'past', 'around', 'about', 'till', 'til', 'before', 'after']);

/** Letter units: single letters and one-word NATO words ("x ray" is matched as a pair). */
const NATO_WORDS: ReadonlySet<string> = new Set(Object.values(NATO).filter((w) => !w.includes(' ')));
const LETTER_WORDS: ReadonlySet<string> = new Set([...LETTERS, ...NATO_WORDS]);

export function endpointSilenceMs(partialWords: readonly string[], context: EndpointContext = {}, config: EndpointConfig = DEFAULT_ENDPOINT_CONFIG): EndpointDecision {
  const reason = endpointReason(normalizeWords(partialWords), context);
  const silenceMs = reason === 'complete' ? config.completeMs : reason === 'incomplete' ? config.incompleteMs : config.defaultMs;
  return { silenceMs, reason };
}

/** The reason alone (rules in the header). `words` must already be normalized. */
export function endpointReason(words: readonly string[], context: EndpointContext = {}): EndpointReason {
  if (words.length === 0) return 'unknown';
  if (midSpelling(words)) return 'incomplete';
  if (context.expecting === 'phone' && phoneShort(words, context.phoneDigits ?? 10)) return 'incomplete';
  const last = words[words.length - 1] as string;
  // Classified lazily: the lexical rules are free, the grammar search is not.
  let parse: PartialParse | undefined;
  const classify = (): PartialParse => (parse ??= context.classify?.(words) ?? 'none');
  if (context.expecting === 'yes_no' && YES_NO_ANSWERS.has(words.join(' '))) return 'complete';
  if (TRAILING_FUNCTION_WORDS.has(last) && (classify() !== 'exact' || (words.length > 1 && !MAY_END_REQUEST.has(last)))) return 'incomplete';
  // "march" wants its day; "the third of march" does not.
  if (context.expecting === 'date' && (DATE_NEEDS_MORE.has(last) || (MONTH_WORDS.has(last) && words[words.length - 2] !== 'of'))) return 'incomplete';
  if (context.expecting === 'time' && TIME_NEEDS_MORE.has(last)) return 'incomplete';
  const p = classify();
  if (p === 'exact') return 'complete';
  if (p === 'prefix') return 'incomplete';
  return 'unknown';
}

/** transcriptWords over each word: lower case, punctuation dropped, curly apostrophes straightened. */
export function normalizeWords(words: readonly string[]): string[] {
  return transcriptWords(words.join(' '));
}

/**
 * True while the words end in a spelling that may go on: "… j o", "… j as", "… as in", "… double",
 * or a run of letter units at the end with at least two that are not "a" / "i" ("x ray", "j as in
 * juliet" and "double l" count as one): "j o" is a spelling, "can i get a" and "vitamin c" are not.
 */
export function midSpelling(words: readonly string[]): boolean {
  const n = words.length;
  const last = words[n - 1];
  if (last === undefined) return false;
  if (last === 'double' || last === 'triple') return true;
  if (last === 'as' && n >= 2 && LETTERS.includes(words[n - 2] as string)) return true;
  if (last === 'in' && words[n - 2] === 'as') return true;
  let strong = 0;
  for (let i = n - 1; i >= 0;) {
    const w = words[i] as string;
    if (w === 'ray' && words[i - 1] === 'x') { strong++; i -= 2; continue; }
    // "j as in juliet": the example word closes a unit.
    if (NATO_WORDS.has(w) || LETTER_WORDS.has(w)) {
      if (words[i - 1] === 'in' && words[i - 2] === 'as' && LETTERS.includes(words[i - 3] as string)) { strong++; i -= 4; continue; }
      if (words[i - 1] === 'double' || words[i - 1] === 'triple') { strong++; i -= 2; continue; }
      if (w !== 'a' && w !== 'i') strong++;
      i--;
      continue;
    }
    break;
  }
  return strong >= 2;
}

/**
 * The most digits the trailing run of phone words can stand for ("double five" 2, "fifty five" 2,
 * "eight hundred" 3, "twelve hundred" 4, "five thousand" 4, a digit or "oh" 1), and whether it is
 * below `need`. Words before the run ("my number is") are ignored; no digits at all is not short.
 */
export function phoneShort(words: readonly string[], need: number): boolean {
  const max = trailingPhoneDigits(words);
  return max > 0 && max < need;
}

const PHONE_WORDS: ReadonlySet<string> = new Set([...DIGIT_VALUE.keys(), ...TEEN_VALUE.keys(), ...TENS_VALUE.keys(), 'double', 'triple', 'hundred', 'thousand']);

export function trailingPhoneDigits(words: readonly string[]): number {
  let start = words.length;
  while (start > 0 && PHONE_WORDS.has(words[start - 1] as string)) start--;
  const run = words.slice(start);
  // best[i]: the most digits words run[i..] can stand for (-1: no reading).
  const best: number[] = new Array<number>(run.length + 1).fill(-1);
  best[run.length] = 0;
  for (let i = run.length - 1; i >= 0; i--) {
    let b = -1;
    for (const [digits, used] of phoneGroups(run, i)) {
      const rest = best[i + used] ?? -1;
      if (rest >= 0) b = Math.max(b, digits + rest);
    }
    best[i] = b;
  }
  return Math.max(0, best[0] ?? 0);
}

/** Readings of a group at i as [digits, words used]; a trailing "double" counts as the 2 digits it promises. */
function phoneGroups(w: readonly string[], i: number): Array<[number, number]> {
  const a = w[i] as string;
  const b = w[i + 1];
  const out: Array<[number, number]> = [];
  if (a === 'double' || a === 'triple') {
    const n = a === 'double' ? 2 : 3;
    if (b === undefined) out.push([n, 1]);
    else if (DIGIT_VALUE.has(b)) out.push([n, 2]);
    return out;
  }
  if (a === 'hundred' || a === 'thousand') return out;
  if (ONE_TO_NINE_VALUE.has(a) && b === 'hundred') out.push([3, 2]);
  if (ONE_TO_NINE_VALUE.has(a) && b === 'thousand') out.push([4, 2]);
  if (TEEN_VALUE.has(a) || TENS_VALUE.has(a)) {
    if (b === 'hundred') out.push([4, 2]);
    if (TENS_VALUE.has(a) && b !== undefined && ONE_TO_NINE_VALUE.has(b)) out.push([w[i + 2] === 'hundred' ? 4 : 2, w[i + 2] === 'hundred' ? 3 : 2]);
    out.push([2, 1]);
  }
  if (DIGIT_VALUE.has(a)) out.push([1, 1]);
  return out;
}

// ---------------------------------------------------------------------------------------------
// The grammar classifier.

export interface GrammarClassifierOptions {
  /** Matcher steps for the prefix search before it gives up with 'none' (default 2,000,000, as matchWords). */
  maxSteps?: number;
}

const MAX_DEPTH = 200;

/**
 * A PartialClassifier over a compiled grammar (`PackAgent.packGrammar().grammar`):
 * 'exact' when `matchWords` parses every word with an `intent=` tag spanning them all (the
 * agent's exact parse, less the brain's `interpret`, which may still refuse a match); 'prefix'
 * when the words are a strict prefix of some path from the root rule ("i'd like a", "my number is
 * five five five"); else 'none'. Read-only: it never touches a store.
 */
export function grammarClassifier(g: Grammar, opts: GrammarClassifierOptions = {}): PartialClassifier {
  const maxSteps = opts.maxSteps ?? 2_000_000;
  return (input) => {
    const words = [...input];
    if (words.length === 0) return 'prefix';
    const m = matchWords(g, words);
    if (m && m.spans.some((s) => s.tag.startsWith('intent=') && s.start === 0 && s.end === words.length)) return 'exact';
    return isGrammarPrefix(g, words, maxSteps) ? 'prefix' : 'none';
  };
}

type Cont = (pos: number) => boolean;

/**
 * True when every word is consumed along some path of the root rule and the path goes on with at
 * least one more word. A backtracking search like matchWords, except that reaching a word node
 * with no words left succeeds; reaching the end of the root rule does not (that is an exact parse).
 */
export function isGrammarPrefix(g: Grammar, words: readonly string[], maxSteps = 2_000_000): boolean {
  const root = g.rules.get(g.root);
  if (!root) return false;
  let steps = 0;
  const m = (n: GrammarNode, pos: number, depth: number, k: Cont): boolean => {
    if (++steps > maxSteps || depth > MAX_DEPTH) return false;
    switch (n.kind) {
      case 'word':
        if (pos === words.length) return true;
        return words[pos] === n.word && k(pos + 1);
      case 'seq': {
        const step = (i: number, p: number): boolean => {
          const item = n.items[i];
          if (item === undefined) return k(p);
          return m(item, p, depth + 1, (p2) => step(i + 1, p2));
        };
        return step(0, pos);
      }
      case 'alt':
        return n.options.some((o) => m(o, pos, depth + 1, k));
      case 'optional':
        return m(n.node, pos, depth + 1, k) || k(pos);
      case 'repeat': {
        const more = (p: number, count: number): boolean =>
          m(n.node, p, depth + 1, (p2) => p2 > p && more(p2, count + 1)) || (count >= n.min && k(p));
        return more(pos, 0);
      }
      case 'ruleref': {
        const r = g.rules.get(n.rule);
        return r !== undefined && m(r.node, pos, depth + 1, k);
      }
      case 'tag':
        return m(n.node, pos, depth + 1, k);
    }
  };
  return m(root.node, 0, 0, () => false);
}
