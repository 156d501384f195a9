/**
 * The VadEngine contract, run against every implementation (fake and real):
 * window counting and buffering, probability range, state carried across calls, reset, silence
 * vs speech, abort and close.
 */
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { HeedError } from '../../app/core/errors.js';
import { toMono } from '../../app/audio/pcm.js';
import { resample } from '../../app/audio/resample.js';
import { parseWav } from '../../app/audio/wav.js';
import type { VadEngine } from '../../app/engines/vad/types.js';
import { VAD_WINDOW_SAMPLES } from '../../app/engines/vad/types.js';
import { concat, hasCommand, HUMAN_SPEECH_WAV, synthSpeech16k, whiteNoise } from '../helpers/audio.js';

const T = { timeout: 60_000 };
const ODD_CHUNKS = [1, 511, 513, 1000, 7, 2048, 333, 4000, 64, 512];

/** 16 kHz speech with half a second of silence either side: flite, else Debian's human speech. */
export async function conformanceSpeech(): Promise<Float32Array | null> {
  let speech: Float32Array | null = null;
  if (hasCommand('flite')) {
    speech = await synthSpeech16k('Hello there. I would like to order two cheeseburgers and a large coffee, please.');
  } else if (existsSync(HUMAN_SPEECH_WAV)) {
    const wav = parseWav(await readFile(HUMAN_SPEECH_WAV));
    speech = resample(toMono(wav.channelData), wav.sampleRate, 16000);
  }
  return speech && concat(new Float32Array(8000), speech, new Float32Array(8000));
}

async function feedInChunks(vad: VadEngine, audio: Float32Array, sizes: readonly number[]): Promise<Float32Array> {
  const parts: Float32Array[] = [];
  let off = 0;
  for (let i = 0; off < audio.length; i++) {
    const n = sizes[i % sizes.length] as number;
    parts.push(await vad.process(audio.slice(off, off + n)));
    off += n;
  }
  return concat(...parts);
}

function assertClose(a: Float32Array, b: Float32Array, tol: number, what: string): void {
  assert.equal(a.length, b.length, `${what}: lengths`);
  for (let i = 0; i < a.length; i++) {
    assert.ok(Math.abs((a[i] as number) - (b[i] as number)) <= tol, `${what}: window ${i}: ${a[i]} vs ${b[i]}`);
  }
}

export function runVadConformance(name: string, factory: () => Promise<VadEngine>): void {
  describe(`VadEngine conformance: ${name}`, () => {
    let vad: VadEngine;
    let speech: Float32Array | null = null;
    const noise = whiteNoise(16000 * 2 + 300, 0.05, 42);

    before(async () => {
      vad = await factory();
      speech = await conformanceSpeech();
    }, T);
    after(async () => { await vad.close(); }, T);

    test('one probability per completed 512-sample window, whatever the chunking, all in [0, 1]', T, async () => {
      await vad.reset();
      const probs = await feedInChunks(vad, noise, ODD_CHUNKS);
      assert.equal(probs.length, Math.floor(noise.length / VAD_WINDOW_SAMPLES));
      for (const p of probs) assert.ok(p >= 0 && p <= 1 && Number.isFinite(p), `probability ${p}`);
      await vad.reset();
      assert.equal((await vad.process(new Float32Array(511))).length, 0);
      assert.equal((await vad.process(new Float32Array(1))).length, 1);
      assert.equal((await vad.process(new Float32Array(0))).length, 0);
    });

    test('state is carried across calls: one call and many chunks agree within 1e-5', T, async () => {
      const audio = speech ?? noise;
      await vad.reset();
      const whole = await vad.process(audio);
      await vad.reset();
      const chunked = await feedInChunks(vad, audio, ODD_CHUNKS);
      assertClose(chunked, whole, 1e-5, 'chunked vs whole');
    });

    test('reset() restores the initial behaviour and drops the buffered remainder', T, async () => {
      const audio = speech ?? noise;
      await vad.reset();
      const first = await vad.process(audio);
      await vad.process(noise.subarray(0, 300)); // leaves a remainder behind
      await vad.reset();
      const again = await vad.process(audio);
      assertClose(again, first, 1e-5, 'after reset');
    });

    test('silence scores low', T, async () => {
      await vad.reset();
      const zeros = await vad.process(new Float32Array(16000));
      for (const p of zeros) assert.ok(p < 0.2, `digital silence scored ${p}`);
      await vad.reset();
      const quiet = await vad.process(whiteNoise(16000, 0.0003, 9));
      for (const p of quiet) assert.ok(p < 0.3, `-70 dBFS noise scored ${p}`);
    });

    test('speech scores high in places', T, async (t) => {
      assert.ok(speech, 'no flite CLI and no pocketsphinx test data to make speech with: bash scripts/setup.sh installs them');
      await vad.reset();
      const probs = await vad.process(speech);
      const high = probs.filter((p) => p > 0.6).length;
      t.diagnostic(`${name}: ${high}/${probs.length} windows above 0.6, max ${Math.max(...probs).toFixed(3)}`);
      assert.ok(high >= probs.length * 0.25, `only ${high} of ${probs.length} windows above 0.6`);
      // The half second of leading silence stays low.
      for (let i = 0; i < 12; i++) assert.ok((probs[i] as number) < 0.5, `leading silence window ${i}: ${probs[i]}`);
    });

    test('an aborted call throws ABORTED and consumes nothing', T, async () => {
      await vad.reset();
      const ac = new AbortController();
      ac.abort();
      await assert.rejects(vad.process(noise.subarray(0, 1300), { signal: ac.signal }),
        (e: unknown) => e instanceof HeedError && e.code === 'ABORTED');
      assert.equal((await vad.process(noise.subarray(0, 512))).length, 1);
    });

    test('close() then process() fails with a HeedError', T, async () => {
      const own = await factory();
      await own.close();
      await own.close(); // idempotent
      await assert.rejects(own.process(new Float32Array(512)), (e: unknown) => e instanceof HeedError && e.code !== 'ABORTED');
    });
  });
}
