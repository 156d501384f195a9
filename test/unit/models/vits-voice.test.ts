import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  PIPER_PHONEMES, VITS_FRAMES_PER_TOKEN, debianEspeakDataDir, vitsExpectedSamples, vitsHopSamples, writeRandomVitsVoice,
} from '../../../app/models/onnx/vits-voice.js';

/** The part of sherpa-onnx-node's (untyped) OfflineTts these tests use. */
interface GeneratedAudio { samples: Float32Array; sampleRate: number }
interface TtsRequest { text: string; sid: number; speed: number }
interface OfflineTts {
  readonly sampleRate: number;
  readonly numSpeakers: number;
  generate(req: TtsRequest): GeneratedAudio;
  generateAsync(req: TtsRequest & { onProgress?: (info: { samples: Float32Array; progress: number }) => number }): Promise<GeneratedAudio>;
}
interface TtsConfig {
  model: { vits: { model: string; tokens: string; dataDir: string; lengthScale: number; noiseScale: number; noiseScaleW: number }; numThreads: number; debug: number };
  maxNumSentences: number;
}
type OfflineTtsClass = new (config: TtsConfig) => OfflineTts;

const T = { timeout: 60_000 };
const require = createRequire(import.meta.url);
const sherpaPath = require.resolve('sherpa-onnx-node');
const dataDir = debianEspeakDataDir();
const dir = mkdtempSync(join(tmpdir(), 'heed-vits-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function config(model: string, tokens: string, data: string): TtsConfig {
  return {
    model: { vits: { model, tokens, dataDir: data, lengthScale: 1, noiseScale: 0.667, noiseScaleW: 0.8 }, numThreads: 1, debug: 0 },
    maxNumSentences: 1,
  };
}

function rms(s: Float32Array): number {
  let sum = 0;
  for (const x of s) sum += x * x;
  return Math.sqrt(sum / Math.max(1, s.length));
}

function peak(s: Float32Array): number {
  let p = 0;
  for (const x of s) p = Math.max(p, Math.abs(x));
  return p;
}

test('is deterministic for a seed, small, and writes the Piper phoneme map', T, () => {
  const a = writeRandomVitsVoice(join(dir, 'a'), { seed: 7 });
  const b = writeRandomVitsVoice(join(dir, 'b'), { seed: 7 });
  const c = writeRandomVitsVoice(join(dir, 'c'), { seed: 8 });
  assert.equal(a.model, join(dir, 'a', 'heed-random-vits.onnx'));
  assert.equal(a.tokens, join(dir, 'a', 'tokens.txt'));
  assert.equal(a.sampleRate, 22050);
  assert.deepEqual(a.files.map((f) => f.sha256), b.files.map((f) => f.sha256));
  assert.deepEqual(readFileSync(a.model), readFileSync(b.model));
  assert.notEqual(c.files[0]?.sha256, a.files[0]?.sha256);
  assert.equal(c.files[1]?.sha256, a.files[1]?.sha256, 'tokens.txt does not depend on the seed');
  for (const f of a.files) {
    assert.equal(f.sha256, createHash('sha256').update(readFileSync(f.path)).digest('hex'));
    assert.equal(f.bytes, readFileSync(f.path).length);
  }
  assert.ok((a.files[0]?.bytes ?? Infinity) < 2_000_000, `${a.files[0]?.bytes} bytes`);
  const named = writeRandomVitsVoice(join(dir, 'n'), { name: 'voice-16k', sampleRate: 16000 });
  assert.equal(named.model, join(dir, 'n', 'voice-16k.onnx'));
  assert.equal(named.sampleRate, 16000);
  assert.throws(() => writeRandomVitsVoice(join(dir, 'x'), { sampleRate: 0 }), RangeError);

  const lines = readFileSync(a.tokens, 'utf8').split('\n');
  assert.equal(lines.pop(), '');
  assert.equal(lines.length, PIPER_PHONEMES.length);
  assert.deepEqual(lines.slice(0, 5), ['_ 0', '^ 1', '$ 2', '  3', '! 4']);
  assert.ok(lines.includes('ˈ 120') && lines.includes('ˌ 121') && lines.includes('ː 122') && lines.includes('ə 59'));
  // One code point per symbol, no duplicates: sherpa-onnx exits the process otherwise.
  assert.ok(PIPER_PHONEMES.every((s) => [...s].length === 1));
  assert.equal(new Set(PIPER_PHONEMES).size, PIPER_PHONEMES.length);
});

test('finds Debian espeak-ng data', T, () => {
  if (dataDir === null) return;
  for (const f of ['phontab', 'phonindex', 'phondata', 'intonations']) assert.doesNotThrow(() => readFileSync(join(dataDir, f)));
});

describe('sherpa-onnx-node synthesizes with the voice', { skip: dataDir === null ? 'no espeak-ng-data' : false }, () => {
  const data = dataDir ?? '';
  const voice = writeRandomVitsVoice(join(dir, 'voice'), { seed: 1 });
  const hop = vitsHopSamples(voice.sampleRate);
  let probe: { ok: boolean; detail: string } = { ok: false, detail: 'not run' };
  let tts: OfflineTts | undefined;

  const loaded = (): OfflineTts => {
    assert.ok(probe.ok, `the child-process probe failed, so the voice is not loaded in-process: ${probe.detail}`);
    if (!tts) {
      const { OfflineTts: Tts } = require(sherpaPath) as { OfflineTts: OfflineTtsClass };
      tts = new Tts(config(voice.model, voice.tokens, data));
    }
    return tts;
  };

  before(() => {
    // sherpa-onnx exits or aborts the whole process on a bad model, so it is first loaded in a child.
    const script = `
      const { OfflineTts } = require(process.argv[1]);
      const tts = new OfflineTts(JSON.parse(process.argv[2]));
      const a = tts.generate({ text: 'Hello world.', sid: 0, speed: 1 });
      process.stdout.write(JSON.stringify({ sampleRate: tts.sampleRate, numSpeakers: tts.numSpeakers, audioRate: a.sampleRate, n: a.samples.length }));
    `;
    const r = spawnSync(process.execPath, ['-e', script, sherpaPath, JSON.stringify(config(voice.model, voice.tokens, data))], { encoding: 'utf8', timeout: 50_000 });
    const detail = `status ${r.status} signal ${r.signal} stdout ${r.stdout} stderr ${r.stderr.slice(-2000)}`;
    if (r.status !== 0) { probe = { ok: false, detail }; return; }
    const out = JSON.parse(r.stdout) as { sampleRate: number; numSpeakers: number; audioRate: number; n: number };
    probe = { ok: out.sampleRate === 22050 && out.numSpeakers === 1 && out.audioRate === 22050 && out.n > 0, detail };
  });

  test('loads in a child process, then in-process, with the metadata sample rate', T, () => {
    assert.ok(probe.ok, probe.detail);
    const t = loaded();
    assert.equal(t.sampleRate, 22050);
    assert.equal(t.numSpeakers, 1);
  });

  test('is loud but not clipped, and the same text gives the same samples', T, () => {
    const t = loaded();
    const a = t.generate({ text: 'The quick brown fox jumps over the lazy dog.', sid: 0, speed: 1 });
    const b = t.generate({ text: 'The quick brown fox jumps over the lazy dog.', sid: 0, speed: 1 });
    assert.equal(a.sampleRate, 22050);
    assert.ok(rms(a.samples) >= 0.05, `rms ${rms(a.samples)}`);
    assert.ok(peak(a.samples) <= 1, `peak ${peak(a.samples)}`);
    assert.deepEqual(a.samples, b.samples);
    // A normal sentence lasts 1-4 s; each token id lasts VITS_FRAMES_PER_TOKEN hops at speed 1.
    const seconds = a.samples.length / a.sampleRate;
    assert.ok(seconds >= 1 && seconds <= 4, `${seconds} s`);
    assert.equal(a.samples.length % (VITS_FRAMES_PER_TOKEN * hop), 0);
    const ids = a.samples.length / (VITS_FRAMES_PER_TOKEN * hop);
    assert.equal(vitsExpectedSamples(ids, 22050), a.samples.length);
  });

  test('the duration grows with the text and halves at speed 2', T, () => {
    const t = loaded();
    const short = t.generate({ text: 'Hello.', sid: 0, speed: 1 }).samples.length;
    const medium = t.generate({ text: 'Hello there, how are you?', sid: 0, speed: 1 }).samples.length;
    const long = t.generate({ text: 'Hello there, how are you? I would like a large coffee with milk, please.', sid: 0, speed: 1 }).samples.length;
    assert.ok(short < medium && medium < long, `${short} ${medium} ${long}`);
    const fast = t.generate({ text: 'Hello there, how are you?', sid: 0, speed: 2 }).samples.length;
    const ratio = fast / medium;
    assert.ok(Math.abs(ratio - 0.5) <= 0.5 * 0.15, `speed 2 / speed 1 = ${ratio}`);
    const slow = t.generate({ text: 'Hello there, how are you?', sid: 0, speed: 0.5 }).samples.length;
    assert.ok(Math.abs(slow / medium - 2) <= 2 * 0.15, `speed 0.5 / speed 1 = ${slow / medium}`);
  });

  test('generateAsync streams one chunk per sentence; returning 0 stops the chunks', T, async () => {
    const t = loaded();
    const text = 'Hello world. How are you today? I am fine, thanks!';
    const whole = t.generate({ text, sid: 0, speed: 1 });
    const chunks: Array<{ n: number; progress: number }> = [];
    const streamed = await t.generateAsync({ text, sid: 0, speed: 1, onProgress: (info) => { chunks.push({ n: info.samples.length, progress: info.progress }); return 1; } });
    assert.equal(chunks.length, 3);
    assert.equal(chunks.at(-1)?.progress, 1);
    assert.ok(chunks.every((c, i) => i === 0 || c.progress > (chunks[i - 1]?.progress ?? 0)));
    assert.equal(chunks.reduce((a, c) => a + c.n, 0), whole.samples.length);
    assert.deepEqual(streamed.samples, whole.samples);
    assert.equal(streamed.sampleRate, 22050);

    // Returning 0 cancels: no further chunk reaches onProgress. Generation itself stops late (the
    // callback runs on the JS thread while the worker goes on), so the resolved audio may hold
    // more sentences than were delivered; only the delivered chunks are checked.
    let calls = 0;
    const stopped = await t.generateAsync({ text, sid: 0, speed: 1, onProgress: () => { calls++; return 0; } });
    assert.equal(calls, 1);
    assert.ok(stopped.samples.length >= (chunks[0]?.n ?? 0));
  });

  test('a 16 kHz voice reports and produces 16 kHz with the same timing per token', T, () => {
    const t = loaded();
    const v16 = writeRandomVitsVoice(join(dir, 'voice16'), { seed: 1, sampleRate: 16000 });
    const { OfflineTts: Tts } = require(sherpaPath) as { OfflineTts: OfflineTtsClass };
    const t16 = new Tts(config(v16.model, v16.tokens, data));
    assert.equal(t16.sampleRate, 16000);
    const text = 'Hello there, how are you?';
    const a16 = t16.generate({ text, sid: 0, speed: 1 });
    const a22 = t.generate({ text, sid: 0, speed: 1 });
    assert.equal(a16.sampleRate, 16000);
    assert.ok(rms(a16.samples) >= 0.05 && peak(a16.samples) <= 1);
    assert.equal(a16.samples.length / vitsHopSamples(16000), a22.samples.length / hop);
  });
});
