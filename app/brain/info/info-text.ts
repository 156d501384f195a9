/** Small text helpers for the info brain's replies: clock times, days, lists, names. */

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const DIGITS = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'];

/** '21:00' → '9:00 PM', '12:30' → '12:30 PM', '00:15' → '12:15 AM'. */
export function clock(hhmm: string): string {
  const [h = 0, m = 0] = hhmm.split(':').map(Number);
  const suffix = h >= 12 && h < 24 ? 'PM' : 'AM';
  const h12 = h % 12 === 0 ? 12 : h % 12;
  return `${h12}:${String(m).padStart(2, '0')} ${suffix}`;
}

/** Minutes since midnight of 'HH:MM'. */
export function minutesOf(hhmm: string): number {
  const [h = 0, m = 0] = hhmm.split(':').map(Number);
  return h * 60 + m;
}

/** The local calendar date of a Date as ISO 'YYYY-MM-DD'. */
export function isoDay(d: Date): string {
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

export function addDays(iso: string, n: number): string {
  const [y, m, d] = iso.split('-').map(Number);
  return new Date(Date.UTC(y ?? 1970, (m ?? 1) - 1, (d ?? 1) + n)).toISOString().slice(0, 10);
}

export function daysBetween(from: string, to: string): number {
  const t = (iso: string): number => {
    const [y, m, d] = iso.split('-').map(Number);
    return Date.UTC(y ?? 1970, (m ?? 1) - 1, d ?? 1);
  };
  return Math.round((t(to) - t(from)) / 86_400_000);
}

/** '2026-12-25' → 'December 25'. */
export function monthDay(iso: string): string {
  const [, m = 1, d = 1] = iso.split('-').map(Number);
  return `${MONTHS[m - 1] ?? ''} ${d}`;
}

/**
 * How to name a date relative to today: "today", "tomorrow", "on Friday" (within a week),
 * "on Friday, December 25" (later), or "on Christmas Day" for a holiday.
 */
export function dayPhrase(date: string, weekdayName: string, today: string, holiday: string | null): string {
  if (holiday) return `on ${holiday}`;
  const ahead = daysBetween(today, date);
  if (ahead === 0) return 'today';
  if (ahead === 1) return 'tomorrow';
  if (ahead > 1 && ahead < 7) return `on ${weekdayName}`;
  return `on ${weekdayName}, ${monthDay(date)}`;
}

/** ["a", "b", "c"] → "a, b and c" (or "or"). */
export function listWords(items: readonly string[], conj: 'and' | 'or' = 'and'): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} ${conj} ${items[items.length - 1] as string}`;
}

export function capitalize(s: string): string {
  return s.length === 0 ? s : `${(s[0] as string).toUpperCase()}${s.slice(1)}`;
}

/** A product or store name read as plural ("Paint Rollers", "Safety Glasses"), not "Glass". */
export function isPlural(name: string): boolean {
  const last = name.trim().split(/\s+/).pop()?.toLowerCase() ?? '';
  return /[^s]s$/.test(last);
}

/** "(555) 201-4410" → "five five five, two zero one, four four one zero" (digit by digit, grouped). */
export function phoneForVoice(phone: string): string {
  const groups = phone.match(/\d+/g) ?? [];
  return groups.map((g) => [...g].map((d) => DIGITS[Number(d)] as string).join(' ')).join(', ');
}

/**
 * A street address as people say it: the house number in pairs ("4580 East Market Road" → "45 80
 * East Market Road", read "forty-five eighty"; "120 Main Street" → "1 20 Main Street"; "105" →
 * "1 oh 5"). The TTS normalizer reads the remaining digits.
 */
export function addressForVoice(address: string): string {
  return address.replace(/^(\d{3,4})\b/, (n) => {
    const head = n.slice(0, n.length - 2);
    const tail = n.slice(-2);
    if (tail === '00') return `${head} hundred`;
    return tail.startsWith('0') ? `${head} oh ${tail.slice(1)}` : `${head} ${tail}`;
  });
}
