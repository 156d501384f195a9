/** The booking tools on the clinic pack's schema and seed: availability, confirmation gates, re-checks in the write. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../../../../app/core/paths.js';
import { HeedError } from '../../../../app/core/errors.js';
import type { ToolCallRecord } from '../../../../app/core/turn.js';
import { bookingToolApi, BOOKING_TOOL_NAMES, createBookingTools } from '../../../../app/tools/booking/index.js';
import { openStore, type Db } from '../../../../app/tools/store/open-store.js';

const DIR = join(repoRoot(), 'domains', 'clinic');
// Tuesday 2026-12-01 09:00.
const NOW = (): Date => new Date(2026, 11, 1, 9, 0, 0);

function store(): Db {
  return openStore(':memory:', {
    migrations: [
      { id: 'clinic/001_schema', sql: readFileSync(join(DIR, 'schema.sql'), 'utf8') },
      { id: 'clinic/002_seed', sql: readFileSync(join(DIR, 'seed.sql'), 'utf8') },
    ],
  });
}

function api(db: Db, customerConfirmed = false, enabled: readonly string[] = BOOKING_TOOL_NAMES) {
  const records: ToolCallRecord[] = [];
  return { tools: bookingToolApi(createBookingTools(NOW), { db, sessionId: 's1', customerConfirmed }, records, new Set(enabled)), records };
}

const count = (db: Db, sql: string): number => (db.prepare(sql).get() as { n: number }).n;

test('find_services / find_staff: prices, durations, who gives what, weekly hours', () => {
  const db = store();
  const { tools, records } = api(db);
  const s = tools.find_services({ query: 'physio' });
  assert.ok(s.ok);
  assert.deepEqual(s.services.map((x) => [x.name, x.price, x.minutes]), [['Physio Session', 85, 45]]);
  assert.deepEqual(s.services[0]?.staff, ['Maria Lopez', 'Sam Patel', 'Chris Park']);
  const amb = tools.find_services({ query: 'massage' });
  assert.ok(!amb.ok && amb.code === 'ambiguous');
  assert.deepEqual(amb.candidates, ['Sports Massage', 'Relaxation Massage']);
  const chris = tools.find_staff({ query: 'chris' });
  assert.ok(!chris.ok && chris.code === 'ambiguous');
  const sam = tools.find_staff({ query: 'Sam' });
  assert.ok(sam.ok);
  assert.deepEqual(sam.staff[0]?.hours.map((h) => h.day), ['Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday']);
  const masseurs = tools.find_staff({ service: 'relaxation massage' });
  assert.ok(masseurs.ok);
  assert.deepEqual(masseurs.staff.map((x) => x.name), ['Chris Nolan']);
  assert.equal(records.length, 5, 'every call is recorded');
  db.close();
});

test('find_slots: a taken time gives the nearest free ones; a closed day gives the next opening', () => {
  const db = store();
  const { tools } = api(db);
  const r = tools.find_slots({ service: 1, staff: 1, date: '2026-12-02', time: '15:00' });
  assert.ok(r.ok);
  assert.deepEqual(r.requested, { ok: false, reason: 'taken', time: '15:00' });
  assert.deepEqual(r.nearest.map((x) => x.time), ['14:00', '15:45']);
  const free = tools.find_slots({ service: 'checkup', staff: 'maria lopez', date: '2026-12-02', time: '16:00' });
  assert.ok(free.ok);
  assert.deepEqual(free.requested, { ok: true, staffId: 1, time: '16:00' });
  const sunday = tools.find_slots({ service: 1, date: '2026-12-06' });
  assert.ok(sunday.ok);
  assert.deepEqual(sunday.slots, []);
  assert.equal(sunday.nextOpen?.date, '2026-12-07');
  const notOffered = tools.find_slots({ service: 'relaxation massage', staff: 1, date: '2026-12-02' });
  assert.ok(!notOffered.ok && notOffered.code === 'not_offered');
  db.close();
});

test('book_appointment: refused without the customer\'s yes; writes nothing', () => {
  const db = store();
  const before = count(db, 'SELECT count(*) AS n FROM appointments');
  const r = api(db, false).tools.book_appointment({ service: 1, staff: 1, date: '2026-12-02', time: '10:00', name: 'Jane', phone: '5551234567' });
  assert.ok(!r.ok && r.code === 'not_confirmed');
  assert.equal(count(db, 'SELECT count(*) AS n FROM appointments'), before);
  assert.equal(count(db, "SELECT count(*) AS n FROM customers WHERE phone = '5551234567'"), 0);
  db.close();
});

test('book_appointment: books with the yes, re-checks the slot, remembers a new customer', () => {
  const db = store();
  const { tools } = api(db, true);
  const args = { service: 'physio session', staff: null, date: '2026-12-02', time: '10:00', name: 'Jane', phone: '555-123-4567' };
  const r = tools.book_appointment(args);
  assert.ok(r.ok);
  assert.deepEqual([r.appointment.staff, r.appointment.date, r.appointment.time, r.appointment.endTime, r.appointment.price], ['Maria Lopez', '2026-12-02', '10:00', '10:45', 85]);
  assert.equal(count(db, "SELECT count(*) AS n FROM customers WHERE phone = '5551234567' AND name = 'Jane'"), 1);
  // The same request again goes to the next free physio (Sam); a third finds nobody free at 10:00 (Chris Park starts at noon).
  const second = tools.book_appointment(args);
  assert.ok(second.ok);
  assert.equal(second.appointment.staff, 'Sam Patel');
  const third = tools.book_appointment(args);
  assert.ok(!third.ok && third.code === 'taken');
  // With Maria named, her own time is taken.
  const named = tools.book_appointment({ ...args, staff: 1, time: '10:30' });
  assert.ok(!named.ok && named.code === 'taken');
  db.close();
});

test('book_appointment: not in the past, not outside hours, not on a day off', () => {
  const db = store();
  const { tools } = api(db, true);
  const base = { service: 1, staff: 1, name: 'Jane', phone: '5551234567' };
  const past = tools.book_appointment({ ...base, date: '2026-12-01', time: '08:30' });
  assert.ok(!past.ok && past.code === 'past');
  const late = tools.book_appointment({ ...base, date: '2026-12-02', time: '16:30' });
  assert.ok(!late.ok && late.code === 'outside_hours');
  const sunday = tools.book_appointment({ ...base, date: '2026-12-06', time: '10:00' });
  assert.ok(!sunday.ok && sunday.code === 'not_working');
  assert.equal(count(db, 'SELECT count(*) AS n FROM appointments WHERE id > 7'), 0);
  db.close();
});

test('the store itself refuses an overlapping appointment for the same staff member', () => {
  const db = store();
  assert.throws(() => db.prepare(`INSERT INTO appointments (customer_name, phone, service_id, staff_id, starts_at, ends_at)
    VALUES ('X', '5550000000', 1, 1, '2026-12-01T15:00', '2026-12-01T15:45')`).run(), /overlaps/);
  assert.throws(() => db.prepare("UPDATE appointments SET starts_at = '2026-12-01T15:00', ends_at = '2026-12-01T15:45' WHERE id = 5").run(), /overlaps/);
  db.prepare("UPDATE appointments SET status = 'cancelled' WHERE id = 1").run();
  db.prepare(`INSERT INTO appointments (customer_name, phone, service_id, staff_id, starts_at, ends_at)
    VALUES ('X', '5550000000', 1, 1, '2026-12-01T15:30', '2026-12-01T16:15')`).run();
  db.close();
});

test('tool arguments are validated', () => {
  const db = store();
  const { tools } = api(db, true);
  assert.throws(() => tools.book_appointment({ service: 1, date: '2026-12-02', time: '10:00', name: 'Jane', phone: '555-1234' }), (e: unknown) => e instanceof HeedError && e.code === 'TOOL_ARGS_INVALID');
  assert.throws(() => tools.find_slots({ service: 1, date: 'tomorrow' }), (e: unknown) => e instanceof HeedError && e.code === 'TOOL_ARGS_INVALID');
  assert.throws(() => tools.find_appointments({}), (e: unknown) => e instanceof HeedError && e.code === 'TOOL_ARGS_INVALID');
  assert.throws(() => tools.book_appointment({ service: 1, date: '2026-12-02', time: '25:00', name: 'Jane', phone: '5551234567' }), (e: unknown) => e instanceof HeedError && e.code === 'TOOL_ARGS_INVALID');
  db.close();
});

test('find_appointments and check_in: only today\'s, once', () => {
  const db = store();
  const { tools } = api(db);
  const found = tools.find_appointments({ phone: '4155550177' });
  assert.deepEqual(found.appointments.map((a) => [a.id, a.status]), [[2, 'booked']], 'upcoming only (the Monday one is past)');
  const byTime = tools.find_appointments({ date: '2026-12-01', time: '15:30' });
  assert.deepEqual(byTime.appointments.map((a) => a.name), ['John Smith']);
  const notToday = tools.check_in({ id: 4 });
  assert.ok(!notToday.ok && notToday.code === 'not_today');
  const ok = tools.check_in({ id: 1 });
  assert.ok(ok.ok);
  const again = tools.check_in({ id: 1 });
  assert.ok(!again.ok && again.code === 'already_checked_in');
  assert.deepEqual(db.prepare('SELECT id FROM appointments WHERE status = ? ORDER BY id').all('checked_in'), [{ id: 1 }, { id: 7 }]);
  db.close();
});

test('cancel_appointment and reschedule_appointment need the yes; a move may overlap its own old time', () => {
  const db = store();
  const no = api(db, false).tools;
  const cancelNo = no.cancel_appointment({ id: 4 });
  assert.ok(!cancelNo.ok && cancelNo.code === 'not_confirmed');
  const moveNo = no.reschedule_appointment({ id: 5, date: '2026-12-04', time: '11:00' });
  assert.ok(!moveNo.ok && moveNo.code === 'not_confirmed');
  assert.deepEqual(db.prepare('SELECT status, starts_at FROM appointments WHERE id IN (4, 5) ORDER BY id').all(), [
    { status: 'booked', starts_at: '2026-12-02T11:00' }, { status: 'booked', starts_at: '2026-12-03T10:00' },
  ]);
  const yes = api(db, true).tools;
  const cancel = yes.cancel_appointment({ id: 4 });
  assert.ok(cancel.ok);
  const shift = yes.reschedule_appointment({ id: 5, date: '2026-12-03', time: '10:30' });
  assert.ok(shift.ok, 'half an hour later overlaps only itself');
  assert.equal(shift.appointment.endTime, '11:15');
  const taken = yes.reschedule_appointment({ id: 5, date: '2026-12-02', time: '15:00' });
  assert.ok(!taken.ok && taken.code === 'taken');
  const past = yes.cancel_appointment({ id: 7 });
  assert.ok(!past.ok);
  db.close();
});

test('a tool the pack does not enable cannot be called', () => {
  const db = store();
  const { tools } = api(db, true, ['find_services', 'find_staff', 'find_slots', 'book_appointment', 'find_appointments']);
  assert.equal(tools.has('cancel_appointment'), false);
  assert.throws(() => tools.cancel_appointment({ id: 4 }), /not enabled/);
  db.close();
});
