/** Multi-turn `--session` flows over speech: add, change, remove, read back, confirm — the order lives in the DB. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { OrderView } from '../../app/core/turn.js';
import { heed, parseJsonLine } from '../helpers/cli.js';
import { describeOrder } from '../helpers/scenarios.js';
import { orderInDb } from '../helpers/store-reader.js';
import { makeUtterance, type VoiceId } from '../helpers/utterances.js';

const dir = mkdtempSync(join(tmpdir(), 'heed-session-'));

async function say(db: string, session: string, text: string, voice: VoiceId, seed: number): Promise<{ intent: string; reply: string; order: OrderView | null; toolCalls: Array<{ name: string }> }> {
  const wav = await makeUtterance({ text, voice, snrDb: 25, seed });
  const r = await heed(['respond', wav, join(dir, 'reply.wav'), '--db', db, '--session', session, '--json'], { timeoutMs: 60_000 });
  assert.equal(r.code, 0, r.stderr);
  return parseJsonLine(r.stdout);
}

const lines = (o: OrderView | null): string => describeOrder(o);

test('session: add, change, remove, read back, confirm → placed order with the DB total', { timeout: 300_000 }, async () => {
  const db = join(dir, 'flow1.db');
  const s = 'car-1';
  let turn = await say(db, s, 'can i get a large fries and a medium coke', 'flite:slt', 1);
  assert.equal(lines(orderInDb(db, s)), '1 large Fries; 1 medium Cola');

  turn = await say(db, s, 'make that a large', 'flite:slt', 2);
  assert.equal(lines(orderInDb(db, s)), '1 large Fries; 1 large Cola');

  turn = await say(db, s, 'and two cheeseburgers with no onions', 'flite:slt', 3);
  assert.equal(lines(orderInDb(db, s)), '1 large Fries; 1 large Cola; 2 Cheeseburger [no onions]');

  turn = await say(db, s, 'remove the fries', 'flite:slt', 4);
  assert.equal(lines(orderInDb(db, s)), '1 large Cola; 2 Cheeseburger [no onions]');

  turn = await say(db, s, "what's my total", 'flite:slt', 5);
  const total = orderInDb(db, s)?.total;
  assert.equal(total, 2.09 + 2 * 3.49);
  assert.match(turn.reply, /\$9\.07/);

  turn = await say(db, s, "that's all", 'flite:slt', 6);
  assert.equal(orderInDb(db, s)?.status, 'awaiting_confirmation');
  assert.match(turn.reply, /place/i);

  turn = await say(db, s, 'yes', 'flite:slt', 7);
  assert.ok(turn.toolCalls.some((c) => c.name === 'place_order'));
  const placed = orderInDb(db, s);
  assert.equal(placed?.status, 'placed');
  assert.equal(placed?.total, 9.07);
});

test('session: nothing is placed without a confirmation; "no" keeps the order open; a missing size is asked for', { timeout: 300_000 }, async () => {
  const db = join(dir, 'flow2.db');
  const s = 'car-2';
  let turn = await say(db, s, 'and fries', 'flite:awb', 11);
  assert.match(turn.reply, /what size/i);
  assert.equal(orderInDb(db, s)?.lines.length ?? 0, 0);

  turn = await say(db, s, 'medium', 'flite:awb', 12);
  assert.equal(lines(orderInDb(db, s)), '1 medium Fries');

  turn = await say(db, s, 'yes', 'flite:awb', 13);
  assert.ok(!turn.toolCalls.some((c) => c.name === 'place_order'), 'a bare yes before the read-back places nothing');
  assert.equal(orderInDb(db, s)?.status, 'open');

  turn = await say(db, s, "that's all", 'flite:awb', 14);
  assert.equal(orderInDb(db, s)?.status, 'awaiting_confirmation');
  turn = await say(db, s, 'no', 'flite:awb', 15);
  assert.equal(orderInDb(db, s)?.status, 'open');

  turn = await say(db, s, 'cancel my order', 'flite:awb', 16);
  assert.equal(orderInDb(db, s)?.status ?? 'cancelled', 'cancelled');
});
