/**
 * Words → Intent through the compiled grammar: an exact parse first; in tolerant mode, words
 * outside the grammar are dropped and the text is covered by the longest parsable spans (the
 * longest span anywhere first, then the rest on each side), stray words skipped. Several add
 * spans merge into one add; otherwise the longest span's intent wins if it covers at least half
 * of the known words.
 */
import type { Grammar } from '../grammar/ast.js';
import { matchWords } from '../grammar/matcher.js';
import { intentFromTags, type Intent, type RequestedLine } from './intent.js';

const MAX_WORDS = 24;

function parse(g: Grammar, words: readonly string[]): Intent | null {
  const m = matchWords(g, words);
  return m ? intentFromTags(m.tags) : null;
}

export function understandWords(g: Grammar, words: readonly string[], opts: { tolerant: boolean; vocabulary?: ReadonlySet<string> }): Intent | null {
  const exact = parse(g, words);
  if (exact || !opts.tolerant) return exact;
  const vocab = opts.vocabulary;
  const known = (vocab ? words.filter((w) => vocab.has(w)) : [...words]).slice(0, MAX_WORDS);
  if (known.length === 0) return null;
  if (known.length !== words.length) {
    const again = parse(g, known);
    if (again) return again;
  }
  const found = cover(g, known);
  const lines: RequestedLine[] = found.flatMap((f) => (f.intent.kind === 'add' ? f.intent.lines : []));
  if (lines.length > 0) return { kind: 'add', lines };
  const best = found.reduce<Span | null>((a, b) => (a === null || b.len > a.len ? b : a), null);
  // A command (yes, no, cancel…) must be most of what was said, not a stray word in a long sentence.
  return best && best.len * 2 >= known.length ? best.intent : null;
}

/** The longest parsable span (earliest on ties), then recursively the words left and right of it. */
interface Span { intent: Intent; len: number }

function cover(g: Grammar, words: readonly string[]): Span[] {
  for (let len = words.length; len > 0; len--) {
    for (let start = 0; start + len <= words.length; start++) {
      const intent = parse(g, words.slice(start, start + len));
      if (intent) return [...cover(g, words.slice(0, start)), { intent, len }, ...cover(g, words.slice(start + len))];
    }
  }
  return [];
}
