/**
 * The booking brain (domain.json "policy": "booking"): a front desk that books appointments
 * against real availability, checks customers in, cancels and moves bookings, and answers
 * questions about services, prices, staff and hours. The grammar is compiled from the store's
 * services, staff and known customers; the dialog state is one draft per session.
 */
import { HeedError } from '../../core/errors.js';
import { runTool } from '../../tools/drive-thru/define-tool.js';
import { searchFaqTool } from '../../tools/faq/faq-tools.js';
import { bookingToolApi, BOOKING_TOOL_NAMES, createBookingTools, REQUIRED_BOOKING_TOOLS } from '../../tools/booking/index.js';
import { knownCustomers, loadSchedule, serviceAliases } from '../../tools/booking/booking-repo.js';
import type { BrainFactory, CardRow, ScreenCard } from '../brain.js';
import { bookingIntents } from './booking-grammar.js';
import { mergeDetails, type BookingIntent, type Details } from './booking-intent.js';
import { interpretBooking } from './booking-interpret.js';
import { bookingPhrasesSchema } from './booking-phrases.js';
import { runBookingTurn } from './booking-policy.js';
import { bookingRepliesSchema, type BookingReplies } from './booking-replies.js';
import { draftStore, type Draft } from './booking-state.js';
import { clockText, dayText, localParts } from './booking-time.js';
import { phoneForScreen, priceText } from './booking-text.js';
import { Turn } from './booking-turn.js';

const TITLES: Record<Draft['task'], string> = {
  book: 'New booking',
  check_in: 'Check-in',
  cancel: 'Cancel a booking',
  reschedule: 'Move a booking',
};

const STATUS: Record<NonNullable<Draft['awaiting']>, string> = {
  service: 'Which service?',
  date: 'Which day?',
  time: 'What time?',
  name: 'Your name',
  phone: 'Your phone number',
  confirm: 'Please confirm',
  change: 'What should change?',
  choice: 'Which one?',
};

export const createBookingBrain: BrainFactory<BookingIntent> = (ctx) => {
  const { db } = ctx;
  const tools = createBookingTools(ctx.now);
  const enabled = new Set(ctx.pack.tools);
  const today = (): string => localParts(ctx.now()).date;

  let replies: BookingReplies | null = null;
  const bookingReplies = (): BookingReplies => {
    if (replies) return replies;
    const keys = Object.keys(bookingRepliesSchema.shape);
    const mine = Object.fromEntries(Object.entries(ctx.pack.replies).filter(([k]) => keys.includes(k)));
    const parsed = bookingRepliesSchema.safeParse(mine);
    if (!parsed.success) {
      throw new HeedError('DOMAIN_INVALID', 'domain', `domain.json replies: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    }
    replies = parsed.data;
    return replies;
  };

  const card = (sessionId: string): ScreenCard | null => {
    const dr = draftStore(db, sessionId).get();
    if (!dr) return null;
    const s = loadSchedule(db, today());
    const rows: CardRow[] = [];
    const add = (label: string, value: string | null | undefined): void => {
      if (value) rows.push({ label, value });
    };
    const service = s.services.find((x) => x.id === (dr.appointment?.serviceId ?? dr.serviceId));
    if (dr.appointment) add('Booked', `${dayText(dr.appointment.date)}, ${clockText(dr.appointment.time)}`);
    add('Service', service?.name);
    add('With', s.staff.find((x) => x.id === (dr.assignedStaffId ?? dr.staffId))?.name ?? (dr.task === 'book' && service ? 'Anyone available' : null));
    add(dr.task === 'reschedule' ? 'New day' : 'Day', dr.date ? dayText(dr.date) : null);
    add(dr.task === 'reschedule' ? 'New time' : 'Time', dr.time ? clockText(dr.time) : null);
    add('Name', dr.name);
    add('Phone', dr.phone ? phoneForScreen(dr.phone) : null);
    if (dr.task === 'book' && service) add('Price', `${priceText(service.price_cents)} · ${service.duration_min} min`);
    return { title: TITLES[dr.task], rows, status: dr.awaiting ? STATUS[dr.awaiting] : null };
  };

  return {
    phrasesSchema: bookingPhrasesSchema,
    repliesSchema: bookingRepliesSchema,
    availableTools: BOOKING_TOOL_NAMES,
    requiredTools: REQUIRED_BOOKING_TOOLS,

    grammar: (kit, phrases) => {
      const s = loadSchedule(db, today());
      const aliases = serviceAliases(db);
      return bookingIntents({
        services: s.services.map((x) => ({ id: x.id, slug: x.slug, name: x.name, aliases: aliases.filter((a) => a.service_id === x.id).map((a) => a.alias) })),
        staff: s.staff,
        customers: knownCustomers(db),
      }, bookingPhrasesSchema.parse(phrases), kit);
    },

    interpret: (intentName, match, words) => interpretBooking(intentName, match, words, ctx.now()),

    merge: (parts) => {
      if (parts.length === 0 || !parts.every((p) => p.kind === 'book' || p.kind === 'details')) return null;
      let d: Details = {};
      let correction = false;
      for (const p of parts) {
        if (p.kind !== 'book' && p.kind !== 'details') return null;
        d = mergeDetails(d, p.d);
        if (p.kind === 'details' && p.correction) correction = true;
      }
      return parts.some((p) => p.kind === 'book') ? { kind: 'book', d } : { kind: 'details', d, correction };
    },

    act: (intent, run) => {
      const api = bookingToolApi(tools, { db, sessionId: run.sessionId, customerConfirmed: run.customerConfirmed }, run.records, enabled);
      const day = today();
      const turn = new Turn({ tools: api, replies: bookingReplies(), schedule: loadSchedule(db, day), today: day });
      return runBookingTurn(intent, turn, draftStore(db, run.sessionId));
    },

    /** Words the grammar could not parse: an answer from the pack's FAQ when one fits well, then the open question again. */
    freeText: (text, run) => {
      if (!enabled.has(searchFaqTool.name)) return null;
      const toolCtx = { db, sessionId: run.sessionId, customerConfirmed: false };
      const args = { query: text.slice(0, 300) };
      const r = runTool(searchFaqTool, toolCtx, args);
      run.records.push({ name: searchFaqTool.name, args, result: r });
      if (!r.found) return null;
      const open = draftStore(db, run.sessionId).get()?.question;
      const reply = open ? `${r.answer} ${open}` : r.answer;
      return { intent: 'faq', reply, spoken: reply };
    },

    reprompt: (sessionId) => draftStore(db, sessionId).get()?.question ?? null,

    personalNames: (sessionId) => {
      const name = draftStore(db, sessionId).get()?.name;
      return name ? [name] : [];
    },

    clear: (sessionId) => {
      const store = draftStore(db, sessionId);
      const had = store.get() !== null;
      if (had) store.set(null);
      return had;
    },

    card,
  };
};
