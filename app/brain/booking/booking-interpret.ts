/** A grammar match of a booking intent → BookingIntent, reading slot values with ITN. */
import type { MatchResult } from '../../core/grammar/matcher.js';
import { parseDate, parsePhone, parseSpelled, parseTime } from '../../core/text/itn.js';
import { slotWords } from '../brain.js';
import type { BookingIntent, Details } from './booking-intent.js';

function ids(value: string): number[] {
  return value.split(',').map(Number).filter((n) => Number.isInteger(n) && n > 0);
}

/** The value of the last tag with this prefix ("service=4,5" → "4,5"). */
function lastTag(match: MatchResult, prefix: string): string | null {
  let out: string | null = null;
  for (const s of match.spans) if (s.tag.startsWith(`${prefix}=`)) out = s.tag.slice(prefix.length + 1);
  return out;
}

const capitalize = (words: readonly string[]): string => words.map((w) => w.replace(/^./, (c) => c.toUpperCase())).join(' ');

/** Ten digits for a phone number ("1" + ten is fine); null when it is not one. */
export function tenDigits(digits: string): string | null {
  if (digits.length === 11 && digits.startsWith('1')) return digits.slice(1);
  return digits.length === 10 ? digits : null;
}

export function readDetails(match: MatchResult, words: readonly string[], today: Date): Details {
  const d: Details = {};
  const invalid: NonNullable<Details['invalid']> = [];
  const service = lastTag(match, 'service');
  if (service !== null) d.serviceIds = ids(service);
  const staff = lastTag(match, 'staff');
  if (staff !== null) d.staff = staff === 'any' ? 'any' : ids(staff);
  const date = slotWords(match, words, 'date');
  if (date) {
    const iso = parseDate(date, today);
    if (iso !== null) d.date = iso;
    else invalid.push('date');
  }
  const time = slotWords(match, words, 'time');
  if (time) {
    const t = parseTime(time);
    if (t !== null) d.time = t;
    else invalid.push('time');
  }
  const phone = slotWords(match, words, 'phone');
  if (phone) {
    const digits = parsePhone(phone);
    const ten = digits === null ? null : tenDigits(digits);
    if (ten !== null) d.phone = ten;
    else invalid.push('phone');
  }
  const known = slotWords(match, words, 'name');
  const spelled = slotWords(match, words, 'spelled');
  if (known) d.name = capitalize(known);
  else if (spelled) {
    const text = parseSpelled(spelled);
    if (text !== null && text.length >= 2) {
      d.name = text;
      if (spelled.length === words.length) d.bareSpelled = true;
    } else invalid.push('name');
  }
  if (invalid.length > 0) d.invalid = invalid;
  return d;
}

export function interpretBooking(intentName: string, match: MatchResult, words: readonly string[], today: Date): BookingIntent | null {
  const d = readDetails(match, words, today);
  // A stray letter ("i" in "where can i park") is not a spelled name: the words mean nothing here.
  if (d.invalid?.includes('name')) return null;
  switch (intentName) {
    case 'pick': {
      const n = Number(lastTag(match, 'pick'));
      return Number.isInteger(n) && n !== 0 ? { kind: 'pick', index: n } : null;
    }
    case 'book': return { kind: 'book', d };
    case 'details': case 'name': case 'phone':
      return { kind: 'details', d, correction: match.spans.some((s) => s.tag === 'fix') };
    case 'check_in': return { kind: 'check_in', d };
    case 'cancel_appointment': return { kind: 'cancel_appointment', d };
    case 'reschedule': return { kind: 'reschedule', d };
    case 'ask_slots': return { kind: 'ask_slots', d };
    case 'ask_staff_hours': return { kind: 'ask_staff_hours', d };
    case 'ask_price': return { kind: 'ask_price', d };
    case 'ask_duration': return { kind: 'ask_duration', d };
    case 'ask_services': return { kind: 'ask_services' };
    case 'ask_hours': return { kind: 'ask_hours', d };
    default: return null;
  }
}
