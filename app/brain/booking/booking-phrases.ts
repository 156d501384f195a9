/**
 * The booking brain's keys in phrases.json (yes / no / cancel / start over / help are universal:
 * see app/brain/universal.ts). Lists are plain phrases; templates hold {slots}:
 *   {service}  a service name from the data ("physio session", "massage" when it names several)
 *   {staff}    a staff member's full, first or last name from the data
 *   {date}     a date ("tomorrow", "next tuesday", "december fifth")
 *   {time}     a clock time ("three thirty p m", "half past three", "four o'clock")
 *   {phone}    a phone number, digit by digit or in groups
 *   {name}     a known customer's name ("name"), or letters ("spelledName": "j o h n")
 * Which slots a key accepts is listed next to it; any other slot is a GRAMMAR_INVALID naming it.
 */
import { z } from 'zod';
import { optionalPhraseList as optionalList, phraseList, templateList as template } from '../phrase-schemas.js';

export const bookingPhrasesSchema = z.object({
  /** Words that may open any request ("okay", "hi"). */
  leadIns: optionalList,
  /** Openers of a correction ("no", "actually", "make that"): the slot said after them replaces the old one. */
  corrections: phraseList,
  /** Words that may end an answer ("please", "instead", "works for me"). */
  tails: optionalList,
  /** "I'd like to book": followed by an appointment word and/or booking details. */
  bookCarriers: phraseList,
  /** "an appointment", "a booking": what follows a book carrier when no detail is said. */
  appointmentWords: phraseList,
  /** Slots: {service}. */
  servicePart: template,
  /** Slots: {staff}. */
  staffPart: template,
  /** "with anyone", "i don't mind": no staff preference. */
  anyStaff: phraseList,
  /** Slots: {date}. */
  datePart: template,
  /** Slots: {time}. */
  timePart: template,
  /** Slots: {name} (a known customer's name). The answer to "What name?" (and a correction of it). */
  name: template,
  /**
   * Slots: {name} (spelled letters). Spelling needs a clear carrier ("my name is j a n e", "it's
   * spelled …"): after a short one ("it's", "i'm") letters let the recognizer hear "yes" as "y s".
   */
  spelledName: template,
  /** Slots: {phone}. The answer to "What's your phone number?". */
  phone: template,
  /** Slots: {time}. "I'm here for my three o'clock", "checking in". */
  checkIn: template,
  /** Slots: {name}, {phone}. Who is checking in, said after a check-in phrase ("my name is …"). */
  identify: template,
  /** Cancel an existing appointment; may be followed by a date and/or time part. */
  cancelAppointment: phraseList,
  /** Move an existing appointment; may be followed by "to" and a date and/or time part. */
  reschedule: phraseList,
  /** Slots: {staff}. Availability questions; may be followed by booking details ("tomorrow", "for a massage"). */
  askSlots: template,
  /** Slots: {staff}. When someone works; may be followed by a date part. */
  askStaffHours: template,
  /** Slots: {service}. "how much is a checkup"; without a slot it asks about the service being booked. */
  askPrice: template,
  /** Slots: {service}. "how long does a massage take". */
  askDuration: template,
  /** What can be booked. */
  askServices: phraseList,
  /** Slots: {date} (a day as in datePart: "sunday", "on sunday"). Opening hours. */
  askHours: template,
  /** Picking one of the offered choices: phrase → 1-based position (-1 for the last). */
  pick: z.record(z.string().regex(/^[a-z' ]+$/), z.number().int().min(-1).max(9).refine((n) => n !== 0, 'positions start at 1; -1 is the last')),
}).strict();

export type BookingPhrases = z.infer<typeof bookingPhrasesSchema>;
