/**
 * The understanding chain as events in → events out, with scripted LLM stages: the grammar first
 * (no model is asked), then the local model, then escalation, then a clarifying question; every
 * reading is re-parsed by the grammar; the per-turn budget bounds the wait; nothing is written
 * before the chain decides, and a rejected reading writes nothing.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { openDomainAgent, type PackAgent } from '../../../app/brain/open-agent.js';
import { UnderstandingChain, type ChainStage } from '../../../app/brain/llm/understanding-chain.js';
import { HeedError } from '../../../app/core/errors.js';
import { repoRoot } from '../../../app/core/paths.js';
import { FakeLlm, type FakeTurn } from '../../../app/engines/llm/fake.js';

const T = { timeout: 30_000 };
const DRIVE_THRU = join(repoRoot(), 'domains', 'drive-thru');
const UNPARSABLE = 'gimme the usual thingy';

function stage(name: 'local' | 'escalation', turn: FakeTurn | ((i: number) => FakeTurn), minConfidence = 0.6): ChainStage & { engine: FakeLlm } {
  return { name, engine: new FakeLlm((_req, i) => (typeof turn === 'function' ? turn(i) : turn)), minConfidence, maxTokens: 96 };
}

function withAgent(stages: ChainStage[], fn: (a: PackAgent, rows: () => number) => Promise<void>, budgetMs = 2000): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'heed-chain-'));
  const dbPath = join(dir, 'store.db');
  const agent = openDomainAgent({ dbPath, domainDir: DRIVE_THRU, understanding: new UnderstandingChain(stages, { turnBudgetMs: budgetMs }) });
  const rows = (): number => {
    const db = new Database(dbPath, { readonly: true });
    try {
      return db.prepare<[], { n: number }>('SELECT (SELECT COUNT(*) FROM order_lines) + (SELECT COUNT(*) FROM orders) AS n').get()?.n ?? 0;
    } finally { db.close(); }
  };
  return fn(agent, rows).finally(() => { agent.close(); rmSync(dir, { recursive: true, force: true }); });
}

const add = (sentence: string, confidence = 0.9): FakeTurn => ({ toolCall: { name: 'add', arguments: { sentence } }, confidence });

test('words the grammar understands never reach a model', T, async () => {
  const local = stage('local', add('a cheeseburger'));
  await withAgent([local], async (a) => {
    const r = await a.understand('s1', 'can i get a cheeseburger');
    assert.equal(r.understoodBy, 'grammar');
    assert.equal(local.engine.requests.length, 0);
  });
});

test('the local model reads what the grammar cannot; its sentence goes through the grammar and the same tools', T, async () => {
  const local = stage('local', add('two cheeseburgers'));
  await withAgent([local], async (a) => {
    const r = await a.understand('s1', UNPARSABLE);
    assert.equal(r.understoodBy, 'local');
    assert.equal(r.intent, 'add_item');
    assert.equal(r.order?.lines[0]?.quantity, 2);
    assert.ok(r.toolCalls.length > 0, 'the order was written by the brain tools');
    const req = local.engine.requests[0];
    assert.ok(req?.tools?.some((t) => t.name === 'add') && req.tools.some((t) => t.name === 'not_sure'));
    assert.equal(req?.toolChoice, 'required');
  });
});

test('a low-confidence local reading escalates; the escalated one is used', T, async () => {
  const local = stage('local', add('two cheeseburgers', 0.2));
  const remote = stage('escalation', add('three cheeseburgers', 0.95), 0.5);
  await withAgent([local, remote], async (a) => {
    const r = await a.understand('s1', UNPARSABLE);
    assert.equal(r.understoodBy, 'escalation');
    assert.equal(r.order?.lines[0]?.quantity, 3);
  });
});

test('a remote answer without a confidence is judged by the grammar alone', T, async () => {
  const remote = stage('escalation', { toolCall: { name: 'add', arguments: { sentence: 'a cheeseburger' } }, confidence: null });
  await withAgent([remote], async (a) => {
    assert.equal((await a.understand('s1', UNPARSABLE)).understoodBy, 'escalation');
  });
});

test('not sure, an unparsable sentence or a mismatched intent falls back to a clarifying question and writes nothing', T, async () => {
  const cases: FakeTurn[] = [
    { toolCall: { name: 'not_sure', arguments: {} } },
    add('purple elephants dancing'),
    { toolCall: { name: 'remove', arguments: { sentence: 'two cheeseburgers' } } },
  ];
  for (const c of cases) {
    await withAgent([stage('local', c)], async (a, rows) => {
      const before = rows();
      const r = await a.understand('s1', UNPARSABLE);
      assert.equal(r.understoodBy, 'none');
      assert.match(r.intent, /not_understood|off_topic/);
      assert.equal(r.toolCalls.length, 0);
      assert.equal(rows(), before);
    });
  }
});

test('a failing local model (error) passes to escalation; both failing ends in a clarifying question', T, async () => {
  const broken = stage('local', { fail: new HeedError('LLM_FAILED', 'llm', 'boom') });
  const remote = stage('escalation', add('a cheeseburger'));
  await withAgent([broken, remote], async (a) => {
    assert.equal((await a.understand('s1', UNPARSABLE)).understoodBy, 'escalation');
  });
  const down = stage('escalation', { fail: new HeedError('ESCALATION_UNAVAILABLE', 'escalation', 'down') });
  await withAgent([stage('local', { fail: new HeedError('LLM_FAILED', 'llm', 'boom') }), down], async (a, rows) => {
    const r = await a.understand('s1', UNPARSABLE);
    assert.equal(r.understoodBy, 'none');
    assert.equal(rows(), 0);
  });
});

test('the turn budget bounds a model that is too slow: the customer hears a question, nothing is written', T, async () => {
  const slow = stage('local', { ...add('two cheeseburgers'), delayMs: 5000 });
  await withAgent([slow], async (a, rows) => {
    const t0 = performance.now();
    const r = await a.understand('s1', UNPARSABLE);
    const ms = performance.now() - t0;
    assert.equal(r.understoodBy, 'none');
    assert.ok(ms < 4000, `waited ${ms} ms with a 300 ms budget`);
    assert.equal(rows(), 0);
    assert.ok(slow.engine.signals[0]?.aborted, 'the model call was aborted');
  }, 300);
});

test("the caller's abort ends the chain too", T, async () => {
  const slow = stage('local', { ...add('two cheeseburgers'), delayMs: 5000 });
  await withAgent([slow], async (a) => {
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 50);
    const r = await a.understand('s1', UNPARSABLE, { signal: ac.signal });
    assert.equal(r.understoodBy, 'none');
  });
});

test('a model cannot confirm an order: "yes" from a model is re-read by the grammar, and committing still needs the customer\'s own yes', T, async () => {
  const local = stage('local', (i) => (i === 0 ? add('a cheeseburger') : { toolCall: { name: 'yes', arguments: { sentence: 'yes' } } }));
  await withAgent([local], async (a, rows) => {
    await a.understand('s1', UNPARSABLE);
    a.handleText('s1', "that's all");
    const r = await a.understand('s1', 'absolutely smashing mate');
    // The model's "yes" parses as yes, but the turn's own words were not "yes": place_order refuses.
    assert.notEqual(r.order?.status, 'placed');
    assert.ok(!r.toolCalls.some((c) => c.name === 'place_order' && (c.result as { ok?: boolean } | null)?.ok === true));
    assert.ok(rows() >= 1);
  });
});

test('warmUp prefills the local stage with the system prompt and the intent tools; the first turn reuses it', T, async () => {
  const local = stage('local', add('two cheeseburgers'));
  const remote = stage('escalation', add('two cheeseburgers'));
  const steps: Array<{ stage: string; cachedTokens: number; promptTokens: number }> = [];
  const noop = (): void => undefined;
  const log = { info: (o: { steps?: typeof steps }) => { steps.push(...(o.steps ?? [])); }, warn: noop, debug: noop, error: noop, trace: noop, fatal: noop };
  const dir = mkdtempSync(join(tmpdir(), 'heed-chain-'));
  const agent = openDomainAgent({ dbPath: join(dir, 's.db'), domainDir: DRIVE_THRU, understanding: new UnderstandingChain([local, remote], { turnBudgetMs: 2000 }), log: log as never });
  try {
    await agent.warmUp();
    assert.equal(local.engine.requests.length, 1);
    assert.equal(remote.engine.requests.length, 0, 'only the local model is warmed');
    assert.equal(local.engine.requests[0]?.maxTokens, 1);
    assert.deepEqual(local.engine.requests[0]?.tools?.map((t) => t.name), (await agent.understand('s1', UNPARSABLE), local.engine.requests[1]?.tools?.map((t) => t.name)));
    const first = steps.find((s) => s.stage === 'local');
    assert.ok(first && first.cachedTokens > 0 && first.cachedTokens < first.promptTokens, JSON.stringify(first));
  } finally { agent.close(); rmSync(dir, { recursive: true, force: true }); }
});

test('a partial grammar parse is checked with the model: an accepted reading wins, otherwise the partial parse stands', T, async () => {
  const PARTIAL = 'um so could i maybe get a cheeseburger please thanks buddy';
  const better = stage('local', add('two cheeseburgers'));
  await withAgent([better], async (a) => {
    const r = await a.understand('s1', PARTIAL);
    assert.equal(better.engine.requests.length, 1, 'the partial parse went to the model');
    assert.equal(r.understoodBy, 'local');
    assert.equal(r.order?.lines[0]?.quantity, 2);
  });
  const unsure = stage('local', { toolCall: { name: 'not_sure', arguments: {} } });
  await withAgent([unsure], async (a) => {
    const r = await a.understand('s1', PARTIAL);
    assert.equal(r.understoodBy, 'grammar');
    assert.equal(r.intent, 'add_item');
    assert.equal(r.order?.lines[0]?.quantity, 1);
  });
});

test('what leaves the device is redacted with the names the session holds; the local model sees the words as said', T, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'heed-chain-'));
  const local = stage('local', { toolCall: { name: 'not_sure', arguments: {} } });
  const remote = stage('escalation', { toolCall: { name: 'not_sure', arguments: {} } });
  const agent = openDomainAgent({
    dbPath: join(dir, 's.db'), domainDir: join(repoRoot(), 'domains', 'clinic'), now: () => new Date(2026, 11, 1, 9, 0, 0),
    understanding: new UnderstandingChain([local, remote], { turnBudgetMs: 2000 }),
  });
  try {
    agent.handleText('k1', 'a checkup with maria on friday at two');
    agent.handleText('k1', 'my name is m a r k');
    await agent.understand('k1', 'does mark fancy purple zebras');
    const sent = JSON.stringify(remote.engine.requests.at(-1)?.messages.filter((m) => m.role !== 'system'));
    assert.ok(remote.engine.requests.length > 0, 'escalation was asked');
    assert.doesNotMatch(sent, /\bmark\b/i, sent);
    assert.match(sent, /\[name\]/);
    assert.match(JSON.stringify(local.engine.requests.at(-1)?.messages), /mark/i, 'the on-device model keeps the words');
  } finally { agent.close(); rmSync(dir, { recursive: true, force: true }); }
});
