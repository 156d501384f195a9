import { test } from 'node:test';
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { connect } from 'node:net';
import { HeedError } from '../../../app/core/errors.js';
import {
  chatCompletionChunkSchema, chatCompletionSchema, errorBodySchema, modelListSchema, type ChatCompletionChunk,
} from '../../../app/engines/llm/openai-wire.js';
import type { LlmEngine } from '../../../app/engines/llm/types.js';
import { startLlmServer, type LlmServer, type LlmServerOptions } from '../../../app/server/llm-server.js';
import type { ServerLog } from '../../../app/server/server-log.js';
import { ScriptedLlm, done, text, toolCall, type Step } from '../../helpers/scripted-llm.js';
import { openStream, readSse, request, send, sseData, type Reply } from './http-client.js';

const T = { timeout: 20_000 };

const HELLO = { model: 'test-model', messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'Hi there' }], max_tokens: 64 };

const TOOLS = [
  {
    type: 'function',
    function: {
      name: 'add_item',
      description: 'Add an item to the order',
      parameters: { type: 'object', properties: { item: { type: 'string' }, qty: { type: 'integer', minimum: 1 } }, required: ['item', 'qty'] },
    },
  },
  { type: 'function', function: { name: 'check_out', description: 'Finish the order', parameters: { type: 'object', properties: {} } } },
];

async function withServer(engine: LlmEngine, opts: Partial<LlmServerOptions>, fn: (srv: LlmServer) => Promise<void>): Promise<void> {
  const srv = await startLlmServer({ engine, modelId: 'test-model', ...opts });
  try {
    await fn(srv);
  } finally {
    await srv.close({ graceMs: 0 });
  }
}

const script = (...steps: Step[]): ScriptedLlm => new ScriptedLlm(() => steps);

function errorOf(r: Reply): { message: string; type?: string | undefined; code?: string | number | null | undefined; param?: unknown } {
  return errorBodySchema.parse(JSON.parse(r.body)).error;
}

function chunksOf(data: string[]): ChatCompletionChunk[] {
  return data.filter((d) => d !== '[DONE]').map((d) => chatCompletionChunkSchema.parse(JSON.parse(d)));
}

async function until(cond: () => boolean, ms = 5_000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 5));
  }
}

function within<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  return Promise.race([p, new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`${what}: not within ${ms} ms`)), ms).unref())]);
}

function captureLog(): { log: ServerLog; text: () => string } {
  const records: unknown[] = [];
  const push = (obj: Record<string, unknown>, msg?: string): void => {
    records.push({ ...obj, msg });
  };
  return { log: { debug: push, info: push, warn: push, error: push }, text: () => JSON.stringify(records) };
}

test('GET /v1/models lists the model; /health answers without auth', T, async () => {
  await withServer(script(done()), { token: 'sekret-token' }, async (srv) => {
    const models = await request(srv.url, '/v1/models', { token: 'sekret-token' });
    assert.equal(models.status, 200);
    const list = modelListSchema.parse(JSON.parse(models.body));
    assert.deepEqual(list.data.map((m) => m.id), ['test-model']);
    const one = await request(srv.url, '/v1/models/test-model', { token: 'sekret-token' });
    assert.equal(one.status, 200);
    assert.equal((JSON.parse(one.body) as { id: string }).id, 'test-model');

    const health = await request(srv.url, '/health');
    assert.equal(health.status, 200);
    assert.deepEqual(JSON.parse(health.body), { ok: true, active: 0, queued: 0 });
  });
});

test('unknown routes get 404 and wrong methods 405, as OpenAI error bodies', T, async () => {
  await withServer(script(done()), {}, async (srv) => {
    const missing = await request(srv.url, '/v1/nope');
    assert.equal(missing.status, 404);
    assert.equal(errorOf(missing).code, 'not_found');
    const wrong = await request(srv.url, '/v1/chat/completions');
    assert.equal(wrong.status, 405);
    assert.equal(wrong.headers['allow'], 'POST');
    assert.equal(errorOf(wrong).code, 'method_not_allowed');
    const model = await request(srv.url, '/v1/models/other');
    assert.equal(model.status, 404);
  });
});

test('non-streamed text: one chat.completion with content, finish, confidence and usage', T, async () => {
  const engine = script(text('Hello'), text(', world.'), done('stop', 0.83));
  await withServer(engine, {}, async (srv) => {
    const r = await request(srv.url, '/v1/chat/completions', { json: { ...HELLO, temperature: 0.2, seed: 7 } });
    assert.equal(r.status, 200);
    assert.match(String(r.headers['content-type']), /^application\/json/);
    const c = chatCompletionSchema.parse(JSON.parse(r.body));
    assert.equal(c.model, 'test-model');
    assert.match(c.id, /^chatcmpl-/);
    const choice = c.choices[0];
    assert.ok(choice);
    assert.equal(choice.message.content, 'Hello, world.');
    assert.equal(choice.message.tool_calls, undefined);
    assert.equal(choice.finish_reason, 'stop');
    assert.equal(choice.heed_confidence, 0.83);
    assert.equal(c.usage?.prompt_tokens, 12);
    assert.equal(c.usage?.completion_tokens, 5);
    assert.equal(c.usage?.prompt_tokens_details?.cached_tokens, 4);

    const req = engine.calls[0]?.req;
    assert.deepEqual(req?.messages, [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'Hi there' }]);
    assert.equal(req?.maxTokens, 64);
    assert.equal(req?.temperature, 0.2);
    assert.equal(req?.seed, 7);
    assert.equal(srv.stats().served, 1);
  });
});

test('streamed text: role chunk, content deltas, finish with confidence, usage, then [DONE]', T, async () => {
  await withServer(script(text('One'), text(' two'), text(' three.'), done('length', 0.5)), {}, async (srv) => {
    const { res } = await openStream(srv.url, '/v1/chat/completions', { json: { ...HELLO, stream: true } });
    assert.equal(res.statusCode, 200);
    assert.match(String(res.headers['content-type']), /^text\/event-stream/);
    assert.equal(res.headers['cache-control'], 'no-cache');
    assert.equal(res.headers['x-accel-buffering'], 'no');
    const { data, clean } = await readSse(res);
    assert.ok(clean);
    assert.equal(data.at(-1), '[DONE]');
    assert.equal(data.filter((d) => d === '[DONE]').length, 1);
    const chunks = chunksOf(data);
    assert.equal(chunks.length, data.length - 1, 'every event but [DONE] is a chunk');
    assert.ok(chunks.every((c) => c.model === 'test-model' && c.id === chunks[0]?.id));
    assert.equal(chunks[0]?.choices[0]?.delta.role, 'assistant');
    const content = chunks.map((c) => c.choices[0]?.delta.content ?? '').join('');
    assert.equal(content, 'One two three.');
    const finish = chunks.at(-2)?.choices[0];
    assert.equal(finish?.finish_reason, 'length');
    assert.equal(finish?.heed_confidence, 0.5);
    const usage = chunks.at(-1);
    assert.deepEqual(usage?.choices, []);
    assert.equal(usage?.usage?.prompt_tokens, 12);
    assert.equal(usage?.usage?.completion_tokens, 5);
    assert.equal(usage?.usage?.prompt_tokens_details?.cached_tokens, 4);
  });
});

test('streamed tool calls: one tool_calls delta per call with id, name and the whole arguments JSON', T, async () => {
  const engine = script(toolCall('call_1', 'add_item', { item: 'latte', qty: 2 }), toolCall('call_2', 'check_out', {}), done('tool_calls', null));
  await withServer(engine, {}, async (srv) => {
    const { res } = await openStream(srv.url, '/v1/chat/completions', { json: { ...HELLO, stream: true, tools: TOOLS, tool_choice: 'auto' } });
    assert.equal(res.statusCode, 200);
    const { data } = await readSse(res);
    assert.equal(data.at(-1), '[DONE]');
    const chunks = chunksOf(data);
    const calls = chunks.flatMap((c) => c.choices[0]?.delta.tool_calls ?? []);
    assert.equal(calls.length, 2);
    assert.deepEqual(calls.map((c) => [c.index, c.id, c.type, c.function?.name]), [[0, 'call_1', 'function', 'add_item'], [1, 'call_2', 'function', 'check_out']]);
    assert.deepEqual(JSON.parse(calls[0]?.function?.arguments ?? ''), { item: 'latte', qty: 2 });
    assert.deepEqual(JSON.parse(calls[1]?.function?.arguments ?? ''), {});
    const finish = chunks.at(-2)?.choices[0];
    assert.equal(finish?.finish_reason, 'tool_calls');
    assert.equal(finish?.heed_confidence, null);

    const req = engine.calls[0]?.req;
    assert.deepEqual(req?.tools?.map((t) => t.name), ['add_item', 'check_out']);
    assert.equal(req?.toolChoice, 'auto');
  });
});

test('non-streamed tool calls: message.tool_calls with JSON arguments and null content', T, async () => {
  const engine = script(toolCall('call_1', 'add_item', { item: 'bagel', qty: 1 }), done('tool_calls'));
  await withServer(engine, {}, async (srv) => {
    const r = await request(srv.url, '/v1/chat/completions', { json: { ...HELLO, tools: TOOLS, tool_choice: { type: 'function', function: { name: 'add_item' } } } });
    assert.equal(r.status, 200);
    const choice = chatCompletionSchema.parse(JSON.parse(r.body)).choices[0];
    assert.equal(choice?.message.content, null);
    assert.equal(choice?.finish_reason, 'tool_calls');
    assert.deepEqual(choice?.message.tool_calls?.map((c) => [c.id, c.type, c.function.name]), [['call_1', 'function', 'add_item']]);
    assert.deepEqual(JSON.parse(choice?.message.tool_calls?.[0]?.function.arguments ?? ''), { item: 'bagel', qty: 1 });
    // A named tool_choice offers only that tool, required.
    assert.deepEqual(engine.calls[0]?.req.tools?.map((t) => t.name), ['add_item']);
    assert.equal(engine.calls[0]?.req.toolChoice, 'required');
  });
});

test('a tool call the request does not allow is refused as llm_output_invalid (500)', T, async () => {
  const engine = script(toolCall('call_1', 'add_item', { item: 'bagel', qty: 0 }), done('tool_calls'));
  await withServer(engine, {}, async (srv) => {
    const r = await request(srv.url, '/v1/chat/completions', { json: { ...HELLO, tools: TOOLS } });
    assert.equal(r.status, 500);
    const e = errorOf(r);
    assert.equal(e.code, 'llm_output_invalid');
    assert.match(e.message, /qty/);
    assert.equal(engine.calls[0]?.wasAborted, true, 'the engine is stopped');
  });
});

test('a slow stream opens after keepAliveMs and stays alive with comments until the engine speaks', T, async () => {
  const engine = script({ type: 'wait', ms: 450 }, text('late but fine'), done());
  await withServer(engine, { keepAliveMs: 100 }, async (srv) => {
    const t0 = Date.now();
    const { res } = await openStream(srv.url, '/v1/chat/completions', { json: { ...HELLO, stream: true } });
    assert.ok(Date.now() - t0 < 400, 'headers before the engine spoke');
    assert.equal(res.statusCode, 200);
    let raw = '';
    for await (const c of res as AsyncIterable<Buffer>) raw += c.toString('utf8');
    assert.match(raw, /^: keep-alive$/m);
    const data = raw.split('\n\n').filter((e) => e.startsWith('data: ')).map((e) => e.slice(6));
    assert.equal(data.at(-1), '[DONE]');
    const chunks = chunksOf(data);
    assert.equal(chunks[0]?.choices[0]?.delta.role, 'assistant');
    assert.equal(chunks.map((c) => c.choices[0]?.delta.content ?? '').join(''), 'late but fine');
  });
});

test('once a kept-alive stream is open, being refused from the queue is its error event', T, async () => {
  const engine = new ScriptedLlm(() => [{ type: 'gate' }, text('x'), done()]);
  const srv = await startLlmServer({ engine, modelId: 'test-model', concurrency: 1, maxQueue: 1, keepAliveMs: 50 });
  try {
    const first = request(srv.url, '/v1/chat/completions', { json: HELLO });
    await engine.waitForCalls(1);
    const { res } = await openStream(srv.url, '/v1/chat/completions', { json: { ...HELLO, stream: true } });
    assert.equal(res.statusCode, 200, 'opened while still queued');
    assert.equal(srv.stats().queued, 1);
    const reading = readSse(res);
    const closing = srv.close({ graceMs: 5_000 });
    const { data, clean } = await reading;
    assert.ok(clean);
    assert.equal(chunksOf(data.slice(0, 1))[0]?.choices[0]?.delta.role, 'assistant');
    assert.equal(errorBodySchema.parse(JSON.parse(data.at(-1) ?? '')).error.code, 'shutting_down');
    assert.equal(engine.calls.length, 1, 'the refused request never reached the engine');
    engine.release();
    assert.equal((await first).status, 200, 'the running one finishes within grace');
    await closing;
    assert.deepEqual(srv.stats(), { active: 0, queued: 0, served: 1, rejected: 1 });
  } finally {
    await srv.close({ graceMs: 0 });
  }
});

test('bearer token: missing and wrong get 401, right gets through', T, async () => {
  const engine = new ScriptedLlm(() => [text('ok'), done()]);
  await withServer(engine, { token: 'right-token-123' }, async (srv) => {
    const none = await request(srv.url, '/v1/chat/completions', { json: HELLO });
    assert.equal(none.status, 401);
    assert.equal(none.headers['www-authenticate'], 'Bearer');
    assert.equal(errorOf(none).type, 'authentication_error');
    const wrong = await request(srv.url, '/v1/chat/completions', { json: HELLO, token: 'wrong-token-123' });
    assert.equal(wrong.status, 401);
    const prefix = await request(srv.url, '/v1/chat/completions', { json: HELLO, token: 'right-token-12' });
    assert.equal(prefix.status, 401);
    const basic = await request(srv.url, '/v1/models', { headers: { Authorization: 'Basic right-token-123' } });
    assert.equal(basic.status, 401);
    assert.equal(engine.calls.length, 0);
    const right = await request(srv.url, '/v1/chat/completions', { json: HELLO, token: 'right-token-123' });
    assert.equal(right.status, 200);
    assert.equal(engine.calls.length, 1);
  });
});

test('a body over the limit gets 413, by Content-Length or while streaming in', T, async () => {
  const engine = script(done());
  await withServer(engine, {}, async (srv) => {
    const huge = JSON.stringify({ messages: [{ role: 'user', content: 'x'.repeat(300 * 1024) }] });
    const r = await request(srv.url, '/v1/chat/completions', { body: huge, headers: { 'Content-Type': 'application/json' } });
    assert.equal(r.status, 413);
    assert.equal(errorOf(r).code, 'request_too_large');
    const chunked = await request(srv.url, '/v1/chat/completions', { body: huge, chunked: true, headers: { 'Content-Type': 'application/json' } });
    assert.equal(chunked.status, 413);
    assert.equal(chunked.headers['connection'], 'close');
    assert.equal(engine.calls.length, 0);
    // The server is fine afterwards.
    assert.equal((await request(srv.url, '/v1/chat/completions', { json: HELLO })).status, 200);
  });
});

test('400 for malformed JSON, a schema failure (with the path) and unsupported tool parameters', T, async () => {
  const engine = script(done());
  await withServer(engine, {}, async (srv) => {
    const bad = await request(srv.url, '/v1/chat/completions', { body: '{"messages": [', headers: { 'Content-Type': 'application/json' } });
    assert.equal(bad.status, 400);
    assert.equal(errorOf(bad).code, 'invalid_json');

    const schema = await request(srv.url, '/v1/chat/completions', { json: { messages: [{ role: 'user', content: 5 }] } });
    assert.equal(schema.status, 400);
    const se = errorOf(schema);
    assert.equal(se.type, 'invalid_request_error');
    assert.equal(se.param, 'messages.0.content');
    assert.match(se.message, /^messages\.0\.content: /);

    const empty = await request(srv.url, '/v1/chat/completions', { json: { messages: [] } });
    assert.equal(empty.status, 400);
    assert.equal(errorOf(empty).param, 'messages');

    const tools = [{ type: 'function', function: { name: 'when', parameters: { type: 'object', properties: { at: { type: 'date' } } } } }];
    const params = await request(srv.url, '/v1/chat/completions', { json: { ...HELLO, tools } });
    assert.equal(params.status, 400);
    assert.equal(errorOf(params).code, 'invalid_tool_parameters');
    assert.equal(errorOf(params).param, 'tools.0.function.parameters');

    const choice = await request(srv.url, '/v1/chat/completions', { json: { ...HELLO, tools: TOOLS, tool_choice: { type: 'function', function: { name: 'nope' } } } });
    assert.equal(choice.status, 400);
    assert.equal(errorOf(choice).param, 'tool_choice.function.name');

    assert.equal(engine.calls.length, 0);
  });
});

test('concurrency 1, maxQueue 1: the third concurrent request gets 429 with Retry-After; the others are served in order', T, async () => {
  const engine = new ScriptedLlm((_req, n) => [{ type: 'gate' }, text(`answer ${n}`), done()]);
  await withServer(engine, { concurrency: 1, maxQueue: 1 }, async (srv) => {
    const first = request(srv.url, '/v1/chat/completions', { json: HELLO });
    await engine.waitForCalls(1);
    const second = request(srv.url, '/v1/chat/completions', { json: HELLO });
    await until(() => srv.stats().queued === 1);
    assert.deepEqual(srv.stats(), { active: 1, queued: 1, served: 0, rejected: 0 });

    const third = await request(srv.url, '/v1/chat/completions', { json: HELLO });
    assert.equal(third.status, 429);
    assert.match(String(third.headers['retry-after']), /^[1-9]\d*$/);
    assert.equal(errorOf(third).code, 'rate_limit_exceeded');
    assert.equal(engine.calls.length, 1, 'the second waits for the first');

    engine.release();
    const a = await first;
    await engine.waitForCalls(2);
    engine.release();
    const b = await second;
    assert.equal(chatCompletionSchema.parse(JSON.parse(a.body)).choices[0]?.message.content, 'answer 0');
    assert.equal(chatCompletionSchema.parse(JSON.parse(b.body)).choices[0]?.message.content, 'answer 1');
    assert.deepEqual(srv.stats(), { active: 0, queued: 0, served: 2, rejected: 1 });
  });
});

test('a queued request whose client left is dropped from the queue', T, async () => {
  const engine = new ScriptedLlm((_req, n) => [{ type: 'gate' }, text(`answer ${n}`), done()]);
  await withServer(engine, { concurrency: 1, maxQueue: 1 }, async (srv) => {
    const first = request(srv.url, '/v1/chat/completions', { json: HELLO });
    await engine.waitForCalls(1);
    const leaving = send(srv.url, '/v1/chat/completions', { json: HELLO });
    leaving.on('error', () => undefined);
    await until(() => srv.stats().queued === 1);
    leaving.destroy();
    await until(() => srv.stats().queued === 0);

    const next = request(srv.url, '/v1/chat/completions', { json: HELLO });
    await until(() => srv.stats().queued === 1);
    engine.release();
    assert.equal((await first).status, 200);
    await engine.waitForCalls(2);
    engine.release();
    const r = await next;
    assert.equal(r.status, 200);
    assert.equal(chatCompletionSchema.parse(JSON.parse(r.body)).choices[0]?.message.content, 'answer 1', 'the departed request never reached the engine');
    assert.equal(engine.calls.length, 2);
    assert.deepEqual(srv.stats(), { active: 0, queued: 0, served: 2, rejected: 0 });
  });
});

test('client disconnect mid-stream aborts the engine call', T, async () => {
  const engine = script(text('Hel'), text('lo'), { type: 'hang' }, done());
  await withServer(engine, {}, async (srv) => {
    const { req, res } = await openStream(srv.url, '/v1/chat/completions', { json: { ...HELLO, stream: true } });
    let contentChunks = 0;
    for await (const d of sseData(res)) {
      const c = chatCompletionChunkSchema.parse(JSON.parse(d));
      if (c.choices[0]?.delta.content) contentChunks++;
      if (contentChunks === 2) break;
    }
    req.destroy();
    const call = engine.calls[0];
    assert.ok(call);
    await within(call.aborted, 5_000, 'engine abort');
    assert.equal(call.wasAborted, true);
    await until(() => srv.stats().active === 0);
    assert.equal(srv.stats().served, 0);
  });
});

test('client disconnect while a non-streamed answer is being made aborts the engine call', T, async () => {
  const engine = script(text('Hel'), { type: 'hang' }, done());
  await withServer(engine, {}, async (srv) => {
    const req = send(srv.url, '/v1/chat/completions', { json: HELLO });
    req.on('error', () => undefined);
    await engine.waitForCalls(1);
    req.destroy();
    const call = engine.calls[0];
    assert.ok(call);
    await within(call.aborted, 5_000, 'engine abort');
    await until(() => srv.stats().active === 0);
    assert.deepEqual(srv.stats(), { active: 0, queued: 0, served: 0, rejected: 0 });
  });
});

test('a second close with graceMs 0 cuts the grace short', T, async () => {
  const engine = script({ type: 'hang' }, done());
  const srv = await startLlmServer({ engine, modelId: 'test-model' });
  try {
    const running = request(srv.url, '/v1/chat/completions', { json: HELLO });
    await engine.waitForCalls(1);
    const t0 = Date.now();
    const first = srv.close({ graceMs: 15_000 });
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(engine.calls[0]?.wasAborted, false, 'still in grace');
    const second = srv.close({ graceMs: 0 });
    await Promise.all([first, second]);
    assert.ok(Date.now() - t0 < 5_000);
    assert.equal(engine.calls[0]?.wasAborted, true);
    const r = await running;
    assert.equal(r.status, 503);
    assert.equal(errorOf(r).code, 'shutting_down');
  } finally {
    await srv.close({ graceMs: 0 });
  }
});

test('graceful close waits for the running request, then new requests are refused', T, async () => {
  const engine = script({ type: 'wait', ms: 400 }, text('finished in time'), done());
  const srv = await startLlmServer({ engine, modelId: 'test-model' });
  let closing: Promise<void> | undefined;
  try {
    const running = request(srv.url, '/v1/chat/completions', { json: HELLO });
    await engine.waitForCalls(1);
    const t0 = Date.now();
    closing = srv.close({ graceMs: 5_000 });
    const late = await request(srv.url, '/v1/chat/completions', { json: HELLO }).then((r) => r.status, (e: NodeJS.ErrnoException) => e.code);
    assert.ok(late === 'ECONNREFUSED' || late === 'ECONNRESET' || late === 503, `refused: ${String(late)}`);
    const r = await running;
    assert.equal(r.status, 200);
    assert.equal(chatCompletionSchema.parse(JSON.parse(r.body)).choices[0]?.message.content, 'finished in time');
    await closing;
    assert.ok(Date.now() - t0 < 4_000, 'close resolved once the request was done, not at the end of grace');
    assert.equal(engine.calls[0]?.wasAborted, false);
    assert.equal(srv.stats().served, 1);
  } finally {
    await (closing ?? srv.close({ graceMs: 0 }));
  }
});

test('a request that arrives on an open connection after close began gets 503 shutting_down', T, async () => {
  const srv = await startLlmServer({ engine: script(text('hi'), done()), modelId: 'test-model' });
  try {
    const socket = connect(srv.port, '127.0.0.1');
    await once(socket, 'connect');
    // Half a request: the connection is busy, so close() leaves it open.
    socket.write('POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\n');
    await new Promise((r) => setTimeout(r, 50));
    const closing = srv.close({ graceMs: 5_000 });
    const body = JSON.stringify(HELLO);
    let raw = '';
    socket.on('data', (d: Buffer) => { raw += d.toString('utf8'); });
    socket.write(`Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
    await within(once(socket, 'close'), 5_000, 'socket close');
    assert.match(raw, /^HTTP\/1\.1 503 /);
    assert.match(raw, /\r\nconnection: close\r\n/i);
    assert.match(raw, /"code":"shutting_down"/);
    await closing;
    assert.equal(srv.stats().rejected, 1);
  } finally {
    await srv.close({ graceMs: 0 });
  }
});

test('when grace runs out the running stream is aborted and ends with a shutting_down error event', T, async () => {
  const engine = script(text('partial'), { type: 'hang' }, done());
  const srv = await startLlmServer({ engine, modelId: 'test-model' });
  try {
    const { res } = await openStream(srv.url, '/v1/chat/completions', { json: { ...HELLO, stream: true } });
    const reading = readSse(res);
    await engine.waitForCalls(1);
    await srv.close({ graceMs: 100 });
    const { data, clean } = await reading;
    assert.ok(clean);
    assert.notEqual(data.at(-1), '[DONE]');
    const err = errorBodySchema.parse(JSON.parse(data.at(-1) ?? ''));
    assert.equal(err.error.code, 'shutting_down');
    assert.equal(engine.calls[0]?.wasAborted, true);
  } finally {
    await srv.close({ graceMs: 0 });
  }
});

test('refuses to listen beyond loopback without a token (CONFIG_INVALID); with one it starts', T, async () => {
  const engine = script(done());
  await assert.rejects(startLlmServer({ engine, modelId: 'm', host: '0.0.0.0' }), (e: unknown) => e instanceof HeedError && e.code === 'CONFIG_INVALID' && e.source === 'server');
  await assert.rejects(startLlmServer({ engine, modelId: 'm', host: '::', token: null }), (e: unknown) => e instanceof HeedError && e.code === 'CONFIG_INVALID');
  await assert.rejects(startLlmServer({ engine, modelId: 'm', token: 'has space' }), (e: unknown) => e instanceof HeedError && e.code === 'CONFIG_INVALID');
  await assert.rejects(startLlmServer({ engine, modelId: 'm', concurrency: 0 }), (e: unknown) => e instanceof HeedError && e.code === 'CONFIG_INVALID');
  const srv = await startLlmServer({ engine, modelId: 'm', host: '0.0.0.0', token: 'tok-0123456789' });
  try {
    const r = await request(`http://127.0.0.1:${srv.port}`, '/v1/models', { token: 'tok-0123456789' });
    assert.equal(r.status, 200);
  } finally {
    await srv.close({ graceMs: 0 });
  }
});

test('engine HeedError mid-stream: the stream ends with a data: {"error"} event, no [DONE], cleanly', T, async () => {
  const engine = script(text('Half an ans'), { type: 'throw', error: new HeedError('LLM_FAILED', 'llm', 'decoder exploded') }, done());
  await withServer(engine, {}, async (srv) => {
    const { res } = await openStream(srv.url, '/v1/chat/completions', { json: { ...HELLO, stream: true } });
    assert.equal(res.statusCode, 200);
    const { data, clean } = await readSse(res);
    assert.ok(clean, 'the response ends normally (chunked terminator), the socket is not cut');
    assert.ok(!data.includes('[DONE]'));
    assert.equal(chunksOf(data.slice(0, -1)).map((c) => c.choices[0]?.delta.content ?? '').join(''), 'Half an ans');
    const err = errorBodySchema.parse(JSON.parse(data.at(-1) ?? ''));
    assert.equal(err.error.code, 'llm_failed');
    assert.equal(err.error.type, 'server_error');
    assert.equal(err.error.message, 'decoder exploded');
    assert.equal(srv.stats().active, 0);
    // The server carries on.
    assert.equal((await request(srv.url, '/health')).status, 200);
  });
});

test('engine HeedError before the stream starts: a 500 JSON error, streamed or not', T, async () => {
  const engine = script({ type: 'throw', error: new HeedError('LLM_FAILED', 'llm', 'model fell over') });
  await withServer(engine, {}, async (srv) => {
    for (const stream of [true, false]) {
      const r = await request(srv.url, '/v1/chat/completions', { json: { ...HELLO, stream } });
      assert.equal(r.status, 500);
      assert.match(String(r.headers['content-type']), /^application\/json/);
      const e = errorOf(r);
      assert.equal(e.code, 'llm_failed');
      assert.equal(e.message, 'model fell over');
    }
  });
});

test('a full context is a 400 context_length_exceeded', T, async () => {
  const engine = script({ type: 'throw', error: new HeedError('LLM_CONTEXT_FULL', 'llm', 'too long') });
  await withServer(engine, {}, async (srv) => {
    const r = await request(srv.url, '/v1/chat/completions', { json: HELLO });
    assert.equal(r.status, 400);
    assert.equal(errorOf(r).code, 'context_length_exceeded');
  });
});

test('a request over requestTimeoutMs is aborted and answered 503 timeout', T, async () => {
  const engine = script({ type: 'hang' }, done());
  await withServer(engine, { requestTimeoutMs: 200 }, async (srv) => {
    const r = await request(srv.url, '/v1/chat/completions', { json: HELLO });
    assert.equal(r.status, 503);
    assert.equal(errorOf(r).code, 'timeout');
    assert.ok(r.headers['retry-after']);
    assert.equal(engine.calls[0]?.wasAborted, true);
    assert.equal(srv.stats().rejected, 1);
  });
  const streamed = script(text('slow'), { type: 'hang' }, done());
  await withServer(streamed, { requestTimeoutMs: 200 }, async (srv) => {
    const { res } = await openStream(srv.url, '/v1/chat/completions', { json: { ...HELLO, stream: true } });
    const { data, clean } = await readSse(res);
    assert.ok(clean);
    assert.equal(errorBodySchema.parse(JSON.parse(data.at(-1) ?? '')).error.code, 'timeout');
    assert.ok(!data.includes('[DONE]'));
    assert.equal(streamed.calls[0]?.wasAborted, true);
  });
});

test('logs carry sizes, ids and timings, never message contents', T, async () => {
  const { log, text: logged } = captureLog();
  const engine = script(text('the secret answer is marmalade'), done());
  await withServer(engine, { log }, async (srv) => {
    const body = { messages: [{ role: 'user', content: 'my password is purple-elephant' }] };
    assert.equal((await request(srv.url, '/v1/chat/completions', { json: body })).status, 200);
    assert.equal((await request(srv.url, '/v1/chat/completions', { json: { ...body, stream: true } })).status, 200);
    assert.equal((await request(srv.url, '/v1/chat/completions', { json: { messages: [{ role: 'user', content: 7 }], note: 'purple-elephant' } })).status, 400);
  });
  const out = logged();
  assert.match(out, /chat completion/);
  assert.match(out, /completionTokens/);
  assert.doesNotMatch(out, /purple-elephant/);
  assert.doesNotMatch(out, /marmalade/);
});
