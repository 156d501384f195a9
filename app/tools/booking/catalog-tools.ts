/** Read-only booking tools: the services, the staff and their hours, and free slots on a day. */
import { z } from 'zod';
import { checkSlot, freeSlots, nearestSlots, nextOpenDay, providers, weeklyHours, type FreeSlot, type SlotCheck } from '../../brain/booking/availability.js';
import { weekdayName } from '../../brain/booking/booking-time.js';
import { defineTool } from '../drive-thru/define-tool.js';
import { loadSchedule } from './booking-repo.js';
import { dateArg, nowParts, refArg, refuse, resolveOptionalStaff, resolveService, resolveStaff, timeArg } from './booking-refs.js';

export interface ServiceInfo { id: number; name: string; minutes: number; price: number; description: string; staff: string[] }
export interface StaffInfo {
  id: number;
  name: string;
  role: string;
  services: string[];
  hours: Array<{ weekday: number; day: string; spans: Array<{ start: string; end: string }> }>;
}

export function createCatalogTools(now: () => Date) {
  const findServices = defineTool({
    name: 'find_services',
    description: 'Lists the services (all, or those matching a name) with duration in minutes, price in dollars and who gives them.',
    schema: z.object({ query: z.string().trim().min(1).max(80).optional() }).strict(),
    run: ({ db }, { query }) => {
      const s = loadSchedule(db, nowParts(now).date);
      let rows = s.services;
      if (query !== undefined) {
        const hit = resolveService(db, query);
        if ('ok' in hit) return hit;
        rows = [hit];
      }
      const services: ServiceInfo[] = rows.map((r) => ({
        id: r.id, name: r.name, minutes: r.duration_min, price: r.price_cents / 100, description: r.description,
        staff: providers(s, r.id, null).map((st) => st.name),
      }));
      return { ok: true as const, services };
    },
  });

  const findStaff = defineTool({
    name: 'find_staff',
    description: 'Lists the staff (all, by name, or those giving a service) with the services they give and their weekly hours.',
    schema: z.object({ query: z.string().trim().min(1).max(80).optional(), service: refArg.optional() }).strict(),
    run: ({ db }, { query, service }) => {
      const s = loadSchedule(db, nowParts(now).date);
      let rows = s.staff;
      if (query !== undefined) {
        const hit = resolveStaff(db, query);
        if ('ok' in hit) return hit;
        rows = [hit];
      }
      if (service !== undefined) {
        const svc = resolveService(db, service);
        if ('ok' in svc) return svc;
        rows = rows.filter((st) => providers(s, svc.id, st.id).length > 0);
      }
      const staff: StaffInfo[] = rows.map((st) => ({
        id: st.id, name: st.name, role: st.role,
        services: s.services.filter((sv) => providers(s, sv.id, st.id).length > 0).map((sv) => sv.name),
        hours: weeklyHours(s, st.id).map((h) => ({ weekday: h.weekday, day: weekdayName(h.weekday), spans: h.spans })),
      }));
      return { ok: true as const, staff };
    },
  });

  const findSlots = defineTool({
    name: 'find_slots',
    description: 'Free start times for a service on a date (with one staff member or anyone). With a time: whether it is free, else the nearest free times; with no free time that day, the next day that has one.',
    schema: z.object({
      service: refArg,
      staff: refArg.nullish(),
      date: dateArg,
      time: timeArg.optional(),
      /** An appointment being moved: its own time does not count as taken. */
      excluding: z.number().int().positive().optional(),
    }).strict(),
    run: ({ db }, args) => {
      const clock = nowParts(now);
      const svc = resolveService(db, args.service);
      if ('ok' in svc) return svc;
      const staff = resolveOptionalStaff(db, args.staff, null);
      if ('ok' in staff) return staff;
      const { staffId } = staff;
      const s = loadSchedule(db, clock.date);
      if (providers(s, svc.id, staffId).length === 0) {
        return refuse('not_offered', `${s.staff.find((x) => x.id === staffId)?.name ?? 'Nobody'} doesn't do ${svc.name.toLowerCase()} appointments.`);
      }
      const q = { serviceId: svc.id, staffId, date: args.date, now: clock.moment, excludeId: args.excluding };
      const slots: FreeSlot[] = freeSlots(s, q);
      const requested: (SlotCheck & { time: string }) | null = args.time !== undefined ? { ...checkSlot(s, { ...q, time: args.time }), time: args.time } : null;
      const nearest = args.time !== undefined ? nearestSlots(slots, args.time) : [];
      const nextOpen = slots.length === 0 && args.date >= clock.date ? nextOpenDay(s, { ...q, date: args.date }) : null;
      return { ok: true as const, serviceId: svc.id, staffId, date: args.date, requested, slots, nearest, nextOpen };
    },
  });

  return { find_services: findServices, find_staff: findStaff, find_slots: findSlots };
}
