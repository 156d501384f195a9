/**
 * The booking brain's keys in domain.json "replies" (the universal ones are checked by the agent).
 * {placeholders} are filled by the policy; each reply that needs one must contain it.
 */
import { z } from 'zod';

const text = z.string().min(1);
const withSlots = (...names: string[]) => text.refine((s) => names.every((n) => s.includes(`{${n}}`)), { message: `must contain ${names.map((n) => `{${n}}`).join(' and ')}` });

export const bookingRepliesSchema = z.object({
  /** "What would you like to book?" — {services}: the list of services. */
  askService: withSlots('services'),
  askDate: text,
  /** {day}: "tomorrow" / "on Tuesday, Dec 1"; {times}: a few free times. */
  askTime: withSlots('day', 'times'),
  askName: text,
  askPhone: text,
  /** After the read-back of the booking (which the policy says first). */
  askConfirm: text,
  /** "No" to the read-back. */
  askWhatChange: text,
  /** {summary}: what was booked. */
  booked: withSlots('summary'),
  /** A booking in progress was dropped (cancel). */
  bookingDropped: text,
  nothingToCancel: text,
  /** "Yes" with nothing to confirm. */
  nothingToConfirm: text,
  /** Check-in done: {name}, {time}, {service}, {staff}. */
  checkedIn: withSlots('name'),
  alreadyCheckedIn: text,
  /** Check-in without a match yet. */
  askCheckInPhone: text,
  /** Nothing (or nothing unique) today for what the customer said. */
  notFoundToday: text,
  /** Cancel / move: which booking? */
  askBookingPhone: text,
  /** {phone}: nothing upcoming for that number. */
  notFound: withSlots('phone'),
  askCancelConfirm: text,
  /** {appointment}: what was cancelled. */
  appointmentCancelled: withSlots('appointment'),
  /** "No" to cancelling or moving an appointment. */
  keptAppointment: text,
  askNewTime: text,
  askMoveConfirm: text,
  /** {appointment}: where it is now. */
  rescheduled: withSlots('appointment'),
  /** A tool this pack does not enable (e.g. moving bookings at the kiosk). */
  notAvailableHere: text,
  anythingElse: text,
}).strict();

export type BookingReplies = z.infer<typeof bookingRepliesSchema>;

/** Fills {name} placeholders; unknown ones are left as they are. */
export function fill(template: string, values: Readonly<Record<string, string>>): string {
  return template.replace(/\{(\w+)\}/g, (m, k: string) => values[k] ?? m);
}
