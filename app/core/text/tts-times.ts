/**
 * Clock times for the voice. "8:00" → "eight o'clock", "8:05" → "eight oh five",
 * "3:30 PM" / "3:30pm" / "3:30 p.m." / "15:30" → "three thirty p m", "8:00 AM" → "eight a m",
 * "12:00 PM" / "12 noon" → "noon", "12:00 AM" / "0:00" / "24:00" → "midnight",
 * "9am–5pm" → "nine a m to five p m". A zero-padded hour ("08:30") is a 24-hour time and gets
 * "a m"; hours 13–23 become "p m". Seconds, when written, are read "and N seconds".
 */
import { numberToWords } from './spoken-numbers.js';
import { keptPeriod, rewrite } from './tts-rewrite.js';

type Meridiem = 'a' | 'p' | undefined;

function clock(h: number, min: number, suffix: string): string {
  const hw = numberToWords(h);
  if (min === 0) return suffix ? `${hw} ${suffix}` : `${hw} o'clock`;
  const mw = min < 10 ? `oh ${numberToWords(min)}` : numberToWords(min);
  return `${hw} ${mw}${suffix ? ` ${suffix}` : ''}`;
}

/** Hour, minute and am/pm → words; null when it is not a clock time (25:00, 7:75). */
export function timeWords(h: number, min: number, meridiem: Meridiem, twentyFour = false): string | null {
  if (!Number.isInteger(h) || !Number.isInteger(min) || min < 0 || min > 59 || h < 0) return null;
  if (meridiem && h >= 1 && h <= 12) {
    if (h === 12 && min === 0) return meridiem === 'p' ? 'noon' : 'midnight';
    return clock(h, min, meridiem === 'p' ? 'p m' : 'a m');
  }
  if (h > 24 || (h === 24 && min > 0)) return null;
  if ((h === 0 || h === 24) && min === 0) return 'midnight';
  if (h === 0) return clock(12, min, 'a m');
  if (h > 12) return clock(h - 12, min, 'p m');
  if (twentyFour || meridiem) {
    if (h === 12) return min === 0 ? 'noon' : clock(12, min, 'p m');
    return clock(h, min, 'a m');
  }
  return clock(h, min, '');
}

const AMPM = String.raw`[AaPp]\.?\s?[Mm]\.?(?![A-Za-z])`;
const TIME = String.raw`\d{1,2}(?::\d{2}){0,2}(?:\s?${AMPM})?`;
const PARTS_RE = /^(\d{1,2})(?::(\d{2}))?(?::(\d{2}))?\s?(?:([AaPp])\.?\s?[Mm](\.?))?$/;
const RANGE_RE = new RegExp(String.raw`(?<![\w.:,$/-])(${TIME})(\s*(?:-|–|—|to|until|till|til)\s*)(${TIME})(?![\w:]|[.,]\d)`, 'g');
const COLON_RE = new RegExp(String.raw`(?<![\w.:,$/-])\d{1,2}:\d{2}(?::\d{2})?(?:\s?${AMPM})?(?![\w:]|[.,]\d)`, 'g');
const HOUR_AMPM_RE = new RegExp(String.raw`(?<![\w.:,$/-])\d{1,2}\s?${AMPM}`, 'g');
const NOON_RE = /(?<![\w.:,$/-])12(?::00)?\s+(noon|midnight)\b/gi;

interface ParsedTime { words: string; periodEnd: boolean; explicit: boolean }

/** One written time → words; `twentyFour` when the other end of a range is a 24-hour time. */
function parseTime(written: string, twentyFour: boolean): ParsedTime | null {
  const p = PARTS_RE.exec(written.trim());
  if (!p) return null;
  const h = Number(p[1]);
  const min = p[2] === undefined ? 0 : Number(p[2]);
  const meridiem: Meridiem = p[4] === undefined ? undefined : p[4].toLowerCase() === 'p' ? 'p' : 'a';
  const padded = (p[1] ?? '').length === 2 && (p[1] ?? '').startsWith('0');
  let words = timeWords(h, min, meridiem, twentyFour || padded);
  if (words === null) return null;
  if (p[3] !== undefined) {
    const s = Number(p[3]);
    if (s > 59) return null;
    if (s > 0) words += ` and ${numberToWords(s)} ${s === 1 ? 'second' : 'seconds'}`;
  }
  const explicit = meridiem !== undefined || p[2] !== undefined;
  // A bare hour is only a time because of the other end of its range: "9 to 11am" → "nine to eleven a m".
  if (!explicit && !twentyFour) words = numberToWords(h);
  return { words, periodEnd: p[5] === '.', explicit };
}

function is24(written: string): boolean {
  const p = PARTS_RE.exec(written.trim());
  if (!p || p[4] !== undefined || p[2] === undefined) return false;
  const h = Number(p[1]);
  return h > 12 || h === 0 || (p[1] ?? '').startsWith('0');
}

const NOON_FIRST_RE = new RegExp(String.raw`\b(noon|midnight)\s*[-–—]\s*(?=\d{1,2}(?::\d{2})?\s?${AMPM}|\d{1,2}:\d{2})`, 'gi');
const NOON_LAST_RE = new RegExp(String.raw`(?<![\w.:,$/-])(\d{1,2}(?::\d{2})?\s?${AMPM}|\d{1,2}:\d{2})\s*[-–—]\s*(noon|midnight)\b`, 'gi');

export function speakTimes(text: string): string {
  let t = rewrite(text, NOON_RE, (m) => (m[1] ?? '').toLowerCase());
  // "noon–2pm", "10am–noon": the dash is "to" (the times themselves are read below).
  t = rewrite(t, NOON_FIRST_RE, (m) => `${m[1] ?? ''} to `);
  t = rewrite(t, NOON_LAST_RE, (m) => `${m[1] ?? ''} to ${m[2] ?? ''}`);
  t = rewrite(t, RANGE_RE, (m, src) => {
    const a = m[1] ?? '';
    const b = m[3] ?? '';
    const twentyFour = is24(a) || is24(b);
    const pa = parseTime(a, twentyFour);
    const pb = parseTime(b, twentyFour);
    if (!pa || !pb || (!pa.explicit && !pb.explicit)) return null;
    const conn = (m[2] ?? '').trim();
    const word = /^[-–—]$/.test(conn) ? 'to' : conn.toLowerCase();
    return `${pa.words} ${word} ${pb.words}${keptPeriod(pb.periodEnd, src, m.index + m[0].length)}`;
  });
  const single = (m: RegExpExecArray, src: string): string | null => {
    const p = parseTime(m[0], false);
    return p ? p.words + keptPeriod(p.periodEnd, src, m.index + m[0].length) : null;
  };
  t = rewrite(t, COLON_RE, single);
  return rewrite(t, HOUR_AMPM_RE, single);
}
