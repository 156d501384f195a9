import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createCircuitBreaker, type CircuitBreakerOptions, type CircuitState } from '../../../app/engines/llm/circuit-breaker.js';

function setup(opts: CircuitBreakerOptions = {}) {
  let now = 1_000;
  const changes: Array<[CircuitState, CircuitState]> = [];
  const breaker = createCircuitBreaker({ failureThreshold: 3, coolDownMs: 10_000, now: () => now, onStateChange: (to, from) => changes.push([from, to]), ...opts });
  const fail = (n = 1): void => { for (let i = 0; i < n; i++) breaker.acquire()?.failure(); };
  const succeed = (): void => breaker.acquire()?.success();
  return { breaker, changes, fail, succeed, advance: (ms: number) => { now += ms; } };
}

test('opens after N consecutive failures and refuses calls while open', { timeout: 20_000 }, () => {
  const { breaker, changes, fail } = setup();
  fail(2);
  assert.equal(breaker.state, 'closed');
  fail();
  assert.equal(breaker.state, 'open');
  assert.equal(breaker.acquire(), null);
  assert.deepEqual(changes, [['closed', 'open']]);
  const snap = breaker.snapshot();
  assert.equal(snap.state, 'open');
  assert.equal(snap.trips, 1);
  assert.equal(snap.retryInMs, 10_000);
});

test('a success resets the consecutive count', { timeout: 20_000 }, () => {
  const { breaker, fail, succeed } = setup();
  fail(2);
  succeed();
  fail(2);
  assert.equal(breaker.state, 'closed');
  assert.equal(breaker.snapshot().consecutiveFailures, 2);
});

test('released permits count as neither success nor failure', { timeout: 20_000 }, () => {
  const { breaker, fail } = setup();
  fail(2);
  breaker.acquire()?.release();
  assert.equal(breaker.snapshot().consecutiveFailures, 2);
  fail();
  assert.equal(breaker.state, 'open');
});

test('after the cool-down exactly one probe goes through; its success closes', { timeout: 20_000 }, () => {
  const { breaker, changes, fail, advance } = setup();
  fail(3);
  advance(9_999);
  assert.equal(breaker.acquire(), null);
  assert.equal(breaker.snapshot().retryInMs, 1);
  advance(1);
  assert.equal(breaker.state, 'half-open');
  const probe = breaker.acquire();
  assert.ok(probe);
  assert.equal(probe.probe, true);
  assert.equal(breaker.acquire(), null, 'a second call waits for the probe');
  probe.success();
  assert.equal(breaker.state, 'closed');
  assert.ok(breaker.acquire());
  assert.deepEqual(changes, [['closed', 'open'], ['open', 'half-open'], ['half-open', 'closed']]);
  assert.equal(breaker.snapshot().consecutiveFailures, 0);
});

test('a failed probe opens the breaker for another cool-down', { timeout: 20_000 }, () => {
  const { breaker, fail, advance } = setup();
  fail(3);
  advance(10_000);
  breaker.acquire()?.failure();
  assert.equal(breaker.state, 'open');
  assert.equal(breaker.snapshot().trips, 2);
  advance(5_000);
  assert.equal(breaker.acquire(), null);
  advance(5_000);
  assert.ok(breaker.acquire()?.probe);
});

test('a released probe frees the slot for another probe', { timeout: 20_000 }, () => {
  const { breaker, fail, advance } = setup();
  fail(3);
  advance(10_000);
  breaker.acquire()?.release();
  assert.equal(breaker.state, 'half-open');
  assert.ok(breaker.acquire());
});

test('a probe that never reports loses its lease', { timeout: 20_000 }, () => {
  const { breaker, fail, advance } = setup({ probeLeaseMs: 1_000 });
  fail(3);
  advance(10_000);
  const stuck = breaker.acquire();
  assert.ok(stuck);
  assert.equal(breaker.acquire(), null);
  advance(1_000);
  const next = breaker.acquire();
  assert.ok(next);
  stuck.success(); // stale: ignored
  assert.equal(breaker.state, 'half-open');
  next.success();
  assert.equal(breaker.state, 'closed');
});

test('outcomes of permits taken before a state change are ignored', { timeout: 20_000 }, () => {
  const { breaker, fail, advance } = setup();
  const early = breaker.acquire();
  assert.ok(early);
  fail(3);
  early.success();
  assert.equal(breaker.state, 'open');
  advance(10_000);
  const probe = breaker.acquire();
  early.failure();
  assert.equal(breaker.state, 'half-open');
  probe?.success();
  assert.equal(breaker.state, 'closed');
});

test('each permit reports once', { timeout: 20_000 }, () => {
  const { breaker } = setup();
  const p = breaker.acquire();
  assert.ok(p);
  p.failure();
  p.failure();
  p.failure();
  assert.equal(breaker.snapshot().consecutiveFailures, 1);
});

test('opens on the failure rate over the window once enough calls were seen', { timeout: 20_000 }, () => {
  const { breaker, fail, succeed } = setup({ failureThreshold: 100, failureRateThreshold: 0.5, minimumRequests: 6, windowMs: 60_000 });
  for (let i = 0; i < 2; i++) { fail(); succeed(); }
  assert.equal(breaker.state, 'closed', 'four calls: below the minimum');
  fail();
  succeed();
  assert.equal(breaker.state, 'closed', 'the last call succeeded');
  fail();
  assert.equal(breaker.state, 'open');

  // old calls leave the window
  const b2 = setup({ failureThreshold: 100, failureRateThreshold: 0.5, minimumRequests: 4, windowMs: 1_000 });
  b2.fail(3);
  b2.advance(2_000);
  b2.succeed();
  b2.succeed();
  b2.succeed();
  b2.fail();
  assert.equal(b2.breaker.state, 'closed');
  assert.deepEqual([b2.breaker.snapshot().windowCalls, b2.breaker.snapshot().windowFailures], [4, 1]);
});

test('reset closes and clears the counters', { timeout: 20_000 }, () => {
  const { breaker, fail } = setup();
  fail(3);
  breaker.reset();
  assert.equal(breaker.state, 'closed');
  assert.equal(breaker.snapshot().consecutiveFailures, 0);
  assert.ok(breaker.acquire());
});

test('a throwing state-change hook does not break the breaker', { timeout: 20_000 }, () => {
  const breaker = createCircuitBreaker({ failureThreshold: 1, onStateChange: () => { throw new Error('metrics down'); } });
  breaker.acquire()?.failure();
  assert.equal(breaker.state, 'open');
});
