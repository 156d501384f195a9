/**
 * A new booking, one question at a time: service → (which one?) → day → time (checked against
 * real availability, nearest free times offered) → name → phone → read-back → "yes" books it.
 * Corrections replace a slot and re-check; nothing is written before the customer's yes.
 */
import { givesService, providers } from './availability.js';
import type { Details } from './booking-intent.js';
import { fill } from './booking-replies.js';
import type { Draft } from './booking-state.js';
import { clockText, dayText, onDayText, relativeDayText, weekdayName, weekdayOf } from './booking-time.js';
import { bookingLine, listWords, readBack, spread, staffDayText } from './booking-text.js';
import type { Turn } from './booking-turn.js';

const INVALID_TEXT: Record<NonNullable<Details['invalid']>[number], string> = {
  date: "Sorry, I didn't catch that date.",
  time: "Sorry, I didn't catch that time.",
  phone: 'Sorry, I need the full ten-digit phone number, with the area code.',
  name: "Sorry, I didn't catch the name.",
};

/** Puts what was heard into the draft; several services or staff for one name become a choice to ask. */
export function applyDetails(turn: Turn, dr: Draft, d: Details): Draft {
  const s = turn.ports.schedule;
  let next: Draft = { ...dr };
  for (const what of d.invalid ?? []) turn.say.add(INVALID_TEXT[what]);
  const touched = d.serviceIds !== undefined || d.staff !== undefined || d.date !== undefined || d.time !== undefined;
  if (touched) next = { ...next, offers: [], assignedStaffId: null };
  if (d.serviceIds !== undefined) {
    let ids = d.serviceIds.filter((id) => turn.service(id) !== undefined);
    if (ids.length > 1 && next.staffId !== null) {
      const narrowed = ids.filter((id) => givesService(s, next.staffId as number, id));
      if (narrowed.length >= 1) ids = narrowed;
    }
    if (ids.length === 1) {
      next.serviceId = ids[0] as number;
      if (next.choices?.kind === 'service') next.choices = null;
    } else if (ids.length > 1) next.choices = { kind: 'service', ids };
  }
  if (d.staff !== undefined) {
    if (d.staff === 'any') {
      next.staffId = null;
      if (next.choices?.kind === 'staff') next.choices = null;
    } else {
      let ids = d.staff.filter((id) => turn.staff(id) !== undefined);
      if (ids.length > 1 && next.serviceId !== null) {
        const narrowed = ids.filter((id) => givesService(s, id, next.serviceId as number));
        if (narrowed.length >= 1) ids = narrowed;
      }
      if (ids.length === 1) {
        next.staffId = ids[0] as number;
        if (next.choices?.kind === 'staff') next.choices = null;
      } else if (ids.length > 1) next.choices = { kind: 'staff', ids };
    }
  }
  if (d.date !== undefined) next.date = d.date;
  if (d.time !== undefined) next.time = turn.resolveTime(d.time, next.date);
  if (d.name !== undefined) next.name = d.name;
  if (d.phone !== undefined) next.phone = d.phone;
  return next;
}

/** "Did you mean a sports massage or a relaxation massage?" */
export function choiceQuestion(turn: Turn, dr: Draft): string {
  const c = dr.choices;
  if (!c) return '';
  if (c.kind === 'service') return `Did you mean ${listWords(c.ids.map((id) => turn.servicePhrase(id)), 'or')}?`;
  if (c.kind === 'staff') return `Did you mean ${listWords(c.ids.map((id) => turn.staff(id)?.name ?? ''), 'or')}?`;
  return 'Which one?';
}

function who(turn: Turn, staffId: number | null): string {
  return turn.staff(staffId)?.name ?? 'we';
}

type SlotsResult = ReturnType<Turn['tools']['find_slots']>;

/** Offers free times (or the next day with one) after a time that does not work; returns the draft asking for a time. */
function offerAlternatives(turn: Turn, dr: Draft, r: Extract<SlotsResult, { ok: true }>): Draft {
  const date = dr.date as string;
  if (r.nearest.length > 0) {
    const times = r.nearest.map((x) => clockText(x.time));
    const q = r.nearest.length === 1 ? `I have ${times[0] as string}. Would that work?` : `I have ${listWords(times, 'or')}. Which works?`;
    return turn.ask({ ...dr, time: null, offers: r.nearest.map((x) => ({ date, time: x.time })) }, 'time', q);
  }
  return offerNextDay(turn, { ...dr, time: null }, r);
}

function offerNextDay(turn: Turn, dr: Draft, r: Extract<SlotsResult, { ok: true }>): Draft {
  const date = dr.date as string;
  const subject = dr.staffId !== null ? `${who(turn, dr.staffId)} has` : 'We have';
  turn.say.add(`${subject} nothing free ${onDayText(date, turn.today)}.`);
  const next = r.nextOpen;
  const first = next?.slots[0];
  if (!next || !first) return turn.ask({ ...dr, date: null, time: null, offers: [] }, 'date', 'What other day would you like?');
  return turn.ask({ ...dr, time: null, offers: [{ date: next.date, time: first.time }] }, 'time',
    `The next opening is ${relativeDayText(next.date, turn.today)} at ${clockText(first.time)}. Would that work?`);
}

/** Why the asked time does not work, in words. */
function whyNot(turn: Turn, dr: Draft, reason: string): string {
  const date = dr.date as string;
  const time = clockText(dr.time as string);
  const name = dr.staffId !== null ? who(turn, dr.staffId) : null;
  switch (reason) {
    case 'past': return `${time} ${onDayText(date, turn.today)} has already passed.`;
    case 'taken': return name ? `${name} is booked at ${time}.` : `We're fully booked at ${time}.`;
    case 'outside_hours': {
      const hours = name ? staffDayText(turn.ports.schedule, dr.staffId as number, date) : null;
      return name && hours ? `${name} works ${hours} on ${weekdayName(weekdayOf(date))}s.` : `${time} is outside our hours.`;
    }
    case 'not_working': return name ? `${name} isn't in ${onDayText(date, turn.today)}.` : `We're closed ${onDayText(date, turn.today)}.`;
    default: return `${time} doesn't work.`;
  }
}

/**
 * Service, staff, day and time, with the slot checked: either the draft asking the next question
 * (`asked`), or the draft with the slot found free and the staff member assigned (`free`).
 * `excluding`: an appointment being moved (its own time does not count as taken).
 */
export function settleSlot(turn: Turn, dr0: Draft, excluding?: number): { asked: Draft } | { free: Draft } {
  let dr: Draft = { ...dr0 };
  const r = turn.replies;
  const asked = (d: Draft): { asked: Draft } => ({ asked: d });
  if (dr.choices) return asked(turn.ask(dr, 'choice', choiceQuestion(turn, dr)));
  const service = turn.service(dr.serviceId);
  if (!service) {
    const names = turn.ports.schedule.services.map((s) => s.name.toLowerCase());
    return asked(turn.ask({ ...dr, serviceId: null }, 'service', fill(r.askService, { services: listWords(names) })));
  }
  if (dr.staffId !== null && !givesService(turn.ports.schedule, dr.staffId, service.id)) {
    const others = providers(turn.ports.schedule, service.id, null);
    const names = others.map((st) => st.name);
    turn.say.add(`${who(turn, dr.staffId)} doesn't do ${service.name.toLowerCase()} appointments${names.length > 0 ? `; ${listWords(names, 'or')} can` : ''}.`);
    dr = { ...dr, staffId: null };
    if (others.length > 1) {
      return asked(turn.ask({ ...dr, choices: { kind: 'staff', ids: others.map((st) => st.id) } }, 'choice', `Would you like ${listWords(names, 'or')}, or anyone who's free?`));
    }
  }
  if (dr.date === null) return asked(turn.ask(dr, 'date', r.askDate));
  if (dr.date < turn.today) {
    turn.say.add(`${dayText(dr.date)} has already passed.`);
    return asked(turn.ask({ ...dr, date: null }, 'date', r.askDate));
  }
  const base = { service: service.id, staff: dr.staffId, date: dr.date, ...(excluding !== undefined ? { excluding } : {}) };
  if (dr.time === null) {
    const res = turn.tools.find_slots(base);
    if (!res.ok) return asked(turn.ask({ ...dr, staffId: null }, 'date', `${res.reason} ${r.askDate}`));
    if (res.slots.length === 0) return asked(offerNextDay(turn, dr, res));
    const picks = spread(res.slots, 4);
    const times = listWords(picks.map((x) => clockText(x.time)), 'or');
    return asked(turn.ask({ ...dr, offers: picks.map((x) => ({ date: dr.date as string, time: x.time })) }, 'time', fill(r.askTime, { day: onDayText(dr.date, turn.today), times })));
  }
  const res = turn.tools.find_slots({ ...base, time: dr.time });
  if (!res.ok) return asked(turn.ask({ ...dr, staffId: null, time: null }, 'time', `${res.reason} What time would you like?`));
  const req = res.requested;
  if (!req || !req.ok) {
    // Nothing free that day at all: "nothing free on Saturday; the next opening is …" says it.
    if (res.slots.length === 0) return asked(offerNextDay(turn, { ...dr, time: null }, res));
    turn.say.add(whyNot(turn, dr, req && !req.ok ? req.reason : 'taken'));
    return asked(offerAlternatives(turn, dr, res));
  }
  return { free: { ...dr, assignedStaffId: req.staffId, offers: [] } };
}

/** Asks the next missing thing, or reads the booking back for confirmation. */
export function advanceBooking(turn: Turn, dr0: Draft): Draft {
  const settled = settleSlot(turn, dr0);
  if ('asked' in settled) return settled.asked;
  const dr = settled.free;
  const r = turn.replies;
  const service = turn.service(dr.serviceId);
  if (!service || dr.date === null || dr.time === null) return dr;
  if (dr.name === null) return turn.ask(dr, 'name', r.askName);
  if (dr.phone === null) return turn.ask(dr, 'phone', r.askPhone);
  const text = readBack({
    service: turn.servicePhrase(service.id), staff: who(turn, dr.assignedStaffId), date: dr.date, time: dr.time,
    name: dr.name, phone: dr.phone, priceCents: service.price_cents, minutes: service.duration_min,
  }, turn.today);
  turn.say.add(text.screen, text.voice);
  return turn.ask(dr, 'confirm', r.askConfirm);
}

/** The customer said yes to the read-back: book it (the tool re-checks the slot). Null draft when done. */
export function commitBooking(turn: Turn, dr: Draft): Draft | null {
  if (dr.serviceId === null || dr.date === null || dr.time === null || dr.name === null || dr.phone === null) return advanceBooking(turn, dr);
  const res = turn.tools.book_appointment({
    service: dr.serviceId, staff: dr.staffId ?? dr.assignedStaffId, date: dr.date, time: dr.time, name: dr.name, phone: dr.phone,
  });
  if (res.ok) {
    const a = res.appointment;
    const line = bookingLine({ service: turn.servicePhrase(a.serviceId), staff: a.staff, date: a.date, time: a.time }, turn.today);
    const summary = `${line.replace(/^./, (c) => c.toUpperCase())}, for ${a.name}.`;
    turn.say.add(fill(turn.replies.booked, { summary }));
    return null;
  }
  if (res.code === 'not_confirmed') return turn.ask(dr, 'confirm', turn.replies.askConfirm);
  // The slot went in the meantime (or the time passed): the re-check says why and offers what is free now.
  if (res.code !== 'taken' && res.code !== 'past') turn.say.add(res.reason);
  return advanceBooking(turn, { ...dr, assignedStaffId: null });
}
