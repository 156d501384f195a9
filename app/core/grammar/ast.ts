/**
 * A small grammar AST shared by the JSGF writer (what the recognizer may hear) and the matcher
 * (what the words mean). Tags are semantic markers: they live only in the AST and are emitted by
 * the matcher in post-order (a tag comes right after the words of the node it wraps).
 */
export type GrammarNode =
  | { kind: 'word'; word: string }
  | { kind: 'seq'; items: GrammarNode[] }
  | { kind: 'alt'; options: GrammarNode[] }
  | { kind: 'optional'; node: GrammarNode }
  | { kind: 'repeat'; node: GrammarNode; min: 0 | 1 }
  | { kind: 'ruleref'; rule: string }
  | { kind: 'tag'; node: GrammarNode; tag: string };

export interface GrammarRule {
  name: string;
  isPublic: boolean;
  node: GrammarNode;
}

export interface Grammar {
  name: string;
  /** The public rule a whole utterance must match. */
  root: string;
  rules: ReadonlyMap<string, GrammarRule>;
}

export const word = (w: string): GrammarNode => ({ kind: 'word', word: w });

/** A phrase "can i get" → seq of words (a single word stays a word). */
export function phrase(text: string): GrammarNode {
  const words = text.trim().split(/\s+/).filter((w) => w.length > 0);
  if (words.length === 1) return word(words[0] as string);
  return seq(...words.map(word));
}

export function seq(...items: GrammarNode[]): GrammarNode {
  return items.length === 1 ? (items[0] as GrammarNode) : { kind: 'seq', items };
}

export function alt(...options: GrammarNode[]): GrammarNode {
  return options.length === 1 ? (options[0] as GrammarNode) : { kind: 'alt', options };
}

export const optional = (node: GrammarNode): GrammarNode => ({ kind: 'optional', node });
export const repeat = (node: GrammarNode, min: 0 | 1 = 1): GrammarNode => ({ kind: 'repeat', node, min });
export const ref = (rule: string): GrammarNode => ({ kind: 'ruleref', rule });
export const tag = (node: GrammarNode, t: string): GrammarNode => ({ kind: 'tag', node, tag: t });

/** Alternatives of phrases, de-duplicated, in first-seen order. */
export function phrases(texts: Iterable<string>): GrammarNode {
  const seen = new Set<string>();
  const opts: GrammarNode[] = [];
  for (const t of texts) {
    const key = t.trim().split(/\s+/).join(' ');
    if (key.length === 0 || seen.has(key)) continue;
    seen.add(key);
    opts.push(phrase(key));
  }
  return alt(...opts);
}

export function makeGrammar(name: string, root: string, rules: GrammarRule[]): Grammar {
  const map = new Map<string, GrammarRule>();
  for (const r of rules) map.set(r.name, r);
  return { name, root, rules: map };
}

/** Every word the node (following rule references) can produce. */
export function grammarWords(g: Grammar): string[] {
  const out = new Set<string>();
  const walk = (n: GrammarNode): void => {
    switch (n.kind) {
      case 'word': out.add(n.word); break;
      case 'seq': n.items.forEach(walk); break;
      case 'alt': n.options.forEach(walk); break;
      case 'optional': case 'repeat': case 'tag': walk(n.node); break;
      case 'ruleref': break;
    }
  };
  for (const r of g.rules.values()) walk(r.node);
  return [...out].sort();
}
