/**
 * Spoken numbers → values: cardinals ("two thousand and twenty five"), quantities ("a couple of"),
 * ordinals ("twenty first") and the two-digit groups used in prices, times and years ("oh five",
 * "fifty"). Every function takes lower-case words and returns null for anything that is not
 * exactly one well-formed instance; none throws.
 */
import { DIGIT_VALUE, ONE_TO_NINE_VALUE, ORDINAL_AS_CARDINAL, TEEN_VALUE, TENS_VALUE } from './itn-words.js';

type Words = readonly string[];

/** 1..99: "seven", "fourteen", "forty", "forty two". */
export function parseBelowHundred(words: Words): number | null {
  const [a, b, ...rest] = words;
  if (a === undefined || rest.length > 0) return null;
  if (b === undefined) return ONE_TO_NINE_VALUE.get(a) ?? TEEN_VALUE.get(a) ?? TENS_VALUE.get(a) ?? null;
  const tens = TENS_VALUE.get(a);
  const ones = ONE_TO_NINE_VALUE.get(b);
  return tens !== undefined && ones !== undefined ? tens + ones : null;
}

/** 1..999 the strict way: "[a|one..nine] hundred [and] [1..99]" or 1..99. */
function parseBelowThousand(words: Words): number | null {
  const h = words.indexOf('hundred');
  if (h < 0) return parseBelowHundred(words);
  if (h !== 1) return null;
  const head = words[0] === 'a' ? 1 : ONE_TO_NINE_VALUE.get(words[0] as string);
  if (head === undefined) return null;
  const rest = tailAfterAnd(words.slice(2));
  if (rest === null) return null;
  if (rest.length === 0) return head * 100;
  const low = parseBelowHundred(rest);
  return low === null ? null : head * 100 + low;
}

/** Drops one leading "and"; a lone "and" (nothing after it) is not allowed. */
function tailAfterAnd(words: Words): Words | null {
  if (words[0] !== 'and') return words;
  return words.length > 1 ? words.slice(1) : null;
}

/** The multiplier before "thousand"/"million": "a" or a strict 1..999. */
function scaleHead(words: Words): number | null {
  if (words.length === 1 && (words[0] === 'a' || words[0] === 'one')) return 1;
  return parseBelowThousand(words);
}

/** Below a million: "[a|1..999] thousand [and] [1..999]" or 1..999, or "twelve hundred [and] [1..99]". */
function parseBelowMillion(words: Words): number | null {
  const t = words.indexOf('thousand');
  if (t < 0) return parseBelowThousand(words) ?? parseInformalHundreds(words);
  const head = scaleHead(words.slice(0, t));
  if (head === null) return null;
  const rest = tailAfterAnd(words.slice(t + 1));
  if (rest === null) return null;
  if (rest.length === 0) return head * 1000;
  const low = parseBelowThousand(rest);
  return low === null ? null : head * 1000 + low;
}

/** "twelve hundred", "twenty five hundred and six": 10..99 hundreds (only as a whole number). */
function parseInformalHundreds(words: Words): number | null {
  const h = words.indexOf('hundred');
  if (h < 1) return null;
  const head = parseBelowHundred(words.slice(0, h));
  if (head === null || head < 10) return null;
  const rest = tailAfterAnd(words.slice(h + 1));
  if (rest === null) return null;
  if (rest.length === 0) return head * 100;
  const low = parseBelowHundred(rest);
  return low === null ? null : head * 100 + low;
}

/**
 * A whole spoken cardinal, 0..999,999,999: "zero", "a hundred", "twenty five", "one hundred and
 * five", "twelve hundred", "two thousand twenty six", "a million". Digit-by-digit forms ("one oh
 * five") are not cardinals (see parsePrice / parsePhone).
 */
export function parseCardinal(words: Words): number | null {
  if (words.length === 0 || words.length > 24) return null;
  if (words.length === 1 && words[0] === 'zero') return 0;
  const m = words.indexOf('million');
  if (m < 0) return parseBelowMillion(words);
  const head = scaleHead(words.slice(0, m));
  if (head === null) return null;
  const rest = tailAfterAnd(words.slice(m + 1));
  if (rest === null) return null;
  if (rest.length === 0) return head * 1_000_000;
  const low = parseBelowMillion(rest);
  return low === null || !(low < 1_000_000) ? null : head * 1_000_000 + low;
}

/**
 * How many of something: "a"/"an" → 1, "a couple [of]" → 2, "a dozen" → 12, "half a dozen" → 6,
 * or a cardinal 1..99.
 */
export function parseQuantity(words: Words): number | null {
  const key = words.join(' ');
  switch (key) {
    case 'a': case 'an': return 1;
    case 'a couple': case 'a couple of': case 'couple of': return 2;
    case 'a dozen': return 12;
    case 'half a dozen': return 6;
  }
  const n = parseCardinal(words);
  return n !== null && n >= 1 && n <= 99 ? n : null;
}

/**
 * An ordinal ≥ 1: "first", "twenty first", "thirtieth", "one hundred and second", "hundredth".
 * A leading "the" is allowed ("the fifth").
 */
export function parseOrdinal(words: Words): number | null {
  const w = words[0] === 'the' ? words.slice(1) : words;
  const last = w[w.length - 1];
  if (last === undefined) return null;
  const card = ORDINAL_AS_CARDINAL.get(last);
  if (card === undefined) return null;
  const prefix = w.slice(0, -1);
  const scale = card === 'hundred' || card === 'thousand' || card === 'million';
  const n = parseCardinal([...(scale && prefix.length === 0 ? ['a'] : prefix), card]);
  return n !== null && n >= 1 ? n : null;
}

/**
 * A two-digit group as read in prices, clock minutes and years: "oh five" → 5, "ten" → 10,
 * "fifty" → 50, "fifty five" → 55. Returns 0..99.
 */
export function parseTwoDigitGroup(words: Words): number | null {
  const [a, b, ...rest] = words;
  if (a === undefined || rest.length > 0) return null;
  if (b === undefined) return TEEN_VALUE.get(a) ?? TENS_VALUE.get(a) ?? null;
  if (a === 'oh' || a === 'o' || a === 'zero') return DIGIT_VALUE.get(b) ?? null;
  const tens = TENS_VALUE.get(a);
  const ones = ONE_TO_NINE_VALUE.get(b);
  return tens !== undefined && ones !== undefined ? tens + ones : null;
}
