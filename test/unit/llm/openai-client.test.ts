import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import { inspect } from 'node:util';
import { createOpenAiClient, type EscalationLogger, type OpenAiClientOptions } from '../../../app/engines/llm/openai-client.js';
import { maskIntroducedNames } from '../../../app/engines/llm/remote-redaction.js';
import { createCircuitBreaker } from '../../../app/engines/llm/circuit-breaker.js';
import { apiKeyFrom } from '../../../app/engines/llm/api-key.js';
import { collectChat, type ChatEvent, type ChatRequest, type ToolSpec } from '../../../app/engines/llm/types.js';
import { HeedError } from '../../../app/core/errors.js';
import { createLogger } from '../../../app/core/logger.js';
import { closedPort } from '../../helpers/net.js';

// ---------------------------------------------------------------------------------------------
// A scripted OpenAI-compatible server on 127.0.0.1

interface Received {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

interface Ctx {
  req: IncomingMessage;
  res: ServerResponse;
  body: string;
  /** 1 for the first request. */
  n: number;
}

interface Scripted {
  url: string;
  requests: Received[];
  /** Resolves when a server-side socket closes after this call. */
  nextSocketClose(): Promise<void>;
}

async function withServer(handler: (ctx: Ctx) => void | Promise<void>, fn: (s: Scripted) => Promise<void>): Promise<void> {
  const requests: Received[] = [];
  const sockets = new Set<Socket>();
  const closeWaiters: Array<() => void> = [];
  const server = createServer((req, res) => {
    const parts: Buffer[] = [];
    req.on('data', (c: Buffer) => parts.push(c));
    req.on('end', () => {
      const body = Buffer.concat(parts).toString('utf8');
      requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      Promise.resolve(handler({ req, res, body, n: requests.length })).catch(() => res.destroy());
    });
  });
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => {
      sockets.delete(s);
      for (const w of closeWaiters.splice(0)) w();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  try {
    await fn({ url: `http://127.0.0.1:${port}`, requests, nextSocketClose: () => new Promise<void>((r) => closeWaiters.push(r)) });
  } finally {
    for (const s of sockets) s.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}


const MODEL = 'hub-model';
const SECRET = 'sk-heed-test-7f3a9c2e11';

function sseHead(res: ServerResponse): void {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
}

function chunk(choice: Record<string, unknown>, extra: Record<string, unknown> = {}): string {
  return `data: ${JSON.stringify({ id: 'chatcmpl-1', object: 'chat.completion.chunk', created: 1, model: MODEL, choices: [{ index: 0, ...choice }], ...extra })}\n\n`;
}

/** Writes text in `size`-byte pieces (cutting lines, JSON and UTF-8 sequences), pausing between them. */
async function writeSplit(res: ServerResponse, text: string, size = 7): Promise<void> {
  const buf = Buffer.from(text, 'utf8');
  for (let i = 0; i < buf.length; i += size) {
    res.write(buf.subarray(i, i + size));
    await delay(1);
  }
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

const logs: string[] = [];
const captureLog: EscalationLogger = {
  debug: (obj, msg) => logs.push(JSON.stringify([obj, msg])),
  info: (obj, msg) => logs.push(JSON.stringify([obj, msg])),
  warn: (obj, msg) => logs.push(JSON.stringify([obj, msg])),
};

function client(url: string, opts: Partial<OpenAiClientOptions> = {}) {
  return createOpenAiClient({ baseUrl: url, model: MODEL, retryBaseMs: 10, retryMaxMs: 50, log: captureLog, ...opts });
}

const hello: ChatRequest = { messages: [{ role: 'system', content: 'You are a kiosk.' }, { role: 'user', content: 'hello' }] };

const isCode = (code: string, check: (e: HeedError) => boolean = () => true) => (e: unknown): boolean =>
  e instanceof HeedError && e.code === code && e.source === 'escalation' && check(e);

const ORDER_TOOLS: ToolSpec[] = [
  {
    name: 'add_item',
    description: 'Add an item to the order',
    parameters: {
      type: 'object',
      properties: { item: { type: 'string', enum: ['burger', 'fries'] }, qty: { type: 'integer', minimum: 1 } },
      required: ['item'],
      additionalProperties: false,
    },
  },
  { name: 'checkout', description: 'Finish the order', parameters: { type: 'object', properties: {} } },
];

// ---------------------------------------------------------------------------------------------

test('streams text deltas cut at odd boundaries, then done with usage, confidence and timings', { timeout: 20_000 }, async () => {
  const text = 'Hello there — café 😀 ready!';
  await withServer(async ({ res }) => {
    sseHead(res);
    let stream = ': ping\n\n' + chunk({ delta: { role: 'assistant', content: '' }, finish_reason: null });
    for (const piece of ['Hello there', ' — café ', '😀', ' ready!']) stream += chunk({ delta: { content: piece }, finish_reason: null });
    stream += chunk({ delta: {}, finish_reason: 'stop', heed_confidence: 0.8 });
    stream += chunk({ delta: {} }, { choices: [], usage: { prompt_tokens: 20, completion_tokens: 7, total_tokens: 27, prompt_tokens_details: { cached_tokens: 12 } } });
    stream += 'data: [DONE]\n\n';
    await writeSplit(res, stream.replace(/\n/g, '\r\n'), 5);
    res.end();
  }, async ({ url, requests }) => {
    const c = client(url, { apiKey: apiKeyFrom(SECRET), log: createLogger('silent') });
    try {
      const events: ChatEvent[] = [];
      for await (const e of c.chat(hello)) events.push(e);
      const deltas = events.filter((e) => e.type === 'text');
      assert.ok(deltas.length >= 4, 'deltas arrive as they come');
      const r = await collectChat((async function* () { yield* events; })());
      assert.equal(r.text, text);
      assert.equal(r.finishReason, 'stop');
      assert.deepEqual(r.usage, { promptTokens: 20, completionTokens: 7, cachedPromptTokens: 12 });
      assert.equal(r.confidence, 0.8);
      assert.equal(typeof r.timings.firstTokenMs, 'number');
      assert.ok(r.timings.totalMs >= (r.timings.firstTokenMs ?? 0));
      assert.equal(events.at(-1)?.type, 'done');
      assert.equal(events.filter((e) => e.type === 'done').length, 1);

      assert.equal(requests.length, 1);
      const req = requests[0];
      assert.ok(req);
      assert.equal(req.method, 'POST');
      assert.equal(req.url, '/v1/chat/completions');
      assert.equal(req.headers.authorization, `Bearer ${SECRET}`);
      const body = JSON.parse(req.body) as Record<string, unknown>;
      assert.equal(body['model'], MODEL);
      assert.equal(body['stream'], true);
      assert.equal(body['max_tokens'], 256);
      assert.equal(body['temperature'], 0);
      assert.deepEqual(body['messages'], [{ role: 'system', content: 'You are a kiosk.' }, { role: 'user', content: 'hello' }]);
    } finally { await c.close(); }
  });
});

test('without usage or confidence: zeros and null; no key, no Authorization header', { timeout: 20_000 }, async () => {
  await withServer(({ res }) => {
    sseHead(res);
    res.end(chunk({ delta: { content: 'ok' }, finish_reason: null }) + chunk({ delta: {}, finish_reason: 'length' }) + 'data: [DONE]\n\n');
  }, async ({ url, requests }) => {
    const c = client(`${url}/v1/`);
    try {
      const r = await collectChat(c.chat(hello));
      assert.equal(r.text, 'ok');
      assert.equal(r.finishReason, 'length');
      assert.deepEqual(r.usage, { promptTokens: 0, completionTokens: 0, cachedPromptTokens: 0 });
      assert.equal(r.confidence, null);
      assert.equal(requests[0]?.headers.authorization, undefined);
      assert.equal(requests[0]?.url, '/v1/chat/completions', 'a base URL ending in /v1 is not doubled');
    } finally { await c.close(); }
  });
});

test('streamed tool calls are accumulated by index, parsed, validated, and each emitted once complete', { timeout: 20_000 }, async () => {
  let firstCallSeen!: () => void;
  const gate = new Promise<void>((r) => { firstCallSeen = r; });
  await withServer(async ({ res }) => {
    sseHead(res);
    const tc = (index: number, fields: Record<string, unknown>): string => chunk({ delta: { tool_calls: [{ index, ...fields }] }, finish_reason: null });
    await writeSplit(res, [
      chunk({ delta: { role: 'assistant', content: null }, finish_reason: null }),
      tc(0, { id: 'call_a', type: 'function', function: { name: 'add_item', arguments: '' } }),
      tc(0, { function: { arguments: '{"item":' } }),
      tc(0, { function: { arguments: ' "burger", "qty"' } }),
      tc(0, { function: { arguments: ': 2}' } }),
      tc(1, { id: 'call_b', type: 'function', function: { name: 'checkout' } }),
    ].join(''), 11);
    await gate; // the client must hand out call 0 before call 1 is finished
    await writeSplit(res, [
      tc(1, { function: { arguments: '{}' } }),
      chunk({ delta: {}, finish_reason: 'tool_calls' }),
      'data: [DONE]\n\n',
    ].join(''), 3);
    res.end();
  }, async ({ url, requests }) => {
    const c = client(url);
    try {
      const calls: unknown[] = [];
      let done: ChatEvent | undefined;
      for await (const e of c.chat({ ...hello, tools: ORDER_TOOLS, toolChoice: 'required' })) {
        if (e.type === 'tool_call') {
          calls.push(e.call);
          firstCallSeen();
        } else if (e.type === 'done') done = e;
      }
      assert.deepEqual(calls, [
        { id: 'call_a', name: 'add_item', arguments: { item: 'burger', qty: 2 } },
        { id: 'call_b', name: 'checkout', arguments: {} },
      ]);
      assert.equal(done?.type === 'done' && done.finishReason, 'tool_calls');
      const body = JSON.parse(requests[0]?.body ?? '{}') as { tools?: unknown[]; tool_choice?: string };
      assert.equal(body.tools?.length, 2);
      assert.equal(body.tool_choice, 'required');
    } finally { await c.close(); }
  });
});

test('tool call arguments that do not match the schema: ESCALATION_PROTOCOL, not retried', { timeout: 20_000 }, async () => {
  for (const args of ['{"item":"pizza"}', '{"item":"burger","qty":0}', '{"item":', '[1]']) {
    await withServer(({ res }) => {
      sseHead(res);
      res.end(
        chunk({ delta: { tool_calls: [{ index: 0, id: 'c1', type: 'function', function: { name: 'add_item', arguments: args } }] }, finish_reason: null }) +
        chunk({ delta: {}, finish_reason: 'tool_calls' }) + 'data: [DONE]\n\n',
      );
    }, async ({ url, requests }) => {
      const c = client(url);
      try {
        await assert.rejects(collectChat(c.chat({ ...hello, tools: ORDER_TOOLS })), isCode('ESCALATION_PROTOCOL', (e) => e.recoverable && /add_item/.test(e.message)));
        assert.equal(requests.length, 1);
      } finally { await c.close(); }
    });
  }
});

test('non-streamed answers parse chat.completion', { timeout: 20_000 }, async () => {
  await withServer(({ res, body }) => {
    assert.equal((JSON.parse(body) as { stream: boolean }).stream, false);
    sendJson(res, 200, {
      id: 'chatcmpl-2', object: 'chat.completion', created: 1, model: MODEL,
      choices: [{
        index: 0,
        message: { role: 'assistant', content: 'Adding that.', tool_calls: [{ id: 'call_x', type: 'function', function: { name: 'add_item', arguments: '{"item":"fries"}' } }] },
        finish_reason: 'tool_calls',
        heed_confidence: 0.5,
      }],
      usage: { prompt_tokens: 9, completion_tokens: 4, prompt_tokens_details: { cached_tokens: 3 } },
    });
  }, async ({ url, requests }) => {
    const c = client(url, { stream: false });
    try {
      const r = await collectChat(c.chat({ ...hello, tools: ORDER_TOOLS }));
      assert.equal(r.text, 'Adding that.');
      assert.deepEqual(r.toolCalls, [{ id: 'call_x', name: 'add_item', arguments: { item: 'fries' } }]);
      assert.equal(r.finishReason, 'tool_calls');
      assert.deepEqual(r.usage, { promptTokens: 9, completionTokens: 4, cachedPromptTokens: 3 });
      assert.equal(r.confidence, 0.5);
      assert.equal(requests[0]?.headers.accept, 'application/json');
    } finally { await c.close(); }
  });
});

test('a server that answers JSON to a streamed request is understood; a wrong shape is ESCALATION_PROTOCOL', { timeout: 20_000 }, async () => {
  await withServer(({ res, n }) => {
    if (n === 1) sendJson(res, 200, { id: 'x', object: 'chat.completion', created: 1, model: MODEL, choices: [{ index: 0, message: { role: 'assistant', content: 'hi' }, finish_reason: 'stop' }] });
    else sendJson(res, 200, { choices: 'nope' });
  }, async ({ url }) => {
    const c = client(url);
    try {
      assert.equal((await collectChat(c.chat(hello))).text, 'hi');
      await assert.rejects(collectChat(c.chat(hello)), isCode('ESCALATION_PROTOCOL'));
    } finally { await c.close(); }
  });
});

test('500 then 200: retried and answered', { timeout: 20_000 }, async () => {
  await withServer(({ res, n }) => {
    if (n === 1) { sendJson(res, 500, { error: { message: 'warming up' } }); return; }
    sseHead(res);
    res.end(chunk({ delta: { content: 'second time' }, finish_reason: 'stop' }) + 'data: [DONE]\n\n');
  }, async ({ url, requests }) => {
    const c = client(url);
    try {
      assert.equal((await collectChat(c.chat(hello))).text, 'second time');
      assert.equal(requests.length, 2);
      assert.equal(requests[0]?.body, requests[1]?.body);
    } finally { await c.close(); }
  });
});

test('500 forever: gives up with ESCALATION_UNAVAILABLE after the retries, within the budget', { timeout: 20_000 }, async () => {
  await withServer(({ res }) => sendJson(res, 503, { error: { message: 'overloaded' } }), async ({ url, requests }) => {
    const c = client(url, { retries: 2, retryBaseMs: 20, retryMaxMs: 100 });
    try {
      const t0 = Date.now();
      await assert.rejects(collectChat(c.chat(hello)), isCode('ESCALATION_UNAVAILABLE', (e) => e.recoverable && /503/.test(e.message) && /overloaded/.test(e.message)));
      assert.equal(requests.length, 3);
      assert.ok(Date.now() - t0 < 2_000);
    } finally { await c.close(); }
  });
});

test('totalTimeoutMs bounds the retries', { timeout: 20_000 }, async () => {
  await withServer(({ res }) => sendJson(res, 500, {}), async ({ url, requests }) => {
    const c = client(url, { retries: 10, retryBaseMs: 200, retryMaxMs: 200, totalTimeoutMs: 500 });
    try {
      const t0 = Date.now();
      await assert.rejects(collectChat(c.chat(hello)), isCode('ESCALATION_UNAVAILABLE'));
      assert.ok(Date.now() - t0 < 1_000);
      assert.ok(requests.length < 5);
    } finally { await c.close(); }
  });
});

test('401: ESCALATION_REJECTED, not retried, and the key never shows in the error', { timeout: 20_000 }, async () => {
  await withServer(({ res }) => sendJson(res, 401, { error: { message: `Incorrect API key provided: ${SECRET}`, type: 'invalid_request_error' } }), async ({ url, requests }) => {
    const c = client(url, { apiKey: apiKeyFrom(SECRET) });
    try {
      let caught: unknown;
      try { await collectChat(c.chat(hello)); } catch (e) { caught = e; }
      assert.ok(isCode('ESCALATION_REJECTED')(caught), String(caught));
      assert.equal(requests.length, 1);
      assert.equal(requests[0]?.headers.authorization, `Bearer ${SECRET}`);
      const shown = [String(caught), JSON.stringify(caught), inspect(caught, { depth: 10 }), (caught as HeedError).hint ?? ''].join('\n');
      assert.ok(!shown.includes(SECRET), shown);
      assert.ok(shown.includes('[redacted]'));
      assert.ok(!logs.some((l) => l.includes(SECRET)));
    } finally { await c.close(); }
  });
});

test('403 and other 4xx are rejected without retry', { timeout: 20_000 }, async () => {
  for (const status of [403, 400, 404]) {
    await withServer(({ res }) => sendJson(res, status, { error: { message: 'no' } }), async ({ url, requests }) => {
      const c = client(url);
      try {
        await assert.rejects(collectChat(c.chat(hello)), isCode('ESCALATION_REJECTED', (e) => e.message.includes(String(status))));
        assert.equal(requests.length, 1);
      } finally { await c.close(); }
    });
  }
});

test('429: retried, then ESCALATION_UNAVAILABLE', { timeout: 20_000 }, async () => {
  await withServer(({ res }) => sendJson(res, 429, { error: { message: 'slow down' } }, { 'retry-after': '0' }), async ({ url, requests }) => {
    const c = client(url, { retries: 2 });
    try {
      await assert.rejects(collectChat(c.chat(hello)), isCode('ESCALATION_UNAVAILABLE', (e) => /429/.test(e.message)));
      assert.equal(requests.length, 3);
    } finally { await c.close(); }
  });
});

test('connection refused: ESCALATION_UNAVAILABLE after the retries', { timeout: 20_000 }, async () => {
  const port = await closedPort();
  const c = client(`http://127.0.0.1:${port}`, { retries: 1 });
  try {
    const t0 = Date.now();
    await assert.rejects(collectChat(c.chat(hello)), isCode('ESCALATION_UNAVAILABLE', (e) => /ECONNREFUSED/.test(e.message)));
    assert.ok(Date.now() - t0 < 2_000);
  } finally { await c.close(); }
});

test('keep-alive: sockets are reused, and a pooled socket found closed is retried once on a fresh one', { timeout: 20_000 }, async () => {
  const sockets = new Set<Socket>();
  await withServer(({ req, res, n }) => {
    sockets.add(req.socket);
    if (n === 3) { req.socket.destroy(); return; }
    sseHead(res);
    res.end(chunk({ delta: { content: `answer ${n}` }, finish_reason: 'stop' }) + 'data: [DONE]\n\n');
  }, async ({ url, requests }) => {
    const c = client(url, { retries: 0 });
    try {
      assert.equal((await collectChat(c.chat(hello))).text, 'answer 1');
      await delay(30);
      assert.equal((await collectChat(c.chat(hello))).text, 'answer 2');
      assert.equal(sockets.size, 1, 'the second call reused the socket');
      await delay(30);
      assert.equal((await collectChat(c.chat(hello))).text, 'answer 4');
      assert.equal(requests.length, 4);
      assert.equal(sockets.size, 2);
    } finally { await c.close(); }
  });
});

test('a server that accepts but never answers: ESCALATION_TIMEOUT within the read timeout', { timeout: 20_000 }, async () => {
  await withServer(() => undefined, async ({ url, requests }) => {
    const c = client(url, { readTimeoutMs: 300, retries: 1 });
    try {
      const t0 = Date.now();
      await assert.rejects(collectChat(c.chat(hello)), isCode('ESCALATION_TIMEOUT'));
      const took = Date.now() - t0;
      assert.ok(took >= 550 && took < 2_000, `took ${took} ms`);
      assert.equal(requests.length, 2, 'a timeout before any output is retried');
    } finally { await c.close(); }
  });
});

test('a stream that stalls midway: ESCALATION_TIMEOUT after the text so far, not retried', { timeout: 20_000 }, async () => {
  await withServer(({ res }) => {
    sseHead(res);
    res.write(chunk({ delta: { content: 'partial' }, finish_reason: null }));
  }, async ({ url, requests }) => {
    const c = client(url, { readTimeoutMs: 300 });
    try {
      const seen: string[] = [];
      const t0 = Date.now();
      await assert.rejects(async () => {
        for await (const e of c.chat(hello)) if (e.type === 'text') seen.push(e.delta);
      }, isCode('ESCALATION_TIMEOUT', (e) => /stalled/.test(e.message)));
      assert.ok(Date.now() - t0 < 2_000);
      assert.deepEqual(seen, ['partial']);
      assert.equal(requests.length, 1);
    } finally { await c.close(); }
  });
});

test('a stream cut midway (socket destroyed): ESCALATION_PROTOCOL', { timeout: 20_000 }, async () => {
  await withServer(async ({ req, res }) => {
    sseHead(res);
    res.write(chunk({ delta: { content: 'so far' }, finish_reason: null }));
    await delay(20);
    req.socket.destroy();
  }, async ({ url, requests }) => {
    const c = client(url);
    try {
      await assert.rejects(collectChat(c.chat(hello)), isCode('ESCALATION_PROTOCOL', (e) => e.recoverable && /cut off/.test(e.message)));
      assert.equal(requests.length, 1);
    } finally { await c.close(); }
  });
});

test('a stream that ends without finish_reason or [DONE]: ESCALATION_PROTOCOL', { timeout: 20_000 }, async () => {
  await withServer(({ res }) => {
    sseHead(res);
    res.end(chunk({ delta: { content: 'so far' }, finish_reason: null }));
  }, async ({ url }) => {
    const c = client(url);
    try {
      await assert.rejects(collectChat(c.chat(hello)), isCode('ESCALATION_PROTOCOL', (e) => /ended before/.test(e.message)));
    } finally { await c.close(); }
  });
});

test('a malformed JSON chunk or an unknown chunk shape: ESCALATION_PROTOCOL', { timeout: 20_000 }, async () => {
  for (const bad of ['data: {"id": oops}\n\n', 'data: {"object":"something.else"}\n\n']) {
    await withServer(({ res }) => {
      sseHead(res);
      res.end(chunk({ delta: { content: 'a' }, finish_reason: null }) + bad + 'data: [DONE]\n\n');
    }, async ({ url, requests }) => {
      const c = client(url);
      try {
        await assert.rejects(collectChat(c.chat(hello)), isCode('ESCALATION_PROTOCOL', (e) => e.recoverable));
        assert.equal(requests.length, 1);
      } finally { await c.close(); }
    });
  }
});

test('the breaker opens after repeated failures, then short-circuits without touching the server', { timeout: 20_000 }, async () => {
  await withServer(({ res }) => sendJson(res, 500, {}), async ({ url, requests }) => {
    const breaker = createCircuitBreaker({ failureThreshold: 3, coolDownMs: 60_000 });
    const c = client(url, { retries: 0, breaker });
    try {
      for (let i = 0; i < 3; i++) await assert.rejects(collectChat(c.chat(hello)), isCode('ESCALATION_UNAVAILABLE'));
      assert.equal(breaker.state, 'open');
      assert.equal(requests.length, 3);
      const t0 = Date.now();
      for (let i = 0; i < 5; i++) await assert.rejects(collectChat(c.chat(hello)), isCode('CIRCUIT_OPEN', (e) => e.recoverable));
      assert.ok(Date.now() - t0 < 500);
      assert.equal(requests.length, 3, 'no request while open');
    } finally { await c.close(); }
  });
});

test('a half-open probe that succeeds closes the breaker; 401 does not count as a failure', { timeout: 20_000 }, async () => {
  let now = 0;
  await withServer(({ res, n }) => {
    if (n <= 2) { sendJson(res, 500, {}); return; }
    if (n === 3) { sendJson(res, 401, {}); return; }
    sseHead(res);
    res.end(chunk({ delta: { content: 'back' }, finish_reason: 'stop' }) + 'data: [DONE]\n\n');
  }, async ({ url, requests }) => {
    const breaker = createCircuitBreaker({ failureThreshold: 2, coolDownMs: 1_000, now: () => now });
    const c = client(url, { retries: 0, breaker });
    try {
      for (let i = 0; i < 2; i++) await assert.rejects(collectChat(c.chat(hello)), isCode('ESCALATION_UNAVAILABLE'));
      await assert.rejects(collectChat(c.chat(hello)), isCode('CIRCUIT_OPEN'));
      now += 1_000;
      await assert.rejects(collectChat(c.chat(hello)), isCode('ESCALATION_REJECTED'));
      assert.equal(breaker.state, 'half-open', 'a rejection says nothing about availability');
      assert.equal((await collectChat(c.chat(hello))).text, 'back');
      assert.equal(breaker.state, 'closed');
      assert.equal(requests.length, 4);
    } finally { await c.close(); }
  });
});

test('abort mid-stream: done "aborted" at once, and the server sees the socket close', { timeout: 20_000 }, async () => {
  let serverSawClose!: Promise<void>;
  await withServer(({ res }) => {
    sseHead(res);
    res.write(chunk({ delta: { content: 'thinking' }, finish_reason: null }));
  }, async ({ url, nextSocketClose }) => {
    const c = client(url, { readTimeoutMs: 10_000 });
    try {
      const ac = new AbortController();
      const events: ChatEvent[] = [];
      let abortedAt = 0;
      for await (const e of c.chat(hello, { signal: ac.signal })) {
        events.push(e);
        if (e.type === 'text') {
          serverSawClose = nextSocketClose();
          abortedAt = Date.now();
          ac.abort();
        }
      }
      const took = Date.now() - abortedAt;
      assert.ok(took < 500, `ended ${took} ms after the abort`);
      const last = events.at(-1);
      assert.equal(last?.type === 'done' && last.finishReason, 'aborted');
      assert.deepEqual(events.map((e) => e.type), ['text', 'done']);
      await Promise.race([serverSawClose, delay(2_000).then(() => assert.fail('the server did not see the socket close'))]);
    } finally { await c.close(); }
  });
});

test('abort while waiting for the answer or between retries ends with done "aborted"', { timeout: 20_000 }, async () => {
  await withServer(({ res, n }) => { if (n > 1) sendJson(res, 500, {}); }, async ({ url }) => {
    const c = client(url, { readTimeoutMs: 10_000, retryBaseMs: 5_000, retryMaxMs: 5_000 });
    try {
      for (const wait of [100, 100]) {
        const t0 = Date.now();
        const r = await collectChat(c.chat(hello, { signal: AbortSignal.timeout(wait) }));
        assert.equal(r.finishReason, 'aborted');
        assert.ok(Date.now() - t0 < 1_000);
      }
    } finally { await c.close(); }
  });
});

test('abort before start: done "aborted" without a request', { timeout: 20_000 }, async () => {
  await withServer(({ res }) => sendJson(res, 500, {}), async ({ url, requests }) => {
    const c = client(url);
    try {
      const events: ChatEvent[] = [];
      for await (const e of c.chat(hello, { signal: AbortSignal.abort() })) events.push(e);
      assert.equal(events.length, 1);
      assert.equal(events[0]?.type === 'done' && events[0].finishReason, 'aborted');
      await delay(50);
      assert.equal(requests.length, 0);
    } finally { await c.close(); }
  });
});

test('breaking out of the stream destroys the request', { timeout: 20_000 }, async () => {
  await withServer(({ res }) => {
    sseHead(res);
    res.write(chunk({ delta: { content: 'one' }, finish_reason: null }));
  }, async ({ url, nextSocketClose }) => {
    const c = client(url);
    try {
      let closed: Promise<void> | undefined;
      for await (const e of c.chat(hello)) {
        if (e.type === 'text') { closed = nextSocketClose(); break; }
      }
      await Promise.race([closed, delay(2_000).then(() => assert.fail('socket left open'))]);
    } finally { await c.close(); }
  });
});

test('redaction: phone numbers and introduced names never reach the server', { timeout: 20_000 }, async () => {
  await withServer(({ res }) => {
    sseHead(res);
    res.end(chunk({ delta: { content: 'ok' }, finish_reason: 'stop' }) + 'data: [DONE]\n\n');
  }, async ({ url, requests }) => {
    const c = client(url);
    try {
      await collectChat(c.chat({
        messages: [
          { role: 'system', content: 'You take orders.' },
          { role: 'user', content: 'Hi, my name is Maria Lopez and my number is 555 123 4567.' },
          { role: 'assistant', content: 'Thanks Maria!', toolCalls: [{ id: 'c1', name: 'save_contact', arguments: { phone: '555 123 4567', note: 'for Maria', n: 5551234567 } }] },
          { role: 'tool', toolCallId: 'c1', name: 'save_contact', content: '{"customerName":"Maria Lopez","ok":true}' },
          { role: 'user', content: 'call me back on five five five one two three four, ask for lopez' },
        ],
      }));
      const body = requests[0]?.body ?? '';
      for (const secret of ['555 123 4567', '5551234567', 'Maria', 'Lopez', 'lopez', 'five five five one']) assert.ok(!body.includes(secret), `${secret} leaked: ${body}`);
      assert.ok(body.includes('[phone]'));
      assert.ok(body.includes('my name is [name]'));
      assert.ok(body.includes('You take orders.'));
      assert.ok(!logs.some((l) => l.includes('555 123') || l.includes('Maria') || l.includes('Lopez')), 'no message text in logs');
    } finally { await c.close(); }
  });
});

test('a custom redact function replaces the default', { timeout: 20_000 }, async () => {
  await withServer(({ res }) => {
    sseHead(res);
    res.end(chunk({ delta: { content: 'ok' }, finish_reason: 'stop' }) + 'data: [DONE]\n\n');
  }, async ({ url, requests }) => {
    const c = client(url, { redact: (t) => t.toUpperCase() });
    try {
      await collectChat(c.chat(hello));
      assert.ok(requests[0]?.body.includes('"HELLO"'));
    } finally { await c.close(); }
  });
});

test('maskIntroducedNames', { timeout: 20_000 }, () => {
  assert.deepEqual(maskIntroducedNames('my name is john smith and i want fries'), { text: 'my name is [name] and i want fries', names: ['john'] });
  assert.deepEqual(maskIntroducedNames("Hi, I'm Ann Lee."), { text: "Hi, I'm [name].", names: ['Ann', 'Lee'] });
  assert.deepEqual(maskIntroducedNames("i'm hungry, call me back"), { text: "i'm hungry, call me back", names: [] });
  assert.deepEqual(maskIntroducedNames('put it under the name of Okafor please'), { text: 'put it under the name of [name] please', names: ['Okafor'] });
});

test('a request over 1 MiB is refused without being sent', { timeout: 20_000 }, async () => {
  await withServer(({ res }) => sendJson(res, 500, {}), async ({ url, requests }) => {
    const c = client(url);
    try {
      await assert.rejects(collectChat(c.chat({ messages: [{ role: 'user', content: 'word '.repeat(220_000) }] })), isCode('ESCALATION_REJECTED', (e) => /limit/.test(e.message)));
      assert.equal(requests.length, 0);
    } finally { await c.close(); }
  });
});

test('info() reads GET /v1/models; health() is true only when the list comes back', { timeout: 20_000 }, async () => {
  let healthy = true;
  await withServer(({ req, res }) => {
    assert.equal(req.method, 'GET');
    if (!healthy) { sendJson(res, 500, {}); return; }
    sendJson(res, 200, { object: 'list', data: [{ id: MODEL, object: 'model', context_length: 8192 }, { id: 'other', object: 'model' }] });
  }, async ({ url, requests }) => {
    const c = client(url, { apiKey: apiKeyFrom(SECRET) });
    const other = client(url, { model: 'other' });
    try {
      assert.deepEqual(await c.info(), { id: MODEL, contextSize: 8192 });
      assert.deepEqual(await other.info(), { id: 'other', contextSize: 0 });
      assert.equal(requests[0]?.url, '/v1/models');
      assert.equal(requests[0]?.headers.authorization, `Bearer ${SECRET}`);
      assert.equal(await c.health(), true);
      healthy = false;
      assert.equal(await c.health(), false);
      await assert.rejects(c.info(), isCode('ESCALATION_UNAVAILABLE'));
      await assert.rejects(c.info({ signal: AbortSignal.abort() }), (e: unknown) => e instanceof HeedError && e.code === 'ABORTED');
    } finally { await c.close(); await other.close(); }
  });
  const port = await closedPort();
  const dead = client(`http://127.0.0.1:${port}`);
  try { assert.equal(await dead.health(), false); } finally { await dead.close(); }
});

test('health() gives up within its timeout on a silent server', { timeout: 20_000 }, async () => {
  await withServer(() => undefined, async ({ url }) => {
    const c = client(url, { healthTimeoutMs: 200 });
    try {
      const t0 = Date.now();
      assert.equal(await c.health(), false);
      assert.ok(Date.now() - t0 < 1_000);
    } finally { await c.close(); }
  });
});

test('bad options are CONFIG_INVALID', { timeout: 20_000 }, () => {
  const bad = (o: Partial<OpenAiClientOptions>) => () => createOpenAiClient({ baseUrl: 'http://127.0.0.1:1', model: MODEL, ...o });
  assert.throws(bad({ baseUrl: 'not a url' }), isCode('CONFIG_INVALID'));
  assert.throws(bad({ baseUrl: 'ftp://hub' }), isCode('CONFIG_INVALID'));
  assert.throws(bad({ baseUrl: `http://user:${SECRET}@hub` }), isCode('CONFIG_INVALID', (e) => !e.message.includes(SECRET)));
  assert.throws(bad({ model: ' ' }), isCode('CONFIG_INVALID'));
});
