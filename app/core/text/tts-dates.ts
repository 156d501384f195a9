/**
 * Dates, weekdays and years for the voice. "2026-12-01", "12/1/2026", "Dec 1, 2026" and
 * "December 1st, 2026" → "December first, twenty twenty-six"; "1 December 2026" → "the first of
 * December, twenty twenty-six"; "Tue, Dec 1" → "Tuesday, December first"; "Mon–Fri" → "Monday to
 * Friday". A bare four-digit number is a year only after a month or a year word ("in 1999",
 * "since 2005", "from 1999 to 2005", "Est. 1999"), and never when a unit follows.
 * Two-digit years in numeric dates: 00–69 → 2000s, 70–99 → 1900s.
 */
import { decadeWords, numberToWords, ordinalize, yearWords } from './spoken-numbers.js';
import { isCountWord } from './tts-units.js';
import { keptPeriod, rewrite, textAfter, textBefore, wordAfter, wordBefore } from './tts-rewrite.js';

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const MONTH_ABBR = new Map([['jan', 1], ['feb', 2], ['mar', 3], ['apr', 4], ['jun', 6], ['jul', 7], ['aug', 8],
  ['sep', 9], ['sept', 9], ['oct', 10], ['nov', 11], ['dec', 12]]);
const MONTH = String.raw`(January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?`;

const WEEKDAY_NAMES = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
const WEEKDAY_ABBR = new Map([['mon', 'Monday'], ['tue', 'Tuesday'], ['tues', 'Tuesday'], ['wed', 'Wednesday'],
  ['thu', 'Thursday'], ['thur', 'Thursday'], ['thurs', 'Thursday'], ['fri', 'Friday'], ['sat', 'Saturday'], ['sun', 'Sunday']]);
const WD_WORDS = ['Tues', 'Thurs', 'Thur', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
const WD_ALT = [...WD_WORDS, ...WD_WORDS.map((w) => w.toUpperCase())].join('|');
const DAY_NAME_ALT = WEEKDAY_NAMES.join('|');

/** 1–12 for a month name or abbreviation, 0 when it is not one. */
export function monthNumber(name: string): number {
  const lower = name.toLowerCase().replace(/\.$/, '');
  const full = MONTHS.findIndex((m) => m.toLowerCase() === lower);
  return full >= 0 ? full + 1 : MONTH_ABBR.get(lower) ?? 0;
}

function validDay(month: number, day: number): boolean {
  const days = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] ?? 0;
  return Number.isInteger(day) && day >= 1 && day <= days;
}

/** "December first, twenty twenty-six" (year optional). */
export function dateWords(month: number, day: number, year?: number): string {
  const m = MONTHS[month - 1] ?? '';
  const base = `${m} ${ordinalize(numberToWords(day))}`;
  return year === undefined ? base : `${base}, ${yearWords(year)}`;
}

function twoDigitYear(yy: string): number {
  const n = Number(yy);
  return yy.length === 2 ? (n < 70 ? 2000 + n : 1900 + n) : n;
}

const WD_RANGE_RE = new RegExp(String.raw`\b(${WD_ALT}|${DAY_NAME_ALT})(\.?)\s*(-|–|—|to|through|thru)\s*(${WD_ALT}|${DAY_NAME_ALT})(\.?)(?![\w'])`, 'g');
const WD_RE = new RegExp(String.raw`\b(${WD_ALT})(\.?)(?![\w'])`, 'g');
const WD_NEXT_CONTEXT = new RegExp(String.raw`^(?:\s*[,–—]?\s+(?:${MONTH}|\d)|\s*:|\s*(?:,|&|and|\/)\s*(?:${WD_ALT}|${DAY_NAME_ALT})\b)`);
const WD_PREV_CONTEXT = new RegExp(String.raw`(?:\b(?:open|opens|closed|every|on|until|till|through|thru|from|each|next|last|this|except)|(?:${DAY_NAME_ALT}|${WD_ALT})\.?\s*(?:,|&|and|\/))\s*$`, 'i');

function weekdayName(abbr: string): string {
  return WEEKDAY_ABBR.get(abbr.toLowerCase()) ?? abbr;
}

/** "Mon–Fri" → "Monday to Friday"; "Tue, Dec 1" → "Tuesday, Dec 1"; "Closed Sun." → "Closed Sunday.". */
function weekdays(text: string): string {
  const ranged = rewrite(text, WD_RANGE_RE, (m, t) => {
    const conn = m[3] === 'through' || m[3] === 'thru' ? 'through' : 'to';
    return `${weekdayName(m[1] ?? '')} ${conn} ${weekdayName(m[4] ?? '')}${keptPeriod(m[5] === '.', t, m.index + m[0].length)}`;
  });
  return rewrite(ranged, WD_RE, (m, t) => {
    const end = m.index + m[0].length;
    if (!WD_NEXT_CONTEXT.test(textAfter(t, end)) && !WD_PREV_CONTEXT.test(textBefore(t, m.index))) return null;
    return weekdayName(m[1] ?? '') + keptPeriod(m[2] === '.', t, end);
  });
}

const ISO_RE = /(?<![\w./-])(\d{4})-(\d{2})-(\d{2})(?![\w]|[-/.]\d)/g;
const NUMERIC_RE = /(?<![\w./-])(\d{1,2})([/-])(\d{1,2})\2(\d{4}|\d{2})(?![\w]|[-/.]\d)/g;
const ORD = '(?:st|nd|rd|th)?';
const MONTH_DAY_RE = new RegExp(String.raw`\b${MONTH}\s+(\d{1,2})${ORD}(?:\s*(?:-|–|to)\s*(\d{1,2})${ORD})?(?:,?\s+(\d{4}))?(?![\w:]|[.,/]\d)`, 'g');
const DAY_MONTH_RE = new RegExp(String.raw`(?<![\w.,:/$-])(\d{1,2})${ORD}\s+(?:of\s+)?${MONTH}(?:,?\s+(\d{4}))?(?![\w]|[.,]\d)`, 'g');
const MONTH_YEAR_RE = new RegExp(String.raw`\b${MONTH},?\s+(of\s+)?(\d{4})(?![\w]|[.,]\d)`, 'g');
const MONTH_SLASH_DAY_RE = /(?<![\w./-])(\d{1,2})\/(\d{1,2})(?![\w/]|[.,]\d)/g;
const DATE_CONTEXT = /\b(?:on|by|until|till|thru|through|from|due|before|after|since|starting|ending|expires|exp|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday),?\s+$/i;

function fullDates(text: string): string {
  let t = rewrite(text, ISO_RE, (m) => {
    const month = Number(m[2]);
    const day = Number(m[3]);
    return validDay(month, day) ? dateWords(month, day, Number(m[1])) : null;
  });
  t = rewrite(t, NUMERIC_RE, (m) => {
    let month = Number(m[1]);
    let day = Number(m[3]);
    if (month > 12 && day <= 12) [month, day] = [day, month];
    return validDay(month, day) ? dateWords(month, day, twoDigitYear(m[4] ?? '')) : null;
  });
  t = rewrite(t, MONTH_DAY_RE, (m) => {
    const month = monthNumber(m[1] ?? '');
    const day = Number(m[2]);
    if (!validDay(month, day)) return null;
    const until = m[3] !== undefined && validDay(month, Number(m[3])) ? ` to ${ordinalize(numberToWords(Number(m[3])))}` : null;
    if (m[3] !== undefined && until === null) return null;
    const year = m[4] !== undefined ? `, ${yearWords(Number(m[4]))}` : '';
    return `${dateWords(month, day)}${until ?? ''}${year}`;
  });
  t = rewrite(t, DAY_MONTH_RE, (m, src) => {
    const month = monthNumber(m[2] ?? '');
    const day = Number(m[1]);
    if (!validDay(month, day)) return null;
    const the = /^the$/i.test(wordBefore(src, m.index)) ? '' : 'the ';
    const year = m[3] !== undefined ? `, ${yearWords(Number(m[3]))}` : '';
    return `${the}${ordinalize(numberToWords(day))} of ${MONTHS[month - 1] ?? ''}${year}`;
  });
  t = rewrite(t, MONTH_YEAR_RE, (m) => {
    const month = monthNumber(m[1] ?? '');
    return month ? `${MONTHS[month - 1] ?? ''} ${m[2] ?? ''}${yearWords(Number(m[3]))}` : null;
  });
  return rewrite(t, MONTH_SLASH_DAY_RE, (m, src) => {
    const month = Number(m[1]);
    const day = Number(m[2]);
    return DATE_CONTEXT.test(textBefore(src, m.index)) && validDay(month, day) ? dateWords(month, day) : null;
  });
}

const YEAR_WORD = String.raw`in|since|from|during|year|circa|until|till|through|thru|before|after|by|est\.?|established|founded|built|opened|copyright|class of|summer of|spring of|fall of|winter of`;
const YEAR_RE = new RegExp(String.raw`\b(${YEAR_WORD})(\s+)(\d{4})(s?)(?:(\s*(?:-|–|—|to|through|and)\s*)(\d{4})(s?))?(?![\w%°]|[.,:/]\d)`, 'gi');
const DECADE_RE = /(?<![\w.,$/-])['’]?(\d{2}|\d{4})s(?![\w'])/g;

function isYear(digits: string): boolean {
  const y = Number(digits);
  return y >= 1000 && y <= 2099;
}

function yearOrDecade(digits: string, s: string): string {
  return s ? decadeWords(digits) : yearWords(Number(digits));
}

/** "in 1999" → "in nineteen ninety-nine", "from 1999 to 2005", "in the 1990s", "'90s". */
function years(text: string): string {
  const t = rewrite(text, YEAR_RE, (m, src) => {
    const a = m[3] ?? '';
    const b = m[6];
    if (!isYear(a) || (b !== undefined && !isYear(b))) return null;
    if (isCountWord(wordAfter(src, m.index + m[0].length))) return null;
    const first = `${m[1] ?? ''}${m[2] ?? ''}${yearOrDecade(a, m[4] ?? '')}`;
    if (b === undefined) return first;
    const conn = /^\s*[-–—]\s*$/.test(m[5] ?? '') ? ' to ' : m[5] ?? ' to ';
    return `${first}${conn}${yearOrDecade(b, m[7] ?? '')}`;
  });
  return rewrite(t, DECADE_RE, (m) => {
    const d = m[1] ?? '';
    if (!d.endsWith('0') || d.startsWith('0') || (d.length === 4 && !isYear(d))) return null;
    return decadeWords(d);
  });
}

/** Weekdays in context, full dates, month-name dates, dated slashes and years in year contexts. */
export function speakDates(text: string): string {
  return years(fullDates(weekdays(text)));
}

/** Whether month/day (1-based) is a real calendar date (Feb 29 allowed). */
export function isMonthDay(month: number, day: number): boolean {
  return validDay(month, day);
}
