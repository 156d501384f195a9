/**
 * Reads the store-info tables: locations (with aliases and the kiosk's own store), weekly hours
 * and holiday exceptions. Read-only.
 */
import type { Db } from '../store/open-store.js';
import { normalizeName } from './names.js';

export interface LocationRow {
  id: number;
  slug: string;
  name: string;
  address: string;
  city: string;
  phone: string;
  directions: string | null;
}

export interface HoursRow { weekday: number; opens: string | null; closes: string | null }

export interface HolidayRow { id: number; name: string; date: string }

export function allLocations(db: Db): LocationRow[] {
  return db.prepare<[], LocationRow>('SELECT id, slug, name, address, city, phone, directions FROM locations ORDER BY id').all();
}

export function locationAliases(db: Db): Array<{ locationId: number; alias: string }> {
  return db.prepare<[], { locationId: number; alias: string }>('SELECT location_id AS locationId, alias FROM location_aliases ORDER BY location_id, rowid').all();
}

/** The store the kiosk stands in (the first location when the kiosk row is missing). */
export function kioskLocation(db: Db): LocationRow | null {
  const row = db.prepare<[], LocationRow>(`
    SELECT l.id, l.slug, l.name, l.address, l.city, l.phone, l.directions FROM kiosk k JOIN locations l ON l.id = k.location_id WHERE k.id = 1`).get();
  return row ?? allLocations(db)[0] ?? null;
}

/**
 * A location by slug, name or alias, with "the … store / location / branch" wrappers ignored.
 * Null when nothing or more than one location fits.
 */
export function resolveLocation(db: Db, text: string): LocationRow | null {
  const q = normalizeName(text).replace(/^(?:the|your)\s+/, '').replace(/\s+(?:store|location|branch|shop|one)$/, '').trim();
  if (q.length === 0) return null;
  const locations = allLocations(db);
  const hit = locations.filter((l) => normalizeName(l.slug.replace(/-/g, ' ')) === q || normalizeName(l.name) === q);
  if (hit.length === 1) return hit[0] ?? null;
  const ids = new Set(locationAliases(db).filter((a) => normalizeName(a.alias) === q).map((a) => a.locationId));
  return ids.size === 1 ? (locations.find((l) => ids.has(l.id)) ?? null) : null;
}

export function weeklyHours(db: Db, locationId: number): HoursRow[] {
  const rows = db.prepare<[number], HoursRow>('SELECT weekday, opens, closes FROM store_hours WHERE location_id = ? ORDER BY weekday').all(locationId);
  // A weekday without a row is closed all day.
  return Array.from({ length: 7 }, (_, d) => rows.find((r) => r.weekday === d) ?? { weekday: d, opens: null, closes: null });
}

export function allHolidays(db: Db): HolidayRow[] {
  return db.prepare<[], HolidayRow>('SELECT id, name, date FROM holidays ORDER BY date').all();
}

export function holidayAliases(db: Db): Array<{ holidayId: number; alias: string }> {
  return db.prepare<[], { holidayId: number; alias: string }>('SELECT holiday_id AS holidayId, alias FROM holiday_aliases ORDER BY holiday_id, rowid').all();
}

export function holidayOn(db: Db, date: string): HolidayRow | null {
  return db.prepare<[string], HolidayRow>('SELECT id, name, date FROM holidays WHERE date = ?').get(date) ?? null;
}

/** The holiday's hours at a location: its own row, else the all-locations row; null when it has neither (regular hours apply). */
export function holidayHours(db: Db, holidayId: number, locationId: number): { opens: string | null; closes: string | null } | null {
  return db.prepare<[number, number], { opens: string | null; closes: string | null }>(`
    SELECT opens, closes FROM holiday_hours WHERE holiday_id = ? AND (location_id = ? OR location_id IS NULL)
    ORDER BY location_id IS NULL LIMIT 1`).get(holidayId, locationId) ?? null;
}

/** Holidays named like `text` (name or alias), soonest first. */
export function holidaysNamed(db: Db, text: string): HolidayRow[] {
  const q = normalizeName(text);
  const ids = new Set(holidayAliases(db).filter((a) => normalizeName(a.alias) === q).map((a) => a.holidayId));
  return allHolidays(db).filter((h) => ids.has(h.id) || normalizeName(h.name) === q);
}
