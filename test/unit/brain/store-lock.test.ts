/**
 * A store held by another writer (a POS sync, a menu import, another kiosk on the same file): the
 * turn waits for it without blocking the event loop, writes exactly once when the lock goes, and
 * writes nothing when it gives up or is aborted. Real SQLite: a second connection holds
 * BEGIN IMMEDIATE on the same file.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { openDomainAgent, type PackAgent } from '../../../app/brain/open-agent.js';
import { HeedError } from '../../../app/core/errors.js';
import { repoRoot } from '../../../app/core/paths.js';
import { agentSpeculator } from '../../../app/live/agent-speculator.js';
import { dumpDb } from '../../helpers/db-dump.js';

const T = { timeout: 30_000 };
const DRIVE_THRU = join(repoRoot(), 'domains', 'drive-thru');
const NOW = (): Date => new Date(2026, 11, 1, 9, 0, 0);

interface Rig { agent: PackAgent; dbPath: string; lock(): void; unlock(): void; rows(sql: string): number; close(): void }

function rig(waitMs = 8000): Rig {
  const dir = mkdtempSync(join(tmpdir(), 'heed-lock-'));
  const dbPath = join(dir, 'store.db');
  const agent = openDomainAgent({ dbPath, domainDir: DRIVE_THRU, now: NOW, storeLockWait: { waitMs } });
  const other = new Database(dbPath);
  return {
    agent, dbPath,
    lock: () => { other.exec('BEGIN IMMEDIATE'); },
    unlock: () => { other.exec('COMMIT'); },
    rows: (sql) => (other.prepare<[], { n: number }>(sql).get()?.n ?? -1),
    close: () => { if (other.open && other.inTransaction) other.exec('ROLLBACK'); other.close(); agent.close(); rmSync(dir, { recursive: true, force: true }); },
  };
}

/** Counts event-loop turns (a 10 ms interval) while `p` is pending. */
async function ticksWhile<V>(p: Promise<V>): Promise<{ value: V; ticks: number }> {
  let ticks = 0;
  const timer = setInterval(() => { ticks++; }, 10);
  try { return { value: await p, ticks }; } finally { clearInterval(timer); }
}

const LINES = 'SELECT count(*) AS n FROM order_lines';
const LOGGED = "SELECT count(*) AS n FROM conversation_turns WHERE session_id = 's1'";

test('a locked store: the turn waits without blocking the loop, then writes once when the lock goes', T, async () => {
  const r = rig();
  try {
    r.lock();
    const release = setTimeout(() => r.unlock(), 600);
    let got;
    try { got = await ticksWhile(r.agent.understand('s1', 'i want two cheeseburgers', { channel: 'voice' })); } finally { clearTimeout(release); }
    const { value: turn, ticks } = got;
    assert.ok(ticks >= 3, `the event loop kept turning while the store was locked (${ticks} ticks in ~600 ms)`);
    assert.equal(turn.intent, 'add_item');
    assert.deepEqual(turn.order?.lines.map((l) => [l.quantity, l.item]), [[2, 'Cheeseburger']]);
    assert.equal(r.rows(LINES), 1, 'one order line, written once');
    assert.equal(r.rows(LOGGED), 2, 'the customer and agent lines of one turn');
  } finally {
    r.close();
  }
});

test('a store locked for longer than the wait: STORE_BUSY, and nothing of the turn is written', T, async () => {
  const r = rig(300);
  try {
    await r.agent.understand('s1', 'hello', { channel: 'voice' }); // the session exists
    const before = dumpDb(r.dbPath);
    r.lock();
    await assert.rejects(r.agent.understand('s1', 'i want two cheeseburgers', { channel: 'voice' }),
      (err: unknown) => err instanceof HeedError && err.code === 'STORE_BUSY' && err.recoverable);
    r.unlock();
    assert.equal(dumpDb(r.dbPath), before, 'no order line, no log line, no dialog state');
    const after = await r.agent.understand('s1', 'i want two cheeseburgers', { channel: 'voice' });
    assert.deepEqual(after.order?.lines.map((l) => l.quantity), [2], 'the next turn works');
  } finally {
    r.close();
  }
});

test('an abort while waiting for the store rejects with ABORTED and writes nothing', T, async () => {
  const r = rig();
  try {
    const before = dumpDb(r.dbPath);
    r.lock();
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 200);
    await assert.rejects(r.agent.understand('s1', 'i want two cheeseburgers', { channel: 'voice', signal: ac.signal }),
      (err: unknown) => err instanceof HeedError && err.code === 'ABORTED');
    r.unlock();
    assert.equal(dumpDb(r.dbPath), before);
  } finally {
    r.close();
  }
});

test('a speculated turn on a locked store is acted on once the lock goes, exactly once', T, async () => {
  const r = rig();
  try {
    const sp = agentSpeculator(r.agent, 's1');
    const parsed = await sp.parse(['i', 'want', 'two', 'cheeseburgers'], { signal: new AbortController().signal });
    r.lock();
    const release = setTimeout(() => r.unlock(), 400);
    let turn;
    try { turn = await sp.act('s1', parsed, { signal: new AbortController().signal }); } finally { clearTimeout(release); }
    assert.deepEqual(turn.order?.lines.map((l) => [l.quantity, l.item]), [[2, 'Cheeseburger']]);
    assert.equal(r.rows(LINES), 1);
    assert.equal(r.rows(LOGGED), 2);
  } finally {
    r.close();
  }
});
