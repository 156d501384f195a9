/** A new menu row becomes speakable and orderable on reload: the grammar is compiled from the table. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { heed, parseJsonLine } from '../helpers/cli.js';
import { describeOrder } from '../helpers/scenarios.js';
import { orderInDb } from '../helpers/store-reader.js';
import { makeUtterance } from '../helpers/utterances.js';

test('respond: a veggie burger added to the menu table is heard and ordered at its DB price', { timeout: 180_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'heed-reload-'));
  const db = join(dir, 'store.db');
  const wav = await makeUtterance({ text: "i'd like a veggie burger", voice: 'flite:slt', snrDb: 35, seed: 5 });

  let r = await heed(['respond', wav, join(dir, 'a.wav'), '--db', db, '--session', 'before', '--json']);
  assert.equal(r.code, 0, r.stderr);
  const before = parseJsonLine<{ transcript: string }>(r.stdout);
  assert.doesNotMatch(before.transcript, /veggie/, 'not on the menu yet, so not in the grammar');
  assert.equal(orderInDb(db, 'before')?.lines.some((l) => /veggie/i.test(l.item)) ?? false, false);

  const conn = new Database(db);
  conn.prepare("INSERT INTO menu_items (slug, name, category, base_price_cents) VALUES ('veggie_burger', 'Veggie Burger', 'burger', 429)").run();
  conn.close();

  r = await heed(['respond', wav, join(dir, 'b.wav'), '--db', db, '--session', 'after', '--json']);
  assert.equal(r.code, 0, r.stderr);
  const after = parseJsonLine<{ transcript: string; reply: string }>(r.stdout);
  assert.match(after.transcript, /veggie burger/);
  const order = orderInDb(db, 'after');
  assert.equal(describeOrder(order), '1 Veggie Burger');
  assert.equal(order?.total, 4.29);
  assert.match(after.reply, /Veggie Burger/);
});

test('respond: a new menu name missing from the dictionary is pronounced by letter-to-sound and ordered', { timeout: 180_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'heed-lts-'));
  const db = join(dir, 'store.db');
  const wav = await makeUtterance({ text: "i'd like a zorbleburger deluxe", voice: 'flite:slt', snrDb: 35, seed: 6 });
  let r = await heed(['respond', wav, join(dir, 'a.wav'), '--db', db, '--session', 'warm', '--json']);
  assert.equal(r.code, 0, r.stderr);
  const conn = new Database(db);
  conn.prepare("INSERT INTO menu_items (slug, name, category, base_price_cents) VALUES ('zorble', 'Zorbleburger Deluxe', 'burger', 599)").run();
  conn.close();
  r = await heed(['respond', wav, join(dir, 'b.wav'), '--db', db, '--session', 'lts', '--json']);
  assert.equal(r.code, 0, r.stderr);
  const j = parseJsonLine<{ transcript: string }>(r.stdout);
  assert.match(j.transcript, /zorbleburger deluxe/);
  assert.equal(describeOrder(orderInDb(db, 'lts')), '1 Zorbleburger Deluxe');
  assert.equal(orderInDb(db, 'lts')?.total, 5.99);
});
