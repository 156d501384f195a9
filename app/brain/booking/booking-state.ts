/**
 * The booking in progress for a session (one at a time), kept in dialog_state under "booking":
 * what the customer is doing (book / check in / cancel / move), the slots heard so far, the
 * question that is open, and any choices offered (times, or "Did you mean X or Y?").
 */
import { z } from 'zod';
import type { Db } from '../../tools/store/open-store.js';
import { sessionState } from '../session-state.js';

export const DRAFT_KEY = 'booking';

const id = z.number().int().positive();

export const appointmentRefSchema = z.object({
  id,
  serviceId: id,
  staffId: id,
  date: z.string(),
  time: z.string(),
});
export type AppointmentRef = z.infer<typeof appointmentRefSchema>;

export const draftSchema = z.object({
  task: z.enum(['book', 'check_in', 'cancel', 'reschedule']),
  serviceId: id.nullable().default(null),
  /** The staff member asked for (null: anyone who gives the service). */
  staffId: id.nullable().default(null),
  /** Who the last availability check found free (the booking goes to them). */
  assignedStaffId: id.nullable().default(null),
  /** Booking / new date 'YYYY-MM-DD' (check-in: today; cancel: a filter). */
  date: z.string().nullable().default(null),
  /** 'HH:MM'. */
  time: z.string().nullable().default(null),
  name: z.string().nullable().default(null),
  phone: z.string().nullable().default(null),
  /** The existing appointment being cancelled or moved. */
  appointment: appointmentRefSchema.nullable().default(null),
  /** The open question. */
  awaiting: z.enum(['service', 'date', 'time', 'name', 'phone', 'confirm', 'change', 'choice']).nullable().default(null),
  /** "Did you mean X or Y?": the ids offered. */
  choices: z.object({ kind: z.enum(['service', 'staff', 'appointment']), ids: z.array(id).min(2) }).nullable().default(null),
  /** Free slots offered ("I have 4:00 or 4:30"), in the order said. */
  offers: z.array(z.object({ date: z.string(), time: z.string() })).default([]),
  /** The question as last asked, for a reprompt after silence. */
  question: z.string().nullable().default(null),
});
export type Draft = z.infer<typeof draftSchema>;

export function newDraft(task: Draft['task']): Draft {
  return draftSchema.parse({ task });
}

export interface DraftStore {
  get(): Draft | null;
  set(d: Draft | null): void;
}

export function draftStore(db: Db, sessionId: string): DraftStore {
  return {
    get: () => sessionState(db, sessionId).get(DRAFT_KEY, draftSchema.nullable(), null),
    set: (d) => {
      const st = sessionState(db, sessionId);
      if (d === null) st.delete(DRAFT_KEY);
      else st.set(DRAFT_KEY, d);
    },
  };
}
