/** Questions that change nothing: prices, durations, the services, opening hours, when someone works. */
import type { Details } from './booking-intent.js';
import { openingHours } from './availability.js';
import { clockText, onDayText, weekdayOf } from './booking-time.js';
import { listWords, openingWeekText, priceText, staffDayText, staffWeekText } from './booking-text.js';
import type { Turn } from './booking-turn.js';

const capital = (s: string): string => s.replace(/^./, (c) => c.toUpperCase());

/** The services a question is about: the ones named, else the one being booked, else all. */
function servicesAsked(turn: Turn, d: Details, current: number | null): { ids: number[]; all: boolean } {
  if (d.serviceIds && d.serviceIds.length > 0) return { ids: d.serviceIds, all: false };
  if (current !== null) return { ids: [current], all: false };
  return { ids: turn.ports.schedule.services.map((s) => s.id), all: true };
}

export function answerPrice(turn: Turn, d: Details, current: number | null): void {
  const res = turn.tools.find_services({});
  const { ids, all } = servicesAsked(turn, d, current);
  const rows = res.ok ? res.services.filter((s) => ids.includes(s.id)) : [];
  if (rows.length === 0) {
    turn.say.add("Sorry, I don't have a price for that.");
    return;
  }
  const parts = rows.map((s) => `${turn.servicePhrase(s.id)} is ${priceText(Math.round(s.price * 100))}`);
  turn.say.add(all ? `Our prices: ${listWords(parts)}.` : `${capital(listWords(parts))}.`);
}

export function answerDuration(turn: Turn, d: Details, current: number | null): void {
  const res = turn.tools.find_services({});
  const { ids } = servicesAsked(turn, d, current);
  const rows = res.ok ? res.services.filter((s) => ids.includes(s.id)) : [];
  if (rows.length === 0) {
    turn.say.add("Sorry, I don't know how long that takes.");
    return;
  }
  const parts = rows.map((s) => `${turn.servicePhrase(s.id)} takes ${s.minutes} minutes`);
  turn.say.add(`${capital(listWords(parts))}.`);
}

export function answerServices(turn: Turn): void {
  const res = turn.tools.find_services({});
  const names = res.ok ? res.services.map((s) => turn.servicePhrase(s.id)) : [];
  turn.say.add(`We offer ${listWords(names)}.`);
}

export function answerHours(turn: Turn, d: Details): void {
  const s = turn.ports.schedule;
  if (d.date !== undefined) {
    const h = openingHours(s, weekdayOf(d.date));
    const day = onDayText(d.date, turn.today);
    turn.say.add(h ? `${capital(day)} we're open from ${clockRange(h.start, h.end)}.` : `We're closed ${day}.`);
    return;
  }
  turn.say.add(`We're open ${openingWeekText(s)}.`);
}

function clockRange(start: string, end: string): string {
  return `${clockText(start)} to ${clockText(end)}`;
}

export function answerStaffHours(turn: Turn, d: Details): void {
  const s = turn.ports.schedule;
  const ids = Array.isArray(d.staff) ? d.staff : [];
  if (ids.length === 0) {
    turn.say.add(`Our team: ${listWords(s.staff.map((st) => `${st.name}, ${st.role}`))}.`);
    return;
  }
  const res = turn.tools.find_staff({});
  const known = res.ok ? res.staff.filter((st) => ids.includes(st.id)) : [];
  for (const st of known) {
    if (d.date !== undefined) {
      const hours = staffDayText(s, st.id, d.date);
      turn.say.add(hours
        ? `${st.name} works ${onDayText(d.date, turn.today)}, ${hours}.`
        : `${st.name} isn't in ${onDayText(d.date, turn.today)}. ${st.name.split(' ')[0] as string} works ${staffWeekText(s, st.id)}.`);
    } else {
      turn.say.add(`${st.name}${st.role ? `, our ${st.role},` : ''} works ${staffWeekText(s, st.id)}.`);
    }
  }
}
