/**
 * Built-in sub-grammars for values a brain's phrases can take as slots — numbers, quantities,
 * prices, clock times, dates, date-times, phone numbers, spelled letters, ordinals — and their
 * values through inverse text normalization (app/core/text/itn.ts).
 *
 * builtinRules(kind) returns private rules: the top rule `builtin_<kind>`, helpers prefixed
 * `builtin_<kind>_`, and shared helpers `builtin_…` (digits, teens, tens…). A rule name always has
 * the same definition, so the rules of several kinds merge by name. The rules carry no tags: the
 * caller wraps `ref('builtin_<kind>')` in its own tag, reads the words that tag's span covered and
 * hands them to builtinValue(). Every word is in the pocketsphinx cmudict; the grammars accept
 * only forms their parser turns into a value (tested both ways), with bounded structure (no loops).
 */
import type { GrammarRule } from './ast.js';
import { BuiltinRuleSet } from './builtin-rule-set.js';
import { numberRule, ordinalRule, priceRule, quantityRule } from './builtin-number-rules.js';
import { timeRule } from './builtin-time-rules.js';
import { dateRule, dateTimeRule } from './builtin-date-rules.js';
import { phoneRule } from './builtin-phone-rules.js';
import { lettersRule } from './builtin-letter-rules.js';
import { parseCardinal, parseDate, parseDateTime, parseOrdinal, parsePhone, parsePrice, parseQuantity, parseSpelled, parseTime } from '../text/itn.js';

export const BUILTIN_KINDS = ['number', 'quantity', 'price', 'time', 'date', 'datetime', 'phone', 'letters', 'ordinal'] as const;
export type BuiltinKind = (typeof BUILTIN_KINDS)[number];

export type BuiltinValue =
  | { kind: 'number'; value: number }
  | { kind: 'quantity'; value: number }
  | { kind: 'price'; value: number }
  /** `ambiguous`: an hour of 1–12 said without am/pm (see resolveHour in itn-time.ts). */
  | { kind: 'time'; hour: number; minute: number; ambiguous: boolean }
  | { kind: 'date'; iso: string }
  | { kind: 'datetime'; iso: string; hour: number; minute: number; ambiguous: boolean }
  | { kind: 'phone'; digits: string }
  | { kind: 'letters'; text: string }
  | { kind: 'ordinal'; value: number };

export interface BuiltinContext {
  /** "Today" for relative dates; only its local year, month and day are read. */
  today: Date;
}

const BUILDERS: Readonly<Record<BuiltinKind, (s: BuiltinRuleSet) => unknown>> = {
  number: numberRule, quantity: quantityRule, price: priceRule, time: timeRule, date: dateRule,
  datetime: dateTimeRule, phone: phoneRule, letters: lettersRule, ordinal: ordinalRule,
};

export function isBuiltinKind(kind: string): kind is BuiltinKind {
  return (BUILTIN_KINDS as readonly string[]).includes(kind);
}

export const builtinRuleName = (kind: BuiltinKind): string => `builtin_${kind}`;

/** The private rules for one kind, `builtin_<kind>` first. */
export function builtinRules(kind: BuiltinKind): GrammarRule[] {
  const s = new BuiltinRuleSet();
  BUILDERS[kind](s);
  return s.rules(builtinRuleName(kind));
}

/** The rules for several kinds, merged by name (shared helpers once). */
export function builtinRulesFor(kinds: Iterable<BuiltinKind>): GrammarRule[] {
  const s = new BuiltinRuleSet();
  for (const k of kinds) BUILDERS[k](s);
  return s.rules();
}

/** The value of the words a `builtin_<kind>` rule matched, or null when they are not one. */
export function builtinValue(kind: BuiltinKind, words: readonly string[], ctx: BuiltinContext): BuiltinValue | null {
  switch (kind) {
    case 'number': {
      const value = parseCardinal(words);
      return value === null ? null : { kind, value };
    }
    case 'quantity': {
      const value = parseQuantity(words);
      return value === null ? null : { kind, value };
    }
    case 'ordinal': {
      const value = parseOrdinal(words);
      return value === null ? null : { kind, value };
    }
    case 'price': {
      const value = parsePrice(words);
      return value === null ? null : { kind, value };
    }
    case 'time': {
      const t = parseTime(words);
      return t === null ? null : { kind, hour: t.hour, minute: t.minute, ambiguous: t.ambiguous };
    }
    case 'date': {
      const iso = parseDate(words, ctx.today);
      return iso === null ? null : { kind, iso };
    }
    case 'datetime': {
      const dt = parseDateTime(words, ctx.today);
      return dt === null ? null : { kind, iso: dt.date, hour: dt.hour, minute: dt.minute, ambiguous: dt.ambiguous };
    }
    case 'phone': {
      const digits = parsePhone(words);
      return digits === null ? null : { kind, digits };
    }
    case 'letters': {
      const text = parseSpelled(words);
      return text === null ? null : { kind, text };
    }
  }
}
