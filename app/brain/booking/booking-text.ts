/**
 * How the booking brain words things for the screen and the voice: lists, services with their
 * article, prices, phone numbers read back in groups, weekly hours, a booking summary.
 */
import { formatMoney } from '../../core/speakable.js';
import { formatPhone } from '../../core/text/itn.js';
import { openingHours, weeklyHours, type Schedule, type ServiceRow } from './availability.js';
import { clockText, dayText, onDayText, weekdayName, weekdayOf } from './booking-time.js';

export function listWords(items: readonly string[], joiner: 'and' | 'or' = 'and'): string {
  if (items.length <= 1) return items.join('');
  if (items.length === 2) return `${items[0] as string} ${joiner} ${items[1] as string}`;
  return `${items.slice(0, -1).join(', ')} ${joiner} ${items[items.length - 1] as string}`;
}

/** "Physio Session" → "a physio session", "Initial Assessment" → "an initial assessment", article '' → "acupuncture". */
export function serviceWithArticle(name: string, article: string | null = null): string {
  const lower = name.toLowerCase();
  const a = article ?? (/^[aeiou]/.test(lower) ? 'an' : 'a');
  return a === '' ? lower : `${a} ${lower}`;
}

export const serviceLower = (s: Pick<ServiceRow, 'name'>): string => s.name.toLowerCase();

export function priceText(cents: number): string {
  return formatMoney(cents / 100);
}

const DIGIT_WORDS = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'];

/** "4155550142" → "four one five, five five five, zero one four two" (read back in groups). */
export function phoneForVoice(digits: string): string {
  return formatPhone(digits).split('-').map((g) => [...g].map((c) => DIGIT_WORDS[Number(c)] ?? c).join(' ')).join(', ');
}

export function phoneForScreen(digits: string): string {
  return formatPhone(digits);
}

/** A few free times spread over the day (all of them when there are few). */
export function spread<T>(items: readonly T[], count = 4): T[] {
  if (items.length <= count) return [...items];
  const out: T[] = [];
  for (let i = 0; i < count; i++) out.push(items[Math.round((i * (items.length - 1)) / (count - 1))] as T);
  return [...new Set(out)];
}

/** Weekdays in the order a week is read (Monday first, Sunday last). */
const WEEK_ORDER = [1, 2, 3, 4, 5, 6, 0];

/** Runs of consecutive weekdays with the same text: "Monday to Friday, 9:00 AM to 5:00 PM; Saturday, 10:00 AM to 2:00 PM". */
function weekRuns(byDay: ReadonlyMap<number, string>): string {
  const runs: Array<{ from: number; to: number; text: string }> = [];
  for (const wd of WEEK_ORDER) {
    const text = byDay.get(wd);
    if (text === undefined) continue;
    const last = runs[runs.length - 1];
    const prevDay = last ? WEEK_ORDER[WEEK_ORDER.indexOf(wd) - 1] : undefined;
    if (last && last.text === text && last.to === prevDay) last.to = wd;
    else runs.push({ from: wd, to: wd, text });
  }
  return listWords(runs.map((r) => {
    const days = r.from === r.to ? weekdayName(r.from)
      : WEEK_ORDER.indexOf(r.to) - WEEK_ORDER.indexOf(r.from) === 1 ? `${weekdayName(r.from)} and ${weekdayName(r.to)}`
        : `${weekdayName(r.from)} to ${weekdayName(r.to)}`;
    return `${days}, ${r.text}`;
  }));
}

const spanText = (spans: ReadonlyArray<{ start: string; end: string }>): string => listWords(spans.map((s) => `${clockText(s.start)} to ${clockText(s.end)}`));

export function staffWeekText(s: Schedule, staffId: number): string {
  const byDay = new Map<number, string>();
  for (const h of weeklyHours(s, staffId)) byDay.set(h.weekday, spanText(h.spans));
  return weekRuns(byDay);
}

export function openingWeekText(s: Schedule): string {
  const byDay = new Map<number, string>();
  for (let wd = 0; wd < 7; wd++) {
    const h = openingHours(s, wd);
    if (h) byDay.set(wd, spanText([h]));
  }
  return weekRuns(byDay);
}

/** The staff member's hours on one date, or null when they are not in. */
export function staffDayText(s: Schedule, staffId: number, date: string): string | null {
  const day = weeklyHours(s, staffId).find((h) => h.weekday === weekdayOf(date));
  return day ? spanText(day.spans) : null;
}

/** `service`: the service as it reads in a sentence ("a physio session", "your checkup", "acupuncture"). */
export interface Summary { service: string; staff: string; date: string; time: string; name: string; phone: string; priceCents: number; minutes: number }

/** "a physio session with Maria Lopez on Wednesday, Dec 2 at 4:00 PM" (screen and voice alike). */
export function bookingLine(b: Pick<Summary, 'service' | 'staff' | 'date' | 'time'>, today: string): string {
  return `${b.service} with ${b.staff} ${onDayText(b.date, today)} at ${clockText(b.time)}`;
}

export function readBack(b: Summary, today: string): { screen: string; voice: string } {
  const head = `So that's ${bookingLine(b, today)}, for ${b.name}`;
  const tail = `It's ${priceText(b.priceCents)} and takes ${b.minutes} minutes.`;
  return {
    screen: `${head}, phone ${phoneForScreen(b.phone)}. ${tail}`,
    voice: `${head}, phone ${phoneForVoice(b.phone)}. ${tail}`,
  };
}

export { clockText, dayText, onDayText };
