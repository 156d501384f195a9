/**
 * The store info kiosk's read-only tools: store_hours, find_locations, find_products. Every fact
 * the info brain says comes from one of these results (or the FAQ tools).
 */
import { z } from 'zod';
import { formatMoney } from '../../core/speakable.js';
import { defineTool } from '../drive-thru/define-tool.js';
import type { Db } from '../store/open-store.js';
import { matchProducts, productStock, type ProductRow } from './product-repo.js';
import {
  allLocations, holidayHours, holidayOn, holidaysNamed, kioskLocation, resolveLocation, weeklyHours, type LocationRow,
} from './store-repo.js';

export const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'] as const;

export interface LocationInfo extends Omit<LocationRow, 'id'> {
  /** The store the kiosk stands in. */
  isKiosk: boolean;
}

export interface DayHours {
  /** ISO date, or null for a weekday's regular hours. */
  date: string | null;
  weekday: number;
  weekdayName: string;
  /** 'HH:MM' (24 h) or null: closed all day. */
  opens: string | null;
  closes: string | null;
  /** The holiday whose hours these are, if any. */
  holiday: string | null;
}

export type Refusal = { ok: false; code: 'unknown_location' | 'unknown_day' | 'no_locations'; reason: string };

export type HoursResult =
  | { ok: true; location: LocationInfo; day: DayHours }
  | { ok: true; location: LocationInfo; week: DayHours[]; holidays: DayHours[] }
  | Refusal;

export interface ProductInfo extends Omit<ProductRow, 'price_cents'> {
  price: number;
  /** "$89.99" */
  priceText: string;
  /** Stock at the asked store (the kiosk's when none was asked). */
  stock: number;
  /** Stock at every store. */
  stockByLocation: Array<{ slug: string; name: string; quantity: number; isKiosk: boolean }>;
}

export type ProductsResult =
  | { ok: true; location: LocationInfo; exact: ProductInfo[]; close: ProductInfo[] }
  | Refusal;

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

function info(l: LocationRow, kiosk: LocationRow | null): LocationInfo {
  return { slug: l.slug, name: l.name, address: l.address, city: l.city, phone: l.phone, directions: l.directions, isKiosk: kiosk?.id === l.id };
}

/** The asked location, or the kiosk's when none was asked. */
function pickLocation(db: Db, asked: string | undefined): { row: LocationRow; kiosk: LocationRow | null } | Refusal {
  const kiosk = kioskLocation(db);
  if (asked === undefined || asked.trim() === '') {
    return kiosk ? { row: kiosk, kiosk } : { ok: false, code: 'no_locations', reason: 'This store has no locations on file.' };
  }
  const row = resolveLocation(db, asked);
  if (!row) {
    const names = allLocations(db).map((l) => l.name).join(', ');
    return { ok: false, code: 'unknown_location', reason: `I don't know a store called ${asked}. Our stores are ${names}.` };
  }
  return { row, kiosk };
}

/** Day of week of an ISO date (calendar arithmetic, no time zone). */
export function weekdayOf(iso: string): number {
  const [y, m, d] = iso.split('-').map(Number);
  return new Date(Date.UTC(y ?? 1970, (m ?? 1) - 1, d ?? 1)).getUTCDay();
}

function addDays(iso: string, n: number): string {
  const [y, m, d] = iso.split('-').map(Number);
  return new Date(Date.UTC(y ?? 1970, (m ?? 1) - 1, (d ?? 1) + n)).toISOString().slice(0, 10);
}

/** Hours at a location on one date: the holiday's when that date is one, else the weekday's. */
export function hoursOn(db: Db, locationId: number, date: string): DayHours {
  const weekday = weekdayOf(date);
  const holiday = holidayOn(db, date);
  const special = holiday ? holidayHours(db, holiday.id, locationId) : null;
  const regular = weeklyHours(db, locationId)[weekday];
  const h = special ?? regular ?? { opens: null, closes: null };
  return { date, weekday, weekdayName: WEEKDAYS[weekday] as string, opens: h.opens, closes: h.closes, holiday: special && holiday ? holiday.name : null };
}

export const storeHoursTool = defineTool({
  name: 'store_hours',
  description: "Opening hours of a store (the kiosk's own when no location is given). With a day (ISO date, weekday name or holiday name) the hours of that day, holidays included; without, the regular week and the holiday exceptions.",
  schema: z.object({
    location: z.string().trim().max(80).optional(),
    day: z.string().trim().min(1).max(40).optional(),
    /** Today's ISO date: weekday and holiday names resolve to the next such date on or after it. */
    today: z.string().regex(ISO_DATE).optional(),
  }).strict(),
  run: ({ db }, args): HoursResult => {
    const loc = pickLocation(db, args.location);
    if ('ok' in loc) return loc;
    const location = info(loc.row, loc.kiosk);
    if (args.day === undefined) {
      const week = weeklyHours(db, loc.row.id).map((h): DayHours => ({
        date: null, weekday: h.weekday, weekdayName: WEEKDAYS[h.weekday] as string, opens: h.opens, closes: h.closes, holiday: null,
      }));
      const holidays = db.prepare<[], { date: string }>('SELECT date FROM holidays ORDER BY date').all()
        .filter((h) => args.today === undefined || h.date >= args.today)
        .map((h) => hoursOn(db, loc.row.id, h.date))
        .filter((d) => d.holiday !== null);
      return { ok: true, location, week, holidays };
    }
    const day = args.day.toLowerCase();
    if (ISO_DATE.test(day)) return { ok: true, location, day: hoursOn(db, loc.row.id, day) };
    const wd = WEEKDAYS.findIndex((w) => w.toLowerCase() === day.replace(/s$/, ''));
    if (wd >= 0) {
      if (args.today === undefined) {
        const h = weeklyHours(db, loc.row.id)[wd];
        return { ok: true, location, day: { date: null, weekday: wd, weekdayName: WEEKDAYS[wd] as string, opens: h?.opens ?? null, closes: h?.closes ?? null, holiday: null } };
      }
      const ahead = (wd - weekdayOf(args.today) + 7) % 7;
      return { ok: true, location, day: hoursOn(db, loc.row.id, addDays(args.today, ahead)) };
    }
    const named = holidaysNamed(db, day);
    const next = named.find((h) => args.today === undefined || h.date >= args.today);
    if (next) return { ok: true, location, day: hoursOn(db, loc.row.id, next.date) };
    if (named.length > 0) return { ok: false, code: 'unknown_day', reason: `I don't have the hours for ${args.day} this year yet.` };
    return { ok: false, code: 'unknown_day', reason: `I don't know which day ${args.day} is.` };
  },
});

export const findLocationsTool = defineTool({
  name: 'find_locations',
  description: 'Store locations with address, phone and directions. A query (name or alias such as "downtown") picks one; none lists them all.',
  schema: z.object({ query: z.string().trim().max(80).optional() }).strict(),
  run: ({ db }, { query }): { ok: true; locations: LocationInfo[] } | Refusal => {
    const kiosk = kioskLocation(db);
    if (query === undefined || query === '') return { ok: true, locations: allLocations(db).map((l) => info(l, kiosk)) };
    const row = resolveLocation(db, query);
    if (!row) {
      const names = allLocations(db).map((l) => l.name).join(', ');
      return { ok: false, code: 'unknown_location', reason: `I don't know a store called ${query}. Our stores are ${names}.` };
    }
    return { ok: true, locations: [info(row, kiosk)] };
  },
});

function productInfo(db: Db, p: ProductRow, at: LocationRow, kiosk: LocationRow | null): ProductInfo {
  const stock = productStock(db, p.id);
  return {
    id: p.id, sku: p.sku, name: p.name, size: p.size, department: p.department, aisle: p.aisle,
    price: p.price_cents / 100, priceText: formatMoney(p.price_cents / 100),
    stock: stock.find((s) => s.locationId === at.id)?.quantity ?? 0,
    stockByLocation: stock.map((s) => ({ slug: s.slug, name: s.name, quantity: s.quantity, isKiosk: kiosk?.id === s.locationId })),
  };
}

export const findProductsTool = defineTool({
  name: 'find_products',
  description: 'Looks up products by name or alias: aisle, department, price and stock (at the given store, else the kiosk\'s). "exact" are the products the words name (several for a shared name like "drill"); when none, "close" holds near matches to offer.',
  schema: z.object({
    query: z.string().trim().min(1).max(100),
    location: z.string().trim().max(80).optional(),
  }).strict(),
  run: ({ db }, args): ProductsResult => {
    const loc = pickLocation(db, args.location);
    if ('ok' in loc) return loc;
    const m = matchProducts(db, args.query);
    return {
      ok: true, location: info(loc.row, loc.kiosk),
      exact: m.exact.map((p) => productInfo(db, p, loc.row, loc.kiosk)),
      close: m.close.map((p) => productInfo(db, p, loc.row, loc.kiosk)),
    };
  },
});
