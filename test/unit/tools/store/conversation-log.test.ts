import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { configSchema, conversationConfigSchema } from '../../../../app/core/config.js';
import { HeedError } from '../../../../app/core/errors.js';
import { appliedMigrations } from '../../../../app/tools/store/migrations.js';
import { openStore, type Db } from '../../../../app/tools/store/open-store.js';
import { conversationFor, purgeConversations, recordTurn, schedulePurge } from '../../../../app/tools/store/conversation-log.js';

const TIMEOUT = { timeout: 20_000 };
const DAY = 86_400_000;
const NOW = Date.parse('2025-06-01T12:00:00.000Z');

function tmp(): { dir: string; file: string; done(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'heed-conv-'));
  return { dir, file: join(dir, 'heed.db'), done: () => rmSync(dir, { recursive: true, force: true }) };
}

function rawDump(db: Db): string {
  return JSON.stringify(db.prepare('SELECT * FROM conversation_turns').all());
}

function fileBytes(dir: string): string {
  return readdirSync(dir).map((f) => readFileSync(join(dir, f)).toString('latin1')).join('\n');
}

test('the core migration creates conversation_turns with its indexes', TIMEOUT, () => {
  const t = tmp();
  try {
    const db = openStore(t.file);
    assert.ok(appliedMigrations(db).includes('core/002_conversation_turns'));
    const cols = db.prepare<[], { name: string }>("SELECT name FROM pragma_table_info('conversation_turns')").all().map((c) => c.name);
    assert.deepEqual(cols, ['id', 'session_id', 'at', 'role', 'text', 'intent', 'tool_calls_json', 'channel']);
    const idx = db.prepare<[], { sql: string }>("SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'conversation_turns'").all().map((r) => r.sql);
    assert.ok(idx.some((s) => /\(at\)/.test(s)), idx.join('\n'));
    assert.ok(idx.some((s) => /\(session_id/.test(s)), idx.join('\n'));
    db.close();
  } finally { t.done(); }
});

test('recorded turns hold no raw phone numbers, e-mails or given names', TIMEOUT, () => {
  const t = tmp();
  try {
    const db = openStore(t.file);
    const names = ['Maria Lopez'];
    recordTurn(db, { sessionId: 's1', role: 'customer', text: "I'm Maria Lopez, call me on 555-867-5309 or five five five eight six seven five three oh nine", intent: 'book', channel: 'voice', at: NOW }, { names });
    recordTurn(db, {
      sessionId: 's1', role: 'agent', text: 'Booked for maria at 3:30, that is $4.95. We will text (555) 867 5309.', intent: 'book',
      toolCalls: [{ name: 'book_slot', args: { customerName: 'Ramona Flowers', phoneNumber: '5558675309', email: 'ramona@example.com', qty: 2 }, result: { ok: true, message: 'booked Ramona Flowers' } }],
      channel: 'text', at: new Date(NOW + 1000),
    }, { names });
    // a name only known from the tool call is masked in the turn's own text too
    recordTurn(db, { sessionId: 's1', role: 'agent', text: 'See you soon, Ramona!', toolCalls: [{ name: 'noop', args: { firstName: 'Ramona' }, result: null }], at: NOW + 2000 });

    const raw = rawDump(db);
    for (const secret of ['555', '867', '5309', 'five five', 'Maria', 'maria', 'Lopez', 'Ramona', 'Flowers', 'ramona@', 'example.com']) {
      assert.ok(!raw.includes(secret), `${secret} stored: ${raw}`);
    }
    const turns = conversationFor(db, 's1');
    assert.equal(turns.length, 3);
    const [a, b, c] = turns;
    assert.equal(a?.text, "I'm [name], call me on [phone] or [phone]");
    assert.equal(a?.role, 'customer');
    assert.equal(a?.channel, 'voice');
    assert.equal(a?.at, '2025-06-01T12:00:00.000Z');
    assert.equal(a?.toolCalls, null);
    assert.equal(b?.text, 'Booked for [name] at 3:30, that is $4.95. We will text [phone].');
    assert.equal(b?.channel, 'text');
    assert.equal(b?.intent, 'book');
    assert.deepEqual(b?.toolCalls, [{ name: 'book_slot', args: { customerName: '[name]', phoneNumber: '[phone]', email: '[email]', qty: 2 }, result: { ok: true, message: 'booked [name]' } }]);
    assert.equal(c?.text, 'See you soon, [name]!');
    assert.equal(c?.intent, null);
    db.close();
    // nothing raw on disk either (main file and WAL)
    const bytes = fileBytes(t.dir);
    for (const secret of ['555-867-5309', '5558675309', 'Maria Lopez', 'Ramona']) assert.ok(!bytes.includes(secret), `${secret} on disk`);
  } finally { t.done(); }
});

test('purge removes only turns older than the retention', TIMEOUT, () => {
  const t = tmp();
  try {
    const db = openStore(t.file);
    const ages = [0, 1, 29, 30.5, 31, 400];
    for (const [i, days] of ages.entries()) recordTurn(db, { sessionId: 'p', role: 'customer', text: `turn ${i}`, at: NOW - days * DAY });
    recordTurn(db, { sessionId: 'q', role: 'system', text: 'other session, old', at: NOW - 90 * DAY });
    assert.equal(purgeConversations(db, { olderThanDays: 30, now: NOW }), 4);
    assert.deepEqual(conversationFor(db, 'p').map((r) => r.text), ['turn 2', 'turn 1', 'turn 0']);
    assert.deepEqual(conversationFor(db, 'q'), []);
    assert.equal(purgeConversations(db, { olderThanDays: 30, now: NOW }), 0);
    assert.equal(purgeConversations(db, { olderThanDays: 1, now: new Date(NOW) }), 1);
    assert.equal(purgeConversations(db, { olderThanDays: 0 }), 2);
    assert.equal(db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM conversation_turns').get()?.n, 0);
    for (const bad of [-1, Number.NaN, Infinity, 3651]) {
      assert.throws(() => purgeConversations(db, { olderThanDays: bad }), (e: unknown) => e instanceof HeedError && e.code === 'CONFIG_INVALID');
    }
    db.close();
  } finally { t.done(); }
});

test('retention 0 or store:false stores nothing', TIMEOUT, () => {
  const t = tmp();
  try {
    const db = openStore(t.file);
    assert.equal(recordTurn(db, { sessionId: 's', role: 'customer', text: 'hello' }, { retentionDays: 0 }), null);
    assert.equal(recordTurn(db, { sessionId: 's', role: 'customer', text: 'hello' }, { store: false, retentionDays: 30 }), null);
    assert.deepEqual(conversationFor(db, 's'), []);
    const id = recordTurn(db, { sessionId: 's', role: 'customer', text: 'hello' }, { store: true, retentionDays: 30 });
    assert.equal(typeof id, 'number');
    assert.equal(conversationFor(db, 's').length, 1);
    db.close();
  } finally { t.done(); }
});

test('reopening the database keeps the turns', TIMEOUT, () => {
  const t = tmp();
  try {
    const db = openStore(t.file);
    recordTurn(db, { sessionId: 'r', role: 'customer', text: 'one', at: NOW });
    recordTurn(db, { sessionId: 'r', role: 'agent', text: 'two', at: NOW });
    db.close();
    const again = openStore(t.file);
    assert.deepEqual(conversationFor(again, 'r').map((x) => [x.role, x.text]), [['customer', 'one'], ['agent', 'two']]);
    again.close();
  } finally { t.done(); }
});

test('bad turns are refused with STORE_FAILED, nothing stored', TIMEOUT, () => {
  const t = tmp();
  try {
    const db = openStore(t.file);
    const bad = [
      { sessionId: '', role: 'customer', text: 'x' },
      { sessionId: 's', role: 'robot', text: 'x' },
      { sessionId: 's', role: 'agent', text: 'x', channel: 'fax' },
      { sessionId: 's', role: 'agent', text: 'x', at: 'not a date' },
    ];
    for (const turn of bad) {
      assert.throws(() => recordTurn(db, turn as Parameters<typeof recordTurn>[1]), (e: unknown) => e instanceof HeedError && e.code === 'STORE_FAILED', JSON.stringify(turn));
    }
    assert.deepEqual(conversationFor(db, 's'), []);
    // odd tool-call values are stored as JSON, never throw
    const cyclic: Record<string, unknown> = { phone: '5551234567' };
    cyclic['self'] = cyclic;
    recordTurn(db, { sessionId: 's', role: 'system', text: 'x', toolCalls: { big: 5551234567n, cyclic } });
    assert.deepEqual(conversationFor(db, 's')[0]?.toolCalls, { big: '[phone]', cyclic: { phone: '[phone]', self: '[circular]' } });
    db.close();
  } finally { t.done(); }
});

test('schedulePurge purges at start, then on its unref\'d timer, and stops on abort', TIMEOUT, async () => {
  const t = tmp();
  try {
    const db = openStore(t.file);
    let clock = NOW;
    recordTurn(db, { sessionId: 's', role: 'customer', text: 'old', at: NOW - 40 * DAY });
    recordTurn(db, { sessionId: 's', role: 'customer', text: 'new', at: NOW });
    const runs: number[] = [];
    const ac = new AbortController();
    const timersBefore = process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
    const schedule = schedulePurge(db, 30, { signal: ac.signal, intervalMs: 20, now: () => clock, onPurge: (n) => runs.push(n) });
    assert.equal(schedule.purgedAtStart, 1);
    assert.deepEqual(conversationFor(db, 's').map((r) => r.text), ['new']);
    // the timer does not keep the process alive
    assert.equal(process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length, timersBefore);

    clock = NOW + 31 * DAY;
    await waitFor(() => runs.length >= 3);
    assert.deepEqual(conversationFor(db, 's'), []);
    assert.ok(runs.includes(1), JSON.stringify(runs));

    ac.abort();
    assert.equal(schedule.stopped, true);
    const count = runs.length;
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.equal(runs.length, count, 'purged after abort');
    db.close();
  } finally { t.done(); }
});

test('schedulePurge: an aborted signal never starts, a closed db stops it, errors go to onError', TIMEOUT, async () => {
  const t = tmp();
  try {
    const db = openStore(t.file);
    const ac = new AbortController();
    ac.abort();
    let runs = 0;
    const s0 = schedulePurge(db, 30, { signal: ac.signal, onPurge: () => { runs++; } });
    assert.equal(s0.stopped, true);
    assert.equal(runs, 0);

    const errors: HeedError[] = [];
    const s1 = schedulePurge(db, 30, { intervalMs: 10, onPurge: () => { runs++; }, onError: (e) => errors.push(e) });
    assert.equal(runs, 1);
    db.exec('ALTER TABLE conversation_turns RENAME TO conversation_turns_gone');
    await waitFor(() => errors.length >= 1);
    assert.equal(errors[0]?.code, 'STORE_FAILED');
    assert.equal(s1.stopped, false);
    db.exec('ALTER TABLE conversation_turns_gone RENAME TO conversation_turns');
    db.close();
    await waitFor(() => s1.stopped);

    assert.throws(() => schedulePurge(openStore(':memory:'), -3), (e: unknown) => e instanceof HeedError && e.code === 'CONFIG_INVALID');
    const s2 = schedulePurge(openStore(':memory:'), 0);
    s2.stop();
    assert.equal(s2.stopped, true);
  } finally { t.done(); }
});

test('config: the conversation slice defaults and bounds', () => {
  assert.deepEqual(configSchema.parse({}).conversation, { store: true, retentionDays: 30 });
  assert.deepEqual(conversationConfigSchema.parse({ retentionDays: 0 }), { store: true, retentionDays: 0 });
  assert.equal(conversationConfigSchema.safeParse({ retentionDays: 3651 }).success, false);
  assert.equal(conversationConfigSchema.safeParse({ retentionDays: 1.5 }).success, false);
  assert.equal(conversationConfigSchema.safeParse({ retentionDays: -1 }).success, false);
  assert.equal(conversationConfigSchema.safeParse({ keep: true }).success, false);
});

async function waitFor(cond: () => boolean, ms = 5000): Promise<void> {
  const until = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > until) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
