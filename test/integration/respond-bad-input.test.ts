/** `heed respond` on bad input: one line, non-zero exit, no stack trace, nothing written to the database. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { heed, parseJsonLine } from '../helpers/cli.js';
import { encodeWav } from '../../app/audio/wav.js';

const dir = mkdtempSync(join(tmpdir(), 'heed-bad-'));
const db = join(dir, 'store.db');

function header(format: number, channels: number, rate: number, bits: number, dataBytes: number): Buffer {
  const h = Buffer.alloc(44);
  h.write('RIFF', 0); h.writeUInt32LE(36 + dataBytes, 4); h.write('WAVE', 8);
  h.write('fmt ', 12); h.writeUInt32LE(16, 16); h.writeUInt16LE(format, 20); h.writeUInt16LE(channels, 22);
  h.writeUInt32LE(rate, 24); h.writeUInt32LE((rate * channels * bits) / 8, 28); h.writeUInt16LE((channels * bits) / 8, 32); h.writeUInt16LE(bits, 34);
  h.write('data', 36); h.writeUInt32LE(dataBytes, 40);
  return h;
}

const cases: Array<{ name: string; bytes: () => Buffer; code: string; says: RegExp }> = [
  { name: 'not a WAV', bytes: () => Buffer.from('hello, this is a text file\n'), code: 'WAV_INVALID', says: /not a (valid )?WAV/i },
  { name: 'zero-length file', bytes: () => Buffer.alloc(0), code: 'WAV_', says: /WAV|empty/i },
  { name: 'truncated', bytes: () => Buffer.concat([header(1, 1, 16000, 16, 32000), Buffer.alloc(1000)]), code: 'WAV_TRUNCATED', says: /truncated/i },
  { name: 'header only, no samples', bytes: () => header(1, 1, 16000, 16, 0).subarray(0, 44), code: 'WAV_EMPTY', says: /no audio|empty/i },
  { name: 'a 10-minute recording', bytes: () => Buffer.concat([header(1, 1, 16000, 16, 600 * 32000), Buffer.alloc(600 * 32000)]), code: 'WAV_TOO_LONG', says: /600\.0 s long; at most 60 s/ },
  { name: 'mu-law encoding', bytes: () => Buffer.concat([header(7, 1, 8000, 8, 8000), Buffer.alloc(8000)]), code: 'WAV_UNSUPPORTED', says: /law|encoding|format/i },
  { name: 'sample rate outside 8-48 kHz', bytes: () => Buffer.concat([header(1, 1, 96000, 16, 19200), Buffer.alloc(19200)]), code: 'WAV_UNSUPPORTED', says: /96000/ },
];

for (const c of cases) {
  test(`respond: ${c.name} → one-line error, exit 1, database untouched`, { timeout: 60_000 }, async () => {
    const file = join(dir, `${c.name.replace(/\W+/g, '-')}.wav`);
    writeFileSync(file, c.bytes());
    const r = await heed(['respond', file, join(dir, 'out.wav'), '--db', db, '--json']);
    assert.equal(r.code, 1, r.stderr);
    const lines = r.stderr.trim().split('\n');
    assert.equal(lines.length, 1, `one line expected, got:\n${r.stderr}`);
    assert.match(lines[0] ?? '', /^heed: /);
    assert.ok(lines[0]?.includes(c.code), lines[0]);
    assert.match(lines[0] ?? '', c.says);
    assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
    assert.equal(r.stdout, '');
    assert.equal(existsSync(db), false, 'bad input must not create or write the database');
  });
}

test('respond: a file that does not exist', { timeout: 30_000 }, async () => {
  const r = await heed(['respond', join(dir, 'nope.wav'), '--db', db]);
  assert.equal(r.code, 1);
  assert.match(r.stderr.trim(), /^heed: .*nope\.wav.*\[FILE_NOT_FOUND\]$/);
  assert.equal(existsSync(db), false);
});

test('respond: usage errors exit 2', { timeout: 30_000 }, async () => {
  const r = await heed(['respond']);
  assert.equal(r.code, 2);
  const r2 = await heed(['respond', 'a.wav', '--bogus']);
  assert.equal(r2.code, 2);
  assert.match(r2.stderr, /unknown option --bogus/);
});

test('respond: a malformed config file is a one-line CONFIG_INVALID error', { timeout: 30_000 }, async () => {
  const cfg = join(dir, 'bad.json');
  writeFileSync(cfg, JSON.stringify({ vad: { threshold: 7 } }));
  const wav = join(dir, 'ok.wav');
  writeFileSync(wav, encodeWav(new Int16Array(16000), 16000));
  const r = await heed(['respond', wav, '--config', cfg, '--db', db]);
  assert.equal(r.code, 1);
  assert.match(r.stderr.trim(), /^heed: .*vad\.threshold.*\[CONFIG_INVALID\]$/);
});

test('respond: silence only → the agent says it heard nothing, and writes no order', { timeout: 90_000 }, async () => {
  const wav = join(dir, 'silence.wav');
  const quiet = new Int16Array(16000 * 2);
  for (let i = 0; i < quiet.length; i++) quiet[i] = ((i * 7919) % 13) - 6; // faint deterministic hiss
  writeFileSync(wav, encodeWav(quiet, 16000));
  const out = join(dir, 'silence-reply.wav');
  const r = await heed(['respond', wav, out, '--db', db, '--json', '--session', 'quiet']);
  assert.equal(r.code, 0, r.stderr);
  const j = parseJsonLine<{ transcript: string; intent: string; reply: string; order: unknown; toolCalls: unknown[] }>(r.stdout);
  assert.equal(j.transcript, '');
  assert.equal(j.intent, 'no_speech');
  assert.match(j.reply, /didn.t (hear|catch)|heard nothing/i);
  assert.equal(j.order, null);
  assert.deepEqual(j.toolCalls, []);
  assert.ok(existsSync(out), 'the spoken reply was written');
});

test('respond: a missing acoustic model names the path and the fix', { timeout: 60_000 }, async () => {
  const cfg = join(dir, 'missing-model.json');
  writeFileSync(cfg, JSON.stringify({ stt: { hmm: join(dir, 'no-such-model') } }));
  const wav = join(dir, 'ok2.wav');
  writeFileSync(wav, encodeWav(new Int16Array(16000), 16000));
  const r = await heed(['respond', wav, '--config', cfg, '--db', join(dir, 'other.db')]);
  assert.equal(r.code, 1);
  assert.match(r.stderr.trim(), /^heed: .*no-such-model.*\[MODEL_MISSING\]$/);
});

test('respond: a corrupt VAD model is named as corrupt', { timeout: 60_000 }, async () => {
  const bad = join(dir, 'corrupt.onnx');
  writeFileSync(bad, Buffer.from('this is not an onnx model'));
  const cfg = join(dir, 'corrupt-model.json');
  writeFileSync(cfg, JSON.stringify({ vad: { modelPath: bad } }));
  const wav = join(dir, 'ok3.wav');
  writeFileSync(wav, encodeWav(new Int16Array(16000), 16000));
  const r = await heed(['respond', wav, '--config', cfg, '--db', join(dir, 'other2.db')]);
  assert.equal(r.code, 1);
  assert.match(r.stderr.trim(), /^heed: .*corrupt\.onnx.*\[MODEL_CORRUPT\]$/);
});
