/**
 * Tools over the appointment book: book, find, check in, cancel and move. A booking, cancel or
 * move only happens when the customer's own words this turn were "yes" (ToolContext
 * customerConfirmed), and the slot is checked again inside the write's transaction.
 */
import { z } from 'zod';
import { checkSlot, providers, type SlotCheck } from '../../brain/booking/availability.js';
import { addMinutesTo, at } from '../../brain/booking/booking-time.js';
import { defineTool } from '../drive-thru/define-tool.js';
import { inTransaction } from '../store/open-store.js';
import { appointmentById, findAppointmentRows, loadSchedule } from './booking-repo.js';
import { appointmentView, dateArg, nameArg, nowParts, phoneArg, refArg, refuse, resolveOptionalStaff, resolveService, timeArg, type BookingRefusal } from './booking-refs.js';

const SLOT_REASONS: Record<Exclude<SlotCheck, { ok: true }>['reason'], string> = {
  unknown_service: "We don't offer that service.",
  not_offered: "That service isn't offered with that person.",
  past: "That time has already passed.",
  not_working: "Nobody is working then for that service.",
  outside_hours: "That's outside working hours.",
  taken: "That time is already taken.",
};

function slotRefusal(check: Exclude<SlotCheck, { ok: true }>): BookingRefusal {
  const code = check.reason === 'unknown_service' ? 'not_found' : check.reason;
  return refuse(code, SLOT_REASONS[check.reason]);
}

function needsConfirmation(what: string): BookingRefusal {
  return refuse('not_confirmed', `I need you to confirm before I ${what}.`);
}

export function createAppointmentTools(now: () => Date) {
  const book = defineTool({
    name: 'book_appointment',
    description: 'Books an appointment. Only after the booking was read back and the customer has just said yes; the slot is checked again.',
    schema: z.object({
      service: refArg,
      staff: refArg.nullish(),
      date: dateArg,
      time: timeArg,
      name: nameArg,
      phone: phoneArg,
    }).strict(),
    run: ({ db, sessionId, customerConfirmed }, args) => {
      if (!customerConfirmed) return needsConfirmation('book it');
      const svc = resolveService(db, args.service);
      if ('ok' in svc) return svc;
      const staff = resolveOptionalStaff(db, args.staff, null);
      if ('ok' in staff) return staff;
      const { staffId } = staff;
      return inTransaction(db, () => {
        const clock = nowParts(now);
        const s = loadSchedule(db, clock.date);
        const check = checkSlot(s, { serviceId: svc.id, staffId, date: args.date, time: args.time, now: clock.moment });
        if (!check.ok) return slotRefusal(check);
        const starts = at(args.date, args.time);
        const id = Number(db.prepare<[string, string, number, number, string, string, string]>(
          `INSERT INTO appointments (customer_name, phone, service_id, staff_id, starts_at, ends_at, status, session_id)
           VALUES (?, ?, ?, ?, ?, ?, 'booked', ?)`,
        ).run(args.name, args.phone, svc.id, check.staffId, starts, addMinutesTo(starts, svc.duration_min), sessionId).lastInsertRowid);
        db.prepare<[string, string]>('INSERT INTO customers (name, phone) VALUES (?, ?) ON CONFLICT (phone) DO NOTHING').run(args.name, args.phone);
        const row = appointmentById(db, id);
        if (!row) throw new Error(`appointment ${id} vanished`);
        return { ok: true as const, appointment: appointmentView(s, row) };
      });
    },
  });

  const find = defineTool({
    name: 'find_appointments',
    description: "Finds live (booked or checked-in) appointments by phone number or name, optionally on a date and at a time; upcoming ones only unless a date is given.",
    schema: z.object({
      phone: phoneArg.optional(),
      name: nameArg.optional(),
      date: dateArg.optional(),
      time: timeArg.optional(),
    }).strict().refine((a) => a.phone !== undefined || a.name !== undefined || (a.date !== undefined && a.time !== undefined), {
      message: 'give a phone number, a name, or a date and time',
    }),
    run: ({ db }, args) => {
      const clock = nowParts(now);
      const s = loadSchedule(db, clock.date);
      const rows = findAppointmentRows(db, {
        phone: args.phone, name: args.name, date: args.date, time: args.time,
        from: args.date === undefined ? clock.date : undefined,
        statuses: ['booked', 'checked_in'],
      });
      return { ok: true as const, appointments: rows.map((r) => appointmentView(s, r)) };
    },
  });

  const checkIn = defineTool({
    name: 'check_in',
    description: "Checks the customer in for one of today's booked appointments.",
    schema: z.object({ id: z.number().int().positive() }).strict(),
    run: ({ db }, { id }) => {
      const clock = nowParts(now);
      const row = appointmentById(db, id);
      if (!row) return refuse('not_found', "I can't find that appointment.");
      const s = loadSchedule(db, clock.date);
      if (row.status === 'checked_in') return { ...refuse('already_checked_in', "You're already checked in."), appointment: appointmentView(s, row) };
      if (row.status === 'cancelled') return refuse('cancelled', 'That appointment was cancelled.');
      if (row.starts_at.slice(0, 10) !== clock.date) return refuse('not_today', "That appointment isn't today.");
      return inTransaction(db, () => {
        db.prepare<[number]>("UPDATE appointments SET status = 'checked_in' WHERE id = ? AND status = 'booked'").run(id);
        return { ok: true as const, appointment: appointmentView(s, { ...row, status: 'checked_in' }) };
      });
    },
  });

  const cancel = defineTool({
    name: 'cancel_appointment',
    description: 'Cancels an upcoming booked appointment. Only after it was read back and the customer has just said yes.',
    schema: z.object({ id: z.number().int().positive() }).strict(),
    run: ({ db, customerConfirmed }, { id }) => {
      if (!customerConfirmed) return needsConfirmation('cancel it');
      const clock = nowParts(now);
      const row = appointmentById(db, id);
      if (!row || row.status === 'cancelled') return refuse('not_found', "I can't find that appointment.");
      if (row.status !== 'booked') return refuse('already_checked_in', "You're already checked in for that appointment.");
      if (row.starts_at <= clock.moment) return refuse('past', 'That appointment has already started.');
      return inTransaction(db, () => {
        db.prepare<[number]>("UPDATE appointments SET status = 'cancelled' WHERE id = ? AND status = 'booked'").run(id);
        const s = loadSchedule(db, clock.date);
        return { ok: true as const, appointment: appointmentView(s, { ...row, status: 'cancelled' }) };
      });
    },
  });

  const reschedule = defineTool({
    name: 'reschedule_appointment',
    description: 'Moves an upcoming booked appointment to a new date and time (same service; same staff unless another is named). Only after the customer has just said yes; the new slot is checked.',
    schema: z.object({ id: z.number().int().positive(), date: dateArg, time: timeArg, staff: refArg.nullish() }).strict(),
    run: ({ db, customerConfirmed }, args) => {
      if (!customerConfirmed) return needsConfirmation('move it');
      const clock = nowParts(now);
      const row = appointmentById(db, args.id);
      if (!row || row.status === 'cancelled') return refuse('not_found', "I can't find that appointment.");
      if (row.status !== 'booked') return refuse('already_checked_in', "You're already checked in for that appointment.");
      if (row.starts_at <= clock.moment) return refuse('past', 'That appointment has already started.');
      const staff = resolveOptionalStaff(db, args.staff, row.staff_id);
      if ('ok' in staff) return staff;
      const { staffId } = staff;
      return inTransaction(db, () => {
        const s = loadSchedule(db, clock.date);
        if (providers(s, row.service_id, staffId).length === 0) return refuse('not_offered', SLOT_REASONS.not_offered);
        const check = checkSlot(s, { serviceId: row.service_id, staffId, date: args.date, time: args.time, now: clock.moment, excludeId: row.id });
        if (!check.ok) return slotRefusal(check);
        const svc = s.services.find((x) => x.id === row.service_id);
        const starts = at(args.date, args.time);
        const ends = addMinutesTo(starts, svc?.duration_min ?? 30);
        db.prepare<[string, string, number, number]>('UPDATE appointments SET starts_at = ?, ends_at = ?, staff_id = ? WHERE id = ?').run(starts, ends, check.staffId, row.id);
        const before = appointmentView(s, row);
        const moved = appointmentById(db, row.id);
        if (!moved) throw new Error(`appointment ${row.id} vanished`);
        return { ok: true as const, before, appointment: appointmentView(s, moved) };
      });
    },
  });

  return { book_appointment: book, find_appointments: find, check_in: checkIn, cancel_appointment: cancel, reschedule_appointment: reschedule };
}
