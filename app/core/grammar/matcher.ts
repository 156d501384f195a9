/**
 * Parses a word sequence against a Grammar by backtracking and returns the tags along the first
 * successful path (alternatives are tried in order). Meant for small, tight command grammars.
 */
import { HeedError } from '../errors.js';
import type { Grammar, GrammarNode } from './ast.js';

/** Tags as an immutable list, newest first, so branches share their prefix. */
type TagList = { tag: string; start: number; end: number; prev: TagList } | null;
type Cont = (pos: number, tags: TagList) => TagList | false;

const MAX_DEPTH = 200;

/** A tag and the words its node covered: words.slice(start, end). */
export interface TagSpan {
  tag: string;
  start: number;
  end: number;
}

export interface MatchResult {
  tags: string[];
  /** The same tags in the same order, with their word ranges. */
  spans: TagSpan[];
}

export function matchWords(g: Grammar, words: readonly string[], rule: string = g.root): MatchResult | null {
  const start = g.rules.get(rule);
  if (!start) throw new HeedError('GRAMMAR_INVALID', 'dialog', `No rule <${rule}> in grammar ${g.name}`);
  let steps = 0;

  const m = (n: GrammarNode, pos: number, tags: TagList, depth: number, k: Cont): TagList | false => {
    if (++steps > 2_000_000) return false; // pathological input: give up rather than hang a turn
    if (depth > MAX_DEPTH) return false;
    switch (n.kind) {
      case 'word':
        return words[pos] === n.word ? k(pos + 1, tags) : false;
      case 'seq': {
        const step = (i: number, p: number, t: TagList): TagList | false => {
          const item = n.items[i];
          if (item === undefined) return k(p, t);
          return m(item, p, t, depth + 1, (p2, t2) => step(i + 1, p2, t2));
        };
        return step(0, pos, tags);
      }
      case 'alt':
        for (const o of n.options) {
          const r = m(o, pos, tags, depth + 1, k);
          if (r !== false) return r;
        }
        return false;
      case 'optional': {
        const r = m(n.node, pos, tags, depth + 1, k);
        return r !== false ? r : k(pos, tags);
      }
      case 'repeat': {
        const more = (p: number, t: TagList, count: number): TagList | false => {
          const r = m(n.node, p, t, depth + 1, (p2, t2) => (p2 > p ? more(p2, t2, count + 1) : false));
          if (r !== false) return r;
          return count >= n.min ? k(p, t) : false;
        };
        return more(pos, tags, 0);
      }
      case 'ruleref': {
        const r = g.rules.get(n.rule);
        if (!r) throw new HeedError('GRAMMAR_INVALID', 'dialog', `Undefined rule <${n.rule}> in grammar ${g.name}`);
        return m(r.node, pos, tags, depth + 1, k);
      }
      case 'tag':
        return m(n.node, pos, tags, depth + 1, (p2, t2) => k(p2, { tag: n.tag, start: pos, end: p2, prev: t2 }));
    }
  };

  const found = m(start.node, 0, null, 0, (p, t) => (p === words.length ? { tag: '\u0000end', start: p, end: p, prev: t } : false));
  if (found === false || found === null) return null;
  const spans: TagSpan[] = [];
  for (let t: TagList = found.prev; t !== null; t = t.prev) spans.push({ tag: t.tag, start: t.start, end: t.end });
  spans.reverse();
  return { tags: spans.map((s) => s.tag), spans };
}
