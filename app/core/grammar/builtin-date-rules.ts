/**
 * The built-in date and date-time sub-grammars (`builtin_date`, `builtin_datetime`), accepting
 * exactly what parseDate / parseDateTime (app/core/text/itn-date*.ts) read: "today", "tomorrow",
 * "[the] day after tomorrow", "[this [coming] | next | coming] <weekday>", "<month> [the] <day>
 * [<year>]", "[the] <day> of <month> [<year>]", "the <day>"; days are ordinals valid for the
 * month (February 29th only without a year), years 2000–2099 ("twenty twenty six", "twenty oh
 * five", "two thousand [and] six"). Date-times: "<date> at <time>" or "[at] <time> [on] <date>".
 */
import { alt, optional, phrase, seq, word, type GrammarNode } from './ast.js';
import { anyWord, type BuiltinRuleSet } from './builtin-rule-set.js';
import { belowHundred, twoDigit } from './builtin-number-rules.js';
import { timeRule } from './builtin-time-rules.js';
import { MONTHS, ORDINALS_1_19, WEEKDAYS } from '../text/itn-words.js';

const MONTHS_30 = ['april', 'june', 'september', 'november'];
const MONTHS_31 = MONTHS.filter((m) => m !== 'february' && !MONTHS_30.includes(m));

/** Ordinal days valid in every month ("first".."twenty eighth"), then up to 29, 30, 31. */
const days = (s: BuiltinRuleSet): { day28: GrammarNode; day30: GrammarNode; day31: GrammarNode } => {
  const day28 = s.define('builtin_date_day28', () => alt(
    seq(word('twenty'), anyWord(ORDINALS_1_19.slice(0, 8))),
    anyWord(ORDINALS_1_19),
    word('twentieth'),
  ));
  const day29 = s.define('builtin_date_day29', () => alt(day28, phrase('twenty ninth')));
  const day30 = s.define('builtin_date_day30', () => alt(day29, word('thirtieth')));
  const day31 = s.define('builtin_date_day31', () => alt(day30, phrase('thirty first')));
  return { day28, day30, day31 };
};

/** 2000..2099: "twenty twenty six", "twenty oh five", "two thousand [[and] six]". */
const yearRule = (s: BuiltinRuleSet): GrammarNode => s.define('builtin_date_year', () => alt(
  seq(word('twenty'), twoDigit(s)),
  seq(word('two'), word('thousand'), optional(seq(optional(word('and')), belowHundred(s)))),
));

/** "<month> [the] <day> [<year>]" or "[the] <day> of <month> [<year>]", the day valid for the month. */
const monthDayRule = (s: BuiltinRuleSet): GrammarNode => s.define('builtin_date_month_day', () => {
  const { day28, day30, day31 } = days(s);
  const year = optional(yearRule(s));
  const the = optional(word('the'));
  const m31 = anyWord(MONTHS_31);
  const m30 = anyWord(MONTHS_30);
  const feb = word('february');
  // The year is referenced once: the recognizer copies a rule for every reference, and seven
  // copies of the year made the date most of a booking grammar.
  return alt(
    seq(alt(
      seq(m31, the, day31),
      seq(m30, the, day30),
      seq(feb, the, day28),
      seq(the, day31, word('of'), m31),
      seq(the, day30, word('of'), m30),
      seq(the, day28, word('of'), feb),
    ), year),
    seq(feb, the, phrase('twenty ninth')),
    seq(the, phrase('twenty ninth of february')),
  );
});

/** "today", "tomorrow", "[the] day after tomorrow". */
const relativeDayRule = (s: BuiltinRuleSet): GrammarNode => s.define('builtin_date_relative', () => alt(
  word('today'),
  word('tomorrow'),
  seq(optional(word('the')), phrase('day after tomorrow')),
));

/** "[this [coming] | next | coming] <weekday>", a month and day, or "the <day>". */
const namedDayRule = (s: BuiltinRuleSet): GrammarNode => s.define('builtin_date_named', () => alt(
  seq(
    optional(alt(seq(word('this'), optional(word('coming'))), word('next'), word('coming'))),
    s.define('builtin_date_weekday', () => anyWord(WEEKDAYS)),
  ),
  monthDayRule(s),
  seq(word('the'), days(s).day31),
));

export const dateRule = (s: BuiltinRuleSet): GrammarNode => s.define('builtin_date', () => alt(relativeDayRule(s), namedDayRule(s)));

/** "<date> at <time>", "[at] <time> today|tomorrow|…", "[at] <time> [on] <weekday|month day|the Nth>". */
export const dateTimeRule = (s: BuiltinRuleSet): GrammarNode => s.define('builtin_datetime', () => alt(
  seq(dateRule(s), word('at'), timeRule(s)),
  seq(optional(word('at')), timeRule(s), alt(relativeDayRule(s), seq(optional(word('on')), namedDayRule(s)))),
));
