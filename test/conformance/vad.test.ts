import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HeedError } from '../../app/core/errors.js';
import { toMono } from '../../app/audio/pcm.js';
import { resample } from '../../app/audio/resample.js';
import { parseWav } from '../../app/audio/wav.js';
import { FakeVad } from '../../app/engines/vad/fake.js';
import { detectSegments } from '../../app/engines/vad/segmenter.js';
import { defaultSileroModelPath, SileroVad } from '../../app/engines/vad/silero.js';
import { conformanceSpeech, runVadConformance } from './vad.conformance.js';
import { HUMAN_SPEECH_WAV } from '../helpers/audio.js';

runVadConformance('fake', async () => new FakeVad());
runVadConformance('silero', async () => SileroVad.create());

const T = { timeout: 60_000 };

test('silero: the packaged model is found, loads, and its speed is measured', T, async (t) => {
  assert.ok(existsSync(defaultSileroModelPath()), defaultSileroModelPath());
  const vad = await SileroVad.create();
  try {
    const audio = (await conformanceSpeech()) ?? new Float32Array(16000 * 3);
    await vad.process(audio); // warm
    await vad.reset();
    const t0 = performance.now();
    await vad.process(audio);
    const msPerSec = (performance.now() - t0) / (audio.length / 16000);
    t.diagnostic(`silero: load ${vad.loadMs.toFixed(1)} ms, ${msPerSec.toFixed(2)} ms per second of audio`);
    assert.ok(msPerSec < 100, `${msPerSec} ms per second of audio`);
  } finally {
    await vad.close();
  }
});

test('silero: a missing model is MODEL_MISSING naming the file; garbage is MODEL_CORRUPT', T, async () => {
  const dir = await mkdtemp(join(tmpdir(), 'heed-vad-'));
  try {
    const missing = join(dir, 'nope.onnx');
    await assert.rejects(SileroVad.create({ modelPath: missing }), (e: unknown) => {
      assert.ok(e instanceof HeedError && e.code === 'MODEL_MISSING', String(e));
      assert.ok(e.message.includes(missing) && e.message.includes('npm install'), e.message);
      return true;
    });
    const garbage = join(dir, 'garbage.onnx');
    await writeFile(garbage, Buffer.from('definitely not an onnx protobuf'.repeat(100)));
    await assert.rejects(SileroVad.create({ modelPath: garbage }), (e: unknown) => {
      assert.ok(e instanceof HeedError && e.code === 'MODEL_CORRUPT', String(e));
      assert.ok(e.message.includes(garbage), e.message);
      return true;
    });
    const ac = new AbortController();
    ac.abort();
    await assert.rejects(SileroVad.create({ signal: ac.signal }), (e: unknown) => e instanceof HeedError && e.code === 'ABORTED');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('silero + segmenter: one segment around synthetic speech, and real human speech is found', T, async (t) => {
  const vad = await SileroVad.create();
  try {
    const cfg = { threshold: 0.5, minSpeechMs: 250, minSilenceMs: 500, speechPadMs: 100 };
    const speech = await conformanceSpeech();
    if (speech) {
      const segs = await detectSegments(vad, speech, cfg);
      t.diagnostic(`flite: ${JSON.stringify(segs.map((s) => [s.startMs, s.endMs]))} of ${(speech.length / 16).toFixed(0)} ms`);
      assert.ok(segs.length >= 1);
      const first = segs[0];
      const last = segs.at(-1);
      assert.ok(first && last);
      assert.ok(first.startMs >= 350 && first.startMs <= 1000, `starts at ${first.startMs}`);
      assert.ok(last.endMs >= speech.length / 16 - 900, `ends at ${last.endMs}`);
    }
    assert.ok(existsSync(HUMAN_SPEECH_WAV), `${HUMAN_SPEECH_WAV} is missing: bash scripts/setup.sh installs pocketsphinx-testdata`);
    const wav = parseWav(await readFile(HUMAN_SPEECH_WAV));
    const audio = resample(toMono(wav.channelData), wav.sampleRate, 16000);
    const segs = await detectSegments(vad, audio, cfg);
    const voiced = segs.reduce((s, x) => s + x.endMs - x.startMs, 0);
    t.diagnostic(`human speech: ${segs.length} segments, ${voiced} ms voiced of ${(audio.length / 16).toFixed(0)} ms`);
    assert.ok(voiced > (audio.length / 16) * 0.5);
  } finally {
    await vad.close();
  }
});

test('silero: aborting in the middle of a long call leaves the stream as it was', T, async () => {
  const vad = await SileroVad.create();
  try {
    const audio = (await conformanceSpeech()) ?? new Float32Array(16000 * 5);
    const ref = await vad.process(audio);
    await vad.reset();
    const ac = new AbortController();
    const pending = vad.process(audio, { signal: ac.signal });
    setTimeout(() => ac.abort(), 5);
    await assert.rejects(pending, (e: unknown) => e instanceof HeedError && e.code === 'ABORTED');
    const after = await vad.process(audio);
    assert.equal(after.length, ref.length);
    for (let i = 0; i < ref.length; i++) assert.ok(Math.abs((after[i] as number) - (ref[i] as number)) < 1e-5, `window ${i}`);
  } finally {
    await vad.close();
  }
});
