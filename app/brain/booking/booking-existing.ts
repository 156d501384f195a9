/**
 * Existing appointments: check in (today's, matched by time, name or phone — exactly one, else the
 * phone number is asked), cancel and move (found by phone number, read back, changed only after a
 * yes). Null draft when the task is finished.
 */
import type { AppointmentView } from '../../tools/booking/booking-refs.js';
import { choiceQuestion, settleSlot } from './booking-flow.js';
import { fill } from './booking-replies.js';
import type { AppointmentRef, Draft } from './booking-state.js';
import { clockText, onDayText } from './booking-time.js';
import { bookingLine, listWords, phoneForScreen, phoneForVoice } from './booking-text.js';
import type { Turn } from './booking-turn.js';

function ref(a: AppointmentView): AppointmentRef {
  return { id: a.id, serviceId: a.serviceId, staffId: a.staffId, date: a.date, time: a.time };
}

/** "your physio session with Maria Lopez on Thursday, Dec 3 at 10:00 AM". */
function line(turn: Turn, a: Pick<AppointmentView, 'serviceId' | 'staff' | 'date' | 'time'>): string {
  return bookingLine({ service: turn.servicePhrase(a.serviceId, true), staff: a.staff, date: a.date, time: a.time }, turn.today);
}

function describe(turn: Turn, a: AppointmentRef): string {
  return line(turn, { serviceId: a.serviceId, staff: turn.staff(a.staffId)?.name ?? 'our staff', date: a.date, time: a.time });
}

/** Check-in: today's appointments matching what was said; exactly one is checked in. */
export function advanceCheckIn(turn: Turn, dr: Draft): Draft | null {
  const r = turn.replies;
  if (!turn.tools.has('check_in')) {
    turn.say.add(r.notAvailableHere);
    return null;
  }
  if (dr.phone === null && dr.name === null && dr.time === null) return turn.ask(dr, 'phone', r.askCheckInPhone);
  const found = turn.tools.find_appointments({
    date: turn.today,
    ...(dr.phone !== null ? { phone: dr.phone } : {}),
    ...(dr.name !== null ? { name: dr.name } : {}),
    ...(dr.time !== null ? { time: dr.time } : {}),
  });
  const list = found.appointments;
  const one = list.length === 1 ? list[0] : undefined;
  if (one) {
    if (one.status === 'checked_in') {
      turn.say.add(r.alreadyCheckedIn);
      return null;
    }
    const res = turn.tools.check_in({ id: one.id });
    if (res.ok) {
      turn.say.add(fill(r.checkedIn, { name: res.appointment.name.split(' ')[0] ?? res.appointment.name, time: clockText(res.appointment.time), service: res.appointment.service.toLowerCase(), staff: res.appointment.staff }));
    } else turn.say.add(res.reason);
    return null;
  }
  if (dr.phone === null) {
    const what = dr.time !== null ? `${/^(8|11|18):/.test(clockText(dr.time)) ? 'an' : 'a'} ${clockText(dr.time)} appointment` : 'one appointment';
    turn.say.add(list.length === 0 ? `I couldn't find ${what} today${dr.name !== null ? ` for ${dr.name}` : ''}.` : `I found more than one appointment at that time.`);
    return turn.ask({ ...dr, name: null, time: null }, 'phone', "What's the phone number on your booking?");
  }
  if (list.length > 1 && dr.time === null) {
    return turn.ask(dr, 'time', `You have ${list.length} appointments today, at ${listWords(list.map((a) => clockText(a.time)))}. Which one are you here for?`);
  }
  turn.say.add(r.notFoundToday);
  return null;
}

/** Cancel or move: find the appointment by phone (and date / time to choose among several). */
function findTarget(turn: Turn, dr: Draft): Draft | AppointmentRef {
  const r = turn.replies;
  if (dr.appointment) return dr.appointment;
  if (dr.phone === null) {
    if (dr.awaiting === null) turn.say.add('Sure.');
    return turn.ask(dr, 'phone', r.askBookingPhone);
  }
  const found = turn.tools.find_appointments({ phone: dr.phone });
  let list = found.appointments.filter((a) => a.status === 'booked' && `${a.date}T${a.time}` > `${turn.today}T00:00`);
  if (dr.choices?.kind === 'appointment') list = list.filter((a) => dr.choices?.ids.includes(a.id));
  // For a cancel, a date / time said narrows the search; for a move they are the new time.
  if (dr.task === 'cancel' && dr.date !== null) list = list.filter((a) => a.date === dr.date);
  if (dr.task === 'cancel' && dr.time !== null) list = list.filter((a) => a.time === dr.time);
  if (list.length === 0) {
    turn.say.add(fill(r.notFound, { phone: phoneForScreen(dr.phone) }), fill(r.notFound, { phone: phoneForVoice(dr.phone) }));
    return turn.ask({ ...dr, phone: null, choices: null }, 'phone', 'What phone number did you book with?');
  }
  if (list.length > 1) {
    const choices = { kind: 'appointment' as const, ids: list.map((a) => a.id) };
    turn.say.add(`I found ${list.length} appointments: ${listWords(list.map((a) => line(turn, a)))}.`);
    return turn.ask({ ...dr, choices }, 'choice', 'Which one?');
  }
  return ref(list[0] as AppointmentView);
}

export function advanceCancel(turn: Turn, dr: Draft): Draft | null {
  if (!turn.tools.has('cancel_appointment')) {
    turn.say.add(turn.replies.notAvailableHere);
    return null;
  }
  const target = findTarget(turn, dr);
  if (!('id' in target)) return target;
  turn.say.add(`I found ${describe(turn, target)}.`);
  return turn.ask({ ...dr, appointment: target, choices: null }, 'confirm', turn.replies.askCancelConfirm);
}

export function commitCancel(turn: Turn, dr: Draft): Draft | null {
  if (!dr.appointment) return advanceCancel(turn, dr);
  const res = turn.tools.cancel_appointment({ id: dr.appointment.id });
  if (res.ok) {
    turn.say.add(fill(turn.replies.appointmentCancelled, { appointment: line(turn, res.appointment).replace(/^your /, '') }));
    return null;
  }
  turn.say.add(res.reason);
  return null;
}

/** Move: the appointment, then the new day and time (same service, same staff unless another is named). */
export function advanceReschedule(turn: Turn, dr0: Draft): Draft | null {
  if (!turn.tools.has('reschedule_appointment')) {
    turn.say.add(turn.replies.notAvailableHere);
    return null;
  }
  let dr = dr0;
  const target = findTarget(turn, dr);
  if (!('id' in target)) return target;
  const fresh = dr.appointment === null;
  dr = { ...dr, appointment: target, serviceId: target.serviceId, staffId: dr.staffId ?? target.staffId, choices: dr.choices?.kind === 'appointment' ? null : dr.choices };
  if (fresh) turn.say.add(`I found ${describe(turn, target)}.`);
  if (dr.choices) return turn.ask(dr, 'choice', choiceQuestion(turn, dr));
  if (dr.date === null) return turn.ask(dr, 'date', fresh ? turn.replies.askNewTime : turn.replies.askDate);
  if (dr.date === target.date && dr.time === target.time && dr.staffId === target.staffId) {
    turn.say.add("That's the time you already have.");
    return turn.ask({ ...dr, time: null }, 'time', 'What time would you like instead?');
  }
  // Availability is checked like a new booking, without the appointment's own time counting as taken.
  const settled = settleSlot(turn, dr, target.id);
  if ('asked' in settled) return settled.asked;
  turn.say.add(moveStatement(turn, settled.free));
  return turn.ask(settled.free, 'confirm', turn.replies.askMoveConfirm);
}

function moveStatement(turn: Turn, dr: Draft): string {
  const a = dr.appointment;
  if (!a || dr.date === null || dr.time === null) return '';
  const staff = turn.staff(dr.assignedStaffId ?? dr.staffId)?.name ?? 'our staff';
  return `I can move your ${turn.service(a.serviceId)?.name.toLowerCase() ?? 'appointment'} from ${onDayText(a.date, turn.today).replace(/^on /, '')} at ${clockText(a.time)} to ${onDayText(dr.date, turn.today).replace(/^on /, '')} at ${clockText(dr.time)} with ${staff}.`;
}

export function commitReschedule(turn: Turn, dr: Draft): Draft | null {
  if (!dr.appointment || dr.date === null || dr.time === null) return advanceReschedule(turn, dr);
  const res = turn.tools.reschedule_appointment({ id: dr.appointment.id, date: dr.date, time: dr.time, staff: dr.assignedStaffId ?? dr.staffId });
  if (res.ok) {
    turn.say.add(fill(turn.replies.rescheduled, { appointment: bookingLine({ service: '', staff: res.appointment.staff, date: res.appointment.date, time: res.appointment.time }, turn.today).trim() }));
    return null;
  }
  if (res.code !== 'taken' && res.code !== 'past') turn.say.add(res.reason);
  return advanceReschedule(turn, { ...dr, assignedStaffId: null });
}
