/**
 * Words → what the customer meant, through the compiled grammar. An exact parse first; then, for
 * free text and imperfect transcripts, words outside the grammar are dropped and the words are
 * covered by the longest parsable spans (the longest span anywhere first, then the rest on each
 * side). Several brain intents are merged by the brain (two "add" spans → one add); otherwise the
 * longest span wins if it covers at least half of the known words, so a stray "yes" inside a long
 * sentence is not a confirmation.
 */
import type { Grammar } from '../core/grammar/ast.js';
import { matchWords } from '../core/grammar/matcher.js';
import type { DomainBrain } from './brain.js';
import { isUniversal, type UniversalName } from './universal.js';

export type Parsed<I> =
  | { kind: 'universal'; name: UniversalName; words: number; exact?: boolean }
  | { kind: 'brain'; name: string; intent: I; words: number; exact?: boolean };

const MAX_WORDS = 24;

function parse<I>(g: Grammar, brain: DomainBrain<I>, words: readonly string[]): Parsed<I> | null {
  if (words.length === 0) return null;
  const m = matchWords(g, words);
  if (!m) return null;
  const top = m.spans.find((s) => s.tag.startsWith('intent=') && s.start === 0 && s.end === words.length);
  if (!top) return null;
  const name = top.tag.slice('intent='.length);
  if (isUniversal(name)) return { kind: 'universal', name, words: words.length };
  const intent = brain.interpret(name, m, words);
  return intent === null ? null : { kind: 'brain', name, intent, words: words.length };
}

export function understandWords<I>(g: Grammar, brain: DomainBrain<I>, words: readonly string[], vocabulary: ReadonlySet<string>): Parsed<I> | null {
  const exact = parse(g, brain, words);
  // Only a parse of every word as said is exact; the tolerant readings below are guesses.
  if (exact) return { ...exact, exact: true };
  const known = words.filter((w) => vocabulary.has(w)).slice(0, MAX_WORDS);
  if (known.length === 0) return null;
  if (known.length !== words.length) {
    const again = parse(g, brain, known);
    // Dropping unknown words must not turn most of a sentence into a command.
    if (again && (again.kind === 'brain' || known.length * 2 >= words.length)) return again;
  }
  const found = cover(g, brain, known);
  const parts = found.filter((f): f is Extract<Parsed<I>, { kind: 'brain' }> => f.kind === 'brain');
  if (parts.length > 1 && brain.merge) {
    const merged = brain.merge(parts.map((p) => p.intent));
    if (merged !== null) return { kind: 'brain', name: (parts[0] as { name: string }).name, intent: merged, words: parts.reduce((n, p) => n + p.words, 0) };
  }
  const best = found.reduce<Parsed<I> | null>((a, b) => (a === null || b.words > a.words ? b : a), null);
  if (!best) return null;
  // A lone universal command must be most of what was said; a brain request may sit in a longer sentence.
  if (best.kind === 'universal') return best.words * 2 >= words.length ? best : null;
  return best.words * 2 >= known.length || best.words >= 3 ? best : null;
}

function cover<I>(g: Grammar, brain: DomainBrain<I>, words: readonly string[]): Array<Parsed<I>> {
  for (let len = words.length; len > 0; len--) {
    for (let start = 0; start + len <= words.length; start++) {
      const p = parse(g, brain, words.slice(start, start + len));
      if (p) return [...cover(g, brain, words.slice(0, start)), p, ...cover(g, brain, words.slice(start + len))];
    }
  }
  return [];
}
