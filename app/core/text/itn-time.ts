/**
 * Spoken clock times → { hour (0–23), minute }.
 *
 *   "three thirty p m" → 15:30        "ten o'clock" → 10:00 (ambiguous)  "noon" → 12:00
 *   "quarter to five" → 4:45 (amb.)   "half past three" → 3:30 (amb.)    "midnight" → 0:00
 *   "nine in the morning" → 9:00      "two in the afternoon" → 14:00     "eleven at night" → 23:00
 *   "fourteen thirty" → 14:30         "ten past midnight" → 0:10         "eight tonight" → 20:00
 *
 * Without a day part (a m, p m, in the morning/afternoon/evening, at night, tonight) an hour of
 * 1–12 is returned as said and `ambiguous` is true: "twelve thirty" → 12:30, "quarter to one" →
 * 12:45. Use resolveHour() to pick am or pm for those. Day parts: "a m" / "in the morning" → am
 * ("twelve a m" = 0); "p m" / "in the afternoon" / "in the evening" → pm ("twelve p m" = 12);
 * "at night" / "tonight" → pm for 6–11, am for 1–5, and "twelve at night" = 0.
 */
import { parseCardinal, parseTwoDigitGroup } from './itn-numbers.js';

export interface ClockTime {
  hour: number;
  minute: number;
  /** True when an hour of 1–12 was said without am/pm or a day part (see resolveHour). */
  ambiguous: boolean;
}

type DayPart = 'am' | 'pm' | 'night';

const DAY_PARTS: ReadonlyArray<[string, DayPart]> = [
  ['a m', 'am'], ['am', 'am'], ['a.m.', 'am'], ['a.m', 'am'], ['in the morning', 'am'], ['this morning', 'am'],
  ['p m', 'pm'], ['pm', 'pm'], ['p.m.', 'pm'], ['p.m', 'pm'], ['in the afternoon', 'pm'], ['this afternoon', 'pm'],
  ['in the evening', 'pm'], ['this evening', 'pm'], ['at night', 'night'], ['tonight', 'night'],
];

const PAST = new Set(['past', 'after']);
const TO = new Set(['to', 'till', 'til', 'of', 'before']);

/** A time before a day part: either an hour as said on a 12-hour clock or a fixed 24-hour time. */
type Core = { said: boolean; hour: number; minute: number };

function splitDayPart(words: readonly string[]): [readonly string[], DayPart | null] {
  for (const [text, part] of DAY_PARTS) {
    const n = text.split(' ').length;
    if (words.length > n && words.slice(-n).join(' ') === text) return [words.slice(0, -n), part];
  }
  return [words, null];
}

function applyDayPart(hour: number, part: DayPart): number {
  const h = hour % 12;
  switch (part) {
    case 'am': return h;
    case 'pm': return h + 12;
    case 'night': return h >= 6 ? h + 12 : h;
  }
}

const saidHour = (words: readonly string[]): number | null => {
  const h = parseCardinal(words);
  return h !== null && h >= 1 && h <= 12 ? h : null;
};

/** Minutes after the hour as a two-digit group: "oh five", "fifteen", "thirty", "fifty nine". */
function clockMinutes(words: readonly string[]): number | null {
  const m = parseTwoDigitGroup(words);
  return m !== null && m >= 1 && m <= 59 ? m : null;
}

/** The minutes of "half past", "a quarter to", "ten past", "twenty five minutes to". */
function relativeMinutes(words: readonly string[], past: boolean): number | null {
  const key = words.join(' ');
  if (key === 'half') return past ? 30 : null;
  if (key === 'quarter' || key === 'a quarter') return 15;
  const w = words[words.length - 1] === 'minutes' || words[words.length - 1] === 'minute' ? words.slice(0, -1) : words;
  const m = parseCardinal(w);
  return m !== null && m >= 1 && m <= 29 ? m : null;
}

function fixedHour(words: readonly string[]): number | null {
  const key = words.join(' ');
  if (key === 'noon' || key === 'twelve noon' || key === 'midday') return 12;
  if (key === 'midnight' || key === 'twelve midnight') return 0;
  return null;
}

function parseCore(words: readonly string[]): Core | null {
  const fixed = fixedHour(words);
  if (fixed !== null) return { said: false, hour: fixed, minute: 0 };
  const r = words.findIndex((w) => PAST.has(w) || TO.has(w));
  if (r >= 1) {
    const past = PAST.has(words[r] as string);
    const m = relativeMinutes(words.slice(0, r), past);
    if (m === null) return null;
    const target = words.slice(r + 1);
    const f = fixedHour(target);
    if (f !== null) return { said: false, ...shift(f, m, past, 24) };
    const h = saidHour(target);
    return h === null ? null : { said: true, ...shift(h, m, past, 12) };
  }
  if (words.length >= 2 && words[words.length - 1] === "o'clock") {
    const h = saidHour(words.slice(0, -1));
    return h === null ? null : { said: true, hour: h, minute: 0 };
  }
  const h = saidHour(words);
  if (h !== null) return { said: true, hour: h, minute: 0 };
  // "<hour> <minutes>": the hour is one or two words ("twenty one fifteen").
  for (const k of [1, 2]) {
    if (words.length <= k) continue;
    const hour = parseCardinal(words.slice(0, k));
    const minute = clockMinutes(words.slice(k));
    if (hour === null || minute === null || hour < 1 || hour > 23) continue;
    return { said: hour <= 12, hour, minute };
  }
  return null;
}

/** Minutes past or to an hour on a 12- or 24-hour dial ("quarter to one" → 12:45 on a 12-hour dial). */
function shift(hour: number, minutes: number, past: boolean, dial: 12 | 24): { hour: number; minute: number } {
  const total = (((hour * 60 + (past ? minutes : -minutes)) % (dial * 60)) + dial * 60) % (dial * 60);
  const h = Math.floor(total / 60);
  return { hour: dial === 12 && h === 0 ? 12 : h, minute: total % 60 };
}

export function parseTime(words: readonly string[]): ClockTime | null {
  if (words.length === 0 || words.length > 16) return null;
  const [rest, part] = splitDayPart(words);
  if (part === null) {
    const c = parseCore(rest);
    return c === null ? null : { hour: c.hour, minute: c.minute, ambiguous: c.said };
  }
  // With a day part the hour said is made 24-hour first, then any "past"/"to" applies to it.
  const r = rest.findIndex((w) => PAST.has(w) || TO.has(w));
  if (r >= 1) {
    const past = PAST.has(rest[r] as string);
    const m = relativeMinutes(rest.slice(0, r), past);
    const h = saidHour(rest.slice(r + 1));
    if (m === null || h === null) return null;
    return { ...shift(applyDayPart(h, part), m, past, 24), ambiguous: false };
  }
  const c = parseCore(rest);
  if (c === null || !c.said) return null;
  return { hour: applyDayPart(c.hour, part), minute: c.minute, ambiguous: false };
}

/**
 * Picks am or pm for an hour said without one (parseTime's `ambiguous`), for business contexts:
 * with opening hours [open, close] (24-hour, close may be past midnight, e.g. [17, 2]) the reading
 * that falls inside them (open ≤ time < close) wins when exactly one does; otherwise 1–7 → pm
 * (13–19), 8–11 → am, 12 → noon. Hours outside 1–12 are returned unchanged.
 */
export function resolveHour(hour: number, minute: number, opts: { openingHours?: readonly [number, number] } = {}): number {
  if (!Number.isInteger(hour) || hour < 1 || hour > 12) return hour;
  const am = hour % 12;
  const pm = am + 12;
  const fallback = hour === 12 ? 12 : hour <= 7 ? pm : am;
  const open = opts.openingHours;
  if (!open) return fallback;
  const [start, end] = open;
  const t = (h: number): number => h * 60 + minute;
  const inside = (h: number): boolean => (start <= end ? t(h) >= start * 60 && t(h) < end * 60 : t(h) >= start * 60 || t(h) < end * 60);
  const amIn = inside(am);
  const pmIn = inside(pm);
  if (amIn !== pmIn) return amIn ? am : pm;
  return fallback;
}
