/**
 * The built-in spelling sub-grammar (`builtin_letters`): 1–20 units, each a letter word ("j"),
 * "<letter> as in <its NATO word>" ("j as in juliet"), a NATO word ("juliet", "x ray"), or
 * "double <letter or NATO word>". Bounded by nesting optionals, not a loop. parseSpelled
 * (app/core/text/itn-letters.ts) reads the words.
 */
import { alt, optional, phrase, seq, word, type GrammarNode } from './ast.js';
import { anyWord, type BuiltinRuleSet } from './builtin-rule-set.js';
import { MAX_SPELLED_UNITS } from '../text/itn-letters.js';
import { LETTERS, NATO } from '../text/itn-words.js';

export const lettersRule = (s: BuiltinRuleSet): GrammarNode => s.define('builtin_letters', () => {
  const nato = s.define('builtin_letters_nato', () => alt(...LETTERS.map((l) => phrase(NATO[l] as string))));
  const unit = s.define('builtin_letters_unit', () => alt(
    ...LETTERS.map((l) => seq(word(l), optional(seq(word('as'), word('in'), phrase(NATO[l] as string))))),
    nato,
    seq(word('double'), alt(anyWord(LETTERS), nato)),
  ));
  let node = unit;
  for (let i = 1; i < MAX_SPELLED_UNITS; i++) node = seq(unit, optional(node));
  return node;
});
