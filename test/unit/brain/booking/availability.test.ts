/** Availability over schedule rows: hours, overlaps, the past, nearest slots, the next open day. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkSlot, freeSlots, nearestSlots, nextOpenDay, openingHours, providers, weeklyHours, type Schedule } from '../../../../app/brain/booking/availability.js';
import { addDays, addMinutesTo, clockText, dayText, weekdayOf } from '../../../../app/brain/booking/booking-time.js';

// Tuesday 2026-12-01 09:00.
const NOW = '2026-12-01T09:00';

const schedule: Schedule = {
  staff: [
    { id: 1, slug: 'maria', name: 'Maria Lopez', role: 'physiotherapist' },
    { id: 2, slug: 'sam', name: 'Sam Patel', role: 'physiotherapist' },
    { id: 3, slug: 'chris', name: 'Chris Nolan', role: 'massage therapist' },
  ],
  services: [
    { id: 1, slug: 'physio', name: 'Physio Session', duration_min: 45, price_cents: 8500, article: null, description: '' },
    { id: 2, slug: 'massage', name: 'Sports Massage', duration_min: 60, price_cents: 9500, article: null, description: '' },
  ],
  staffServices: [{ staff_id: 1, service_id: 1 }, { staff_id: 2, service_id: 1 }, { staff_id: 3, service_id: 2 }],
  hours: [
    { staff_id: 1, weekday: 2, start: '09:00', end: '17:00' },
    { staff_id: 1, weekday: 3, start: '09:00', end: '12:00' },
    { staff_id: 1, weekday: 3, start: '13:00', end: '17:00' },
    { staff_id: 2, weekday: 2, start: '10:00', end: '18:00' },
    { staff_id: 3, weekday: 4, start: '09:00', end: '11:00' },
  ],
  busy: [
    { id: 10, staff_id: 1, starts_at: '2026-12-01T15:30', ends_at: '2026-12-01T16:15' },
    { id: 11, staff_id: 2, starts_at: '2026-12-01T15:00', ends_at: '2026-12-01T16:30' },
  ],
};

test('time helpers: weekdays, adding days and minutes, display', () => {
  assert.equal(weekdayOf('2026-12-01'), 2);
  assert.equal(weekdayOf('2026-12-06'), 0);
  assert.equal(addDays('2026-12-31', 1), '2027-01-01');
  assert.equal(addDays('2026-03-01', -1), '2026-02-28');
  assert.equal(addMinutesTo('2026-12-01T23:30', 45), '2026-12-02T00:15');
  assert.equal(clockText('15:30'), '3:30 PM');
  assert.equal(clockText('12:00'), '12:00 PM');
  assert.equal(clockText('00:05'), '12:05 AM');
  assert.equal(dayText('2026-12-01'), 'Tuesday, Dec 1');
});

test('providers: who gives a service, optionally one person', () => {
  assert.deepEqual(providers(schedule, 1, null).map((s) => s.id), [1, 2]);
  assert.deepEqual(providers(schedule, 1, 3).map((s) => s.id), []);
  assert.deepEqual(providers(schedule, 2, 3).map((s) => s.id), [3]);
});

test('checkSlot: free with the named staff member', () => {
  assert.deepEqual(checkSlot(schedule, { serviceId: 1, staffId: 1, date: '2026-12-01', time: '14:00', now: NOW }), { ok: true, staffId: 1 });
});

test('checkSlot: an overlap is taken, touching ends are not', () => {
  // 15:00–15:45 overlaps Maria's 15:30–16:15.
  assert.deepEqual(checkSlot(schedule, { serviceId: 1, staffId: 1, date: '2026-12-01', time: '15:00', now: NOW }), { ok: false, reason: 'taken' });
  // 14:45–15:30 ends as hers starts.
  assert.deepEqual(checkSlot(schedule, { serviceId: 1, staffId: 1, date: '2026-12-01', time: '14:45', now: NOW }), { ok: true, staffId: 1 });
  // 16:15 starts as hers ends.
  assert.deepEqual(checkSlot(schedule, { serviceId: 1, staffId: 1, date: '2026-12-01', time: '16:15', now: NOW }), { ok: true, staffId: 1 });
});

test('checkSlot: anyone → the first free provider', () => {
  // Maria is busy at 15:30; Sam is busy 15:00–16:30 → nobody.
  assert.deepEqual(checkSlot(schedule, { serviceId: 1, staffId: null, date: '2026-12-01', time: '15:30', now: NOW }), { ok: false, reason: 'taken' });
  // 16:30: Maria free until 17:00 (45 min fits 16:15–17:00 only from 16:15): 16:30 + 45 = 17:15 > 17:00 → Sam.
  assert.deepEqual(checkSlot(schedule, { serviceId: 1, staffId: null, date: '2026-12-01', time: '16:30', now: NOW }), { ok: true, staffId: 2 });
});

test('checkSlot: the past, outside hours, a day off, a service the person does not give', () => {
  assert.deepEqual(checkSlot(schedule, { serviceId: 1, staffId: 1, date: '2026-12-01', time: '09:00', now: NOW }), { ok: false, reason: 'past' });
  assert.deepEqual(checkSlot(schedule, { serviceId: 1, staffId: 1, date: '2026-11-30', time: '10:00', now: NOW }), { ok: false, reason: 'past' });
  assert.deepEqual(checkSlot(schedule, { serviceId: 1, staffId: 1, date: '2026-12-01', time: '16:30', now: NOW }), { ok: false, reason: 'outside_hours' });
  assert.deepEqual(checkSlot(schedule, { serviceId: 1, staffId: 1, date: '2026-12-02', time: '11:30', now: NOW }), { ok: false, reason: 'outside_hours' }, 'across the lunch break');
  assert.deepEqual(checkSlot(schedule, { serviceId: 1, staffId: 1, date: '2026-12-03', time: '10:00', now: NOW }), { ok: false, reason: 'not_working' });
  assert.deepEqual(checkSlot(schedule, { serviceId: 2, staffId: 1, date: '2026-12-01', time: '10:00', now: NOW }), { ok: false, reason: 'not_offered' });
  assert.deepEqual(checkSlot(schedule, { serviceId: 99, staffId: null, date: '2026-12-01', time: '10:00', now: NOW }), { ok: false, reason: 'unknown_service' });
});

test('checkSlot: an appointment being moved does not block itself', () => {
  assert.deepEqual(checkSlot(schedule, { serviceId: 1, staffId: 1, date: '2026-12-01', time: '15:30', now: NOW, excludeId: 10 }), { ok: true, staffId: 1 });
});

test('freeSlots: half-hour starts inside hours, after now, not overlapping', () => {
  const slots = freeSlots(schedule, { serviceId: 1, staffId: 1, date: '2026-12-01', now: NOW });
  const times = slots.map((s) => s.time);
  assert.ok(!times.includes('09:00'), 'now is not bookable');
  assert.equal(times[0], '09:30');
  assert.ok(times.includes('14:30'), '14:30–15:15 ends before 15:30');
  assert.ok(!times.includes('15:00') && !times.includes('15:30') && !times.includes('16:00'));
  assert.ok(times.includes('16:15'), 'right when her appointment ends, 16:15–17:00');
  assert.ok(!times.includes('16:30'), 'would end after 17:00');
  assert.ok(times.includes('14:00'));
});

test('freeSlots: anyone lists every free provider per time', () => {
  const slots = freeSlots(schedule, { serviceId: 1, staffId: null, date: '2026-12-01', now: NOW });
  assert.deepEqual(slots.find((s) => s.time === '10:00')?.staffIds, [1, 2]);
  assert.deepEqual(slots.find((s) => s.time === '09:30')?.staffIds, [1]);
  assert.equal(slots.find((s) => s.time === '15:30'), undefined);
});

test('freeSlots: split days honour the break', () => {
  const times = freeSlots(schedule, { serviceId: 1, staffId: 1, date: '2026-12-02', now: NOW }).map((s) => s.time);
  assert.deepEqual(times, ['09:00', '09:30', '10:00', '10:30', '11:00', '13:00', '13:30', '14:00', '14:30', '15:00', '15:30', '16:00']);
});

test('nearestSlots: closest first, earlier on a tie, returned in time order', () => {
  const slots = freeSlots(schedule, { serviceId: 1, staffId: 1, date: '2026-12-01', now: NOW });
  assert.deepEqual(nearestSlots(slots, '15:30').map((s) => s.time), ['14:30', '16:15']);
  const list = [{ time: '10:00', staffIds: [1] }, { time: '11:00', staffIds: [1] }, { time: '13:00', staffIds: [1] }];
  assert.deepEqual(nearestSlots(list, '12:00').map((s) => s.time), ['11:00', '13:00']);
  assert.deepEqual(nearestSlots(list, '10:30', 1).map((s) => s.time), ['10:00']);
  assert.deepEqual(nearestSlots([], '10:30'), []);
});

test('nextOpenDay: skips days off and full days', () => {
  const next = nextOpenDay(schedule, { serviceId: 2, staffId: 3, date: '2026-12-01', now: NOW });
  assert.equal(next?.date, '2026-12-03');
  assert.deepEqual(next?.slots.map((s) => s.time), ['09:00', '09:30', '10:00']);
  assert.equal(nextOpenDay(schedule, { serviceId: 2, staffId: 1, date: '2026-12-01', now: NOW }), null);
});

test('weekly and opening hours', () => {
  assert.deepEqual(weeklyHours(schedule, 1).map((h) => [h.weekday, h.spans.length]), [[2, 1], [3, 2]]);
  assert.deepEqual(openingHours(schedule, 2), { start: '09:00', end: '18:00' });
  assert.equal(openingHours(schedule, 0), null);
});
