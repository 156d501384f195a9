/** `heed chat`: the same understanding and store over typed text, multi-turn in one session. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { heed } from '../helpers/cli.js';
import { orderInDb } from '../helpers/store-reader.js';

test('chat: typed turns add, change, read back and place an order after confirmation', { timeout: 60_000 }, async () => {
  const db = join(mkdtempSync(join(tmpdir(), 'heed-chat-')), 'chat.db');
  const input = ['Can I get 2 cheeseburgers, no onions?', 'and a large lemonade', 'make that a medium', "what's my total?", "that's all", 'yes'].join('\n');
  const r = await heed(['chat', '--json', '--db', db, '--session', 'typed'], { input });
  assert.equal(r.code, 0, r.stderr);
  const turns = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { intent: string; reply: string; toolCalls: Array<{ name: string }> });
  assert.equal(turns.length, 6);
  assert.deepEqual(turns.map((t) => t.intent), ['add_item', 'add_item', 'change_item', 'read_back', 'done', 'confirm']);
  assert.match(turns[3]?.reply ?? '', /\$9\.27/);
  assert.ok(turns[5]?.toolCalls.some((c) => c.name === 'place_order'));
  const order = orderInDb(db, 'typed');
  assert.equal(order?.status, 'placed');
  assert.equal(order?.total, 2 * 3.49 + 2.29);
});
