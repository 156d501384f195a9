import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  MOONSHINE_EOS, MOONSHINE_SOS, MOONSHINE_VOCAB, moonshineFrames, moonshineMaxTokens, writeRandomMoonshine, type RandomMoonshine,
} from '../../../app/models/onnx/moonshine.js';

/** The part of sherpa-onnx-node's (untyped) OfflineRecognizer these tests use. */
interface Wave { samples: Float32Array; sampleRate: number }
interface Stream { acceptWaveform(w: Wave): void }
interface Result { text: string; tokens: string[]; [key: string]: unknown }
interface Recognizer {
  createStream(): Stream;
  decode(s: Stream): void;
  decodeAsync(s: Stream): Promise<Result>;
  getResult(s: Stream): Result;
}
type RecognizerClass = new (config: RecognizerConfig) => Recognizer;
interface RecognizerConfig {
  featConfig: { sampleRate: number; featureDim: number };
  modelConfig: {
    moonshine: { preprocessor: string; encoder: string; uncachedDecoder: string; cachedDecoder: string };
    tokens: string; numThreads: number; provider: string; debug: number;
  };
}

const T = { timeout: 60_000 };
const require = createRequire(import.meta.url);
const sherpaPath = require.resolve('sherpa-onnx-node');
const ortUrl = pathToFileURL(require.resolve('onnxruntime-node')).href;
const dir = mkdtempSync(join(tmpdir(), 'heed-moonshine-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** getResult()'s JSON keys for Moonshine under sherpa-onnx 1.13.8. */
const RESULT_KEYS = ['durations', 'emotion', 'event', 'lang', 'text', 'timestamps', 'tokens', 'words', 'ys_log_probs'];

function config(m: RandomMoonshine): RecognizerConfig {
  return {
    featConfig: { sampleRate: 16000, featureDim: 80 },
    modelConfig: {
      moonshine: { preprocessor: m.preprocessor, encoder: m.encoder, uncachedDecoder: m.uncachedDecoder, cachedDecoder: m.cachedDecoder },
      tokens: m.tokens, numThreads: 1, provider: 'cpu', debug: 0,
    },
  };
}

/** A 220 Hz tone with a little hash, `seconds` long at `rate`. */
function tone(seconds: number, rate = 16000): Float32Array {
  const n = Math.round(seconds * rate);
  const s = new Float32Array(n);
  for (let i = 0; i < n; i++) s[i] = 0.3 * Math.sin((2 * Math.PI * 220 * i) / rate) + 0.05 * Math.sin(i * 0.7);
  return s;
}

/** Tokens as sherpa-onnx prints them: a leading ▁ becomes a space. */
const PRINTED = new Set(MOONSHINE_VOCAB.map((t) => t.replace(/^▁/, ' ')));

interface ChildRun { status: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }

/** Runs a CommonJS script in a fresh node: sherpa-onnx exits or aborts the process on bad input. */
function child(script: string, args: string[], esm = false): ChildRun {
  const r = spawnSync(process.execPath, [...(esm ? ['--input-type=module'] : []), '-e', script, ...args], { encoding: 'utf8', timeout: 50_000 });
  return { status: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr };
}

const describeRun = (r: ChildRun): string => `status ${r.status} signal ${r.signal} stdout ${r.stdout.slice(0, 2000)} stderr ${r.stderr.slice(-2000)}`;

test('is deterministic for a seed, small, and writes the v1 file set', T, () => {
  const a = writeRandomMoonshine(join(dir, 'a'), { seed: 7 });
  const b = writeRandomMoonshine(join(dir, 'b'), { seed: 7 });
  const c = writeRandomMoonshine(join(dir, 'c'), { seed: 8 });
  assert.deepEqual(
    [a.preprocessor, a.encoder, a.uncachedDecoder, a.cachedDecoder, a.tokens],
    ['preprocess.onnx', 'encode.onnx', 'uncached_decode.onnx', 'cached_decode.onnx', 'tokens.txt'].map((f) => join(dir, 'a', f)),
  );
  assert.equal(a.dir, join(dir, 'a'));
  assert.deepEqual(a.files.map((f) => f.path), [a.preprocessor, a.encoder, a.uncachedDecoder, a.cachedDecoder, a.tokens]);
  assert.deepEqual(a.files.map((f) => f.sha256), b.files.map((f) => f.sha256));
  for (let i = 0; i < 4; i++) assert.notEqual(c.files[i]?.sha256, a.files[i]?.sha256, `file ${i} depends on the seed`);
  assert.equal(c.files[4]?.sha256, a.files[4]?.sha256, 'tokens.txt does not depend on the seed');
  for (const f of a.files) {
    const bytes = readFileSync(f.path);
    assert.equal(f.bytes, bytes.length);
    assert.equal(f.sha256, createHash('sha256').update(bytes).digest('hex'));
  }
  const total = a.files.reduce((s, f) => s + f.bytes, 0);
  assert.ok(total < 1_000_000, `${total} bytes`);
  // eosAfter changes the decoders only.
  const d = writeRandomMoonshine(join(dir, 'd'), { seed: 7, eosAfter: Infinity });
  assert.deepEqual(d.files.map((f, i) => f.sha256 === a.files[i]?.sha256), [true, true, false, false, true]);
  assert.throws(() => writeRandomMoonshine(join(dir, 'x'), { eosAfter: -1 }), RangeError);
  assert.throws(() => writeRandomMoonshine(join(dir, 'x'), { eosAfter: 1.5 }), RangeError);

  const lines = readFileSync(a.tokens, 'utf8').split('\n');
  assert.equal(lines.pop(), '');
  assert.equal(lines.length, MOONSHINE_VOCAB.length);
  assert.deepEqual(lines.slice(0, 4), ['<unk> 0', '<s> 1', '</s> 2', 'a 3']);
  assert.equal(MOONSHINE_VOCAB[MOONSHINE_SOS], '<s>');
  assert.equal(MOONSHINE_VOCAB[MOONSHINE_EOS], '</s>');
  assert.equal(new Set(MOONSHINE_VOCAB).size, MOONSHINE_VOCAB.length);
  assert.ok(MOONSHINE_VOCAB.every((t) => !/\s/.test(t)));
});

test('frames and the max length follow the real preprocessor and sherpa-onnx', T, () => {
  assert.equal(moonshineFrames(159_414), 413); // the real tiny model's figure for its test wave
  assert.equal(moonshineFrames(16_000), 40);
  assert.equal(moonshineMaxTokens(16_000), 5);
  assert.equal(moonshineMaxTokens(48_000), 17);
  assert.equal(moonshineMaxTokens(160_000), 59);
  assert.equal(moonshineMaxTokens(480_000), 179);
  assert.equal(moonshineFrames(0), 0);
  assert.equal(moonshineFrames(894), 0);
  assert.equal(moonshineFrames(895), 1);
  assert.equal(moonshineMaxTokens(895), 0);
});

test('onnxruntime: names, shapes, and the cached decoder continues the uncached one exactly', T, () => {
  const m = writeRandomMoonshine(join(dir, 'ort'), { seed: 3, eosAfter: Infinity });
  // In a child: onnxruntime-node and sherpa-onnx's own onnxruntime stay in separate processes.
  const script = `
    const ort = (await import(process.argv[1])).default;
    const m = JSON.parse(process.argv[2]);
    const [pre, enc, unc, cac] = await Promise.all([m.preprocessor, m.encoder, m.uncachedDecoder, m.cachedDecoder]
      .map((p) => ort.InferenceSession.create(p, { intraOpNumThreads: 1 })));
    const i32 = (v, dims) => new ort.Tensor('int32', Int32Array.from(v), dims);
    const n = 48000;
    const audio = Float32Array.from({ length: n }, (_, i) => 0.3 * Math.sin(i * 0.05));
    const f = (await pre.run({ audio: new ort.Tensor('float32', audio, [1, n]) })).features;
    const e = (await enc.run({ features: f, features_len: i32([f.dims[1]], [1]) })).encoder_out;
    const seq = [1, 10, 20, 30, 40];
    let out = await unc.run({ tokens: i32([1], [1, 1]), encoder_out: e, seq_len: i32([1], [1]) });
    const first = { logits: out.logits.dims, states: unc.outputNames.slice(1).map((k) => out[k].dims) };
    let states = unc.outputNames.slice(1).map((k) => out[k]);
    for (let i = 1; i < seq.length; i++) {
      const feeds = { tokens: i32([seq[i]], [1, 1]), encoder_out: e, seq_len: i32([i + 1], [1]) };
      cac.inputNames.slice(3).forEach((k, j) => { feeds[k] = states[j]; });
      out = await cac.run(feeds);
      states = cac.outputNames.slice(1).map((k) => out[k]);
    }
    const full = await unc.run({ tokens: i32(seq, [1, seq.length]), encoder_out: e, seq_len: i32([seq.length], [1]) });
    const V = full.logits.dims[2];
    const last = full.logits.data.slice((seq.length - 1) * V);
    let maxDiff = 0;
    for (let j = 0; j < V; j++) maxDiff = Math.max(maxDiff, Math.abs(last[j] - out.logits.data[j]));
    const io = (s) => ({ inputs: s.inputNames, outputs: s.outputNames });
    process.stdout.write(JSON.stringify({
      io: [pre, enc, unc, cac].map(io), features: f.dims, encoderOut: e.dims, first,
      cachedStates: states.map((s) => s.dims), maxDiff,
    }));
  `;
  const r = child(script, [ortUrl, JSON.stringify(m)], true);
  assert.equal(r.status, 0, describeRun(r));
  const out = JSON.parse(r.stdout) as {
    io: Array<{ inputs: string[]; outputs: string[] }>; features: number[]; encoderOut: number[];
    first: { logits: number[]; states: number[][] }; cachedStates: number[][]; maxDiff: number;
  };
  const [pre, enc, unc, cac] = out.io;
  assert.deepEqual(pre, { inputs: ['audio'], outputs: ['features'] });
  assert.deepEqual(enc, { inputs: ['features', 'features_len'], outputs: ['encoder_out'] });
  assert.deepEqual(unc?.inputs, ['tokens', 'encoder_out', 'seq_len']);
  assert.equal(unc?.outputs.length, 9);
  assert.equal(cac?.inputs.length, 3 + 8);
  assert.equal(cac?.outputs.length, 9);
  const frames = moonshineFrames(48000);
  assert.deepEqual(out.features, [1, frames, 32]);
  assert.deepEqual(out.encoderOut, [1, frames, 32]);
  assert.deepEqual(out.first.logits, [1, 1, MOONSHINE_VOCAB.length]);
  assert.deepEqual(out.first.states, [[1, 1, 32], [1, 1, 32], [1, frames, 32], [1, frames, 32], [1, 1, 32], [1, 1, 32], [1, frames, 32], [1, frames, 32]]);
  assert.deepEqual(out.cachedStates, [[1, 5, 32], [1, 5, 32], [1, frames, 32], [1, frames, 32], [1, 5, 32], [1, 5, 32], [1, frames, 32], [1, frames, 32]]);
  assert.ok(out.maxDiff < 1e-4, `cached vs uncached logits differ by ${out.maxDiff}`);
});

describe('sherpa-onnx-node decodes with the set', () => {
  const model = writeRandomMoonshine(join(dir, 'set'), { seed: 1 });
  const unbounded = writeRandomMoonshine(join(dir, 'unbounded'), { seed: 1, eosAfter: Infinity });
  let probe: { ok: boolean; detail: string; results: Result[] } = { ok: false, detail: 'not run', results: [] };
  let recognizer: Recognizer | undefined;

  const loaded = (): Recognizer => {
    assert.ok(probe.ok, `the child-process probe failed, so the model is not loaded in-process: ${probe.detail}`);
    if (!recognizer) {
      const { OfflineRecognizer } = require(sherpaPath) as { OfflineRecognizer: RecognizerClass };
      recognizer = new OfflineRecognizer(config(model));
    }
    return recognizer;
  };

  const decode = (r: Recognizer, samples: Float32Array, sampleRate = 16000): Result => {
    const s = r.createStream();
    s.acceptWaveform({ samples, sampleRate });
    r.decode(s);
    return r.getResult(s);
  };

  /** One child that loads the set and decodes each case in turn (odd inputs log ORT errors). */
  const CASES_SCRIPT = `
    const { OfflineRecognizer } = require(process.argv[1]);
    const rec = new OfflineRecognizer(JSON.parse(process.argv[2]));
    const results = [];
    for (const [seconds, rate, accept] of JSON.parse(process.argv[3])) {
      const n = Math.round(seconds * rate);
      const samples = new Float32Array(n);
      for (let i = 0; i < n; i++) samples[i] = 0.3 * Math.sin((2 * Math.PI * 220 * i) / rate) + 0.05 * Math.sin(i * 0.7);
      const s = rec.createStream();
      if (accept) s.acceptWaveform({ samples, sampleRate: rate });
      rec.decode(s);
      results.push(rec.getResult(s));
    }
    process.stdout.write(JSON.stringify(results));
  `;
  const ODD_CASES: Array<[number, number, boolean]> = [
    [1, 16000, true], [0, 16000, true], [0.05, 16000, true], [0, 16000, false], [1, 8000, true], [1, 44100, true], [30, 16000, true],
  ];

  before(() => {
    const r = child(CASES_SCRIPT, [sherpaPath, JSON.stringify(config(model)), JSON.stringify(ODD_CASES)]);
    const detail = describeRun(r);
    if (r.status !== 0) { probe = { ok: false, detail, results: [] }; return; }
    const results = JSON.parse(r.stdout) as Result[];
    probe = { ok: results.length === ODD_CASES.length && (results[0]?.tokens.length ?? 0) > 0, detail, results };
  });

  test('loads and decodes in a child process; odd inputs give empty results, not a dead process', T, () => {
    assert.ok(probe.ok, probe.detail);
    const [ok, empty, tooShort, noAudio, r8k, r44k, long] = probe.results;
    assert.equal(ok?.tokens.length, moonshineMaxTokens(16000));
    for (const r of [empty, tooShort, noAudio]) {
      assert.equal(r?.text, '');
      assert.deepEqual(r?.tokens, []);
    }
    // Other rates are resampled to 16 kHz first: one second is one second.
    assert.equal(r8k?.tokens.length, moonshineMaxTokens(16000));
    assert.equal(r44k?.tokens.length, moonshineMaxTokens(16000));
    assert.equal(long?.tokens.length, 12, 'eos after 12 tokens ends a 30 s decode early');
  });

  test('decode() and getResult(): the JSON fields, tokens from tokens.txt, length min(eosAfter, max)', T, () => {
    const r = loaded();
    const one = decode(r, tone(1));
    assert.deepEqual(Object.keys(one).sort(), RESULT_KEYS);
    assert.equal(one.text, one.tokens.join('').trim());
    assert.ok(one.tokens.every((t) => PRINTED.has(t)), one.tokens.join('|'));
    assert.equal(one.tokens.length, 5);
    assert.deepEqual(one, probe.results[0], 'in-process and child results agree');
    for (const key of ['timestamps', 'durations', 'ys_log_probs', 'words']) assert.deepEqual(one[key], []);
    for (const key of ['lang', 'emotion', 'event']) assert.equal(one[key], '');

    const three = decode(r, tone(3));
    assert.equal(three.tokens.length, 12);
    assert.deepEqual(three.tokens.slice(0, 5), one.tokens, 'greedy decoding of a longer tone starts the same way');
    assert.deepEqual(decode(r, tone(3)), three, 'deterministic');
    const noise = new Float32Array(48000);
    let x = 7;
    for (let i = 0; i < noise.length; i++) { x = (x * 1103515245 + 12345) % 2147483648; noise[i] = (x / 2147483648 - 0.5) * 0.6; }
    assert.notEqual(decode(r, noise).text, three.text, 'the text depends on the audio');
  });

  test('decodeAsync() resolves the same result getResult() then returns', T, async () => {
    const r = loaded();
    const s = r.createStream();
    s.acceptWaveform({ samples: tone(2), sampleRate: 16000 });
    const res = await r.decodeAsync(s);
    assert.deepEqual(Object.keys(res).sort(), RESULT_KEYS);
    assert.equal(res.tokens.length, 11);
    assert.deepEqual(r.getResult(s), res);
    assert.deepEqual(decode(r, tone(2)), res);
  });

  test('without the eos ramp, sherpa-onnx\'s max length bounds decoding, and it stays fast', T, () => {
    const { OfflineRecognizer } = require(sherpaPath) as { OfflineRecognizer: RecognizerClass };
    assert.ok(probe.ok, probe.detail);
    const r = new OfflineRecognizer(config(unbounded));
    for (const seconds of [1, 10]) {
      const samples = tone(seconds);
      const t0 = performance.now();
      const res = decode(r, samples);
      const ms = performance.now() - t0;
      assert.equal(res.tokens.length, moonshineMaxTokens(samples.length), `${seconds} s`);
      assert.ok(ms < 2000, `${seconds} s decoded in ${ms.toFixed(1)} ms`);
    }
  });

  test('a sample rate of 0 or below kills the process in acceptWaveform (pre-flight must reject it)', T, () => {
    const script = `
      const { OfflineRecognizer } = require(process.argv[1]);
      const rec = new OfflineRecognizer(JSON.parse(process.argv[2]));
      const s = rec.createStream();
      process.stdout.write('loaded;');
      s.acceptWaveform({ samples: new Float32Array(16000), sampleRate: Number(process.argv[3]) });
      process.stdout.write('survived');
    `;
    for (const rate of [0, -16000]) {
      const r = child(script, [sherpaPath, JSON.stringify(config(model)), String(rate)]);
      assert.equal(r.stdout, 'loaded;', describeRun(r));
      assert.ok(r.signal !== null || (r.status ?? 0) !== 0, describeRun(r));
    }
  });
});
