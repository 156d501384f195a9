/**
 * The booking dialog policy: one understood intent + the session's draft → tool calls → the reply
 * and the next draft. Deterministic; writes happen only through the tools, and the committing ones
 * (book, cancel, move) only on the customer's own "yes" to a read-back.
 */
import type { PolicyReply, UniversalIntent } from '../brain.js';
import { answerDuration, answerHours, answerPrice, answerServices, answerStaffHours } from './booking-answers.js';
import { advanceCancel, advanceCheckIn, advanceReschedule, commitCancel, commitReschedule } from './booking-existing.js';
import { advanceBooking, applyDetails, choiceQuestion, commitBooking } from './booking-flow.js';
import { onlyBareSpelled, type BookingIntent, type Details } from './booking-intent.js';
import { newDraft, type Draft, type DraftStore } from './booking-state.js';
import { clockText, onDayText } from './booking-time.js';
import { listWords } from './booking-text.js';
import type { Turn } from './booking-turn.js';

/** Carries the task on: the next question, or the read-back. */
export function continueTask(turn: Turn, dr: Draft): Draft | null {
  switch (dr.task) {
    case 'book': return advanceBooking(turn, dr);
    case 'check_in': return advanceCheckIn(turn, dr);
    case 'cancel': return advanceCancel(turn, dr);
    case 'reschedule': return advanceReschedule(turn, dr);
  }
}

function reask(turn: Turn, dr: Draft, prefix?: string): Draft {
  if (prefix) turn.say.add(prefix);
  if (dr.question) turn.say.add(dr.question);
  return dr;
}

function offersText(dr: Draft, today: string): string {
  const sameDay = dr.offers.every((o) => o.date === dr.offers[0]?.date);
  return listWords(dr.offers.map((o) => (sameDay ? clockText(o.time) : `${onDayText(o.date, today)} at ${clockText(o.time)}`)), 'or');
}

function onYes(turn: Turn, dr: Draft | null): Draft | null {
  if (!dr) {
    turn.say.add(turn.replies.nothingToConfirm);
    return null;
  }
  if (dr.awaiting === 'confirm') {
    switch (dr.task) {
      case 'book': return commitBooking(turn, dr);
      case 'cancel': return commitCancel(turn, dr);
      case 'reschedule': return commitReschedule(turn, dr);
      case 'check_in': return continueTask(turn, dr);
    }
  }
  const only = dr.offers.length === 1 ? dr.offers[0] : undefined;
  if (only) return continueTask(turn, { ...dr, date: only.date, time: only.time, offers: [] });
  if (dr.offers.length > 1) return turn.ask(dr, dr.awaiting ?? 'time', `Which one: ${offersText(dr, turn.today)}?`);
  if (dr.awaiting === 'choice') return turn.ask(dr, 'choice', choiceQuestion(turn, dr) || (dr.question ?? ''));
  if (dr.awaiting === 'change') return turn.ask(dr, 'change', turn.replies.askWhatChange);
  return reask(turn, dr, 'Okay.');
}

function onNo(turn: Turn, dr: Draft | null): Draft | null {
  if (!dr) {
    turn.say.add(turn.replies.nothingToConfirm);
    return null;
  }
  if (dr.awaiting === 'confirm') {
    if (dr.task === 'book') return turn.ask(dr, 'change', turn.replies.askWhatChange);
    turn.say.add(turn.replies.keptAppointment);
    return null;
  }
  if (dr.offers.length > 0) {
    const otherDay = dr.offers.some((o) => o.date !== dr.date);
    const next: Draft = { ...dr, offers: [] };
    turn.say.add('Okay.');
    return otherDay ? turn.ask({ ...next, date: null, time: null }, 'date', 'What other day would you like?') : turn.ask({ ...next, time: null }, 'time', 'What time would work for you?');
  }
  return reask(turn, dr, 'Okay.');
}

function onCancel(turn: Turn, dr: Draft | null): null {
  if (!dr) turn.say.add(turn.replies.nothingToCancel);
  else if (dr.task === 'book') turn.say.add(turn.replies.bookingDropped);
  else if (dr.task === 'check_in') turn.say.add(`Okay. ${turn.replies.anythingElse}`);
  else turn.say.add(turn.replies.keptAppointment);
  return null;
}

/** Several appointments were found for the phone number: the one a date, time or position names. */
function chooseAppointment(turn: Turn, dr: Draft, by: { date?: string; time?: string; index?: number }): Draft | null {
  const ids = dr.choices?.kind === 'appointment' ? dr.choices.ids : [];
  const found = dr.phone !== null ? turn.tools.find_appointments({ phone: dr.phone }).appointments.filter((a) => ids.includes(a.id)) : [];
  let pool = found;
  if (by.index !== undefined) pool = [found[by.index < 0 ? found.length - 1 : by.index - 1]].filter((a) => a !== undefined);
  if (by.date !== undefined) pool = pool.filter((a) => a.date === by.date);
  if (by.time !== undefined) pool = pool.filter((a) => a.time === by.time);
  const one = pool.length === 1 ? pool[0] : undefined;
  if (!one) return reask(turn, dr, "Sorry, I couldn't tell which one.");
  const next: Draft = { ...dr, choices: null, appointment: { id: one.id, serviceId: one.serviceId, staffId: one.staffId, date: one.date, time: one.time } };
  return continueTask(turn, dr.task === 'cancel' ? next : { ...next, date: null, time: null });
}

function onDetails(turn: Turn, dr: Draft | null, d: Details): Draft | null {
  // Letters on their own are a name only when a name was asked for (or what to change).
  if (onlyBareSpelled(d) && dr?.awaiting !== 'name' && dr?.awaiting !== 'change') {
    turn.say.add("Sorry, I didn't catch that.");
    if (dr?.question) turn.say.add(dr.question);
    else turn.say.add(turn.replies.nothingToConfirm);
    return dr;
  }
  if (!dr) return advanceBooking(turn, applyDetails(turn, newDraft('book'), d));
  if (dr.choices?.kind === 'appointment' && (d.date !== undefined || d.time !== undefined)) {
    return chooseAppointment(turn, dr, {
      ...(d.date !== undefined ? { date: d.date } : {}),
      ...(d.time !== undefined ? { time: turn.resolveTime(d.time, d.date ?? null) } : {}),
    });
  }
  let next = applyDetails(turn, dr, d);
  // A new phone number, or a cancel's date / time, means looking the appointment up again.
  if ((dr.task === 'cancel' || dr.task === 'reschedule') && d.phone !== undefined) next = { ...next, appointment: null, choices: null };
  if (dr.task === 'cancel' && (d.date !== undefined || d.time !== undefined)) next = { ...next, appointment: null };
  return continueTask(turn, next);
}

function onPick(turn: Turn, dr: Draft | null, index: number): Draft | null {
  if (!dr) {
    turn.say.add("Sorry, I haven't offered anything to choose from yet. How can I help?");
    return null;
  }
  const at = <T>(list: readonly T[]): T | undefined => (index < 0 ? list[list.length - 1] : list[index - 1]);
  if (dr.choices) {
    if (dr.choices.kind === 'appointment') return chooseAppointment(turn, dr, { index });
    const id = at(dr.choices.ids);
    if (id === undefined) return reask(turn, dr, "Sorry, I didn't offer that many.");
    const next: Draft = dr.choices.kind === 'service' ? { ...dr, serviceId: id, choices: null } : { ...dr, staffId: id, choices: null };
    return continueTask(turn, next);
  }
  const offer = at(dr.offers);
  if (offer) return continueTask(turn, { ...dr, date: offer.date, time: offer.time, offers: [] });
  return reask(turn, dr, "Sorry, I didn't offer that many.");
}

/** "What times do you have tomorrow", "is Maria free at three": an availability answer that carries a booking on. */
function onAskSlots(turn: Turn, dr0: Draft | null, d: Details): Draft | null {
  let dr = dr0 && (dr0.task === 'book' || dr0.task === 'reschedule') ? dr0 : newDraft('book');
  dr = applyDetails(turn, dr, d);
  if (d.time === undefined) dr = { ...dr, time: null };
  if (dr.date === null && dr.serviceId !== null) dr = { ...dr, date: turn.today };
  const next = continueTask(turn, dr);
  if (d.time !== undefined && next && next.assignedStaffId !== null && next.date !== null && next.time !== null && next.time === dr.time) {
    turn.say.prepend(`Yes, ${clockText(next.time)} ${onDayText(next.date, turn.today)} is free.`);
  }
  return next;
}

/** A question that changes nothing: answered, then the open question (if any) asked again. */
function answered(turn: Turn, dr: Draft | null): Draft | null {
  if (dr?.question) turn.say.add(dr.question);
  return dr;
}

export function runBookingTurn(intent: BookingIntent | UniversalIntent, turn: Turn, store: DraftStore): PolicyReply {
  const dr = store.get();
  let next: Draft | null;
  switch (intent.kind) {
    case 'yes': next = onYes(turn, dr); break;
    case 'no': next = onNo(turn, dr); break;
    case 'cancel': next = onCancel(turn, dr); break;
    case 'book': next = advanceBooking(turn, applyDetails(turn, dr?.task === 'book' ? dr : newDraft('book'), intent.d)); break;
    case 'details': next = onDetails(turn, dr, intent.d); break;
    case 'pick': next = onPick(turn, dr, intent.index); break;
    case 'check_in': {
      const base = newDraft('check_in');
      next = advanceCheckIn(turn, {
        ...base,
        time: intent.d.time ? turn.resolveTime(intent.d.time, turn.today) : null,
        name: intent.d.name ?? null,
        phone: intent.d.phone ?? null,
      });
      break;
    }
    case 'cancel_appointment':
      next = advanceCancel(turn, applyDetails(turn, newDraft('cancel'), intent.d));
      break;
    case 'reschedule':
      next = advanceReschedule(turn, applyDetails(turn, newDraft('reschedule'), intent.d));
      break;
    case 'ask_slots': next = onAskSlots(turn, dr, intent.d); break;
    case 'ask_price': answerPrice(turn, intent.d, dr?.serviceId ?? null); next = answered(turn, dr); break;
    case 'ask_duration': answerDuration(turn, intent.d, dr?.serviceId ?? null); next = answered(turn, dr); break;
    case 'ask_services': answerServices(turn); next = dr ? answered(turn, dr) : null; break;
    case 'ask_hours': answerHours(turn, intent.d); next = answered(turn, dr); break;
    case 'ask_staff_hours': answerStaffHours(turn, intent.d); next = answered(turn, dr); break;
  }
  if (intent.kind === 'ask_services' && !dr) turn.say.add('What would you like to book?');
  store.set(next);
  return turn.say.done(intent.kind);
}
