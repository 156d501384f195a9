/** The chain's stages from config: a missing or corrupt local model degrades to the grammar with a warning; a bad name is a config error. */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { buildUnderstandingChain } from '../../../app/brain/llm/build-chain.js';
import { configSchema, effectiveUnderstanding, STANDARD_LOCAL_LLM } from '../../../app/core/config.js';
import { HeedError } from '../../../app/core/errors.js';
import type { Logger } from '../../../app/core/logger.js';
import { writeRandomLlamaGguf } from '../../../app/models/gguf-writer.js';

const T = { timeout: 60_000 };

function recorder(): { log: Logger; warnings: string[] } {
  const warnings: string[] = [];
  const noop = (): void => undefined;
  const log = { warn: (_o: unknown, msg?: string) => { warnings.push(msg ?? ''); }, info: noop, debug: noop, error: noop, trace: noop, fatal: noop, child: () => log } as unknown as Logger;
  return { log, warnings };
}

test('the standard profile brings the recommended local LLM unless one is configured', () => {
  assert.equal(effectiveUnderstanding(configSchema.parse({ profile: 'standard' })).local?.model, STANDARD_LOCAL_LLM);
  assert.equal(effectiveUnderstanding(configSchema.parse({})).local, undefined);
  assert.equal(effectiveUnderstanding(configSchema.parse({ profile: 'standard', understanding: { local: { model: '/x.gguf' } } })).local?.model, '/x.gguf');
});

test('no stages configured: no chain', T, async () => {
  const b = await buildUnderstandingChain(configSchema.parse({}).understanding);
  assert.equal(b.chain, null);
});

test('a missing or corrupt local model: a warning, no local stage, the kiosk still starts', T, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'heed-build-chain-'));
  try {
    const corrupt = join(dir, 'corrupt.gguf');
    writeRandomLlamaGguf(join(dir, 'ok.gguf'));
    writeFileSync(corrupt, Buffer.from('GGUF\x03\x00\x00\x00garbage'));
    for (const model of [join(dir, 'absent.gguf'), corrupt, STANDARD_LOCAL_LLM]) {
      const { log, warnings } = recorder();
      const b = await buildUnderstandingChain(configSchema.parse({ understanding: { local: { model } } }).understanding, log);
      assert.equal(b.chain, null, model);
      assert.equal(warnings.length, 1, model);
      await b.close();
    }
    const { log } = recorder();
    const ok = await buildUnderstandingChain(configSchema.parse({ understanding: { local: { model: join(dir, 'ok.gguf'), contextSize: 1024 } } }).understanding, log);
    assert.deepEqual(ok.chain?.stages, ['local']);
    await ok.close();
  } finally { rmSync(dir, { recursive: true, force: true }); }
});

test('a model name the manifest does not know is a config error', T, async () => {
  await assert.rejects(buildUnderstandingChain(configSchema.parse({ understanding: { local: { model: 'no-such-model' } } }).understanding), (e: unknown) => e instanceof HeedError && e.code === 'CONFIG_INVALID');
});

test('escalation is built only when allowed', T, async () => {
  const base = { escalation: { baseUrl: 'http://127.0.0.1:9', model: 'hub' } };
  const on = await buildUnderstandingChain(configSchema.parse({ understanding: base }).understanding);
  assert.deepEqual(on.chain?.stages, ['escalation']);
  await on.close();
  const off = await buildUnderstandingChain(configSchema.parse({ understanding: { ...base, allowEscalation: false } }).understanding);
  assert.equal(off.chain, null);
});
