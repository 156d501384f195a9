/**
 * Spoken phone numbers → digit strings. Digits may be said one by one ("five five five"), with
 * "oh" for zero, "double five" / "triple seven", or in groups: "fifty five" → 55, "twelve" → 12,
 * "fifty" → 50, "five hundred" → 500, "twelve hundred" → 1200, "five thousand" → 5000.
 *
 * Accepted lengths: 7 (local), 10, 11 starting with 1, and the 3-digit N11 service numbers
 * (211 … 911). Where words group two ways ("twenty five" = 25, or 20 then 5), the grouped reading
 * is tried first and the first reading with an accepted length wins.
 */
import { DIGIT_VALUE, ONE_TO_NINE_VALUE, TEEN_VALUE, TENS_VALUE } from './itn-words.js';

const MAX_WORDS = 24;
const MAX_DIGITS = 11;

export function isPhoneLength(digits: string): boolean {
  switch (digits.length) {
    case 3: return /^[2-9]11$/.test(digits);
    case 7: case 10: return true;
    case 11: return digits.startsWith('1');
    default: return false;
  }
}

/** The readings of a group starting at i: [digits, words used], preferred first. */
function groupsAt(words: readonly string[], i: number): Array<[string, number]> {
  const a = words[i] as string;
  const b = words[i + 1];
  const out: Array<[string, number]> = [];
  const digit = DIGIT_VALUE.get(a);
  if ((a === 'double' || a === 'triple') && b !== undefined) {
    const d = DIGIT_VALUE.get(b);
    if (d !== undefined) out.push([String(d).repeat(a === 'double' ? 2 : 3), 2]);
    return out;
  }
  const nonZero = ONE_TO_NINE_VALUE.get(a);
  if (nonZero !== undefined && b === 'hundred') out.push([`${nonZero}00`, 2]);
  if (nonZero !== undefined && b === 'thousand') out.push([`${nonZero}000`, 2]);
  const teen = TEEN_VALUE.get(a);
  const tens = TENS_VALUE.get(a);
  let pair: [string, number] | null = null;
  if (teen !== undefined) pair = [String(teen), 1];
  if (tens !== undefined) {
    const ones = b === undefined ? undefined : ONE_TO_NINE_VALUE.get(b);
    if (ones !== undefined) {
      if (words[i + 2] === 'hundred') out.push([`${tens + ones}00`, 3]);
      out.push([String(tens + ones), 2]);
    }
    pair = [String(tens), 1];
  }
  if (pair !== null) {
    if (b === 'hundred') out.push([`${pair[0]}00`, 2]);
    out.push(pair);
  }
  if (digit !== undefined) out.push([String(digit), 1]);
  return out;
}

export function parsePhone(words: readonly string[]): string | null {
  if (words.length === 0 || words.length > MAX_WORDS) return null;
  // Dead ends, keyed by what the final length check can still depend on (so the search stays
  // polynomial however ambiguous the words are).
  const dead = new Set<string>();
  const walk = (i: number, acc: string): string | null => {
    if (acc.length > MAX_DIGITS) return null;
    if (i === words.length) return isPhoneLength(acc) ? acc : null;
    const key = `${i}:${acc.length}:${acc.length <= 3 ? acc : acc.slice(0, 1)}`;
    if (dead.has(key)) return null;
    for (const [digits, used] of groupsAt(words, i)) {
      const r = walk(i + used, acc + digits);
      if (r !== null) return r;
    }
    dead.add(key);
    return null;
  };
  return walk(0, '');
}

/** "5551234567" → "555-123-4567", "15551234567" → "1-555-123-4567", "5551234" → "555-1234", "911" → "911". */
export function formatPhone(digits: string): string {
  if (!/^\d+$/.test(digits)) return digits;
  switch (digits.length) {
    case 7: return `${digits.slice(0, 3)}-${digits.slice(3)}`;
    case 10: return `${digits.slice(0, 3)}-${digits.slice(3, 6)}-${digits.slice(6)}`;
    case 11: return `${digits.slice(0, 1)}-${formatPhone(digits.slice(1))}`;
    default: return digits;
  }
}
