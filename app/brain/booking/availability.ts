/**
 * Appointment availability as pure functions over the schedule's rows: who gives a service, who
 * works when, which slots are free (no overlap with a live appointment, not in the past, inside
 * working hours), the nearest free slots to an asked time, and the next day with an opening.
 */
import { addDays, at, fromMinutes, toMinutes, weekdayOf } from './booking-time.js';

export interface StaffRow { id: number; slug: string; name: string; role: string }
export interface ServiceRow {
  id: number;
  slug: string;
  name: string;
  duration_min: number;
  price_cents: number;
  /** How the name reads in a sentence: null picks "a" / "an", '' none. */
  article: string | null;
  description: string;
}
export interface HoursRow { staff_id: number; weekday: number; start: string; end: string }
export interface StaffServiceRow { staff_id: number; service_id: number }
/** A live (not cancelled) appointment: it blocks its staff member from starts_at to ends_at. */
export interface BusyRow { id: number; staff_id: number; starts_at: string; ends_at: string }

export interface Schedule {
  /** Active staff, in the order they are offered. */
  staff: readonly StaffRow[];
  services: readonly ServiceRow[];
  staffServices: readonly StaffServiceRow[];
  hours: readonly HoursRow[];
  busy: readonly BusyRow[];
}

export interface SlotQuery {
  serviceId: number;
  /** null: anyone who gives the service. */
  staffId: number | null;
  date: string;
  /** The current local moment 'YYYY-MM-DDTHH:MM': nothing at or before it can be booked. */
  now: string;
  /** An appointment being moved: it does not block its own new time. */
  excludeId?: number | undefined;
  /** Minutes between offered start times (default 30). */
  step?: number | undefined;
}

export interface FreeSlot { time: string; staffIds: number[] }

export type SlotCheck =
  | { ok: true; staffId: number }
  | { ok: false; reason: 'unknown_service' | 'not_offered' | 'past' | 'not_working' | 'outside_hours' | 'taken' };

export function serviceById(s: Schedule, id: number): ServiceRow | undefined {
  return s.services.find((x) => x.id === id);
}

export function staffById(s: Schedule, id: number): StaffRow | undefined {
  return s.staff.find((x) => x.id === id);
}

export function givesService(s: Schedule, staffId: number, serviceId: number): boolean {
  return s.staffServices.some((r) => r.staff_id === staffId && r.service_id === serviceId);
}

/** Staff who give the service (restricted to one when staffId is set), in offering order. */
export function providers(s: Schedule, serviceId: number, staffId: number | null): StaffRow[] {
  return s.staff.filter((st) => (staffId === null || st.id === staffId) && givesService(s, st.id, serviceId));
}

/** A staff member's working spans on a weekday, earliest first. */
export function hoursOn(s: Schedule, staffId: number, weekday: number): HoursRow[] {
  return s.hours.filter((h) => h.staff_id === staffId && h.weekday === weekday).sort((a, b) => a.start.localeCompare(b.start));
}

function overlaps(aStart: string, aEnd: string, bStart: string, bEnd: string): boolean {
  return aStart < bEnd && bStart < aEnd;
}

/** Is the staff member free from start for `minutes` (working hours and other appointments)? */
function fits(s: Schedule, staffId: number, date: string, time: string, minutes: number, excludeId: number | undefined): 'ok' | 'not_working' | 'outside_hours' | 'taken' {
  const spans = hoursOn(s, staffId, weekdayOf(date));
  if (spans.length === 0) return 'not_working';
  const start = toMinutes(time);
  const end = start + minutes;
  if (end > 24 * 60 || !spans.some((h) => toMinutes(h.start) <= start && end <= toMinutes(h.end))) return 'outside_hours';
  const from = at(date, time);
  const to = at(date, fromMinutes(end));
  const clash = s.busy.some((b) => b.staff_id === staffId && b.id !== excludeId && overlaps(from, to, b.starts_at, b.ends_at));
  return clash ? 'taken' : 'ok';
}

/** Can the service be booked at date + time (with that staff member, or anyone)? The first free provider wins. */
export function checkSlot(s: Schedule, q: SlotQuery & { time: string }): SlotCheck {
  const service = serviceById(s, q.serviceId);
  if (!service) return { ok: false, reason: 'unknown_service' };
  const who = providers(s, q.serviceId, q.staffId);
  if (who.length === 0) return { ok: false, reason: 'not_offered' };
  if (at(q.date, q.time) <= q.now) return { ok: false, reason: 'past' };
  const rank = { ok: 0, taken: 1, outside_hours: 2, not_working: 3 } as const;
  let best: Exclude<keyof typeof rank, 'ok'> = 'not_working';
  for (const st of who) {
    const r = fits(s, st.id, q.date, q.time, service.duration_min, q.excludeId);
    if (r === 'ok') return { ok: true, staffId: st.id };
    if (rank[r] < rank[best]) best = r;
  }
  return { ok: false, reason: best };
}

/** Every free start time of the day (every `step` minutes from each working span's start, and when an appointment ends), with who is free. */
export function freeSlots(s: Schedule, q: SlotQuery): FreeSlot[] {
  const service = serviceById(s, q.serviceId);
  if (!service) return [];
  const step = q.step ?? 30;
  const byTime = new Map<string, number[]>();
  for (const st of providers(s, q.serviceId, q.staffId)) {
    // Starts on the grid from each span's start, and right when one of their appointments ends.
    const ends = s.busy.filter((b) => b.staff_id === st.id && b.id !== q.excludeId && b.ends_at.startsWith(`${q.date}T`)).map((b) => toMinutes(b.ends_at.slice(11)));
    for (const span of hoursOn(s, st.id, weekdayOf(q.date))) {
      const from = toMinutes(span.start);
      const to = toMinutes(span.end);
      const starts = new Set<number>();
      for (let m = from; m + service.duration_min <= to; m += step) starts.add(m);
      for (const e of ends) if (e > from && e % step !== from % step && e + service.duration_min <= to) starts.add(e);
      for (const m of [...starts].sort((a, b) => a - b)) {
        const time = fromMinutes(m);
        if (at(q.date, time) <= q.now) continue;
        if (fits(s, st.id, q.date, time, service.duration_min, q.excludeId) !== 'ok') continue;
        const list = byTime.get(time) ?? [];
        if (!list.includes(st.id)) list.push(st.id);
        byTime.set(time, list);
      }
    }
  }
  return [...byTime.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([time, staffIds]) => ({ time, staffIds }));
}

/** The `count` free slots closest to the asked time (ties: the earlier), in time order. */
export function nearestSlots(slots: readonly FreeSlot[], time: string, count = 2): FreeSlot[] {
  const t = toMinutes(time);
  return [...slots]
    .sort((a, b) => Math.abs(toMinutes(a.time) - t) - Math.abs(toMinutes(b.time) - t) || a.time.localeCompare(b.time))
    .slice(0, count)
    .sort((a, b) => a.time.localeCompare(b.time));
}

/** The first day from `from` (inclusive, up to `days` ahead) with a free slot. */
export function nextOpenDay(s: Schedule, q: SlotQuery, days = 14): { date: string; slots: FreeSlot[] } | null {
  for (let i = 0; i < days; i++) {
    const date = addDays(q.date, i);
    const slots = freeSlots(s, { ...q, date });
    if (slots.length > 0) return { date, slots };
  }
  return null;
}

/** The weekdays (0-6) a staff member works, with their spans. */
export function weeklyHours(s: Schedule, staffId: number): Array<{ weekday: number; spans: Array<{ start: string; end: string }> }> {
  const out: Array<{ weekday: number; spans: Array<{ start: string; end: string }> }> = [];
  for (let wd = 0; wd < 7; wd++) {
    const spans = hoursOn(s, staffId, wd).map((h) => ({ start: h.start, end: h.end }));
    if (spans.length > 0) out.push({ weekday: wd, spans });
  }
  return out;
}

/** Opening hours of the place on a weekday: the earliest start and latest end of anyone, or null. */
export function openingHours(s: Schedule, weekday: number): { start: string; end: string } | null {
  const spans = s.hours.filter((h) => h.weekday === weekday && s.staff.some((st) => st.id === h.staff_id));
  if (spans.length === 0) return null;
  return {
    start: spans.reduce((a, h) => (h.start < a ? h.start : a), '24:00'),
    end: spans.reduce((a, h) => (h.end > a ? h.end : a), '00:00'),
  };
}
