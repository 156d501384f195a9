/**
 * The built-in phone-number sub-grammar (`builtin_phone`), accepting what parsePhone
 * (app/core/text/itn-phone.ts) reads, with the digit count fixed by the structure rather than a
 * loop: 7 digits as 3 + 4, 10 as 3 + 3 + 4, 11 as "one" + 3 + 3 + 4, or an N11 service number
 * ("nine one one", "four eleven"). Within a 3- or 4-digit part, digits may be single ("five",
 * "oh"), pairs ("double five", "twelve", "fifty", "fifty five"), triples ("triple seven", "eight
 * hundred") or, for 4, "twelve hundred" / "five thousand".
 */
import { alt, optional, seq, word, type GrammarNode } from './ast.js';
import { anyWord, type BuiltinRuleSet } from './builtin-rule-set.js';
import { digit, oneToNine, teen, tens } from './builtin-number-rules.js';
import { ONE_TO_NINE } from '../text/itn-words.js';

export const phoneRule = (s: BuiltinRuleSet): GrammarNode => s.define('builtin_phone', () => {
  const d = digit(s);
  const twoDigits = (): GrammarNode => alt(teen(s), seq(tens(s), optional(oneToNine(s))));
  const pair = s.define('builtin_phone_pair', () => alt(seq(word('double'), d), twoDigits()));
  const triple = s.define('builtin_phone_triple', () => alt(seq(word('triple'), d), seq(oneToNine(s), word('hundred'))));
  const quad = s.define('builtin_phone_quad', () => alt(seq(twoDigits(), word('hundred')), seq(oneToNine(s), word('thousand'))));
  const three = s.define('builtin_phone_three', () => alt(seq(d, d, d), seq(d, pair), seq(pair, d), triple));
  const four = s.define('builtin_phone_four', () => alt(
    seq(d, d, d, d), seq(d, d, pair), seq(d, pair, d), seq(pair, d, d), seq(pair, pair), seq(d, triple), seq(triple, d), quad,
  ));
  const service = s.define('builtin_phone_service', () => seq(anyWord(ONE_TO_NINE.slice(1)), alt(seq(word('one'), word('one')), word('eleven'))));
  return alt(seq(word('one'), three, three, four), seq(three, three, four), seq(three, four), service);
});
