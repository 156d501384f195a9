import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseDate, parseYear, resolveHour } from '../../../../app/core/text/itn.js';

const TIMEOUT = { timeout: 10_000 };
const on = (today: Date, said: string): string | null => parseDate(said.split(' '), today);

test('a bare weekday is the next one strictly after today; "this" counts today; "next" is next week (Monday–Sunday)', TIMEOUT, () => {
  const monday = new Date(2025, 5, 16);
  assert.equal(on(monday, 'monday'), '2025-06-23');
  assert.equal(on(monday, 'this monday'), '2025-06-16');
  assert.equal(on(monday, 'next monday'), '2025-06-23');
  assert.equal(on(monday, 'tuesday'), '2025-06-17');
  assert.equal(on(monday, 'next tuesday'), '2025-06-24');
  const sunday = new Date(2025, 5, 15);
  assert.equal(on(sunday, 'tuesday'), '2025-06-17');
  assert.equal(on(sunday, 'next tuesday'), '2025-06-17', 'on a Sunday, next week starts tomorrow');
  assert.equal(on(sunday, 'sunday'), '2025-06-22');
  assert.equal(on(sunday, 'this sunday'), '2025-06-15');
  assert.equal(on(sunday, 'next sunday'), '2025-06-22');
  const saturday = new Date(2025, 5, 14);
  assert.equal(on(saturday, 'next saturday'), '2025-06-21');
  assert.equal(on(saturday, 'coming monday'), '2025-06-16');
});

test('dates roll over months and years; only the local calendar day of "today" matters', TIMEOUT, () => {
  const eve = new Date(2025, 11, 30, 23, 59);
  assert.equal(on(eve, 'tomorrow'), '2025-12-31');
  assert.equal(on(eve, 'the day after tomorrow'), '2026-01-01');
  assert.equal(on(eve, 'the fifth'), '2026-01-05');
  assert.equal(on(eve, 'january first'), '2026-01-01');
  assert.equal(on(eve, 'december thirtieth'), '2025-12-30');
  assert.equal(on(eve, 'friday'), '2026-01-02');
  const feb = new Date(2025, 1, 10);
  assert.equal(on(feb, 'the thirtieth'), '2025-03-30', 'February has no 30th: the next month that has one');
  assert.equal(on(feb, 'the twenty ninth'), '2025-03-29');
  assert.equal(on(new Date(2024, 1, 10), 'february twenty ninth'), '2024-02-29');
  assert.equal(on(new Date(2024, 1, 10), 'february twenty ninth twenty twenty four'), '2024-02-29');
  assert.equal(on(new Date(2024, 1, 10), 'april thirty first'), null);
});

test('years as said', TIMEOUT, () => {
  const y = (s: string): number | null => parseYear(s.split(' '));
  assert.equal(y('twenty twenty six'), 2026);
  assert.equal(y('twenty oh five'), 2005);
  assert.equal(y('twenty ten'), 2010);
  assert.equal(y('two thousand'), 2000);
  assert.equal(y('two thousand and six'), 2006);
  assert.equal(y('nineteen ninety nine'), 1999);
  assert.equal(y('nineteen hundred'), 1900);
  assert.equal(y('twenty'), null);
  assert.equal(y('five'), null);
});

test('resolveHour: 1–7 → pm, 8–11 → am, 12 → noon, unless opening hours decide', TIMEOUT, () => {
  assert.equal(resolveHour(3, 30), 15);
  assert.equal(resolveHour(7, 0), 19);
  assert.equal(resolveHour(8, 0), 8);
  assert.equal(resolveHour(11, 45), 11);
  assert.equal(resolveHour(12, 30), 12);
  assert.equal(resolveHour(15, 0), 15, '24-hour hours pass through');
  assert.equal(resolveHour(0, 0), 0);
  const open = { openingHours: [11, 23] as const };
  assert.equal(resolveHour(11, 0, open), 11);
  assert.equal(resolveHour(10, 0, open), 22);
  assert.equal(resolveHour(8, 30, open), 20);
  assert.equal(resolveHour(9, 0, { openingHours: [7, 22] }), 9, 'both inside: the default rule');
  assert.equal(resolveHour(1, 0, { openingHours: [17, 2] }), 1, 'hours past midnight');
  assert.equal(resolveHour(6, 0, { openingHours: [17, 2] }), 18);
  assert.equal(resolveHour(5, 0, { openingHours: [9, 12] }), 17, 'neither inside: the default rule');
});
