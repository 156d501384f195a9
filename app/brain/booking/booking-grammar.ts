/**
 * The booking brain's grammar, compiled from the store's services, staff and known customers and
 * the pack's phrase templates. Tags:
 *   service=<id>[,<id>…]  a service name (several ids: a word naming several, "massage")
 *   staff=<id>[,<id>…]    a staff name (several: "Chris"), staff=any ("with anyone")
 *   slot=date, slot=time, slot=phone   built-in values (read back with ITN)
 *   slot=name (a known customer's name), slot=spelled (letters)
 *   pick=<n>              "the second one"
 *   fix                   a correction opener ("no, make that …")
 */
import { alt, optional, seq, tag, word, type GrammarNode } from '../../core/grammar/ast.js';
import type { GrammarKit } from '../brain.js';
import type { BookingPhrases } from './booking-phrases.js';

export interface GrammarData {
  services: ReadonlyArray<{ id: number; slug: string; name: string; aliases: readonly string[] }>;
  staff: ReadonlyArray<{ id: number; slug: string; name: string }>;
  customers: ReadonlyArray<{ name: string }>;
}

/** Spoken form → the ids it names, in first-seen order. */
function formOwners(entries: ReadonlyArray<{ id: number; forms: readonly string[] }>): Map<string, number[]> {
  const owners = new Map<string, number[]>();
  for (const e of entries) {
    for (const f of e.forms) {
      const ids = owners.get(f) ?? [];
      if (!ids.includes(e.id)) ids.push(e.id);
      owners.set(f, ids);
    }
  }
  return owners;
}

/** Groups forms by the id list they name, longer forms first (the matcher takes the first path). */
function namesNode(kit: GrammarKit, owners: ReadonlyMap<string, number[]>, tagName: string, where: string): GrammarNode {
  const byIds = new Map<string, string[]>();
  for (const [form, ids] of owners) {
    const key = ids.join(',');
    byIds.set(key, [...(byIds.get(key) ?? []), form]);
  }
  const entries = [...byIds.entries()].map(([ids, forms]) => ({
    forms: forms.sort((a, b) => b.split(' ').length - a.split(' ').length),
    tag: `${tagName}=${ids}`,
    where,
  }));
  // Longer names first across entries too ("chris park" before "chris").
  entries.sort((a, b) => (b.forms[0]?.split(' ').length ?? 0) - (a.forms[0]?.split(' ').length ?? 0));
  return kit.names(entries);
}

/**
 * Templates with one {slot} each, factored so the slot's node appears once per distinct tail
 * ("at {time}", "around {time}", "{time}" → [at | around] <time>). The recognizer expands every
 * reference to a rule separately, so a big built-in (times, dates, spelled letters) must not be
 * repeated once per template. Templates with no slot or several slots are kept as they are.
 */
function slotTemplates(kit: GrammarKit, texts: readonly string[], where: string, slots: Readonly<Record<string, GrammarNode>>): GrammarNode {
  const groups = new Map<string, { slot: string; tail: string; heads: string[] }>();
  const rest: string[] = [];
  for (const t of texts) {
    const toks = t.trim().split(/\s+/);
    const at = toks.flatMap((x, i) => (/^\{\w+\}$/.test(x) ? [i] : []));
    const i = at[0];
    const slot = i === undefined ? undefined : (toks[i] as string).slice(1, -1);
    if (at.length !== 1 || i === undefined || slot === undefined || !slots[slot]) {
      rest.push(t);
      continue;
    }
    const head = toks.slice(0, i).join(' ');
    const tail = toks.slice(i + 1).join(' ');
    const key = `${slot}|${tail}`;
    const g = groups.get(key) ?? { slot, tail, heads: [] };
    g.heads.push(head);
    groups.set(key, g);
  }
  const alts: GrammarNode[] = [];
  for (const g of groups.values()) {
    const heads = g.heads.filter((h) => h.length > 0);
    const headNode = heads.length === 0 ? [] : [g.heads.includes('') ? optional(kit.phrases(heads, where)) : kit.phrases(heads, where)];
    const tailNode = g.tail.length > 0 ? [kit.phrases([g.tail], where)] : [];
    alts.push(seq(...headNode, slots[g.slot] as GrammarNode, ...tailNode));
  }
  if (rest.length > 0) alts.push(kit.templates(rest, where, slots));
  return alt(...alts);
}

export function bookingIntents(data: GrammarData, p: BookingPhrases, kit: GrammarKit): Array<[string, GrammarNode]> {
  const list = (texts: readonly string[], key: string): GrammarNode => kit.phrases(texts, `phrases.json ${key}`);
  const maybe = (texts: readonly string[], key: string): GrammarNode[] => (texts.length > 0 ? [optional(list(texts, key))] : []);

  // Services: name and aliases; a last word shared by several names ("massage") names them all.
  const serviceForms = data.services.map((s) => ({
    id: s.id,
    forms: [s.name, ...s.aliases].map((f, i) => kit.spoken(f, i === 0 ? `service "${s.name}" (services id ${s.id})` : `alias "${f}" of service "${s.name}" (service_aliases)`, true)),
  }));
  const serviceOwners = formOwners(serviceForms);
  const heads = new Map<string, number[]>();
  for (const s of serviceForms) {
    for (const f of s.forms) {
      const w = f.split(' ');
      if (w.length < 2) continue;
      const head = w[w.length - 1] as string;
      const ids = heads.get(head) ?? [];
      if (!ids.includes(s.id)) ids.push(s.id);
      heads.set(head, ids);
    }
  }
  for (const [head, ids] of heads) if (ids.length >= 2 && !serviceOwners.has(head)) serviceOwners.set(head, ids);

  // Staff: full name, first name and last name; a name two people share names both.
  const staffOwners = formOwners(data.staff.map((s) => {
    const full = kit.spoken(s.name, `staff "${s.name}" (staff id ${s.id})`, true);
    const parts = full.split(' ');
    return { id: s.id, forms: parts.length > 1 ? [full, ...parts] : [full] };
  }));

  // Known customers: full and first names, as said; anyone else spells.
  const customerForms = new Set<string>();
  for (const c of data.customers) {
    const full = kit.spoken(c.name, `customer "${c.name}" (customers)`, true);
    customerForms.add(full);
    const first = full.split(' ')[0];
    if (first !== undefined) customerForms.add(first);
  }

  const service = kit.rule('service', namesNode(kit, serviceOwners, 'service', 'services'));
  const staff = data.staff.length > 0 ? kit.rule('staff', namesNode(kit, staffOwners, 'staff', 'staff')) : null;
  const date = kit.slot('date', kit.builtin('date'));
  const time = kit.slot('time', kit.builtin('time'));
  const phone = kit.slot('phone', kit.builtin('phone'));
  const spelled = kit.slot('spelled', kit.builtin('letters'));
  const known = customerForms.size > 0
    ? [kit.slot('name', kit.names([{ forms: [...customerForms].sort((a, b) => b.split(' ').length - a.split(' ').length), tag: 'customer', where: 'customers' }]))]
    : [];
  // A name said on its own ("john smith") must be a known customer's, without a lead-in: bare
  // letters would let the recognizer hear any short answer as a spelling ("yes" → "u o i s").
  // Spelled names come after a carrier ("my name is j a n e", "it's spelled j a n e").
  const bare = p.name.some((x) => x.trim() === '{name}');
  const carried = p.name.filter((x) => x.trim() !== '{name}');
  const knownName = known.length > 0 ? kit.rule('known_name', alt(...known)) : null;

  const t = (texts: readonly string[], key: string, slots: Record<string, GrammarNode>): GrammarNode => slotTemplates(kit, texts, `phrases.json ${key}`, slots);
  const staffSlots: Record<string, GrammarNode> = staff ? { staff } : {};

  const svcPart = kit.rule('service_part', t(p.servicePart, 'servicePart', { service }));
  const anyone = tag(list(p.anyStaff, 'anyStaff'), 'staff=any');
  const stfPart = kit.rule('staff_part', staff ? alt(t(p.staffPart, 'staffPart', { staff }), anyone) : anyone);
  const datePart = kit.rule('date_part', t(p.datePart, 'datePart', { date }));
  const timePart = kit.rule('time_part', t(p.timePart, 'timePart', { time }));
  // A bare clock time ("four o'clock") only as a whole answer, or with a day: chained with other
  // parts, number words alone let the recognizer decode any sentence as a string of times.
  const isBare = (x: string): boolean => x.trim() === '{time}';
  const linkedTime = p.timePart.some((x) => !isBare(x)) ? kit.rule('linked_time_part', t(p.timePart.filter((x) => !isBare(x)), 'timePart', { time })) : null;
  const bareTime = p.timePart.some(isBare) ? time : null;
  // A day and/or a time, in either order (may be empty: only used where it is optional).
  const when = kit.rule('when', seq(optional(timePart), optional(datePart), optional(timePart)));
  // One to four parts in any order ("a checkup with maria on friday at nine"). The recognizer
  // expands every rule reference into its own copy, so spelling out the orders would multiply
  // the big date and time sub-grammars; a loop instead lets a phone number decode as a string
  // of clock times.
  // Service and staff in any order around at most one day and one time ("a checkup with maria on
  // friday at nine", "tomorrow at ten with sam"). Each order is a separate copy for the recognizer,
  // so only these few shapes are spelled out; a day or time said twice is not among them.
  const who = kit.rule('service_or_staff', alt(svcPart, stfPart));
  const dayTime = kit.rule('day_time', linkedTime ? alt(seq(datePart, optional(linkedTime)), seq(linkedTime, optional(datePart))) : datePart);
  const details = kit.rule('details', alt(
    seq(who, optional(who), optional(dayTime), optional(who)),
    seq(dayTime, optional(who), optional(who)),
    ...(bareTime ? [seq(bareTime, optional(datePart))] : []),
  ));

  const lead = maybe(p.leadIns, 'leadIns');
  const tail = maybe(p.tails, 'tails');
  const fix = optional(tag(list(p.corrections, 'corrections'), 'fix'));
  const answer = (n: GrammarNode): GrammarNode => seq(...lead, fix, n, ...tail);

  // Who is checking in: a known customer's name (spelling is asked for separately) or a phone number.
  const identify = kit.rule('identify', t(p.identify, 'identify', { name: knownName ?? spelled, phone }));
  const picks = Object.entries(p.pick).map(([text, n]) => tag(list([text], `pick "${text}"`), `pick=${n}`));

  // "I'd like to book" + an appointment word and/or details (details referenced once).
  const carrier = kit.rule('book_carrier', list(p.bookCarriers, 'bookCarriers'));
  const apptWords = kit.rule('appointment_words', list(p.appointmentWords, 'appointmentWords'));
  const book = kit.rule('book', seq(...lead, alt(seq(carrier, optional(apptWords), details), seq(carrier, apptWords)), ...tail));

  return [
    ['pick', kit.rule('pick', seq(...lead, alt(...picks), ...tail))],
    ['check_in', kit.rule('check_in', seq(...lead, t(p.checkIn, 'checkIn', { time }), optional(identify), ...tail))],
    ['cancel_appointment', kit.rule('cancel_appointment', seq(...lead, list(p.cancelAppointment, 'cancelAppointment'), when, ...tail))],
    ['reschedule', kit.rule('reschedule', seq(...lead, list(p.reschedule, 'reschedule'), optional(seq(word('to'), when, optional(stfPart))), ...tail))],
    ['ask_slots', kit.rule('ask_slots', seq(...lead, t(p.askSlots, 'askSlots', staffSlots), optional(details), ...tail))],
    ['ask_staff_hours', kit.rule('ask_staff_hours', seq(...lead, t(p.askStaffHours, 'askStaffHours', staffSlots), optional(datePart), ...tail))],
    ['ask_price', kit.rule('ask_price', seq(...lead, t(p.askPrice, 'askPrice', { service }), ...tail))],
    ['ask_duration', kit.rule('ask_duration', seq(...lead, t(p.askDuration, 'askDuration', { service }), ...tail))],
    ['ask_services', kit.rule('ask_services', seq(...lead, list(p.askServices, 'askServices'), ...tail))],
    ['ask_hours', kit.rule('ask_hours', seq(...lead, t(p.askHours, 'askHours', { date: datePart }), ...tail))],
    ['book', book],
    ['phone', kit.rule('phone_answer', answer(t(p.phone, 'phone', { phone })))],
    ['details', kit.rule('details_answer', answer(details))],
    ['name', kit.rule('name_answer', alt(
      ...(knownName && carried.length > 0 ? [answer(t(carried, 'name', { name: knownName }))] : []),
      answer(t(p.spelledName, 'spelledName', { name: spelled })),
      ...(bare && knownName ? [knownName] : []),
    ))],
  ];
}
