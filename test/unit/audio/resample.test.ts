import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resample, resampledLength, StreamingResampler } from '../../../app/audio/resample.js';
import { floatToInt16, int16ToFloat, rms, toMono } from '../../../app/audio/pcm.js';
import { concat, sine, toneAmplitude, whiteNoise, zeroCrossingFrequency } from '../../helpers/audio.js';

const T = { timeout: 20_000 };

/** Measures a tone away from the edges (where the zero padding of the stream start/end shows). */
function measure(x: Float32Array, f: number, rate: number): { amp: number; freq: number } {
  const start = Math.floor(rate * 0.1);
  const end = x.length - start;
  return { amp: toneAmplitude(x, f, rate, start, end), freq: zeroCrossingFrequency(x, rate, start, end) };
}

for (const [from, to, f] of [[44100, 16000, 1000], [44100, 16000, 5000], [8000, 16000, 440], [48000, 16000, 3000], [16000, 44100, 2500], [22050, 16000, 6000]] as const) {
  test(`a ${f} Hz sine keeps frequency and amplitude through ${from}→${to}`, T, () => {
    const x = sine(f, from, from, 0.5); // 1 s
    const y = resample(x, from, to);
    assert.equal(y.length, resampledLength(x.length, from, to));
    assert.equal(y.length, to);
    const m = measure(y, f, to);
    assert.ok(Math.abs(m.amp - 0.5) < 0.5 * 0.03, `amplitude ${m.amp}`); // within 0.3 dB
    assert.ok(Math.abs(m.freq - f) < f * 0.005, `frequency ${m.freq}`);
    // And the waveform is right sample by sample (zero phase: output n sits at input n*from/to).
    const ref = sine(f, to, to, 0.5);
    let err = 0;
    for (let i = 1600; i < to - 1600; i++) err = Math.max(err, Math.abs((y[i] as number) - (ref[i] as number)));
    assert.ok(err < 0.02, `max sample error ${err}`);
  });
}

for (const [from, f] of [[44100, 10000], [44100, 12000], [48000, 9000], [44100, 20000]] as const) {
  test(`a ${f} Hz tone above the new Nyquist is suppressed (${from}→16000)`, T, () => {
    const y = resample(sine(f, from, from, 0.5), from, 16000);
    const alias = 16000 - f > 0 ? Math.abs(16000 - f) : f - 16000;
    const level = rms(y, 1600, y.length - 1600);
    assert.ok(level < 0.5e-3, `residual rms ${level} (> -66 dB re 0.5)`);
    assert.ok(toneAmplitude(y, alias, 16000, 1600, y.length - 1600) < 0.5e-3, `alias at ${alias} Hz`);
  });
}

test('identity when the rates match', T, () => {
  const x = whiteNoise(1000, 0.1, 7);
  assert.equal(resample(x, 16000, 16000), x);
});

test('short and empty inputs', T, () => {
  assert.equal(resample(new Float32Array(0), 44100, 16000).length, 0);
  assert.equal(resample(new Float32Array(3), 8000, 16000).length, 6);
  assert.throws(() => resample(new Float32Array(3), 0, 16000));
  assert.throws(() => resample(new Float32Array(3), 8000.5, 16000));
});

test('DC passes at unity gain', T, () => {
  const y = resample(new Float32Array(44100).fill(0.25), 44100, 16000);
  for (let i = 200; i < y.length - 200; i++) assert.ok(Math.abs((y[i] as number) - 0.25) < 1e-4);
});

for (const [from, to] of [[44100, 16000], [8000, 16000], [48000, 16000], [16000, 16000], [16000, 22050]] as const) {
  test(`streaming ${from}→${to} in odd chunks equals the batch result`, T, () => {
    const x = whiteNoise(from, 0.2, 3);
    const batch = resample(x, from, to);
    const s = new StreamingResampler(from, to);
    const parts: Float32Array[] = [];
    let off = 0;
    const sizes = [1, 7, 333, 1024, 4095, 5, 160, 2000];
    for (let i = 0; off < x.length; i++) {
      const n = sizes[i % sizes.length] as number;
      parts.push(s.push(x.subarray(off, off + n)));
      off += n;
    }
    parts.push(s.flush());
    const got = concat(...parts);
    assert.equal(got.length, batch.length);
    for (let i = 0; i < got.length; i++) assert.ok(Math.abs((got[i] as number) - (batch[i] as number)) < 1e-5, `sample ${i}`);
  });
}

test('pcm helpers', T, () => {
  const f = Float32Array.from([0, 0.5, -0.5, 1.5, -2, Number.NaN]);
  assert.deepEqual(Array.from(floatToInt16(f)), [0, 16384, -16384, 32767, -32768, 0]);
  assert.deepEqual(Array.from(int16ToFloat(Int16Array.from([16384, -32768]))), [0.5, -1]);
  assert.deepEqual(Array.from(toMono([Float32Array.from([1, 0]), Float32Array.from([0, 1])])), [0.5, 0.5]);
  assert.ok(Math.abs(rms(sine(100, 16000, 16000, 1)) - Math.SQRT1_2) < 1e-3);
});
