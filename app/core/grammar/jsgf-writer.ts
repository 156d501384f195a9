/**
 * Writes a Grammar as JSGF for pocketsphinx (sphinxbase 5prealpha's parser): one public rule,
 * lower-case words, no tags and no weights (tags stay in the AST for the matcher).
 */
import { HeedError } from '../errors.js';
import type { Grammar, GrammarNode } from './ast.js';

const RULE_NAME = /^[a-z][a-z0-9_]*$/;
const GRAMMAR_NAME = /^[a-z][a-z0-9_.]*$/;
/** Characters the JSGF tokenizer treats as syntax; a word must contain none of them. */
const WORD = /^[a-z0-9][a-z0-9'.-]*$/;

export function writeJsgf(g: Grammar): string {
  if (!GRAMMAR_NAME.test(g.name)) throw invalid(`grammar name "${g.name}" must match ${GRAMMAR_NAME}`);
  const root = g.rules.get(g.root);
  if (!root || !root.isPublic) throw invalid(`root rule <${g.root}> must exist and be public`);
  checkReferences(g);
  const lines = ['#JSGF V1.0;', '', `grammar ${g.name};`, ''];
  // The root first: pocketsphinx uses the first public rule when none is named.
  const ordered = [root, ...[...g.rules.values()].filter((r) => r !== root)];
  for (const r of ordered) {
    if (!RULE_NAME.test(r.name)) throw invalid(`rule name "${r.name}" must match ${RULE_NAME}`);
    lines.push(`${r.isPublic ? 'public ' : ''}<${r.name}> = ${expansion(r.node, 0)};`);
  }
  return `${lines.join('\n')}\n`;
}

function expansion(n: GrammarNode, parentPrec: number): string {
  switch (n.kind) {
    case 'word':
      if (!WORD.test(n.word)) throw invalid(`word "${n.word}" is not a plain lower-case word`);
      return n.word;
    case 'ruleref':
      return `<${n.rule}>`;
    case 'tag':
      return expansion(n.node, parentPrec);
    case 'optional':
      return `[ ${expansion(n.node, 0)} ]`;
    case 'repeat':
      return `( ${expansion(n.node, 0)} )${n.min === 0 ? '*' : '+'}`;
    case 'seq': {
      if (n.items.length === 0) throw invalid('empty sequence');
      const s = n.items.map((i) => expansion(i, 2)).join(' ');
      return parentPrec > 1 ? `( ${s} )` : s;
    }
    case 'alt': {
      if (n.options.length === 0) throw invalid('empty alternative');
      const s = n.options.map((o) => expansion(o, 1)).join(' | ');
      return parentPrec > 0 ? `( ${s} )` : s;
    }
  }
}

function checkReferences(g: Grammar): void {
  const walk = (n: GrammarNode, from: string): void => {
    switch (n.kind) {
      case 'ruleref':
        if (!g.rules.has(n.rule)) throw invalid(`rule <${from}> refers to undefined rule <${n.rule}>`);
        break;
      case 'seq': n.items.forEach((i) => walk(i, from)); break;
      case 'alt': n.options.forEach((o) => walk(o, from)); break;
      case 'optional': case 'repeat': case 'tag': walk(n.node, from); break;
      case 'word': break;
    }
  };
  for (const r of g.rules.values()) walk(r.node, r.name);
}

function invalid(msg: string): HeedError {
  return new HeedError('GRAMMAR_INVALID', 'domain', `Invalid grammar: ${msg}`);
}
