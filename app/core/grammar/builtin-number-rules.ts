/**
 * Built-in sub-grammars for numbers: the shared digit/teen/tens helpers (`builtin_…`), cardinals
 * (`builtin_number`, 0..999,999), quantities (`builtin_quantity`), ordinals (`builtin_ordinal`)
 * and prices (`builtin_price`). Each accepts exactly the forms parseCardinal / parseQuantity /
 * parseOrdinal / parsePrice (app/core/text/itn*.ts) turn into values.
 */
import { alt, optional, phrase, seq, word, type GrammarNode } from './ast.js';
import { anyWord, type BuiltinRuleSet } from './builtin-rule-set.js';
import { ONE_TO_NINE, ORDINAL_TENS, ORDINALS_1_19, TEENS, TENS } from '../text/itn-words.js';

/** one..nine */
export const oneToNine = (s: BuiltinRuleSet): GrammarNode => s.define('builtin_one_to_nine', () => anyWord(ONE_TO_NINE));
/** ten..nineteen */
export const teen = (s: BuiltinRuleSet): GrammarNode => s.define('builtin_teen', () => anyWord(TEENS));
/** twenty..ninety */
export const tens = (s: BuiltinRuleSet): GrammarNode => s.define('builtin_tens', () => anyWord(TENS));

/** 1..99: "seven", "fourteen", "forty", "forty two". */
export const belowHundred = (s: BuiltinRuleSet): GrammarNode =>
  s.define('builtin_below_hundred', () => alt(seq(tens(s), optional(oneToNine(s))), teen(s), oneToNine(s)));

/** A digit as read in phone numbers: "zero", "oh", "one".."nine". */
export const digit = (s: BuiltinRuleSet): GrammarNode => s.define('builtin_digit', () => alt(word('zero'), word('oh'), oneToNine(s)));

/** A two-digit group as read in prices and years: "oh five", "ten", "fifty", "fifty five". */
export const twoDigit = (s: BuiltinRuleSet): GrammarNode =>
  s.define('builtin_two_digit', () => alt(seq(word('oh'), oneToNine(s)), teen(s), seq(tens(s), optional(oneToNine(s)))));

/** "[and] <tail>" */
const andThen = (n: GrammarNode): GrammarNode => seq(optional(word('and')), n);

/** 1..999: "one..nine hundred [[and] 1..99]" or 1..99. */
const hundreds = (s: BuiltinRuleSet): GrammarNode => s.define('builtin_number_hundreds', () => alt(
  seq(oneToNine(s), word('hundred'), optional(andThen(belowHundred(s)))),
  belowHundred(s),
));

/** 100..199 as "a hundred [[and] 1..99]". */
const aHundred = (s: BuiltinRuleSet): GrammarNode =>
  s.define('builtin_number_a_hundred', () => seq(word('a'), word('hundred'), optional(andThen(belowHundred(s)))));

/**
 * 0..999,999: "zero", "a thousand and one", "two hundred fifty thousand", "a hundred and five",
 * and "twelve hundred" / "twenty five hundred" (teens or tens-and-units before "hundred").
 */
export const numberRule = (s: BuiltinRuleSet): GrammarNode => s.define('builtin_number', () => alt(
  word('zero'),
  seq(alt(hundreds(s), aHundred(s), word('a')), word('thousand'), optional(andThen(hundreds(s)))),
  seq(alt(teen(s), seq(tens(s), oneToNine(s))), word('hundred'), optional(andThen(belowHundred(s)))),
  aHundred(s),
  hundreds(s),
));

/** 1..99 things: "a", "an", "a couple [of]", "a dozen", "half a dozen", "one".."ninety nine". */
export const quantityRule = (s: BuiltinRuleSet): GrammarNode => s.define('builtin_quantity', () => alt(
  seq(phrase('a couple'), optional(word('of'))),
  phrase('half a dozen'),
  phrase('a dozen'),
  word('a'),
  word('an'),
  belowHundred(s),
));

/** "first".."ninety ninth", "[one] hundredth". */
export const ordinalRule = (s: BuiltinRuleSet): GrammarNode => s.define('builtin_ordinal', () => alt(
  seq(tens(s), s.define('builtin_ordinal_first_to_ninth', () => anyWord(ORDINALS_1_19.slice(0, 9)))),
  anyWord(ORDINALS_1_19),
  anyWord(ORDINAL_TENS),
  seq(optional(word('one')), word('hundredth')),
));

/**
 * "<cents> cents", "a dollar [[and] <cents> [cents]]", "<number> dollars|bucks [[and] <cents> [cents]]",
 * "<number> <two-digit group>" ("two ninety nine", "one oh five"), or a bare "<number>" (dollars).
 */
export const priceRule = (s: BuiltinRuleSet): GrammarNode => s.define('builtin_price', () => {
  const dollarWord = s.define('builtin_price_dollar_word', () => anyWord(['dollars', 'dollar', 'bucks', 'buck']));
  const centWord = s.define('builtin_price_cent_word', () => anyWord(['cents', 'cent']));
  const centsTail = optional(andThen(seq(belowHundred(s), optional(centWord))));
  return alt(
    seq(belowHundred(s), centWord),
    seq(word('a'), anyWord(['dollar', 'buck']), centsTail),
    seq(numberRule(s), optional(alt(seq(dollarWord, centsTail), twoDigit(s)))),
  );
});
