/**
 * Hours questions → store_hours → the reply. "We" is the kiosk's own store, other stores by name.
 * Days: a date the customer named, a holiday, "tonight" (today) or "now" / none (depends on the
 * question: "what time do you close" means today, "are you open" means right now).
 */
import { builtinValue } from '../../core/grammar/builtins.js';
import type { DayHours, HoursResult, LocationInfo } from '../../tools/info/info-tools.js';
import type { InfoToolApi } from '../../tools/info/index.js';
import type { InfoIntent } from './info-intent.js';
import type { InfoPhrases } from './info-phrases.js';
import { fill, type InfoReplies } from './info-replies.js';
import { Say } from './info-reply.js';
import { addDays, capitalize, clock, dayPhrase, isoDay, listWords, minutesOf } from './info-text.js';

type HoursIntent = Extract<InfoIntent, { kind: 'hours' }>;

interface Who { s: string; be: string; verb(v: string): string }

function who(loc: LocationInfo): Who {
  if (loc.isKiosk) return { s: 'we', be: "we're", verb: (v) => `we ${v}` };
  const s = `the ${loc.name} store`;
  return { s, be: `${s} is`, verb: (v) => `${s} ${v}s` };
}

const span = (h: { opens: string | null; closes: string | null }): string =>
  (h.opens && h.closes ? `${clock(h.opens)} to ${clock(h.closes)}` : 'closed');

/** Monday first: [1..6, 0]. Consecutive days with the same hours are grouped ("Monday to Friday"). */
function weekText(week: DayHours[]): { open: string[]; closed: string[] } {
  const order = [1, 2, 3, 4, 5, 6, 0].map((d) => week.find((w) => w.weekday === d)).filter((d): d is DayHours => d !== undefined);
  const groups: DayHours[][] = [];
  for (const d of order) {
    const last = groups[groups.length - 1];
    const prev = last?.[last.length - 1];
    if (last && prev && prev.opens === d.opens && prev.closes === d.closes) last.push(d);
    else groups.push([d]);
  }
  const name = (g: DayHours[]): string => (g.length === 1 ? (g[0] as DayHours).weekdayName : `${(g[0] as DayHours).weekdayName} to ${(g[g.length - 1] as DayHours).weekdayName}`);
  return {
    open: groups.filter((g) => g[0]?.opens).map((g) => `${name(g)} from ${span(g[0] as DayHours)}`),
    closed: groups.filter((g) => !g[0]?.opens).map(name),
  };
}

export interface HoursContext {
  tools: InfoToolApi;
  replies: InfoReplies;
  /** Day words: "now" ones and "tonight" ones (phrases.json). */
  phrases: Pick<InfoPhrases, 'now' | 'tonight'>;
  now: Date;
}

export function answerHours(intent: HoursIntent, c: HoursContext): Say {
  const say = new Say();
  const today = isoDay(c.now);
  const nowMin = c.now.getHours() * 60 + c.now.getMinutes();
  const location = intent.location ?? undefined;
  const dayWords = intent.day;
  const isNow = dayWords !== null && c.phrases.now.includes(dayWords);
  const isTonight = dayWords !== null && c.phrases.tonight.includes(dayWords);

  const fail = (r: Extract<HoursResult, { ok: false }>): Say => say.add(r.reason);

  // A named day: its hours (holidays included).
  if (dayWords !== null && !isNow) {
    const parsed = isTonight ? today : builtinValue('date', dayWords.split(' '), { today: c.now });
    const iso = typeof parsed === 'string' ? parsed : parsed?.kind === 'date' ? parsed.iso : null;
    const r = c.tools.store_hours({ location, day: iso ?? dayWords, today });
    if (!r.ok) {
      if (r.code === 'unknown_day') return say.add(fill(c.replies.unknownDay, { day: dayWords }));
      return fail(r);
    }
    if (!('day' in r)) return say;
    const w = who(r.location);
    const d = r.day;
    const date = d.date ?? today;
    const dp = dayPhrase(date, d.weekdayName, today, d.holiday);
    say.card = { title: `${r.location.name} store hours`, rows: [{ label: capitalize(dp.replace(/^on /, '')), value: span(d) }], status: null };
    if (!d.opens || !d.closes) {
      return say.add(`${intent.ask === 'is_open' ? 'No, ' : ''}${intent.ask === 'is_open' ? w.be : capitalize(w.be)} closed ${dp}.`);
    }
    const past = date === today && nowMin >= minutesOf(d.closes);
    switch (intent.ask) {
      case 'closes':
        return say.add(past ? `${capitalize(w.s)} closed at ${clock(d.closes)} today.` : `${capitalize(w.verb('close'))} at ${clock(d.closes)} ${dp}.`);
      case 'opens':
        if (date === today && nowMin >= minutesOf(d.opens) && !past) return say.add(`${capitalize(w.s)} opened at ${clock(d.opens)} today, and ${w.be} open until ${clock(d.closes)}.`);
        return say.add(`${capitalize(w.verb('open'))} at ${clock(d.opens)} ${dp}.`);
      case 'is_open':
        return say.add(`Yes, ${w.be} open ${dp} from ${clock(d.opens)} to ${clock(d.closes)}.`);
      case 'hours':
        return say.add(`${capitalize(dp)}, ${w.be} open from ${clock(d.opens)} to ${clock(d.closes)}.`);
    }
  }

  // No day (or "now"): the week and the coming holidays, then today / right now from them.
  const r = c.tools.store_hours({ location, today });
  if (!r.ok) return fail(r);
  if (!('week' in r)) return say;
  const w = who(r.location);
  const hoursOn = (date: string): DayHours => {
    const h = r.holidays.find((x) => x.date === date);
    if (h) return h;
    const wd = r.week.find((x) => x.weekday === new Date(`${date}T12:00:00Z`).getUTCDay()) as DayHours;
    return { ...wd, date };
  };
  /** The next opening from now: [date, hours] within two weeks, or null. */
  const nextOpening = (): { date: string; d: DayHours } | null => {
    for (let i = 0; i < 14; i++) {
      const date = addDays(today, i);
      const d = hoursOn(date);
      if (!d.opens || !d.closes) continue;
      if (i === 0 && nowMin >= minutesOf(d.opens)) continue;
      return { date, d };
    }
    return null;
  };
  const todayHours = hoursOn(today);
  const openNow = todayHours.opens !== null && todayHours.closes !== null && nowMin >= minutesOf(todayHours.opens) && nowMin < minutesOf(todayHours.closes);
  const next = (): string => {
    const n = nextOpening();
    return n ? ` ${capitalize(w.verb('open'))} at ${clock(n.d.opens as string)} ${dayPhrase(n.date, n.d.weekdayName, today, n.d.holiday)}.` : '';
  };
  const upcoming = r.holidays.filter((h) => h.date !== null && h.date >= today && h.date <= addDays(today, 31)).slice(0, 3);
  say.card = {
    title: `${r.location.name} store hours`,
    rows: [
      ...[1, 2, 3, 4, 5, 6, 0].map((d) => r.week.find((x) => x.weekday === d)).filter((d): d is DayHours => d !== undefined).map((d) => ({ label: d.weekdayName, value: span(d) })),
      ...upcoming.map((h) => ({ label: `${h.holiday ?? ''} (${h.date ?? ''})`, value: span(h) })),
    ],
    status: openNow ? 'open now' : 'closed now',
  };

  const ask = isNow && (intent.ask === 'hours' || intent.ask === 'opens' || intent.ask === 'closes') ? 'is_open' : intent.ask;
  switch (ask) {
    case 'is_open':
      if (openNow) return say.add(`Yes, ${w.be} open now until ${clock(todayHours.closes as string)}.`);
      return say.add(`No, ${w.be} closed right now.${next()}`);
    case 'closes':
      if (!todayHours.opens || !todayHours.closes) return say.add(`${capitalize(w.be)} closed today.${next()}`);
      if (nowMin >= minutesOf(todayHours.closes)) return say.add(`${capitalize(w.s)} closed at ${clock(todayHours.closes)} today.${next()}`);
      return say.add(`${capitalize(w.verb('close'))} at ${clock(todayHours.closes)} today.`);
    case 'opens':
      if (openNow) return say.add(`${capitalize(w.s)} opened at ${clock(todayHours.opens as string)} today, and ${w.be} open until ${clock(todayHours.closes as string)}.`);
      return say.add(next().trim() || `${capitalize(w.be)} closed for the next two weeks.`);
    case 'hours': {
      const t = weekText(r.week);
      const parts = [...t.open, ...(t.closed.length > 0 ? [`closed on ${listWords(t.closed)}`] : [])];
      say.add(`${capitalize(w.be)} open ${listWords(parts)}.`);
      if (upcoming.length > 0) say.add(`Holiday hours: ${upcoming.map((h) => `${h.holiday ?? ''} ${span(h)}`).join(', ')}.`);
      return say;
    }
  }
}
