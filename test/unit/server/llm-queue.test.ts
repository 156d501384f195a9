import { test } from 'node:test';
import assert from 'node:assert/strict';
import { HeedError } from '../../../app/core/errors.js';
import { LlmQueue } from '../../../app/server/llm-queue.js';

const T = { timeout: 20_000 };
const never = new AbortController().signal;

test('grants up to concurrency slots at once, then queues first in, first out', T, async () => {
  const q = new LlmQueue(2, 3);
  const r1 = await q.acquire(never);
  const r2 = await q.acquire(never);
  assert.equal(q.active, 2);
  const order: string[] = [];
  const waits = ['a', 'b', 'c'].map((name) => q.acquire(never).then((release) => { order.push(name); return release; }));
  assert.equal(q.queued, 3);
  r1();
  r1(); // a second release does nothing
  const ra = await waits[0];
  assert.deepEqual(order, ['a']);
  assert.equal(q.active, 2);
  r2();
  ra?.();
  const rest = await Promise.all(waits.slice(1));
  assert.deepEqual(order, ['a', 'b', 'c']);
  assert.equal(q.queued, 0);
  for (const r of rest) r();
  assert.equal(q.active, 0);
});

test('a full line refuses at once with SERVER_BUSY', T, async () => {
  const q = new LlmQueue(1, 1);
  const r = await q.acquire(never);
  const waiting = q.acquire(never);
  await assert.rejects(q.acquire(never), (e: unknown) => e instanceof HeedError && e.code === 'SERVER_BUSY' && e.recoverable);
  r();
  (await waiting)();
  assert.equal(q.active, 0);
});

test('maxQueue 0 refuses whenever every slot is taken', T, async () => {
  const q = new LlmQueue(1, 0);
  const r = await q.acquire(never);
  await assert.rejects(q.acquire(never), (e: unknown) => e instanceof HeedError && e.code === 'SERVER_BUSY');
  r();
});

test('an aborted waiter leaves the line and the next one moves up', T, async () => {
  const q = new LlmQueue(1, 2);
  const r = await q.acquire(never);
  const ac = new AbortController();
  const leaving = q.acquire(ac.signal);
  const staying = q.acquire(never);
  assert.equal(q.queued, 2);
  ac.abort();
  await assert.rejects(leaving, (e: unknown) => e instanceof HeedError && e.code === 'ABORTED');
  assert.equal(q.queued, 1);
  r();
  (await staying)();
  assert.equal(q.active, 0);
  await assert.rejects(q.acquire(ac.signal), (e: unknown) => e instanceof HeedError && e.code === 'ABORTED');
  assert.equal(q.active, 0);
});
