/**
 * What the booking tools share: argument schemas, resolving a service or staff member from an id
 * or a spoken name, refusals, and the appointment view a tool returns.
 */
import { z } from 'zod';
import { isDate, isTime, localParts, splitMoment } from '../../brain/booking/booking-time.js';
import type { Schedule, ServiceRow, StaffRow } from '../../brain/booking/availability.js';
import { activeServices, activeStaff, serviceAliases, type AppointmentRow } from './booking-repo.js';
import type { Db } from '../store/open-store.js';

export type BookingRefusalCode =
  | 'not_found' | 'ambiguous' | 'not_offered' | 'past' | 'not_working' | 'outside_hours' | 'taken'
  | 'not_confirmed' | 'not_today' | 'already_checked_in' | 'cancelled' | 'invalid';

export interface BookingRefusal { ok: false; code: BookingRefusalCode; reason: string; candidates?: string[] }

export function refuse(code: BookingRefusalCode, reason: string, candidates?: string[]): BookingRefusal {
  return candidates ? { ok: false, code, reason, candidates } : { ok: false, code, reason };
}

/** A service or staff member: its id, or a name / slug / alias as said. */
export const refArg = z.union([z.number().int().positive(), z.string().trim().min(1).max(80)]);
export const dateArg = z.string().refine(isDate, 'a date as YYYY-MM-DD');
export const timeArg = z.string().refine(isTime, 'a time as HH:MM (24-hour)');
export const phoneArg = z.string().transform((s) => s.replace(/\D/g, '')).refine((s) => s.length === 10, 'a 10-digit phone number');
export const nameArg = z.string().trim().min(1).max(80).regex(/^[\p{L}][\p{L} '.-]*$/u, 'a name (letters, spaces, apostrophes, dashes)');

const norm = (s: string): string => s.toLowerCase().replace(/[^a-z0-9' ]+/g, ' ').trim().split(/\s+/).join(' ');

/** Resolves a service: exact id / slug / name / alias, else a unique partial word match; several → ambiguous. */
export function resolveService(db: Db, ref: number | string): ServiceRow | BookingRefusal {
  const rows = activeServices(db);
  if (typeof ref === 'number') return rows.find((r) => r.id === ref) ?? refuse('not_found', `We don't offer that service.`);
  const q = norm(ref);
  const aliases = serviceAliases(db);
  const exact = rows.find((r) => r.slug === ref || norm(r.name) === q || aliases.some((a) => a.service_id === r.id && norm(a.alias) === q));
  if (exact) return exact;
  const partial = rows.filter((r) => q.length > 0 && (` ${norm(r.name)} `.includes(` ${q} `)));
  if (partial.length === 1) return partial[0] as ServiceRow;
  if (partial.length > 1) return refuse('ambiguous', `Did you mean ${orList(partial.map((r) => r.name))}?`, partial.map((r) => r.name));
  return refuse('not_found', `Sorry, we don't offer ${ref}.`);
}

/** Resolves a staff member: id / slug / full name, else a unique first or last name; several → ambiguous. */
export function resolveStaff(db: Db, ref: number | string): StaffRow | BookingRefusal {
  const rows = activeStaff(db);
  if (typeof ref === 'number') return rows.find((r) => r.id === ref) ?? refuse('not_found', `There's nobody by that name here.`);
  const q = norm(ref);
  const exact = rows.find((r) => r.slug === ref || norm(r.name) === q);
  if (exact) return exact;
  const partial = rows.filter((r) => norm(r.name).split(' ').includes(q));
  if (partial.length === 1) return partial[0] as StaffRow;
  if (partial.length > 1) return refuse('ambiguous', `Did you mean ${orList(partial.map((r) => r.name))}?`, partial.map((r) => r.name));
  return refuse('not_found', `Sorry, there's nobody called ${ref} here.`);
}

/** A staff reference that may be left out: its id, `fallback` when none was given, or why it resolves to nobody. */
export function resolveOptionalStaff(db: Db, ref: number | string | null | undefined, fallback: number | null): { staffId: number | null } | BookingRefusal {
  if (ref === undefined || ref === null) return { staffId: fallback };
  const st = resolveStaff(db, ref);
  return 'ok' in st ? st : { staffId: st.id };
}

export function orList(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} or ${items[items.length - 1] as string}`;
}

export interface AppointmentView {
  id: number;
  name: string;
  phone: string;
  serviceId: number;
  service: string;
  staffId: number;
  staff: string;
  date: string;
  time: string;
  endTime: string;
  /** Dollars. */
  price: number;
  status: AppointmentRow['status'];
}

export function appointmentView(s: Schedule, a: AppointmentRow): AppointmentView {
  const service = s.services.find((x) => x.id === a.service_id);
  const staff = s.staff.find((x) => x.id === a.staff_id);
  const [date, time] = splitMoment(a.starts_at);
  return {
    id: a.id, name: a.customer_name, phone: a.phone,
    serviceId: a.service_id, service: service?.name ?? 'appointment',
    staffId: a.staff_id, staff: staff?.name ?? 'our staff',
    date, time, endTime: splitMoment(a.ends_at)[1],
    price: (service?.price_cents ?? 0) / 100,
    status: a.status,
  };
}

/** The current local moment 'YYYY-MM-DDTHH:MM' and date. */
export function nowParts(now: () => Date): { moment: string; date: string; time: string } {
  const p = localParts(now());
  return { moment: `${p.date}T${p.time}`, date: p.date, time: p.time };
}
