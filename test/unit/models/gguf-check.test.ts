/** The GGUF pre-flight: sound files pass in milliseconds; garbage, hostile lengths and truncation are MODEL_CORRUPT before llama.cpp sees them. */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { HeedError } from '../../../app/core/errors.js';
import { checkGgufFile } from '../../../app/models/gguf-check.js';
import { writeRandomLlamaGguf } from '../../../app/models/gguf-writer.js';
import { requireStoriesGguf } from '../../helpers/llm-models.js';

const corrupt = (e: unknown): boolean => e instanceof HeedError && e.code === 'MODEL_CORRUPT';

test('sound GGUF files pass and name their architecture', { timeout: 30_000 }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'heed-gguf-check-'));
  try {
    const s = checkGgufFile(writeRandomLlamaGguf(join(dir, 'r.gguf'), { seed: 1 }).path);
    assert.equal(s.architecture, 'llama');
    assert.equal(s.version, 3);
    assert.ok(s.tensors > 10 && s.metadata > 10);
    const stories = requireStoriesGguf();
    if (stories) assert.equal(checkGgufFile(stories).architecture, 'llama');
  } finally { rmSync(dir, { recursive: true, force: true }); }
});

test('garbage, hostile lengths, bad versions and truncation are refused quickly', { timeout: 30_000 }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'heed-gguf-check-'));
  try {
    const good = readFileSync(writeRandomLlamaGguf(join(dir, 'r.gguf'), { seed: 1 }).path);
    const write = (name: string, b: Buffer): string => { const p = join(dir, name); writeFileSync(p, b); return p; };
    const hostile = Buffer.from(good.subarray(0, 64));
    hostile.writeBigUInt64LE(0xffffffffffffn, 24); // the first key's length
    const version = Buffer.from(good);
    version.writeUInt32LE(9, 4);
    const cases = [
      write('garbage.gguf', Buffer.from('GGUF\x03\x00\x00\x00garbage')),
      write('magic.gguf', Buffer.from('NOPE\x03\x00\x00\x00\x00\x00\x00\x00')),
      write('empty.gguf', Buffer.alloc(0)),
      write('hostile.gguf', hostile),
      write('version.gguf', version),
      write('truncated-meta.gguf', good.subarray(0, 5000)),
      write('truncated-tensors.gguf', good.subarray(0, Math.floor(good.length / 40))),
    ];
    for (const p of cases) {
      const t0 = performance.now();
      assert.throws(() => checkGgufFile(p), corrupt, p);
      assert.ok(performance.now() - t0 < 2000, `${p} took ${performance.now() - t0} ms`);
    }
    assert.throws(() => checkGgufFile(join(dir, 'absent.gguf')), (e: unknown) => e instanceof HeedError && e.code === 'MODEL_MISSING');
  } finally { rmSync(dir, { recursive: true, force: true }); }
});
