/**
 * What a booking utterance means. Slots are as heard: a service or staff name that names several
 * rows carries all their ids (the policy asks "Did you mean …?"), a clock time keeps whether its
 * am/pm was said (the policy picks one from the opening hours of the day).
 */

export interface SaidTime { hour: number; minute: number; ambiguous: boolean }

export interface Details {
  /** Ids of the services the words name (several: ambiguous). */
  serviceIds?: number[];
  /** Ids of the staff the words name (several: ambiguous), or 'any' ("with anyone"). */
  staff?: number[] | 'any';
  /** 'YYYY-MM-DD'. */
  date?: string;
  time?: SaidTime;
  name?: string;
  /** Digits as heard (10 expected). */
  phone?: string;
  /** The whole utterance was a spelled name ("j a n e"): only taken as an answer to "What name?". */
  bareSpelled?: boolean;
  /** A slot was heard but its words are not a valid value ("february thirtieth"). */
  invalid?: Array<'date' | 'time' | 'phone' | 'name'>;
}

export type BookingIntent =
  /** "I'd like to book a physio session with Maria tomorrow at three". */
  | { kind: 'book'; d: Details }
  /** A slot answer or correction ("tomorrow", "no, make that Wednesday", "my number is …"). */
  | { kind: 'details'; d: Details; correction: boolean }
  | { kind: 'check_in'; d: Details }
  | { kind: 'cancel_appointment'; d: Details }
  /** d: the new date / time / staff ("to Friday at eleven"). */
  | { kind: 'reschedule'; d: Details }
  | { kind: 'ask_slots'; d: Details }
  | { kind: 'ask_staff_hours'; d: Details }
  | { kind: 'ask_price'; d: Details }
  | { kind: 'ask_duration'; d: Details }
  | { kind: 'ask_services' }
  | { kind: 'ask_hours'; d: Details }
  /** "The second one": 1-based, -1 the last. */
  | { kind: 'pick'; index: number };

/** Later details override earlier ones; invalid markers accumulate. */
export function mergeDetails(a: Details, b: Details): Details {
  const out: Details = { ...a, ...b };
  const invalid = [...(a.invalid ?? []), ...(b.invalid ?? [])];
  if (invalid.length > 0) out.invalid = [...new Set(invalid)];
  else delete out.invalid;
  return out;
}

/** Only a spelled name, said on its own. */
export function onlyBareSpelled(d: Details): boolean {
  return d.bareSpelled === true && d.serviceIds === undefined && d.staff === undefined && d.date === undefined && d.time === undefined && d.phone === undefined;
}
