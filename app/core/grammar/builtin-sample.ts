/**
 * Seeded random word sequences from a grammar rule, for round-trip tests of the built-in
 * sub-grammars: every alternative equally likely, an optional part taken half the time, a repeat
 * going round again with probability 1/3 (at most 3 extra times).
 */
import { HeedError } from '../errors.js';
import type { Grammar, GrammarNode } from './ast.js';

/** mulberry32: a small deterministic PRNG, uniform in [0, 1). */
export function seededPrng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const MAX_DEPTH = 100;

/** One word sequence rule `rule` of `g` accepts. */
export function sampleRule(g: Grammar, rule: string, rnd: () => number): string[] {
  const out: string[] = [];
  const pick = <T>(xs: readonly T[]): T => xs[Math.min(xs.length - 1, Math.floor(rnd() * xs.length))] as T;
  const walk = (n: GrammarNode, depth: number): void => {
    if (depth > MAX_DEPTH) throw new HeedError('GRAMMAR_INVALID', 'domain', `Grammar ${g.name} nests too deep to sample`);
    switch (n.kind) {
      case 'word': out.push(n.word); break;
      case 'seq': for (const i of n.items) walk(i, depth + 1); break;
      case 'alt': walk(pick(n.options), depth + 1); break;
      case 'optional': if (rnd() < 0.5) walk(n.node, depth + 1); break;
      case 'repeat': {
        let times = n.min;
        while (times < n.min + 3 && rnd() < 1 / 3) times++;
        for (let i = 0; i < times; i++) walk(n.node, depth + 1);
        break;
      }
      case 'tag': walk(n.node, depth + 1); break;
      case 'ruleref': {
        const r = g.rules.get(n.rule);
        if (!r) throw new HeedError('GRAMMAR_INVALID', 'domain', `Undefined rule <${n.rule}> in grammar ${g.name}`);
        walk(r.node, depth + 1);
        break;
      }
    }
  };
  walk({ kind: 'ruleref', rule }, 0);
  return out;
}
