import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Denoiser } from '../../../app/audio/denoiser.js';
import { floatToInt16, int16ToFloat, rms } from '../../../app/audio/pcm.js';
import { HeedError } from '../../../app/core/errors.js';
import { concat, sine, toneAmplitude, whiteNoise } from '../../helpers/audio.js';

const T = { timeout: 20_000 };
const RATE = 16000;

/** Runs pcm through a denoiser in chunks of `chunk` samples, then flushes. */
function run(d: Denoiser, pcm: Int16Array, chunk: number): Int16Array {
  const parts: Int16Array[] = [];
  for (let i = 0; i < pcm.length; i += chunk) parts.push(d.process(pcm.subarray(i, i + chunk)));
  parts.push(d.flush());
  const out = new Int16Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) { out.set(p, at); at += p.length; }
  return out;
}

/** 3 s of white noise, then 300 ms of noise plus a 1 kHz tone, then 200 ms of noise. */
function noisyTone(): { pcm: Int16Array; toneAt: number; toneLen: number } {
  const noise = whiteNoise(Math.round(3.5 * RATE), 0.02, 7);
  const toneAt = 3 * RATE;
  const toneLen = Math.round(0.3 * RATE);
  const tone = sine(1000, RATE, toneLen, 0.3);
  const x = concat(noise);
  for (let i = 0; i < toneLen; i++) x[toneAt + i] = (x[toneAt + i] as number) + (tone[i] as number);
  return { pcm: floatToInt16(x), toneAt, toneLen };
}

const db = (a: number, b: number): number => 20 * Math.log10(a / b);

test('suppresses stationary noise once adapted but keeps a tone', T, () => {
  const { pcm, toneAt, toneLen } = noisyTone();
  const d = new Denoiser();
  const out = run(d, pcm, 512);
  d.close();
  assert.equal(out.length, pcm.length);
  const x = int16ToFloat(pcm);
  const y = int16ToFloat(out);
  const quietIn = rms(x.subarray(2 * RATE, toneAt));
  const quietOut = rms(y.subarray(2 * RATE, toneAt));
  assert.ok(db(quietOut, quietIn) < -8, `noise only went from ${quietIn} to ${quietOut} rms`);
  const start = toneAt + 800;
  const end = toneAt + toneLen;
  const ampIn = toneAmplitude(x, 1000, RATE, start, end);
  const ampOut = toneAmplitude(y, 1000, RATE, start, end);
  assert.ok(Math.abs(db(ampOut, ampIn)) < 3, `tone amplitude ${ampIn} -> ${ampOut}`);
});

test('passes the first warm-up second through unchanged', T, () => {
  const { pcm } = noisyTone();
  const d = new Denoiser();
  const out = run(d, pcm, 4096);
  d.close();
  assert.deepEqual(out.subarray(0, RATE), pcm.subarray(0, RATE));
  assert.notDeepEqual(out.subarray(2 * RATE, 3 * RATE), pcm.subarray(2 * RATE, 3 * RATE));
});

test('output does not depend on chunking, and reset() starts afresh (deterministic)', T, () => {
  const { pcm } = noisyTone();
  const d = new Denoiser();
  assert.equal(d.frameSize, 160);
  const a = run(d, pcm, 512);
  d.reset();
  const b = run(d, pcm, 97);
  d.close();
  const c = new Denoiser();
  const e = run(c, pcm, 4096);
  c.close();
  assert.deepEqual(b, a);
  assert.deepEqual(e, a);
});

test('holds back a partial frame until the next call or flush()', T, () => {
  const d = new Denoiser({ warmupMs: 0 });
  assert.equal(d.process(new Int16Array(100)).length, 0);
  assert.equal(d.process(new Int16Array(100)).length, 160);
  assert.equal(d.flush().length, 40);
  assert.equal(d.flush().length, 0);
  d.close();
});

test('a closed denoiser is DECODER_STATE; close() is idempotent', T, () => {
  const d = new Denoiser();
  d.close();
  d.close();
  assert.throws(() => d.process(new Int16Array(160)), (err: unknown) => err instanceof HeedError && err.code === 'DECODER_STATE');
});
