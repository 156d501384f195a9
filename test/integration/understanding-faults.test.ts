/**
 * The understanding chain's escalation stage over real HTTP: the drive-thru agent with the real
 * escalation client (createOpenAiClient) pointed at scripted node:http hubs on 127.0.0.1. Whatever
 * the hub does — down, silent, failing, garbled, cut off, calling a tool it was not offered,
 * refusing the key — the turn ends within the budget with the pack's clarifying question and the
 * order tables exactly as they were. The circuit breaker stops asking a hub that keeps failing. A
 * well-behaved hub's streamed tool call goes through the grammar and the brain tools, and what
 * leaves the kiosk carries the tools, tool_choice "required" and no phone number.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { intentTools } from '../../app/brain/llm/intent-tools.js';
import { UnderstandingChain, type ChainStep, type StepOutcome } from '../../app/brain/llm/understanding-chain.js';
import { openDomainAgent, type PackAgent } from '../../app/brain/open-agent.js';
import { readPackFiles } from '../../app/brain/pack/pack-files.js';
import { createLogger } from '../../app/core/logger.js';
import { repoRoot } from '../../app/core/paths.js';
import type { TurnResult } from '../../app/core/turn.js';
import { apiKeyFrom } from '../../app/engines/llm/api-key.js';
import { createCircuitBreaker, type CircuitBreaker } from '../../app/engines/llm/circuit-breaker.js';
import { createOpenAiClient, type OpenAiClient, type OpenAiClientOptions } from '../../app/engines/llm/openai-client.js';
import { orderTablesSnapshot } from '../helpers/store-reader.js';
import { closedPort } from '../helpers/net.js';

const T = { timeout: 30_000 };
const DRIVE_THRU = join(repoRoot(), 'domains', 'drive-thru');
const UNPARSABLE = 'gimme the usual thingy';
const BUDGET_MS = 1500;
/** Generous: grammar, SQLite and a loaded CI machine on top of the budget. */
const SLACK_MS = 1500;
const HUB_KEY = 'hub-secret-4b9d1e77';
const MODEL = 'hub-model';
const PACK_REPLIES = packReplies();

/** The pack's clarifying replies, read from its domain.json through the pack loader. */
function packReplies(): { notUnderstood: string; offTopic: string } {
  const r = readPackFiles(DRIVE_THRU).pack.replies;
  const notUnderstood = r['notUnderstood'];
  const offTopic = r['offTopic'];
  assert.ok(notUnderstood !== undefined && offTopic !== undefined, 'the drive-thru pack has notUnderstood and offTopic replies');
  return { notUnderstood, offTopic };
}

// ---------------------------------------------------------------------------------------------
// A scripted OpenAI-compatible hub on 127.0.0.1

interface HubRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

interface Hub {
  url: string;
  requests: HubRequest[];
  /** Requests whose connection closed before the hub answered them in full. */
  abandoned: number;
  close(): Promise<void>;
}

type Handler = (req: IncomingMessage, res: ServerResponse, n: number) => void;

async function startHub(handler: Handler): Promise<Hub> {
  const sockets = new Set<Socket>();
  const hub: Hub = { url: '', requests: [], abandoned: 0, close: () => Promise.resolve() };
  const server = createServer((req, res) => {
    const parts: Buffer[] = [];
    req.on('data', (c: Buffer) => parts.push(c));
    req.on('end', () => {
      hub.requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(parts).toString('utf8') });
      res.on('close', () => { if (!res.writableFinished) hub.abandoned++; });
      try {
        handler(req, res, hub.requests.length);
      } catch {
        res.destroy();
      }
    });
  });
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  hub.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  hub.close = async () => {
    for (const s of sockets) s.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return hub;
}


let chunkSeq = 0;
function chunk(delta: Record<string, unknown>, finish: string | null = null, extra: Record<string, unknown> = {}): string {
  const c = { id: `chatcmpl-${++chunkSeq}`, object: 'chat.completion.chunk', created: 1_700_000_000, model: MODEL, choices: [{ index: 0, delta, finish_reason: finish }], ...extra };
  return `data: ${JSON.stringify(c)}\n\n`;
}

/** A streamed tool call in OpenAI's chunk format: role, name, arguments in two pieces, finish, usage, [DONE]. */
function toolCallStream(name: string, args: Record<string, unknown>): string[] {
  const json = JSON.stringify(args);
  const cut = Math.floor(json.length / 2);
  return [
    chunk({ role: 'assistant', content: null }),
    chunk({ tool_calls: [{ index: 0, id: 'call_hub_1', type: 'function', function: { name, arguments: '' } }] }),
    chunk({ tool_calls: [{ index: 0, function: { arguments: json.slice(0, cut) } }] }),
    chunk({ tool_calls: [{ index: 0, function: { arguments: json.slice(cut) } }] }),
    chunk({}, 'tool_calls'),
    `data: ${JSON.stringify({ id: `chatcmpl-${++chunkSeq}`, object: 'chat.completion.chunk', created: 1_700_000_000, model: MODEL, choices: [], usage: { prompt_tokens: 900, completion_tokens: 12, total_tokens: 912 } })}\n\n`,
    'data: [DONE]\n\n',
  ];
}

function sse(res: ServerResponse, parts: readonly string[]): void {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  for (const p of parts) res.write(p);
  res.end();
}

// ---------------------------------------------------------------------------------------------
// The agent with the escalation stage, a recording logger and the order tables' snapshot

interface LogRecord {
  level: number;
  msg?: string;
  steps?: ChainStep[];
  accepted?: string | null;
  [k: string]: unknown;
}

interface Rig {
  agent: PackAgent;
  client: OpenAiClient;
  breaker: CircuitBreaker;
  /** Every log line (the agent's decision records and the client's own), parsed. */
  records(): LogRecord[];
  decisions(): LogRecord[];
  /** orders, order_lines and order_line_modifiers, every row. */
  snapshot(): string;
  /** One understand() call, timed. */
  turn(session: string, text: string): Promise<{ r: TurnResult; ms: number }>;
}

const STEP_OUTCOMES: readonly StepOutcome[] = ['accepted', 'low_confidence', 'not_sure', 'unparsable', 'intent_mismatch', 'error', 'timeout'];

async function withRig(baseUrl: string, fn: (rig: Rig) => Promise<void>, opts: Partial<OpenAiClientOptions> = {}, breakerFailures = 3): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'heed-faults-'));
  const dbPath = join(dir, 'store.db');
  const lines: string[] = [];
  const log = createLogger('debug', { write: (s: string) => { lines.push(s); } });
  const breaker = createCircuitBreaker({ failureThreshold: breakerFailures, coolDownMs: 60_000 });
  const client = createOpenAiClient({
    baseUrl, model: MODEL, apiKey: apiKeyFrom(HUB_KEY),
    connectTimeoutMs: 300, readTimeoutMs: 500, retries: 1, retryBaseMs: 50, retryMaxMs: 100,
    breaker, log, ...opts,
  });
  let agent: PackAgent | undefined;
  try {
    agent = openDomainAgent({
      dbPath, domainDir: DRIVE_THRU, log,
      understanding: new UnderstandingChain([{ name: 'escalation', engine: client, minConfidence: 0.5, maxTokens: 128 }], { turnBudgetMs: BUDGET_MS }),
    });
    const a = agent;
    const records = (): LogRecord[] => lines.flatMap((l) => l.split('\n')).filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as LogRecord);
    await fn({
      agent: a, client, breaker, records,
      decisions: () => records().filter((r) => Array.isArray(r.steps)),
      snapshot: () => orderTablesSnapshot(dbPath),
      turn: async (session, text) => {
        const t0 = performance.now();
        const r = await a.understand(session, text);
        return { r, ms: performance.now() - t0 };
      },
    });
  } finally {
    agent?.close();
    await client.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The fault contract for one failing turn: an order already on the table (put there by the grammar),
 * then the unparsable words → within budget + slack, understood by nobody, the pack's clarifying
 * reply, no tool call, the order tables byte-for-byte as before, one decision record whose only
 * step is the escalation stage with the expected outcome.
 */
async function assertFaultTurn(rig: Rig, expect: { outcome: StepOutcome; detail?: RegExp }): Promise<{ ms: number; step: ChainStep }> {
  const seeded = await rig.turn('s', 'can i get a cheeseburger');
  assert.equal(seeded.r.understoodBy, 'grammar');
  assert.equal(seeded.r.order?.lines.length, 1, 'the grammar put a cheeseburger on the order');
  const before = rig.snapshot();
  const decisionsBefore = rig.decisions().length;

  const { r, ms } = await rig.turn('s', UNPARSABLE);
  assert.ok(ms < BUDGET_MS + SLACK_MS, `the turn took ${Math.round(ms)} ms with a ${BUDGET_MS} ms budget`);
  assert.equal(r.understoodBy, 'none');
  assert.ok(r.intent === 'not_understood' || r.intent === 'off_topic', `intent ${r.intent}`);
  assert.equal(r.reply, r.intent === 'off_topic' ? PACK_REPLIES.offTopic : PACK_REPLIES.notUnderstood);
  assert.equal(r.toolCalls.length, 0);
  assert.equal(r.handoff, false);
  assert.equal(r.order?.lines.length, 1, 'the order still holds the one cheeseburger');
  assert.equal(rig.snapshot(), before, 'nothing was committed to the order tables');

  const decisions = rig.decisions().slice(decisionsBefore);
  assert.equal(decisions.length, 1, 'one decision record for the turn');
  const d = decisions[0];
  assert.equal(d?.accepted, null);
  assert.equal(d?.steps?.length, 1);
  const step = d?.steps?.[0];
  assert.ok(step !== undefined);
  assert.equal(step.stage, 'escalation');
  assert.ok(STEP_OUTCOMES.includes(step.outcome));
  assert.equal(step.outcome, expect.outcome, `step ${JSON.stringify(step)}`);
  if (expect.detail) assert.match(step.detail, expect.detail);
  // Neither the customer's words nor the key reach a log line.
  const logged = JSON.stringify(rig.records());
  assert.ok(!logged.includes('thingy'), 'the customer\'s words are not logged');
  assert.ok(!logged.includes(HUB_KEY), 'the API key is not logged');
  return { ms, step };
}

// ---------------------------------------------------------------------------------------------
// Faults

test('hub down (nothing listens on the port): a clarifying question within the budget, nothing committed', T, async (t) => {
  const port = await closedPort();
  await withRig(`http://127.0.0.1:${port}`, async (rig) => {
    const { ms } = await assertFaultTurn(rig, { outcome: 'error', detail: /^ESCALATION_UNAVAILABLE$/ });
    t.diagnostic(`hub down: ${Math.round(ms)} ms`);
  });
});

test('a hub that accepts and never answers: the read timeout (and one retry) end the stage within the budget', T, async (t) => {
  const hub = await startHub(() => undefined);
  try {
    await withRig(hub.url, async (rig) => {
      const { ms } = await assertFaultTurn(rig, { outcome: 'error', detail: /^ESCALATION_TIMEOUT$/ });
      t.diagnostic(`silent hub: ${Math.round(ms)} ms, ${hub.requests.length} requests`);
      assert.equal(hub.requests.length, 2, 'the first attempt and one retry');
    }, { readTimeoutMs: 400 });
    await waitFor(() => hub.abandoned === 2, 2000);
    assert.equal(hub.abandoned, 2, 'both requests were given up: their sockets closed');
  } finally {
    await hub.close();
  }
});

test('a hub slower than the whole turn budget: the budget aborts the call, the socket is closed, the customer hears a question', T, async (t) => {
  const hub = await startHub(() => undefined);
  try {
    // The read timeout is longer than the budget: only the budget can end this wait.
    await withRig(hub.url, async (rig) => {
      const { ms } = await assertFaultTurn(rig, { outcome: 'timeout', detail: /budget/ });
      t.diagnostic(`hub slower than the budget: ${Math.round(ms)} ms`);
      assert.ok(ms >= BUDGET_MS - 50, `the budget was used (${Math.round(ms)} ms)`);
      assert.equal(hub.requests.length, 1);
      await waitFor(() => hub.abandoned === 1, 1000);
      assert.equal(hub.abandoned, 1, 'the aborted call closed its connection at once');
    }, { readTimeoutMs: 10_000 });
  } finally {
    await hub.close();
  }
});

test('HTTP 500 on every request: retried once, then a clarifying question, nothing committed', T, async (t) => {
  const hub = await startHub((_req, res) => {
    res.writeHead(500, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ error: { message: 'model crashed', type: 'server_error' } }));
  });
  try {
    await withRig(hub.url, async (rig) => {
      const { ms } = await assertFaultTurn(rig, { outcome: 'error', detail: /^ESCALATION_UNAVAILABLE$/ });
      t.diagnostic(`500s: ${Math.round(ms)} ms`);
      assert.equal(hub.requests.length, 2);
    });
  } finally {
    await hub.close();
  }
});

test('a malformed JSON body (non-streamed answer): a protocol error, not retried, nothing committed', T, async () => {
  const hub = await startHub((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{"id":"chatcmpl-1","object":"chat.completion","choices":[{"index":0,"message":{"role":"assistant","tool_calls":[');
  });
  try {
    await withRig(hub.url, async (rig) => {
      await assertFaultTurn(rig, { outcome: 'error', detail: /^ESCALATION_PROTOCOL$/ });
      assert.equal(hub.requests.length, 1);
    });
  } finally {
    await hub.close();
  }
});

test('a malformed SSE chunk mid-stream: a protocol error, nothing committed', T, async () => {
  const hub = await startHub((_req, res) => {
    const ok = toolCallStream('add', { sentence: 'two cheeseburgers' });
    sse(res, [ok[0] ?? '', ok[1] ?? '', 'data: {"id":"chatcmpl-x","object":"chat.completion.chunk",,"choices":[\n\n', ...ok.slice(2)]);
  });
  try {
    await withRig(hub.url, async (rig) => {
      await assertFaultTurn(rig, { outcome: 'error', detail: /^ESCALATION_PROTOCOL$/ });
      assert.equal(hub.requests.length, 1);
    });
  } finally {
    await hub.close();
  }
});

test('a stream cut midway (socket destroyed after the first chunks): the half-streamed tool call is never acted on', T, async () => {
  const hub = await startHub((req, res) => {
    const ok = toolCallStream('add', { sentence: 'two cheeseburgers' });
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    // The role, the call's name and the first half of its arguments; then the connection drops.
    res.write(ok[0] ?? '');
    res.write(ok[1] ?? '');
    res.write(ok[2] ?? '', () => setTimeout(() => req.socket.destroy(), 30));
  });
  try {
    await withRig(hub.url, async (rig) => {
      await assertFaultTurn(rig, { outcome: 'error', detail: /^ESCALATION_PROTOCOL$/ });
      assert.equal(hub.requests.length, 1, 'a cut after output began is not retried');
    });
  } finally {
    await hub.close();
  }
});

test('a 200 whose tool call names a tool that was not offered: refused, nothing committed', T, async () => {
  const rogue = 'place_order';
  const hub = await startHub((_req, res) => sse(res, toolCallStream(rogue, { sentence: 'two cheeseburgers' })));
  try {
    await withRig(hub.url, async (rig) => {
      const offered = intentTools(rig.agent.packGrammar().grammar).tools.map((x) => x.name);
      assert.ok(!offered.includes(rogue), `${rogue} is not among the offered tools (${offered.join(', ')})`);
      await assertFaultTurn(rig, { outcome: 'error', detail: /^ESCALATION_PROTOCOL$/ });
      assert.equal(hub.requests.length, 1);
    });
  } finally {
    await hub.close();
  }
});

test('401 (the hub refuses the key): not retried, a clarifying question, nothing committed; the breaker is not tripped by it', T, async () => {
  const hub = await startHub((_req, res) => {
    res.writeHead(401, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ error: { message: 'invalid api key', type: 'invalid_request_error', code: 'invalid_api_key' } }));
  });
  try {
    await withRig(hub.url, async (rig) => {
      await assertFaultTurn(rig, { outcome: 'error', detail: /^ESCALATION_REJECTED$/ });
      assert.equal(hub.requests.length, 1);
      assert.equal(hub.requests[0]?.headers.authorization, `Bearer ${HUB_KEY}`);
      // A refused key says nothing about the hub's health.
      assert.equal(rig.breaker.snapshot().consecutiveFailures, 0);
    });
  } finally {
    await hub.close();
  }
});

// ---------------------------------------------------------------------------------------------
// The circuit breaker

test('after breakerFailures failing turns the breaker opens: the next turn does not touch the hub and still answers at once', T, async (t) => {
  const hub = await startHub((_req, res) => {
    res.writeHead(503, { 'content-type': 'application/json', 'retry-after': '0' });
    res.end(JSON.stringify({ error: { message: 'overloaded' } }));
  });
  const failures = 3;
  try {
    await withRig(hub.url, async (rig) => {
      const before = rig.snapshot();
      for (let i = 0; i < failures; i++) {
        const { r, ms } = await rig.turn(`s${i}`, UNPARSABLE);
        assert.equal(r.understoodBy, 'none');
        assert.ok(ms < BUDGET_MS + SLACK_MS, `failing turn ${i + 1}: ${Math.round(ms)} ms`);
        t.diagnostic(`failing turn ${i + 1}: ${Math.round(ms)} ms`);
      }
      assert.equal(rig.breaker.state, 'open');
      const seen = hub.requests.length;
      assert.equal(seen, failures * 2, 'each failing turn: one attempt and one retry');

      const { r, ms } = await rig.turn('s-next', UNPARSABLE);
      t.diagnostic(`turn with the breaker open: ${Math.round(ms)} ms`);
      assert.equal(hub.requests.length, seen, 'the open breaker kept the turn off the hub');
      assert.equal(r.understoodBy, 'none');
      assert.equal(r.reply, r.intent === 'off_topic' ? PACK_REPLIES.offTopic : PACK_REPLIES.notUnderstood);
      assert.ok(ms < 1000, `with the breaker open the turn answers at once (${Math.round(ms)} ms)`);
      const last = rig.decisions().at(-1);
      assert.deepEqual(last?.steps?.map((s) => [s.stage, s.outcome, s.detail]), [['escalation', 'error', 'CIRCUIT_OPEN']]);
      assert.equal(rig.snapshot(), before, 'nothing was committed by any of the turns');
    }, {}, failures);
  } finally {
    await hub.close();
  }
});

// ---------------------------------------------------------------------------------------------
// The happy path over real HTTP

test('a hub streaming a valid add tool call: understood by escalation, two cheeseburgers on the order; the request carried the tools, tool_choice required and no phone number', T, async (t) => {
  const hub = await startHub((_req, res) => sse(res, toolCallStream('add', { sentence: 'two cheeseburgers' })));
  try {
    await withRig(hub.url, async (rig) => {
      const { r, ms } = await rig.turn('s', UNPARSABLE);
      t.diagnostic(`happy path: ${Math.round(ms)} ms`);
      assert.equal(r.understoodBy, 'escalation');
      assert.equal(r.intent, 'add_item');
      assert.ok(r.toolCalls.length > 0, 'the order was written by the brain tools');
      assert.equal(r.order?.lines.length, 1);
      assert.equal(r.order?.lines[0]?.item, 'Cheeseburger');
      assert.equal(r.order?.lines[0]?.quantity, 2);
      const snap = JSON.parse(rig.snapshot()) as { order_lines: Array<{ item_id: number; quantity: number }> };
      assert.deepEqual(snap.order_lines.map((l) => [l.item_id, l.quantity]), [[1, 2]], 'the store holds two cheeseburgers (item 1)');
      const d = rig.decisions().at(-1);
      assert.equal(d?.accepted, 'escalation');
      assert.deepEqual(d?.steps?.map((s) => [s.stage, s.outcome, s.detail]), [['escalation', 'accepted', 'add']]);

      assert.equal(hub.requests.length, 1);
      const sent = hub.requests[0];
      assert.ok(sent !== undefined);
      assert.equal(sent.method, 'POST');
      assert.equal(sent.url, '/v1/chat/completions');
      assert.equal(sent.headers.authorization, `Bearer ${HUB_KEY}`);
      const body = JSON.parse(sent.body) as { model: string; stream: boolean; tool_choice: unknown; tools: Array<{ type: string; function: { name: string } }>; messages: Array<{ role: string; content: string }> };
      assert.equal(body.model, MODEL);
      assert.equal(body.stream, true);
      assert.equal(body.tool_choice, 'required');
      const names = body.tools.map((x) => x.function.name);
      assert.ok(names.includes('add'), `tools: ${names.join(', ')}`);
      assert.ok(names.includes('not_sure'), `tools: ${names.join(', ')}`);
      assert.ok(body.tools.every((x) => x.type === 'function'));
      assert.equal(body.messages[0]?.role, 'system');
      assert.equal(body.messages.at(-1)?.role, 'user');
      assert.equal(body.messages.at(-1)?.content, UNPARSABLE);

      // A phone number in the customer's words leaves the kiosk masked.
      const withPhone = 'gimme the usual thingy, call me on 555 123 4567';
      const second = await rig.turn('s2', withPhone);
      assert.equal(second.r.understoodBy, 'escalation');
      assert.equal(hub.requests.length, 2, 'the words with the phone number went to the hub');
      const raw = hub.requests[1]?.body ?? '';
      assert.ok(!raw.includes('4567') && !/555\D{0,3}123/.test(raw), 'no digits of the phone number in what was sent');
      const body2 = JSON.parse(raw) as { messages: Array<{ role: string; content: string }> };
      const user = body2.messages.at(-1)?.content ?? '';
      assert.match(user, /gimme the usual thingy/);
      assert.match(user, /\[phone\]/);
    });
  } finally {
    await hub.close();
  }
});

async function waitFor(cond: () => boolean, ms: number): Promise<void> {
  const until = performance.now() + ms;
  while (!cond() && performance.now() < until) await new Promise((r) => setTimeout(r, 10));
}
