/**
 * Whatever numbers are left after money, phones, dates, times and units: "2 × Fries" → "two Fries",
 * "3x4" → "three by four", "#1" → "number one", "#A12" → "number A twelve", "21st" → "twenty-first", "1/2" → "one half",
 * "1 1/2" → "one and a half", "3-5" → "three to five", "-4" → "minus four", "2.5" → "two point five",
 * "1.2.3" → "one point two point three", "1,234" → "one thousand two hundred thirty-four",
 * "007" → "zero zero seven", "5s" → "fives", "A1" → "A one", "18+" → "eighteen plus", "~5" → "about five".
 * Digit strings over fifteen digits are read digit by digit. Nothing with a digit survives this stage.
 */
import {
  cardinalWords, decimalWords, digitWords, fractionWords, integerTokenWords, mixedNumberWords, numberToWords,
  numberWords, ordinalWords, pluralizeLastWord, yearWords,
} from './spoken-numbers.js';
import { dateWords, isMonthDay } from './tts-dates.js';
import { isCountWord } from './tts-units.js';
import { rewrite, wordAfter } from './tts-rewrite.js';

const NUM = String.raw`(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?`;

const DIMENSION_RE = /(?<![\w.])(\d+(?:\.\d+)?)\s?[x×]\s?(\d+(?:\.\d+)?)(?![\w]|\.\d)/g;
const QUANTITY_RE = /(?<![\w.,])(\d+)\s*[x×]\s+/g;
const TIMES_AFTER_RE = /(?<=[A-Za-z]\s)[x×]\s?(\d+)\b/g;
const TIMES_RE = /(?<![\w.,])(\d+)[x×](?![\w])/g;
const NUMBER_SIGN_RE = /#\s?(\d+)/g;
const ORDINAL_RE = /(?<![\w.,])(\d{1,3}(?:,\d{3})+|\d+)(st|nd|rd|th|ST|ND|RD|TH)(?![A-Za-z])/g;
const FRACTION_RE = /(?<![\w.,/-])(?:(\d+)\s+)?(\d+)\/(\d+)(?![\w/]|[.,]\d)/g;
const RANGE_RE = new RegExp(String.raw`(?<![\w.,:/-])(${NUM})(\s*[-–—]\s*)(${NUM})(?![\w:/]|[.,]\d|[-–—]\d)`, 'g');
const NEGATIVE_RE = /(?<![\w.,)\]])-(?=\.?\d)/g;
const VERSION_RE = /(?<![\w.])\d+(?:\.\d+){2,}(?![\w]|\.\d)/g;
const DECIMAL_RE = /(?<![\w.])(\d{1,3}(?:,\d{3})+|\d+)?\.(\d+)(?![\w]|\.\d)/g;
const PLURAL_RE = /(?<![\w.,'$])(\d+)s(?![\w'])/g;
const CARDINAL_RE = /(?<![\d,])\d{1,3}(?:,\d{3})+(?!\d)|\d+/g;

const safe = (s: string): number | null => {
  const n = Number(s);
  return Number.isSafeInteger(n) && s.length <= 15 ? n : null;
};

/** n/d with no whole part: a fraction, a date ("12/25") or, failing both, "n slash d". */
function fractionOrDate(ns: string, ds: string): string {
  const n = safe(ns);
  const d = safe(ds);
  if (ns === '24' && ds === '7') return 'twenty-four seven';
  if (ns === '9' && ds === '11') return 'nine eleven';
  if (n === null || d === null) return `${integerTokenWords(ns)} slash ${integerTokenWords(ds)}`;
  if (n === d) return `${numberToWords(n)} ${numberToWords(d)}`;
  if (d >= 2 && d <= 16 && n >= 1 && n < d) return fractionWords(n, d);
  if (isMonthDay(n, d)) return dateWords(n, d);
  if (d >= 2 && d <= 100 && n >= 1 && n < d) return fractionWords(n, d);
  return `${integerTokenWords(ns)} slash ${integerTokenWords(ds)}`;
}

function fractions(text: string): string {
  return rewrite(text, FRACTION_RE, (m) => {
    const ns = m[2] ?? '';
    const ds = m[3] ?? '';
    if (m[1] === undefined) return fractionOrDate(ns, ds);
    const whole = safe(m[1]);
    const n = safe(ns);
    const d = safe(ds);
    if (whole !== null && n !== null && d !== null && d >= 2 && d <= 100 && n >= 1 && n < d) return mixedNumberWords(whole, n, d);
    return `${integerTokenWords(m[1])} ${fractionOrDate(ns, ds)}`;
  });
}

function isYearish(s: string): boolean {
  return /^\d{4}$/.test(s) && Number(s) >= 1800 && Number(s) <= 2099;
}

/** "3-5" → "three to five"; two years ("1999-2005") read as years unless a unit follows. */
function ranges(text: string): string {
  return rewrite(text, RANGE_RE, (m, src) => {
    const a = m[1] ?? '';
    const b = m[3] ?? '';
    if (isYearish(a) && isYearish(b) && !isCountWord(wordAfter(src, m.index + m[0].length))) {
      return `${yearWords(Number(a))} to ${yearWords(Number(b))}`;
    }
    return `${numberWords(a)} to ${numberWords(b)}`;
  });
}

function pluralNumber(digits: string): string {
  if (/^10+$/.test(digits) && digits.length >= 3 && digits.length <= 4) return digits.length === 3 ? 'hundreds' : 'thousands';
  return pluralizeLastWord(integerTokenWords(digits));
}

/** Signs around numbers, read before units and money eat the numbers: "~5 min", "<2%", "18+", "+3". */
export function speakNumberSigns(text: string): string {
  return text
    .replace(/~\s?(?=-?\.?\d|[$€£¥]\d)/g, 'about ')
    .replace(/≈\s?/g, 'about ')
    .replace(/(?:≤|<=)\s?(?=-?\.?\d|[$€£¥]\d)/g, 'at most ')
    .replace(/(?:≥|>=)\s?(?=-?\.?\d|[$€£¥]\d)/g, 'at least ')
    .replace(/(?<![\w<])<\s?(?=-?\.?\d|[$€£¥]\d)/g, 'less than ')
    .replace(/(?<![\w>-])>\s?(?=-?\.?\d|[$€£¥]\d)/g, 'more than ')
    .replace(/(?<![\w+])\+\s?(?=\.?\d)/g, 'plus ')
    .replace(/(?<=\d)\s?\+(?![\w+])/g, ' plus');
}

export function speakNumerals(text: string): string {
  let t = rewrite(text, DIMENSION_RE, (m) => `${numberWords(m[1] ?? '')} by ${numberWords(m[2] ?? '')}`);
  t = rewrite(t, QUANTITY_RE, (m) => `${integerTokenWords(m[1] ?? '')} `);
  t = rewrite(t, TIMES_AFTER_RE, (m) => `times ${integerTokenWords(m[1] ?? '')}`);
  t = rewrite(t, TIMES_RE, (m) => `${integerTokenWords(m[1] ?? '')} times`);
  t = rewrite(t, NUMBER_SIGN_RE, (m) => `number ${integerTokenWords(m[1] ?? '')}`);
  t = t.replace(/#(?=[A-Za-z]{1,3} ?\d)/g, 'number ');
  t = rewrite(t, ORDINAL_RE, (m) => ordinalWords(m[1] ?? ''));
  t = fractions(t);
  t = ranges(t);
  t = t.replace(NEGATIVE_RE, 'minus ');
  t = rewrite(t, VERSION_RE, (m) => m[0].split('.').map(integerTokenWords).join(' point '));
  t = rewrite(t, DECIMAL_RE, (m) => decimalWords(m[1] ?? '', m[2] ?? ''));
  t = rewrite(t, PLURAL_RE, (m) => pluralNumber(m[1] ?? ''));
  t = t.replace(/(?<=[A-Za-z])(?=\d)|(?<=\d)(?=[A-Za-z])/g, ' ');
  t = rewrite(t, CARDINAL_RE, (m) => (m[0].includes(',') ? cardinalWords(m[0]) : integerTokenWords(m[0])));
  return t.replace(/\d/g, (d) => ` ${digitWords(d)} `);
}
