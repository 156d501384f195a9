import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serveLlm, type ServeLlmDeps } from '../../../app/cli/serve-llm.js';
import { HeedError } from '../../../app/core/errors.js';
import { createLogger } from '../../../app/core/logger.js';
import { modelListSchema } from '../../../app/engines/llm/openai-wire.js';
import { ScriptedLlm, done, text } from '../../helpers/scripted-llm.js';
import { request } from './http-client.js';

const T = { timeout: 20_000 };
const dir = mkdtempSync(join(tmpdir(), 'heed-serve-llm-'));
const modelPath = join(dir, 'tiny.gguf');
writeFileSync(modelPath, '');
const tokenFile = join(dir, 'token');
writeFileSync(tokenFile, 'tok-0123456789\n', { mode: 0o600 });
const emptyTokenFile = join(dir, 'empty-token');
writeFileSync(emptyTokenFile, '\n');

function harness(): { deps: ServeLlmDeps; engine: ScriptedLlm; signals: EventEmitter; out: string[]; engineOpts: unknown[] } {
  const engine = new ScriptedLlm(() => [text('hi'), done()]);
  const signals = new EventEmitter();
  const out: string[] = [];
  const engineOpts: unknown[] = [];
  const deps: ServeLlmDeps = {
    createEngine: (o) => {
      engineOpts.push(o);
      return Promise.resolve(engine);
    },
    signals,
    log: createLogger('silent'),
    out: (l) => out.push(l),
    err: () => undefined,
  };
  return { deps, engine, signals, out, engineOpts };
}

async function withoutEnvToken<T>(fn: () => Promise<T>): Promise<T> {
  const saved = process.env['HEED_SERVE_TOKEN'];
  delete process.env['HEED_SERVE_TOKEN'];
  try {
    return await fn();
  } finally {
    if (saved !== undefined) process.env['HEED_SERVE_TOKEN'] = saved;
  }
}

const isCode = (code: string) => (e: unknown): boolean => e instanceof HeedError && e.code === code;

test('bad arguments are refused before the model loads', T, async () => {
  await withoutEnvToken(async () => {
    const h = harness();
    await assert.rejects(serveLlm([], h.deps), isCode('USAGE'));
    await assert.rejects(serveLlm(['--model', modelPath, '--port', 'abc'], h.deps), isCode('USAGE'));
    await assert.rejects(serveLlm(['--model', modelPath, '--port', '70000'], h.deps), isCode('USAGE'));
    await assert.rejects(serveLlm(['--model', modelPath, '--concurrency', '0'], h.deps), isCode('USAGE'));
    await assert.rejects(serveLlm(['--model', modelPath, '--bogus', '1'], h.deps), isCode('USAGE'));
    await assert.rejects(serveLlm(['--model', join(dir, 'missing.gguf')], h.deps), isCode('MODEL_MISSING'));
    await assert.rejects(serveLlm(['--model', modelPath, '--host', '0.0.0.0'], h.deps), isCode('CONFIG_INVALID'));
    await assert.rejects(serveLlm(['--model', modelPath, '--token-file', emptyTokenFile], h.deps), isCode('CONFIG_INVALID'));
    await assert.rejects(serveLlm(['--model', modelPath, '--token-file', join(dir, 'nope')], h.deps), isCode('FILE_NOT_FOUND'));
    assert.equal(h.engineOpts.length, 0);
  });
});

test('serves the engine with the token from --token-file, and stops on SIGINT', T, async () => {
  await withoutEnvToken(async () => {
    const h = harness();
    const run = serveLlm(['--model', modelPath, '--port', '0', '--token-file', tokenFile, '--concurrency', '2', '--max-queue', '3', '--context-size', '2048'], h.deps);
    const end = Date.now() + 10_000;
    while (h.out.length === 0 && Date.now() < end) await new Promise((r) => setTimeout(r, 10));
    const m = /^heed serve-llm: listening on (http:\/\/127\.0\.0\.1:\d+) \(model scripted-model\)$/.exec(h.out[0] ?? '');
    assert.ok(m, h.out[0]);
    const url = m[1] ?? '';
    assert.deepEqual(h.engineOpts, [{ modelPath, sequences: 2, contextSize: 2048, log: h.deps.log }]);

    assert.equal((await request(url, '/v1/models')).status, 401);
    const models = await request(url, '/v1/models', { token: 'tok-0123456789' });
    assert.equal(models.status, 200);
    assert.equal(modelListSchema.parse(JSON.parse(models.body)).data[0]?.id, 'scripted-model');

    h.signals.emit('SIGINT', 'SIGINT');
    assert.equal(await run, 0);
    assert.equal(h.engine.closed, true);
    assert.equal(h.signals.listenerCount('SIGINT'), 0);
    assert.equal(h.signals.listenerCount('SIGTERM'), 0);
    await assert.rejects(request(url, '/health'));
  });
});

test('the token may come from HEED_SERVE_TOKEN', T, async () => {
  const saved = process.env['HEED_SERVE_TOKEN'];
  process.env['HEED_SERVE_TOKEN'] = 'env-token-42';
  try {
    const h = harness();
    const run = serveLlm(['--model', modelPath, '--port', '0'], h.deps);
    const end = Date.now() + 10_000;
    while (h.out.length === 0 && Date.now() < end) await new Promise((r) => setTimeout(r, 10));
    const url = /listening on (\S+)/.exec(h.out[0] ?? '')?.[1] ?? '';
    assert.equal((await request(url, '/v1/models', { token: 'env-token-42' })).status, 200);
    assert.equal((await request(url, '/v1/models', { token: 'other' })).status, 401);
    h.signals.emit('SIGTERM', 'SIGTERM');
    assert.equal(await run, 0);
  } finally {
    if (saved === undefined) delete process.env['HEED_SERVE_TOKEN'];
    else process.env['HEED_SERVE_TOKEN'] = saved;
  }
});
