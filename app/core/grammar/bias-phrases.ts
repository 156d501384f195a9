/**
 * The store-specific phrases worth biasing a free-form recognizer toward (sherpa-onnx hotwords,
 * Whisper text snapping), read from a pack's compiled grammar AST.
 *
 * Data-derived phrases are the ones the brains tag with a data key (see ordering-, booking- and
 * info-grammar.ts): `item=` menu item names, aliases and plurals, `size=`, the target of a `mod=`
 * (the last part of its sequence: "onions" in "hold the onions"), `service=`, `staff=<ids>`
 * (not `staff=any`: authored "anyone"), `location=`, `holiday=`, `product=` and `subject`
 * (FAQ topics: a bare tag, so each of its forms counts as its own entry). Left out: authored phrases, the built-in sub-grammars (never followed: they are
 * only reached through rule references), FAQ questions (whole sentences, not vocabulary) and
 * known customers' names (personal data: they must not end up in a hotwords file).
 *
 * Phrases are kept whole, lower case; spellings that differ only by spaces ("cheese burger",
 * "cheeseburger") are one phrase, the one with fewer words. Order is stable: the first form of
 * every tagged entry in grammar order, then every entry's second form, and so on, so a cap keeps
 * the names before their aliases and plurals.
 */
import type { Grammar, GrammarNode } from './ast.js';
import { ONE_TO_NINE, ORDINAL_TENS, ORDINALS_1_19, TEENS, TENS } from '../text/itn-words.js';

/** Tag keys whose phrases come from the store's data. */
const DATA_TAG_KEYS: ReadonlySet<string> = new Set(['item', 'size', 'mod', 'service', 'staff', 'location', 'holiday', 'product', 'subject']);

/** Words that carry no store-specific meaning on their own. */
const FUNCTION_WORDS: ReadonlySet<string> = new Set([
  'a', 'an', 'the', 'and', 'or', 'of', 'to', 'in', 'on', 'at', 'for', 'with', 'without', 'by', 'from', 'no', 'not',
  'my', 'your', 'our', 'its', 'i', 'you', 'we', 'it', 'is', 'are', 'be', 'this', 'that', 'these', 'those',
  'some', 'any', 'one', 'please', 'me', 'us', 'so', 'do', 'can', 'just',
]);

/** Number words (the number, digit, date and time sub-grammars): a phrase of only these is not vocabulary. */
const NUMBER_WORDS: ReadonlySet<string> = new Set<string>([
  'zero', 'oh', ...ONE_TO_NINE, ...TEENS, ...TENS, 'hundred', 'thousand', 'million', ...ORDINALS_1_19, ...ORDINAL_TENS, 'hundredth',
]);

/** Expanding one tagged node stops past this many phrases (it is then skipped). */
const MAX_EXPANSION = 500;

export const DEFAULT_BIAS_LIMIT = 300;

/** Every word sequence a node can produce, or null if it refers to a rule, loops, or is too large. */
function expand(n: GrammarNode): string[][] | null {
  switch (n.kind) {
    case 'word': return [[n.word]];
    case 'tag': return expand(n.node);
    case 'optional': {
      const inner = expand(n.node);
      return inner === null ? null : [...inner, []];
    }
    case 'alt': {
      const out: string[][] = [];
      for (const o of n.options) {
        const e = expand(o);
        if (e === null || out.length + e.length > MAX_EXPANSION) return null;
        out.push(...e);
      }
      return out;
    }
    case 'seq': {
      let acc: string[][] = [[]];
      for (const item of n.items) {
        const e = expand(item);
        if (e === null || acc.length * e.length > MAX_EXPANSION) return null;
        acc = acc.flatMap((a) => e.map((b) => [...a, ...b]));
      }
      return acc;
    }
    case 'ruleref': case 'repeat': return null;
  }
}

/** The data phrases a tag covers, or null when the tag is not data. */
function dataForms(tag: string, node: GrammarNode): string[] | null {
  const key = tag.split('=')[0] ?? '';
  if (!DATA_TAG_KEYS.has(key) || tag === 'staff=any') return null;
  // A modifier is "<verb phrases> <target>": only the target is data.
  const target = key === 'mod' && node.kind === 'seq' ? node.items[node.items.length - 1] : node;
  const forms = target === undefined ? null : expand(target);
  return (forms ?? []).map((ws) => ws.join(' ').toLowerCase().trim()).filter((s) => s.length > 0);
}

function worthBiasing(phrase: string): boolean {
  if (!/^[a-z' ]+$/.test(phrase)) return false;
  const words = phrase.split(' ');
  if (words.length === 1 && phrase.replace(/'/g, '').length < 2) return false;
  return words.some((w) => !FUNCTION_WORDS.has(w) && !NUMBER_WORDS.has(w));
}

/** Letters only: the key under which "cheese burger" and "cheeseburger" are the same phrase. */
const lettersKey = (phrase: string): string => phrase.replace(/[^a-z]/g, '');

export function biasPhrasesFromGrammar(grammar: Grammar, opts: { limit?: number } = {}): string[] {
  const limit = opts.limit ?? DEFAULT_BIAS_LIMIT;
  const entries: string[][] = [];
  const walk = (n: GrammarNode): void => {
    switch (n.kind) {
      case 'seq': n.items.forEach(walk); break;
      case 'alt': n.options.forEach(walk); break;
      case 'optional': case 'repeat': walk(n.node); break;
      case 'tag': {
        const forms = dataForms(n.tag, n.node);
        if (forms === null) walk(n.node);
        // A tag with a value names one thing (its forms are aliases); a bare tag ("subject") is a list of things.
        else if (n.tag.includes('=')) entries.push(forms.filter(worthBiasing));
        else entries.push(...forms.filter(worthBiasing).map((f) => [f]));
        break;
      }
      case 'word': case 'ruleref': break;
    }
  };
  for (const r of grammar.rules.values()) {
    if (!r.name.startsWith('builtin_') && !r.name.startsWith('universal_')) walk(r.node);
  }

  // One spelling per letters key: the fewest words, then the first seen.
  const best = new Map<string, string>();
  for (const p of entries.flat()) {
    const k = lettersKey(p);
    const cur = best.get(k);
    if (cur === undefined || p.split(' ').length < cur.split(' ').length) best.set(k, p);
  }

  const out: string[] = [];
  const taken = new Set<string>();
  const depth = Math.max(0, ...entries.map((e) => e.length));
  for (let rank = 0; rank < depth && out.length < limit; rank++) {
    for (const e of entries) {
      const p = e[rank];
      if (p === undefined) continue;
      const k = lettersKey(p);
      if (taken.has(k)) continue;
      taken.add(k);
      out.push(best.get(k) ?? p);
      if (out.length >= limit) break;
    }
  }
  return out;
}
