/** whenStoreFree: retries STORE_BUSY with an abortable wait, gives up after waitMs, passes other errors through. */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { HeedError } from '../../../../app/core/errors.js';
import { isSqliteBusy, isStoreBusy, storeBusy, whenStoreFree } from '../../../../app/tools/store/busy-retry.js';

const T = { timeout: 10_000 };
const busy = (): HeedError => storeBusy(Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' }), 'test');

test('a real SQLite lock held by another connection is recognised as busy', T, () => {
  const dir = mkdtempSync(join(tmpdir(), 'heed-busy-'));
  const a = new Database(join(dir, 's.db'));
  const b = new Database(join(dir, 's.db'));
  try {
    a.pragma('journal_mode = WAL');
    a.exec('CREATE TABLE t (x INTEGER)');
    b.pragma('busy_timeout = 0');
    a.exec('BEGIN IMMEDIATE');
    let caught: unknown;
    try { b.exec('INSERT INTO t VALUES (1)'); } catch (err) { caught = err; }
    assert.ok(isSqliteBusy(caught), String(caught));
    assert.equal(isSqliteBusy(new Error('no such table')), false);
    const e = storeBusy(caught, 'insert');
    assert.ok(isStoreBusy(e) && e.recoverable && e.source === 'store');
    a.exec('COMMIT');
  } finally {
    a.close();
    b.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('runs the work again while it is busy, and returns its result', T, async () => {
  let calls = 0;
  const waits: number[] = [];
  const out = await whenStoreFree(() => { calls++; if (calls < 4) throw busy(); return 'done'; }, { waitMs: 5000, onBusy: (n) => waits.push(n) });
  assert.equal(out, 'done');
  assert.equal(calls, 4);
  assert.deepEqual(waits, [1, 2, 3]);
});

test('gives up with STORE_BUSY once waitMs has passed', T, async () => {
  let t = 0;
  let calls = 0;
  await assert.rejects(
    whenStoreFree(() => { calls++; t += 100; throw busy(); }, { waitMs: 350, now: () => t }),
    (err: unknown) => isStoreBusy(err),
  );
  assert.equal(calls, 4, 'attempts at 100, 200, 300, then 400 ms ≥ 350 ms');
});

test('any other error is thrown at once, without a retry', T, async () => {
  let calls = 0;
  await assert.rejects(whenStoreFree(() => { calls++; throw new HeedError('STORE_FAILED', 'store', 'disk I/O error'); }, { waitMs: 5000 }), /disk I\/O/);
  assert.equal(calls, 1);
});

test('an abort during the wait rejects with ABORTED and runs nothing more', T, async () => {
  const ac = new AbortController();
  let calls = 0;
  const p = whenStoreFree(() => { calls++; if (calls === 2) ac.abort(); throw busy(); }, { waitMs: 60_000, signal: ac.signal });
  await assert.rejects(p, (err: unknown) => err instanceof HeedError && err.code === 'ABORTED');
  assert.equal(calls, 2);
});
