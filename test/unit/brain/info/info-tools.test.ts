import { test } from 'node:test';
import assert from 'node:assert/strict';
import { HeedError } from '../../../../app/core/errors.js';
import type { ToolCallRecord } from '../../../../app/core/turn.js';
import { runTool } from '../../../../app/tools/drive-thru/define-tool.js';
import { INFO_TOOLS, infoToolApi } from '../../../../app/tools/info/index.js';
import { matchProducts } from '../../../../app/tools/info/product-repo.js';
import { infoFixture } from './info-fixture.js';

const TIMEOUT = { timeout: 30_000 };

test('store_hours: a weekday, a holiday, a per-store holiday override, and the week', TIMEOUT, () => {
  const f = infoFixture();
  try {
    const records: ToolCallRecord[] = [];
    const api = infoToolApi({ db: f.db, sessionId: 's', customerConfirmed: false }, records);
    const sunday = api.store_hours({ day: 'sunday', today: '2026-12-01' });
    assert.ok(sunday.ok && 'day' in sunday);
    assert.deepEqual(sunday.day, { date: '2026-12-06', weekday: 0, weekdayName: 'Sunday', opens: '09:00', closes: '18:00', holiday: null });
    assert.equal(sunday.location.slug, 'downtown');
    assert.equal(sunday.location.isKiosk, true);

    const xmas = api.store_hours({ day: 'christmas', today: '2026-12-01' });
    assert.ok(xmas.ok && 'day' in xmas);
    assert.deepEqual([xmas.day.date, xmas.day.opens, xmas.day.holiday], ['2026-12-25', null, 'Christmas Day']);

    const eveHere = api.store_hours({ day: '2026-12-24' });
    const eveWest = api.store_hours({ day: '2026-12-24', location: 'the westgate store' });
    assert.ok(eveHere.ok && 'day' in eveHere && eveWest.ok && 'day' in eveWest);
    assert.deepEqual([eveHere.day.opens, eveHere.day.closes], ['08:00', '16:00']);
    assert.deepEqual([eveWest.day.opens, eveWest.day.holiday], [null, 'Christmas Eve']);

    const week = api.store_hours({ location: 'east side', today: '2026-12-01' });
    assert.ok(week.ok && 'week' in week);
    assert.equal(week.week.length, 7);
    assert.deepEqual(week.week.map((d) => d.opens), ['10:00', '07:00', '07:00', '07:00', '07:00', '07:00', '07:00']);
    assert.deepEqual(week.holidays.map((h) => h.date), ['2026-12-24', '2026-12-25', '2026-12-31', '2027-01-01'], 'past holidays left out');
    assert.equal(records.length, 5);
    assert.equal(records[0]?.name, 'store_hours');
  } finally { f.done(); }
});

test('store_hours refuses unknown stores and days with a reason, and validates arguments', TIMEOUT, () => {
  const f = infoFixture();
  try {
    const ctx = { db: f.db, sessionId: 's', customerConfirmed: false };
    const r = runTool(INFO_TOOLS.store_hours, ctx, { location: 'the moon' });
    assert.ok(!r.ok && r.code === 'unknown_location' && /Downtown, East Side, Westgate/.test(r.reason));
    const d = runTool(INFO_TOOLS.store_hours, ctx, { day: 'flag day', today: '2026-12-01' });
    assert.ok(!d.ok && d.code === 'unknown_day');
    const past = runTool(INFO_TOOLS.store_hours, ctx, { day: 'thanksgiving', today: '2026-12-01' });
    assert.ok(!past.ok && /this year/.test(past.reason));
    assert.throws(() => runTool(INFO_TOOLS.store_hours, ctx, { today: 'tomorrow' }), (e: unknown) => e instanceof HeedError && e.code === 'TOOL_ARGS_INVALID');
    assert.throws(() => runTool(INFO_TOOLS.store_hours, ctx, { opens: '00:00' }), (e: unknown) => e instanceof HeedError && e.code === 'TOOL_ARGS_INVALID');
  } finally { f.done(); }
});

test('find_locations: all, by alias, unknown', TIMEOUT, () => {
  const f = infoFixture();
  try {
    const ctx = { db: f.db, sessionId: 's', customerConfirmed: false };
    const all = runTool(INFO_TOOLS.find_locations, ctx, {});
    assert.ok(all.ok);
    assert.deepEqual(all.locations.map((l) => [l.slug, l.isKiosk]), [['downtown', true], ['east-side', false], ['westgate', false]]);
    const east = runTool(INFO_TOOLS.find_locations, ctx, { query: 'the market road store' });
    assert.ok(east.ok && east.locations[0]?.phone === '(555) 201-4410');
    assert.equal(runTool(INFO_TOOLS.find_locations, ctx, { query: 'uptown' }).ok, false);
  } finally { f.done(); }
});

test('find_products: exact names and aliases, shared aliases, plurals, close matches, stock per store', TIMEOUT, () => {
  const f = infoFixture();
  try {
    const ctx = { db: f.db, sessionId: 's', customerConfirmed: false };
    const drill = runTool(INFO_TOOLS.find_products, ctx, { query: 'a cordless drill' });
    assert.ok(drill.ok);
    assert.deepEqual(drill.exact.map((p) => [p.name, p.priceText, p.aisle, p.stock]), [['Cordless Drill', '$89.99', '2', 12]]);
    assert.deepEqual(drill.exact[0]?.stockByLocation.map((s) => s.quantity), [12, 8, 5]);

    const both = runTool(INFO_TOOLS.find_products, ctx, { query: 'drill' });
    assert.ok(both.ok);
    assert.deepEqual(both.exact.map((p) => p.name), ['Cordless Drill', 'Hammer Drill']);

    const plural = runTool(INFO_TOOLS.find_products, ctx, { query: 'claw hammers' });
    assert.ok(plural.ok && plural.exact[0]?.name === 'Claw Hammer');
    const folded = runTool(INFO_TOOLS.find_products, ctx, { query: 'paint roller' });
    assert.ok(folded.ok && folded.exact[0]?.name === 'Paint Rollers');

    const close = runTool(INFO_TOOLS.find_products, ctx, { query: 'cordless saw' });
    assert.ok(close.ok && close.exact.length === 0);
    assert.ok(close.close.some((p) => p.name === 'Cordless Drill'));

    const shovelEast = runTool(INFO_TOOLS.find_products, ctx, { query: 'snow shovel', location: 'east side' });
    assert.ok(shovelEast.ok && shovelEast.exact[0]?.stock === 6 && shovelEast.location.slug === 'east-side');

    assert.deepEqual(matchProducts(f.db, 'unicorn saddle'), { exact: [], close: [] });
    assert.throws(() => runTool(INFO_TOOLS.find_products, ctx, { query: 'drill', price: 0 }), (e: unknown) => e instanceof HeedError && e.code === 'TOOL_ARGS_INVALID');
    assert.throws(() => runTool(INFO_TOOLS.find_products, ctx, { query: '' }), (e: unknown) => e instanceof HeedError && e.code === 'TOOL_ARGS_INVALID');
  } finally { f.done(); }
});
