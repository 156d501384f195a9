/** SQL reads over the booking pack's tables (staff, services, hours, customers, appointments). */
import type { BusyRow, HoursRow, Schedule, ServiceRow, StaffRow, StaffServiceRow } from '../../brain/booking/availability.js';
import type { Db } from '../store/open-store.js';

export interface AppointmentRow {
  id: number;
  customer_name: string;
  phone: string;
  service_id: number;
  staff_id: number;
  starts_at: string;
  ends_at: string;
  status: 'booked' | 'checked_in' | 'cancelled';
}

export interface CustomerRow { id: number; name: string; phone: string }

export function activeStaff(db: Db): StaffRow[] {
  return db.prepare<[], StaffRow>('SELECT id, slug, name, role FROM staff WHERE active = 1 ORDER BY sort_order, id').all();
}

export function activeServices(db: Db): ServiceRow[] {
  return db.prepare<[], ServiceRow>('SELECT id, slug, name, duration_min, price_cents, article, description FROM services WHERE active = 1 ORDER BY sort_order, id').all();
}

export function serviceAliases(db: Db): Array<{ service_id: number; alias: string }> {
  return db.prepare<[], { service_id: number; alias: string }>('SELECT service_id, alias FROM service_aliases ORDER BY service_id, alias').all();
}

export function knownCustomers(db: Db): CustomerRow[] {
  return db.prepare<[], CustomerRow>('SELECT id, name, phone FROM customers ORDER BY id').all();
}

/** The whole schedule with the live appointments from `fromDate` on (cancelled ones never block). */
export function loadSchedule(db: Db, fromDate: string): Schedule {
  return {
    staff: activeStaff(db),
    services: activeServices(db),
    staffServices: db.prepare<[], StaffServiceRow>('SELECT staff_id, service_id FROM staff_services').all(),
    hours: db.prepare<[], HoursRow>('SELECT staff_id, weekday, start, "end" AS end FROM staff_hours ORDER BY staff_id, weekday, start').all(),
    busy: db.prepare<[string], BusyRow>("SELECT id, staff_id, starts_at, ends_at FROM appointments WHERE status <> 'cancelled' AND ends_at > ? ORDER BY starts_at").all(fromDate),
  };
}

export function appointmentById(db: Db, id: number): AppointmentRow | undefined {
  return db.prepare<[number], AppointmentRow>('SELECT id, customer_name, phone, service_id, staff_id, starts_at, ends_at, status FROM appointments WHERE id = ?').get(id);
}

export interface AppointmentFilter {
  phone?: string | undefined;
  name?: string | undefined;
  date?: string | undefined;
  time?: string | undefined;
  /** Only appointments starting at or after this moment ('YYYY-MM-DDTHH:MM' or a date). */
  from?: string | undefined;
  statuses: ReadonlyArray<AppointmentRow['status']>;
}

export function findAppointmentRows(db: Db, f: AppointmentFilter): AppointmentRow[] {
  const where: string[] = [`status IN (${f.statuses.map(() => '?').join(', ')})`];
  const args: string[] = [...f.statuses];
  if (f.phone !== undefined) { where.push('phone = ?'); args.push(f.phone); }
  if (f.name !== undefined) { where.push('lower(customer_name) = lower(?)'); args.push(f.name.trim()); }
  if (f.date !== undefined) { where.push('substr(starts_at, 1, 10) = ?'); args.push(f.date); }
  if (f.time !== undefined) { where.push('substr(starts_at, 12, 5) = ?'); args.push(f.time); }
  if (f.from !== undefined) { where.push('starts_at >= ?'); args.push(f.from); }
  return db.prepare<string[], AppointmentRow>(`SELECT id, customer_name, phone, service_id, staff_id, starts_at, ends_at, status
    FROM appointments WHERE ${where.join(' AND ')} ORDER BY starts_at, id LIMIT 20`).all(...args);
}
