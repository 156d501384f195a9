import { test } from 'node:test';
import assert from 'node:assert/strict';
import { WorkerHost } from '../../../app/workers/worker-host.js';
import { HeedError } from '../../../app/core/errors.js';
import type { FixtureContract } from './fixture-worker.js';

const entry = new URL('./fixture-worker.js', import.meta.url);
const host = (data: Record<string, unknown> = {}, opts: { maxRestarts?: number; timeoutMs?: number } = {}): WorkerHost<FixtureContract> =>
  new WorkerHost<FixtureContract>({ name: 'fixture', source: 'worker', entry, workerData: { initStamp: 1, ...data }, ...opts });

test('calls round-trip with typed results', { timeout: 20_000 }, async () => {
  const h = host();
  try {
    const r = await h.call('echo', { text: 'hi' });
    assert.deepEqual(r, { text: 'hi', threadInit: 1 });
  } finally { await h.close(); }
});

test('errors come back as HeedError with code, source and recoverable', { timeout: 20_000 }, async () => {
  const h = host();
  try {
    await assert.rejects(h.call('fail', null), (e: unknown) => e instanceof HeedError && e.code === 'STT_FAILED' && e.source === 'stt' && e.recoverable);
  } finally { await h.close(); }
});

test('an init failure rejects start and every call, without restart loops', { timeout: 20_000 }, async () => {
  const h = host({ failInit: true });
  try {
    await assert.rejects(h.start(), (e: unknown) => e instanceof HeedError && e.code === 'MODEL_MISSING' && /nope/.test(e.message));
    await assert.rejects(h.call('echo', { text: 'x' }), (e: unknown) => e instanceof HeedError && e.code === 'MODEL_MISSING');
    assert.equal(h.restartCount, 0);
  } finally { await h.close(); }
});

test('abort rejects at once with ABORTED and the worker sees the cancel', { timeout: 20_000 }, async () => {
  const h = host();
  try {
    await h.start();
    const ac = new AbortController();
    const p = h.call('slow', { ms: 10_000 }, { signal: ac.signal });
    setTimeout(() => ac.abort(), 50);
    await assert.rejects(p, (e: unknown) => e instanceof HeedError && e.code === 'ABORTED');
    assert.deepEqual(await h.call('echo', { text: 'still alive' }), { text: 'still alive', threadInit: 1 });
  } finally { await h.close(); }
});

test('a call past its deadline fails with WORKER_TIMEOUT', { timeout: 20_000 }, async () => {
  const h = host({}, { timeoutMs: 100 });
  try {
    await h.start();
    await assert.rejects(h.call('slow', { ms: 5000 }), (e: unknown) => e instanceof HeedError && e.code === 'WORKER_TIMEOUT');
  } finally { await h.close(); }
});

test('a crash fails the request in flight cleanly, then the worker is restarted', { timeout: 30_000 }, async () => {
  const h = host();
  try {
    await h.start();
    const firstThread = h.threadId;
    const inflight = h.call('slow', { ms: 10_000 });
    await assert.rejects(h.call('crash', null), (e: unknown) => e instanceof HeedError && e.code === 'WORKER_CRASHED' && e.recoverable);
    await assert.rejects(inflight, (e: unknown) => e instanceof HeedError && e.code === 'WORKER_CRASHED');
    assert.deepEqual(await h.call('echo', { text: 'back' }), { text: 'back', threadInit: 1 });
    assert.equal(h.restartCount, 1);
    assert.notEqual(h.threadId, firstThread);
  } finally { await h.close(); }
});

test('a worker that keeps crashing is given up on with WORKER_UNAVAILABLE', { timeout: 30_000 }, async () => {
  const h = host({}, { maxRestarts: 2 });
  try {
    for (let i = 0; i < 3; i++) await assert.rejects(h.call('crash', null), (e: unknown) => e instanceof HeedError && e.code === 'WORKER_CRASHED');
    await assert.rejects(h.call('echo', { text: 'x' }), (e: unknown) => e instanceof HeedError && e.code === 'WORKER_UNAVAILABLE' && !e.recoverable);
  } finally { await h.close(); }
});

test('audio buffers are transferred, not copied, in both directions', { timeout: 20_000 }, async () => {
  const h = host();
  try {
    const samples = new Float32Array([0.1, 0.2, 0.3]);
    const out = await h.call('double', { samples }, { transfer: [samples.buffer as ArrayBuffer] });
    assert.equal(samples.byteLength, 0, 'the sent buffer was detached (moved to the worker)');
    assert.deepEqual(Array.from(out).map((v) => Math.round(v * 10) / 10), [0.2, 0.4, 0.6]);
  } finally { await h.close(); }
});

test('worker logs are forwarded to the main logger, tagged with the worker name', { timeout: 20_000 }, async () => {
  const lines: string[] = [];
  const { pino } = await import('pino');
  const { Writable } = await import('node:stream');
  const sink = new Writable({ write(chunk: Buffer, _enc, cb) { lines.push(chunk.toString()); cb(); } });
  const logger = pino({ level: 'info' }, sink);
  const h = new WorkerHost<FixtureContract>({ name: 'fixture', source: 'worker', entry, workerData: { initStamp: 42 }, logger });
  try {
    await h.start();
    await h.call('echo', { text: 'x' });
    const rec = lines.map((l) => JSON.parse(l) as Record<string, unknown>).find((r) => r['msg'] === 'fixture worker ready');
    assert.ok(rec, lines.join(''));
    assert.equal(rec['worker'], 'fixture');
    assert.equal(rec['stamp'], 42);
  } finally { await h.close(); }
});

test('a worker whose onReady hook fails is restarted, not left unusable', { timeout: 30_000 }, async () => {
  let readies = 0;
  const h = new WorkerHost<FixtureContract>({
    name: 'fixture', source: 'worker', entry, workerData: { initStamp: 1 },
    onReady: async () => { readies += 1; if (readies === 2) throw new HeedError('WORKER_TIMEOUT', 'worker', 're-sending state timed out'); },
  });
  try {
    await h.start();
    await assert.rejects(h.recycle(), (e: unknown) => e instanceof HeedError && e.code === 'WORKER_TIMEOUT');
    assert.deepEqual(await h.call('echo', { text: 'back' }), { text: 'back', threadInit: 1 });
    assert.equal(readies, 3);
    assert.equal(h.restartCount, 2);
  } finally { await h.close(); }
});
