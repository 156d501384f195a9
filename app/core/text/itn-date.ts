/**
 * Spoken dates → ISO "YYYY-MM-DD", relative to `today` in calendar terms: only today's local
 * year, month and day are read (no time zones, no clock time); arithmetic is on plain dates.
 *
 * Rules for the ambiguous forms:
 * - "monday" (a bare weekday): the next one strictly after today; a week from today if today is
 *   Monday (today counts only when said "today").
 * - "this monday" / "coming monday" / "this coming monday": the next one on or after today.
 * - "next monday": the Monday of next week, weeks running Monday–Sunday. On a Wednesday "next
 *   tuesday" is 6 days away (not tomorrow-but-one); on a Sunday it is 2 days away.
 * - "december fifth" (no year): the next December 5th on or after today. "february twenty ninth"
 *   without a year is the next one that exists.
 * - "the fifth": this month if the 5th is today or later, else the next month that has that day.
 * - With a year ("december fifth twenty twenty six"), the date must exist or the result is null.
 * Also: "today", "tonight", "tomorrow", "[the] day after tomorrow", "yesterday", "the fifth of
 * december", "december the fifth", cardinal days after a month ("december five"), and years as
 * "twenty twenty six", "twenty oh five", "two thousand [and] twenty six", "nineteen ninety nine".
 * A leading "on" is ignored.
 */
import { parseBelowHundred, parseCardinal, parseOrdinal, parseTwoDigitGroup } from './itn-numbers.js';
import { MONTH_VALUE, WEEKDAY_VALUE } from './itn-words.js';

/** A calendar date as a UTC midnight (the UTC fields hold the local calendar date). */
type Day = Date;

const MS_PER_DAY = 86_400_000;

const dayOf = (y: number, m: number, d: number): Day => new Date(Date.UTC(y, m - 1, d));
const addDays = (d: Day, n: number): Day => new Date(d.getTime() + n * MS_PER_DAY);
const iso = (d: Day): string =>
  `${String(d.getUTCFullYear()).padStart(4, '0')}-${String(d.getUTCMonth() + 1).padStart(2, '0')}-${String(d.getUTCDate()).padStart(2, '0')}`;

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** The date if it exists (no rollover: February 30th → null). */
function exact(y: number, m: number, d: number): Day | null {
  return m >= 1 && m <= 12 && d >= 1 && d <= daysInMonth(y, m) ? dayOf(y, m, d) : null;
}

/** 1000..9999 as said: "twenty twenty six", "twenty oh five", "nineteen ninety", "two thousand [and] six". */
export function parseYear(words: readonly string[]): number | null {
  const card = parseCardinal(words);
  if (card !== null) return card >= 1000 && card <= 9999 ? card : null;
  for (const k of [1, 2]) {
    if (words.length <= k) continue;
    const century = parseBelowHundred(words.slice(0, k));
    const rest = words.slice(k);
    const yy = rest.length === 1 && rest[0] === 'hundred' ? 0 : parseTwoDigitGroup(rest);
    if (century !== null && century >= 10 && yy !== null) return century * 100 + yy;
  }
  return null;
}

/** Day of month after a month name: an ordinal ("fifth", "the twenty first") or a cardinal ("five"). */
function dayNumber(words: readonly string[], allowCardinal: boolean): number | null {
  const w = words[0] === 'the' ? words.slice(1) : words;
  const d = parseOrdinal(w) ?? (allowCardinal ? parseCardinal(w) : null);
  return d !== null && d >= 1 && d <= 31 ? d : null;
}

/** "<month> [the] <day>" or "[the] <day> of <month>" → [month, day]. */
function monthDay(words: readonly string[]): [number, number] | null {
  const first = MONTH_VALUE.get(words[0] as string);
  if (first !== undefined) {
    const d = dayNumber(words.slice(1), true);
    return d === null ? null : [first, d];
  }
  const last = MONTH_VALUE.get(words[words.length - 1] as string);
  if (last !== undefined && words[words.length - 2] === 'of') {
    const d = dayNumber(words.slice(0, -2), false);
    return d === null ? null : [last, d];
  }
  return null;
}

/** The next date with this month and day on or after `from` (up to 8 years ahead, for February 29th). */
function nextMonthDay(from: Day, month: number, day: number): Day | null {
  for (let y = from.getUTCFullYear(); y <= from.getUTCFullYear() + 8; y++) {
    const d = exact(y, month, day);
    if (d !== null && d.getTime() >= from.getTime()) return d;
  }
  return null;
}

/** "the fifth": this month if not past, else the next month that has the day. */
function nextDayOfMonth(from: Day, day: number): Day | null {
  for (let i = 0; i < 13; i++) {
    const y = from.getUTCFullYear() + Math.floor((from.getUTCMonth() + i) / 12);
    const m = ((from.getUTCMonth() + i) % 12) + 1;
    const d = exact(y, m, day);
    if (d !== null && d.getTime() >= from.getTime()) return d;
  }
  return null;
}

function weekday(words: readonly string[], today: Day): Day | null {
  const last = words[words.length - 1] as string;
  const wd = WEEKDAY_VALUE.get(last);
  if (wd === undefined) return null;
  const lead = words.slice(0, -1).join(' ');
  const dow = today.getUTCDay();
  const ahead = (wd - dow + 7) % 7;
  switch (lead) {
    case '': return addDays(today, ahead === 0 ? 7 : ahead);
    case 'this': case 'coming': case 'this coming': return addDays(today, ahead);
    case 'next': {
      const mondayNextWeek = addDays(today, 7 - ((dow + 6) % 7));
      return addDays(mondayNextWeek, (wd + 6) % 7);
    }
    default: return null;
  }
}

function parseDay(words: readonly string[], today: Day): Day | null {
  switch (words.join(' ')) {
    case 'today': case 'tonight': return today;
    case 'tomorrow': return addDays(today, 1);
    case 'the day after tomorrow': case 'day after tomorrow': return addDays(today, 2);
    case 'yesterday': return addDays(today, -1);
  }
  const wd = weekday(words, today);
  if (wd !== null) return wd;
  // A month and day, with an optional year after it: try the shorter day first.
  for (let k = 2; k <= Math.min(words.length, 5); k++) {
    const md = monthDay(words.slice(0, k));
    if (md === null) continue;
    const rest = words.slice(k);
    if (rest.length === 0) return nextMonthDay(today, md[0], md[1]);
    const year = parseYear(rest);
    if (year !== null) return exact(year, md[0], md[1]);
  }
  if (words[0] === 'the' || words.length <= 2) {
    const d = dayNumber(words, false);
    if (d !== null) return nextDayOfMonth(today, d);
  }
  return null;
}

export function parseDate(words: readonly string[], today: Date): string | null {
  if (words.length === 0 || words.length > 16 || Number.isNaN(today.getTime())) return null;
  const w = words[0] === 'on' ? words.slice(1) : words;
  if (w.length === 0) return null;
  const d = parseDay(w, dayOf(today.getFullYear(), today.getMonth() + 1, today.getDate()));
  return d === null ? null : iso(d);
}
