/**
 * A date and a clock time in one phrase: "<date> at <time>" ("next tuesday at half past three",
 * "tomorrow at noon") or "[at] <time> [on] <date>" ("three p m on friday", "noon tomorrow").
 * The date follows parseDate's rules and the time parseTime's (an hour said without am/pm stays
 * as said, with `ambiguous` set).
 */
import { parseDate } from './itn-date.js';
import { parseTime } from './itn-time.js';

export interface DateAndTime {
  /** ISO "YYYY-MM-DD". */
  date: string;
  hour: number;
  minute: number;
  ambiguous: boolean;
}

export function parseDateTime(words: readonly string[], today: Date): DateAndTime | null {
  if (words.length < 2 || words.length > 24) return null;
  const both = (d: readonly string[], t: readonly string[]): DateAndTime | null => {
    const time = t.length > 0 ? parseTime(t) : null;
    const date = time !== null && d.length > 0 ? parseDate(d, today) : null;
    return time !== null && date !== null ? { date, ...time } : null;
  };
  // "<date> at <time>"
  for (let i = 1; i < words.length - 1; i++) {
    if (words[i] !== 'at') continue;
    const r = both(words.slice(0, i), words.slice(i + 1));
    if (r) return r;
  }
  // "[at] <time> [on] <date>"
  const w = words[0] === 'at' ? words.slice(1) : words;
  for (let k = 1; k < w.length; k++) {
    const date = w[k] === 'on' ? w.slice(k + 1) : w.slice(k);
    const r = both(date, w.slice(0, k));
    if (r) return r;
  }
  return null;
}
