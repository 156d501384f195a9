/**
 * Spoken prices → dollars (a number with 2-decimal precision).
 *
 *   "four dollars and ninety five cents" → 4.95   "a dollar fifty" → 1.5    "ten bucks" → 10
 *   "ninety nine cents" → 0.99                   "twelve dollars" → 12     "twelve" → 12
 *   "two ninety nine" → 2.99 (shorthand: dollars, then a two-digit group) "one oh five" → 1.05
 *
 * A bare cardinal is whole dollars: "two hundred fifty" → 250, not 200.50. The shorthand only
 * applies when the words are not a cardinal ("two ninety nine", "twelve fifty").
 */
import { parseCardinal, parseTwoDigitGroup } from './itn-numbers.js';

const DOLLAR_WORDS = new Set(['dollar', 'dollars', 'buck', 'bucks']);
const CENT_WORDS = new Set(['cent', 'cents']);

const money = (dollars: number, cents: number): number => Math.round(dollars * 100 + cents) / 100;

/** 0..99 cents as a cardinal ("five", "ninety nine") or a two-digit group ("oh five"). */
function centsAmount(words: readonly string[]): number | null {
  const n = parseCardinal(words) ?? parseTwoDigitGroup(words);
  return n !== null && n <= 99 ? n : null;
}

function dollarsAmount(words: readonly string[]): number | null {
  if (words.length === 1 && (words[0] === 'a' || words[0] === 'one')) return 1;
  return parseCardinal(words);
}

export function parsePrice(words: readonly string[]): number | null {
  if (words.length === 0 || words.length > 24) return null;
  const d = words.findIndex((w) => DOLLAR_WORDS.has(w));
  if (d >= 0) {
    // "<dollars> dollars [[and] <cents> [cents]]"
    const dollars = dollarsAmount(words.slice(0, d));
    if (dollars === null) return null;
    let rest = words.slice(d + 1);
    if (rest.length === 0) return money(dollars, 0);
    if (rest[0] === 'and') rest = rest.slice(1);
    if (CENT_WORDS.has(rest[rest.length - 1] as string)) rest = rest.slice(0, -1);
    const cents = rest.length > 0 ? centsAmount(rest) : null;
    return cents === null ? null : money(dollars, cents);
  }
  const last = words[words.length - 1] as string;
  if (CENT_WORDS.has(last)) {
    // "<cents> cents"
    const cents = centsAmount(words.slice(0, -1));
    return cents === null ? null : money(0, cents);
  }
  const whole = parseCardinal(words);
  if (whole !== null) return money(whole, 0);
  // Shorthand: "<dollars> <two-digit group>", the longer group first ("two ninety nine").
  for (const c of [2, 1]) {
    if (words.length <= c) continue;
    const cents = parseTwoDigitGroup(words.slice(-c));
    const dollars = cents === null ? null : parseCardinal(words.slice(0, -c));
    if (cents !== null && dollars !== null) return money(dollars, cents);
  }
  return null;
}
