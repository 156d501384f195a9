/**
 * Collects the private rules of the built-in sub-grammars (builtins.ts). A rule's definition is a
 * pure function of its name, so declaring the same name twice (two kinds sharing a helper) keeps
 * one copy, and merging the rules of several kinds by name is safe.
 */
import { alt, ref, word, type GrammarNode, type GrammarRule } from './ast.js';

export class BuiltinRuleSet {
  readonly #rules = new Map<string, GrammarRule>();

  /** Declares rule `name` (built once) and returns a reference to it. */
  define(name: string, build: () => GrammarNode): GrammarNode {
    if (!this.#rules.has(name)) this.#rules.set(name, { name, isPublic: false, node: build() });
    return ref(name);
  }

  /** The rules declared so far, `first` (when given) leading. */
  rules(first?: string): GrammarRule[] {
    const all = [...this.#rules.values()];
    const top = all.filter((r) => r.name === first);
    return [...top, ...all.filter((r) => r.name !== first)];
  }
}

/** One of these single words. */
export const anyWord = (list: readonly string[]): GrammarNode => alt(...list.map(word));
