/**
 * What every part of the booking policy shares during one turn: the tools, the replies, a
 * read-only snapshot of the schedule (names, prices, hours), today's date, and the reply being
 * built for the screen and the voice.
 */
import type { PolicyReply } from '../brain.js';
import type { BookingToolApi } from '../../tools/booking/index.js';
import { resolveHour } from '../../core/text/itn.js';
import { openingHours, type Schedule, type ServiceRow, type StaffRow } from './availability.js';
import type { SaidTime } from './booking-intent.js';
import type { BookingReplies } from './booking-replies.js';
import type { Draft } from './booking-state.js';
import { fromMinutes, toMinutes, weekdayOf } from './booking-time.js';
import { serviceWithArticle } from './booking-text.js';

export interface BookingPorts {
  tools: BookingToolApi;
  replies: BookingReplies;
  /** Read-only snapshot for names, prices and hours in replies (availability goes through find_slots). */
  schedule: Schedule;
  /** 'YYYY-MM-DD', the kiosk's local date. */
  today: string;
}

export class Say {
  private readonly screen: string[] = [];
  private readonly voice: string[] = [];
  add(screen: string, voice: string = screen): this {
    if (screen.length > 0) this.screen.push(screen);
    if (voice.length > 0) this.voice.push(voice);
    return this;
  }
  prepend(screen: string, voice: string = screen): this {
    this.screen.unshift(screen);
    this.voice.unshift(voice);
    return this;
  }
  done(intent: string): PolicyReply {
    return { intent, reply: this.screen.join(' '), spoken: this.voice.join(' ') };
  }
}

export class Turn {
  readonly say = new Say();
  constructor(readonly ports: BookingPorts) {}

  get replies(): BookingReplies { return this.ports.replies; }
  get tools(): BookingToolApi { return this.ports.tools; }
  get today(): string { return this.ports.today; }

  service(id: number | null): ServiceRow | undefined {
    return id === null ? undefined : this.ports.schedule.services.find((s) => s.id === id);
  }

  /** "a physio session", "acupuncture" (with `your`: "your physio session"). */
  servicePhrase(id: number | null, your = false): string {
    const s = this.service(id);
    if (!s) return your ? 'your appointment' : 'an appointment';
    return your ? `your ${s.name.toLowerCase()}` : serviceWithArticle(s.name, s.article);
  }

  staff(id: number | null): StaffRow | undefined {
    return id === null ? undefined : this.ports.schedule.staff.find((s) => s.id === id);
  }

  /** Says a question, and records it as the open one (for reprompts). */
  ask(dr: Draft, awaiting: NonNullable<Draft['awaiting']>, text: string, voice: string = text): Draft {
    this.say.add(text, voice);
    return { ...dr, awaiting, question: voice };
  }

  /** A clock time as heard → 'HH:MM', picking am/pm from the opening hours of the day (or of the week). */
  resolveTime(t: SaidTime, date: string | null): string {
    if (!t.ambiguous) return fromMinutes(t.hour * 60 + t.minute);
    const s = this.ports.schedule;
    const spans = date !== null ? [openingHours(s, weekdayOf(date))].filter((x) => x !== null) : [];
    const all = spans.length > 0 ? spans : [0, 1, 2, 3, 4, 5, 6].map((wd) => openingHours(s, wd)).filter((x) => x !== null);
    if (all.length === 0) return fromMinutes(resolveHour(t.hour, t.minute) * 60 + t.minute);
    const open = Math.min(...all.map((h) => Math.floor(toMinutes(h.start) / 60)));
    const close = Math.max(...all.map((h) => Math.ceil(toMinutes(h.end) / 60)));
    return fromMinutes(resolveHour(t.hour, t.minute, { openingHours: [open, close] }) * 60 + t.minute);
  }
}
