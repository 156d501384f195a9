/**
 * Wall-clock helpers for the appointment book: dates as 'YYYY-MM-DD', times as 'HH:MM', moments as
 * 'YYYY-MM-DDTHH:MM' (the kiosk's local time, no zone), and how they are shown and spoken
 * ("Tuesday, Dec 1", "3:30 PM"). Pure; calendar arithmetic is done in UTC so no zone shifts a day.
 */

const MONTH_SHORT = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;
const WEEKDAY_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'] as const;

const pad = (n: number): string => String(n).padStart(2, '0');

export function isDate(s: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(s);
}

export function isTime(s: string): boolean {
  return /^([01]\d|2[0-3]):[0-5]\d$/.test(s);
}

/** The local date and time of a clock reading. */
export function localParts(now: Date): { date: string; time: string } {
  return {
    date: `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`,
    time: `${pad(now.getHours())}:${pad(now.getMinutes())}`,
  };
}

/** 'HH:MM' → minutes after midnight ('24:00' → 1440). */
export function toMinutes(time: string): number {
  const [h, m] = time.split(':');
  return Number(h) * 60 + Number(m);
}

/** Minutes after midnight → 'HH:MM'. */
export function fromMinutes(min: number): string {
  return `${pad(Math.floor(min / 60))}:${pad(min % 60)}`;
}

function utc(date: string): Date {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y as number, (m as number) - 1, d as number));
}

/** 0 = Sunday … 6 = Saturday. */
export function weekdayOf(date: string): number {
  return utc(date).getUTCDay();
}

export function addDays(date: string, days: number): string {
  const d = utc(date);
  d.setUTCDate(d.getUTCDate() + days);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

export function weekdayName(weekday: number): string {
  return WEEKDAY_NAMES[weekday] ?? '';
}

/** 'YYYY-MM-DD' + 'HH:MM' → 'YYYY-MM-DDTHH:MM'. */
export function at(date: string, time: string): string {
  return `${date}T${time}`;
}

/** 'YYYY-MM-DDTHH:MM' → [date, time]. */
export function splitMoment(moment: string): [string, string] {
  return [moment.slice(0, 10), moment.slice(11, 16)];
}

/** A moment plus minutes (may cross midnight). */
export function addMinutesTo(moment: string, minutes: number): string {
  const [date, time] = splitMoment(moment);
  const total = toMinutes(time) + minutes;
  const days = Math.floor(total / 1440);
  return at(addDays(date, days), fromMinutes(total - days * 1440));
}

/** '15:30' → '3:30 PM', '12:00' → '12:00 PM' (the TTS normalizer reads it as "three thirty p m"). */
export function clockText(time: string): string {
  const min = toMinutes(time);
  const h = Math.floor(min / 60);
  const m = min % 60;
  const h12 = h % 12 === 0 ? 12 : h % 12;
  return `${h12}:${pad(m)} ${h < 12 ? 'AM' : 'PM'}`;
}

/** 'YYYY-MM-DD' → 'Tuesday, Dec 1'. */
export function dayText(date: string): string {
  const d = utc(date);
  return `${weekdayName(d.getUTCDay())}, ${MONTH_SHORT[d.getUTCMonth()] as string} ${d.getUTCDate()}`;
}

/** A day relative to today: "today", "tomorrow", else "Tuesday, Dec 1". */
export function relativeDayText(date: string, today: string): string {
  if (date === today) return 'today';
  if (date === addDays(today, 1)) return 'tomorrow';
  return dayText(date);
}

/** A day as a phrase after a verb: "today", "tomorrow", "on Tuesday, Dec 1". */
export function onDayText(date: string, today: string): string {
  const rel = relativeDayText(date, today);
  return rel === 'today' || rel === 'tomorrow' ? rel : `on ${rel}`;
}
