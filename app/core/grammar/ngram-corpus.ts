/**
 * Sentences a grammar can produce, as training text for the domain n-gram LM (domain-lm.ts):
 * seeded random walks over the AST from the root rule, or, for a small grammar, all of them.
 * Tags are transparent; rule references are followed to a bounded depth, past which every choice
 * takes the quickest way out (so recursive rules terminate).
 */
import { HeedError } from '../errors.js';
import { seededRandom } from '../seeded-random.js';
import type { Grammar, GrammarNode } from './ast.js';

export interface SampleOptions {
  /** How many sentences to return (duplicates included: frequencies are the point). */
  count: number;
  seed: number;
  /** Sentences longer than this are drawn again (default 30 words). */
  maxWords?: number;
}

/** Nesting (of rule references) past which a walk only takes the quickest way out. */
const MAX_DEPTH = 40;
/** A repeat goes round once more with this probability, at most MAX_EXTRA_REPEATS extra times. */
const REPEAT_AGAIN = 0.35;
const MAX_EXTRA_REPEATS = 3;
const OPTIONAL_TAKEN = 0.5;
const DEFAULT_MAX_WORDS = 30;
/** Node visits per sentence (walk) or per enumeration, a guard against exploding grammars. */
const MAX_WALK_STEPS = 100_000;
const MAX_ENUM_STEPS = 200_000;
/** Enumeration follows rule references this deep (recursion beyond produces nothing). */
const ENUM_MAX_DEPTH = 12;
/** Enumeration expands a repeat at most this many times. */
const ENUM_MAX_REPEATS = 2;

/**
 * `count` sentences from random walks: every alternative equally likely, an optional part taken
 * half the time, a repeat going round again with probability 0.35 (at most 3 extra times).
 * Deterministic for a given grammar and seed. Empty sentences are skipped.
 */
export function sampleSentences(g: Grammar, opts: SampleOptions): string[] {
  const root = rootNode(g);
  const height = derivationHeights(g);
  if (!Number.isFinite(height(root))) throw invalid(g, `rule <${g.root}> produces no finite sentence`);
  const maxWords = opts.maxWords ?? DEFAULT_MAX_WORDS;
  const rnd = seededRandom(opts.seed);
  const out: string[] = [];
  let steps = 0;

  const walk = (n: GrammarNode, depth: number, words: string[]): void => {
    // Over-long already (it will be drawn again) or a pathological walk: stop here.
    if (words.length > maxWords || ++steps > MAX_WALK_STEPS) return;
    const short = depth > MAX_DEPTH;
    switch (n.kind) {
      case 'word': words.push(n.word); return;
      case 'seq': for (const i of n.items) walk(i, depth, words); return;
      case 'tag': walk(n.node, depth, words); return;
      case 'alt': {
        const pick = short ? lowest(n.options, height) : n.options[Math.floor(rnd() * n.options.length)];
        if (pick) walk(pick, depth, words);
        return;
      }
      case 'optional':
        if (!short && rnd() < OPTIONAL_TAKEN) walk(n.node, depth, words);
        return;
      case 'repeat': {
        let times = n.min;
        if (!short) {
          if (times === 0 && rnd() < OPTIONAL_TAKEN) times = 1;
          if (times > 0) while (times <= MAX_EXTRA_REPEATS && rnd() < REPEAT_AGAIN) times++;
        }
        for (let i = 0; i < times; i++) walk(n.node, depth, words);
        return;
      }
      case 'ruleref': walk(ruleNode(g, n.rule), depth + 1, words); return;
    }
  };

  // Rejection of over-long (or empty) sentences is bounded: a grammar whose every sentence is
  // longer than maxWords gives fewer sentences rather than a hang.
  for (let tries = 0; out.length < opts.count && tries < opts.count * 20 + 100; tries++) {
    const words: string[] = [];
    steps = 0;
    walk(root, 0, words);
    if (words.length > 0 && words.length <= maxWords && steps <= MAX_WALK_STEPS) out.push(words.join(' '));
  }
  return out;
}

/**
 * The grammar's distinct sentences in a deterministic order: all of them when there are at most
 * `limit`, otherwise `limit` of them (so, for a grammar without recursive rules,
 * `enumerateSentences(g, n + 1).length <= n` tells that it has at most n sentences). Repeats are
 * expanded up to twice; rule references deeper than the depth bound (recursion) produce nothing,
 * and so does everything past a budget of node visits (a grammar that explodes is not small).
 */
export function enumerateSentences(g: Grammar, limit: number): string[] {
  const root = rootNode(g);
  const want = Math.max(0, Math.floor(limit));
  // Lists are kept to at most cap + 1 distinct entries: a truncated list still shows as "more
  // than cap" through any product or union it takes part in (one spare for the empty sentence).
  const cap = want + 1;
  type Seqs = string[][];
  const dedupe = (xs: Seqs): Seqs => {
    const seen = new Set<string>();
    const out: Seqs = [];
    for (const x of xs) {
      const k = x.join(' ');
      if (seen.has(k)) continue;
      seen.add(k);
      out.push(x);
      if (out.length > cap) break;
    }
    return out;
  };
  const product = (a: Seqs, b: Seqs): Seqs => {
    const seen = new Set<string>();
    const out: Seqs = [];
    for (const x of a) {
      for (const y of b) {
        const s = [...x, ...y];
        const k = s.join(' ');
        if (seen.has(k)) continue;
        seen.add(k);
        out.push(s);
        if (out.length > cap) return out;
      }
    }
    return out;
  };
  let steps = 0;
  // A rule's expansions depend only on how deep it is referenced: memoized per (rule, depth), so
  // a rule referenced twice in a sequence (or recursively) is expanded once per depth.
  const memo = new Map<string, Seqs>();
  const expand = (n: GrammarNode, depth: number): Seqs => {
    if (++steps > MAX_ENUM_STEPS) return [];
    switch (n.kind) {
      case 'word': return [[n.word]];
      case 'tag': return expand(n.node, depth);
      case 'seq': {
        let acc: Seqs = [[]];
        for (const i of n.items) {
          acc = product(acc, expand(i, depth));
          if (acc.length === 0) break;
        }
        return acc;
      }
      case 'alt': return dedupe(n.options.flatMap((o) => expand(o, depth)));
      case 'optional': return dedupe([[], ...expand(n.node, depth)]);
      case 'repeat': {
        const once = expand(n.node, depth);
        const all: Seqs = n.min === 0 ? [[]] : [];
        let acc: Seqs = [[]];
        for (let i = 1; i <= ENUM_MAX_REPEATS; i++) {
          acc = product(acc, once);
          all.push(...acc);
        }
        return dedupe(all);
      }
      case 'ruleref': {
        if (depth >= ENUM_MAX_DEPTH) return [];
        const key = `${n.rule}@${depth}`;
        let out = memo.get(key);
        if (!out) { out = expand(ruleNode(g, n.rule), depth + 1); memo.set(key, out); }
        return out;
      }
    }
  };
  return expand(root, 0).filter((s) => s.length > 0).slice(0, want).map((s) => s.join(' '));
}

/**
 * How many ways the root rule can be expanded (repeats up to twice, as enumeration does): an upper
 * bound on the number of distinct sentences, computed without listing them. Saturates at `cap`;
 * a recursive rule makes it `cap`. Cheap, so a big grammar need not be enumerated to find out.
 */
export function sentenceCountBound(g: Grammar, cap: number): number {
  const sat = (x: number): number => Math.min(cap, x);
  const memo = new Map<string, number>();
  const active = new Set<string>();
  const count = (n: GrammarNode): number => {
    switch (n.kind) {
      case 'word': return 1;
      case 'tag': return count(n.node);
      case 'seq': return n.items.reduce((p, i) => sat(p * count(i)), 1);
      case 'alt': return n.options.reduce((t, o) => sat(t + count(o)), 0);
      case 'optional': return sat(1 + count(n.node));
      case 'repeat': {
        const c = count(n.node);
        return sat((n.min === 0 ? 1 : 0) + c + c * c);
      }
      case 'ruleref': {
        const known = memo.get(n.rule);
        if (known !== undefined) return known;
        if (active.has(n.rule)) return cap;
        active.add(n.rule);
        const c = count(ruleNode(g, n.rule));
        active.delete(n.rule);
        memo.set(n.rule, c);
        return c;
      }
    }
  };
  return count(rootNode(g));
}

function rootNode(g: Grammar): GrammarNode {
  const r = g.rules.get(g.root);
  if (!r) throw invalid(g, `no root rule <${g.root}>`);
  return r.node;
}

function ruleNode(g: Grammar, name: string): GrammarNode {
  const r = g.rules.get(name);
  if (!r) throw invalid(g, `undefined rule <${name}>`);
  return r.node;
}

function lowest(options: readonly GrammarNode[], height: (n: GrammarNode) => number): GrammarNode | undefined {
  let best: GrammarNode | undefined;
  let bestHeight = Infinity;
  for (const o of options) {
    const h = height(o);
    if (best === undefined || h < bestHeight) { best = o; bestHeight = h; }
  }
  return best;
}

/**
 * The least rule-reference nesting each node needs to finish (Infinity: it never does), rules
 * solved to a fixed point. Always taking the lowest alternative strictly lowers it at every
 * reference, so a walk that does so terminates even through recursive rules.
 */
function derivationHeights(g: Grammar): (n: GrammarNode) => number {
  const rule = new Map<string, number>();
  const node = (n: GrammarNode): number => {
    switch (n.kind) {
      case 'word': return 0;
      case 'seq': return n.items.reduce((m, i) => Math.max(m, node(i)), 0);
      case 'alt': return n.options.reduce((m, o) => Math.min(m, node(o)), Infinity);
      case 'optional': return 0;
      case 'repeat': return n.min === 0 ? 0 : node(n.node);
      case 'tag': return node(n.node);
      case 'ruleref': return (rule.get(n.rule) ?? Infinity) + 1;
    }
  };
  for (let changed = true; changed;) {
    changed = false;
    for (const r of g.rules.values()) {
      const l = node(r.node);
      if (l < (rule.get(r.name) ?? Infinity)) { rule.set(r.name, l); changed = true; }
    }
  }
  return node;
}

function invalid(g: Grammar, msg: string): HeedError {
  return new HeedError('GRAMMAR_INVALID', 'domain', `Grammar ${g.name}: ${msg}`);
}
