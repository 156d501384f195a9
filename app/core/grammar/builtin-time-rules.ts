/**
 * The built-in clock-time sub-grammar (`builtin_time`), accepting exactly what parseTime
 * (app/core/text/itn-time.ts) reads: "noon", "twelve midnight", "ten o'clock", "three thirty p m",
 * "eleven oh five", "half past three", "a quarter to five", "twenty five minutes past nine",
 * "ten past noon", "nine in the morning", "eleven at night", "eight tonight".
 * "a m" / "p m" are two letter words (what transcripts of "a.m." become); "am" / "pm" come from typed text.
 */
import { alt, optional, phrase, seq, word, type GrammarNode } from './ast.js';
import { anyWord, type BuiltinRuleSet } from './builtin-rule-set.js';
import { oneToNine, teen } from './builtin-number-rules.js';
import { ONE_TO_NINE, TEENS } from '../text/itn-words.js';

export const timeRule = (s: BuiltinRuleSet): GrammarNode => s.define('builtin_time', () => {
  const hour = s.define('builtin_time_hour', () => anyWord([...ONE_TO_NINE, ...TEENS.slice(0, 3)]));
  const minute = s.define('builtin_time_minute', () => alt(
    seq(word('oh'), oneToNine(s)),
    teen(s),
    seq(anyWord(['twenty', 'thirty', 'forty', 'fifty']), optional(oneToNine(s))),
  ));
  const dayPart = s.define('builtin_time_day_part', () => alt(
    phrase('a m'), phrase('p m'), word('am'), word('pm'),
    seq(word('in'), word('the'), anyWord(['morning', 'afternoon', 'evening'])),
    phrase('at night'), word('tonight'),
  ));
  // Minutes in "… past / … to": "[a] quarter", "ten", "twenty five minutes" (1..29).
  const minutesOff = s.define('builtin_time_minutes_off', () => alt(
    seq(optional(word('a')), word('quarter')),
    seq(word('one'), optional(word('minute'))),
    seq(alt(seq(word('twenty'), optional(oneToNine(s))), teen(s), anyWord(ONE_TO_NINE.slice(1))), optional(word('minutes'))),
  ));
  const past = anyWord(['past', 'after']);
  const to = anyWord(['to', 'till', 'of', 'before']);
  const noonOrMidnight = anyWord(['noon', 'midnight']);
  return alt(
    seq(optional(word('twelve')), noonOrMidnight),
    seq(alt(word('half'), minutesOff), past, alt(noonOrMidnight, seq(hour, optional(dayPart)))),
    seq(minutesOff, to, alt(noonOrMidnight, seq(hour, optional(dayPart)))),
    seq(hour, optional(alt(word("o'clock"), minute)), optional(dayPart)),
  );
});
