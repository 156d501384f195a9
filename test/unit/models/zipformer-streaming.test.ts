import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  RANDOM_ZIPFORMER as Z, randomZipformerStateSpecs, randomZipformerVocabulary, writeRandomStreamingZipformer, type RandomStreamingZipformer,
} from '../../../app/models/onnx/zipformer-streaming.js';

const T = { timeout: 120_000 };
const require = createRequire(import.meta.url);
const sherpaPath = require.resolve('sherpa-onnx-node');
const ortUrl = pathToFileURL(require.resolve('onnxruntime-node')).href;
const dir = mkdtempSync(join(tmpdir(), 'heed-zipformer-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const model = writeRandomStreamingZipformer(join(dir, 'model'), { seed: 1 });

/** getResult()'s JSON keys for a streaming transducer under sherpa-onnx 1.13.8. */
const RESULT_KEYS = ['context_scores', 'is_eof', 'is_final', 'lm_probs', 'num_trailing_blanks', 'segment', 'start_time', 'text',
  'timestamps', 'tokens', 'words', 'ys_probs'];

/** Every encoder metadata key online-zipformer2-transducer-model.cc reads (it exits without one), plus model_type. */
const ENCODER_KEYS = ['model_type', 'encoder_dims', 'query_head_dims', 'value_head_dims', 'num_heads', 'num_encoder_layers',
  'cnn_module_kernels', 'left_context_len', 'T', 'decode_chunk_len'];

interface ChildRun { status: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }

interface OnlineResult {
  text: string; tokens: string[]; timestamps: number[]; ys_probs: number[]; lm_probs: number[]; context_scores: number[];
  segment: number; start_time: number; num_trailing_blanks: number; is_final: boolean; is_eof: boolean; words: unknown[];
}

interface StreamReport {
  constructError?: string;
  loadMs: number;
  decodes: number;
  decodeMs: number;
  audioSeconds: number;
  /** Each distinct partial result while streaming: time fed so far, token count, text. */
  partials: Array<{ t: number; tokens: number; text: string }>;
  /** The first endpoint: time fed so far and the result just before reset(). */
  endpoint: { t: number; result: OnlineResult } | null;
  afterReset: OnlineResult | null;
  final: OnlineResult;
}

/**
 * Runs a script in a fresh node: sherpa-onnx exits, aborts or segfaults the process on bad models and
 * inputs. The script gets `sherpa` (the module), `cfg(method, extra)` (a recognizer config for the
 * model), `speech(seconds, rate)` (speech-like audio) and `stream(cfg, opts)` (feeds 32 ms chunks,
 * decodes whenever ready, prints a StreamReport as JSON).
 */
function child(script: string, m: RandomStreamingZipformer = model): ChildRun {
  const prelude = `
    const sherpa = require(${JSON.stringify(sherpaPath)});
    const m = ${JSON.stringify(m)};
    const cfg = (method, extra = {}) => ({
      featConfig: { sampleRate: 16000, featureDim: 80 },
      modelConfig: { transducer: { encoder: m.encoder, decoder: m.decoder, joiner: m.joiner }, tokens: m.tokens,
        numThreads: 1, provider: 'cpu', debug: 0, modelingUnit: 'bpe', bpeVocab: m.bpeVocab },
      decodingMethod: method, maxActivePaths: 4, enableEndpoint: true,
      rule1MinTrailingSilence: 2.4, rule2MinTrailingSilence: 1.2, rule3MinUtteranceLength: 20, ...extra });
    // A voiced, syllable-modulated harmonic signal with a little noise: loud and changing, like speech.
    const speech = (seconds, rate) => {
      const n = Math.round(seconds * rate), out = new Float32Array(n);
      let phase = 0, s = 1;
      for (let i = 0; i < n; i++) {
        const t = i / rate;
        phase += 2 * Math.PI * (130 + 40 * Math.sin(2 * Math.PI * 0.7 * t)) / rate;
        let v = 0;
        for (let h = 1; h <= 12; h++) v += Math.sin(h * phase) / h * (1 + Math.sin(2 * Math.PI * (1.3 + h * 0.1) * t));
        s = (s * 1103515245 + 12345) >>> 0;
        out[i] = 0.08 * v * (0.5 + 0.5 * Math.sin(2 * Math.PI * 4 * t)) + 0.01 * ((s / 2 ** 32) * 2 - 1);
      }
      return out;
    };
    const stream = (config, { rate = 16000, speechSeconds = 3, silenceSeconds = 3 } = {}) => {
      const t0 = performance.now();
      let rec;
      try { rec = new sherpa.OnlineRecognizer(config); } catch (e) { console.log(JSON.stringify({ constructError: e.message })); return; }
      const loadMs = performance.now() - t0;
      const s = rec.createStream();
      const audio = new Float32Array(Math.round((speechSeconds + silenceSeconds) * rate));
      audio.set(speech(speechSeconds, rate));
      const chunk = Math.round(512 * rate / 16000);
      const partials = [];
      let endpoint = null, afterReset = null, decodes = 0, decodeMs = 0;
      for (let off = 0; off < audio.length; off += chunk) {
        s.acceptWaveform({ samples: audio.subarray(off, off + chunk), sampleRate: rate });
        const a = performance.now();
        while (rec.isReady(s)) { rec.decode(s); decodes++; }
        decodeMs += performance.now() - a;
        const r = rec.getResult(s), t = Math.min(off + chunk, audio.length) / rate;
        if (partials.length === 0 || partials[partials.length - 1].text !== r.text) partials.push({ t, tokens: r.tokens.length, text: r.text });
        if (endpoint === null && rec.isEndpoint(s)) { endpoint = { t, result: r }; rec.reset(s); afterReset = rec.getResult(s); }
      }
      s.inputFinished();
      while (rec.isReady(s)) { rec.decode(s); decodes++; }
      console.log(JSON.stringify({ loadMs, decodes, decodeMs, audioSeconds: audio.length / rate, partials, endpoint, afterReset, final: rec.getResult(s) }));
    };
  `;
  const r = spawnSync(process.execPath, ['-e', prelude + script], { encoding: 'utf8', timeout: 100_000, cwd: dir });
  return { status: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr };
}

const describeRun = (r: ChildRun): string => `status ${r.status} signal ${r.signal} stdout ${r.stdout.slice(0, 2000)} stderr ${r.stderr.slice(-2000)}`;

function streamReport(r: ChildRun): StreamReport {
  assert.equal(r.status, 0, describeRun(r));
  const line = r.stdout.trim().split('\n').pop() ?? '';
  return JSON.parse(line) as StreamReport;
}

/** Checks a result's shape: one timestamp and one probability per token, times rising in 40 ms steps. */
function assertWellFormed(r: OnlineResult): void {
  assert.deepEqual(Object.keys(r).sort(), RESULT_KEYS);
  assert.equal(r.timestamps.length, r.tokens.length);
  assert.equal(r.ys_probs.length, r.tokens.length);
  assert.deepEqual(r.lm_probs, []);
  for (let i = 1; i < r.timestamps.length; i++) assert.ok((r.timestamps[i] ?? 0) > (r.timestamps[i - 1] ?? 0), `timestamps rise: ${r.timestamps.join(' ')}`);
  for (const t of r.timestamps) assert.ok(Math.abs(t / 0.04 - Math.round(t / 0.04)) < 1e-3, `timestamp ${t} is a multiple of 40 ms`);
  assert.ok(r.ys_probs.every((p) => Number.isFinite(p) && p <= 0));
  assert.equal(r.text, r.tokens.join('').trim());
}

const hotwordsFile = join(dir, 'hotwords.txt');
// Every word marker ▁A..▁Z is a hotword, so some boost fires whatever the random weights decode.
writeFileSync(hotwordsFile, `CHEESEBURGER :2.0\nLARGE FRIES\n${'ABCDEFGHIJKLMNOPQRSTUVWXYZ'.split('').join('\n')}\n`);

test('is deterministic for a seed, small, and writes a BPE vocabulary sherpa-onnx can encode words with', T, () => {
  const a = writeRandomStreamingZipformer(join(dir, 'a'), { seed: 7 });
  const b = writeRandomStreamingZipformer(join(dir, 'b'), { seed: 7 });
  const c = writeRandomStreamingZipformer(join(dir, 'c'), { seed: 8 });
  assert.equal(a.dir, join(dir, 'a'));
  assert.deepEqual([a.encoder, a.decoder, a.joiner, a.tokens, a.bpeVocab],
    ['encoder.onnx', 'decoder.onnx', 'joiner.onnx', 'tokens.txt', 'bpe.vocab'].map((f) => join(dir, 'a', f)));
  assert.deepEqual(a.files.map((f) => f.path), [a.encoder, a.decoder, a.joiner, a.tokens, a.bpeVocab]);
  assert.deepEqual(a.files.map((f) => f.sha256), b.files.map((f) => f.sha256));
  for (const i of [0, 1, 2]) assert.notEqual(c.files[i]?.sha256, a.files[i]?.sha256);
  assert.deepEqual(c.files.slice(3).map((f) => f.sha256), a.files.slice(3).map((f) => f.sha256), 'tokens.txt and bpe.vocab do not depend on the seed');
  for (const f of a.files) {
    const bytes = readFileSync(f.path);
    assert.equal(f.bytes, bytes.length);
    assert.equal(f.sha256, createHash('sha256').update(bytes).digest('hex'));
  }
  const total = a.files.reduce((s, f) => s + f.bytes, 0);
  assert.ok(total < 200_000, `${total} bytes`);

  const encoder = readFileSync(a.encoder);
  for (const key of ENCODER_KEYS) assert.ok(encoder.includes(Buffer.from(key)), `encoder metadata lacks ${key}`);
  assert.ok(encoder.includes(Buffer.from('zipformer2')));
  assert.ok(readFileSync(a.decoder).includes(Buffer.from('context_size')));
  assert.ok(readFileSync(a.decoder).includes(Buffer.from('vocab_size')));

  const vocab = randomZipformerVocabulary();
  assert.deepEqual(vocab.slice(0, 3), ['<blk>', '<sos/eos>', '<unk>']);
  assert.equal(new Set(vocab).size, vocab.length);
  const tokens = readFileSync(a.tokens, 'utf8').split('\n');
  assert.equal(tokens.pop(), '');
  assert.deepEqual(tokens, vocab.map((p, i) => `${p} ${i}`));
  // sentencepiece .vocab format: `piece<TAB>score` on every line (ssentencepiece exits on a line without both).
  const bpe = readFileSync(a.bpeVocab, 'utf8').split('\n');
  assert.equal(bpe.pop(), '');
  assert.deepEqual(bpe.map((l) => l.split('\t')[0]), vocab);
  for (const line of bpe) assert.match(line, /^\S+\t-?\d+(\.\d+)?$/);
  // Any upper-case word spells: a word marker for every first letter (or bare ▁ before an apostrophe), every letter after.
  for (const ch of "ABCDEFGHIJKLMNOPQRSTUVWXYZ'") assert.ok(vocab.includes(ch), ch);
  for (const ch of 'ABCDEFGHIJKLMNOPQRSTUVWXYZ') assert.ok(vocab.includes(`▁${ch}`), ch);
  assert.ok(vocab.includes('▁'));
});

test('onnxruntime: input/output names, state shapes and batching as sherpa-onnx binds them', T, () => {
  // In a child: onnxruntime-node stays out of the test process.
  const script = `
    const ort = (await import(${JSON.stringify(ortUrl)})).default;
    const m = ${JSON.stringify(model)};
    const specs = ${JSON.stringify(randomZipformerStateSpecs())};
    const [enc, dec, joi] = await Promise.all([m.encoder, m.decoder, m.joiner].map((p) => ort.InferenceSession.create(p, { intraOpNumThreads: 1 })));
    const out = { enc: [enc.inputNames, enc.outputNames], dec: [dec.inputNames, dec.outputNames], joi: [joi.inputNames, joi.outputNames], runs: [] };
    for (const N of [1, 3]) {
      const feeds = { x: new ort.Tensor('float32', Float32Array.from({ length: N * ${Z.T} * 80 }, (_, i) => -5 + 3 * Math.sin(i * 0.1)), [N, ${Z.T}, 80]) };
      for (const s of specs) {
        const dims = s.shape.map((d) => (d === 'N' ? N : d)), n = dims.reduce((a, b) => a * b, 1);
        feeds[s.name] = s.dtype === 'int64' ? new ort.Tensor('int64', new BigInt64Array(n).fill(5n), dims) : new ort.Tensor('float32', new Float32Array(n), dims);
      }
      const r = await enc.run(feeds);
      const d = await dec.run({ y: new ort.Tensor('int64', BigInt64Array.from({ length: N * ${Z.contextSize} }, (_, i) => BigInt(i % 50)), [N, ${Z.contextSize}]) });
      const frame = new ort.Tensor('float32', r.encoder_out.data.slice(0, N * ${Z.joinerDim}), [N, ${Z.joinerDim}]);
      const j = await joi.run({ encoder_out: frame, decoder_out: d.decoder_out });
      out.runs.push({ N, shapes: Object.fromEntries(Object.entries(r).map(([k, v]) => [k, v.dims])), dec: d.decoder_out.dims, logit: j.logit.dims,
        lens: Array.from(r.new_processed_lens.data, Number) });
    }
    console.log(JSON.stringify(out));
  `;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', timeout: 60_000 });
  assert.equal(r.status, 0, describeRun({ status: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr }));
  const out = JSON.parse(r.stdout) as {
    enc: [string[], string[]]; dec: [string[], string[]]; joi: [string[], string[]];
    runs: Array<{ N: number; shapes: Record<string, number[]>; dec: number[]; logit: number[]; lens: number[] }>;
  };
  const states = randomZipformerStateSpecs();
  assert.deepEqual(out.enc[0], ['x', ...states.map((s) => s.name)]);
  assert.deepEqual(out.enc[1], ['encoder_out', ...states.map((s) => `new_${s.name}`)]);
  assert.deepEqual(out.dec, [['y'], ['decoder_out']]);
  assert.deepEqual(out.joi, [['encoder_out', 'decoder_out'], ['logit']]);
  const V = randomZipformerVocabulary().length;
  for (const run of out.runs) {
    assert.deepEqual(run.shapes.encoder_out, [run.N, Z.outFrames, Z.joinerDim]);
    for (const s of states) assert.deepEqual(run.shapes[`new_${s.name}`], s.shape.map((d) => (d === 'N' ? run.N : d)), s.name);
    assert.deepEqual(run.dec, [run.N, Z.joinerDim]);
    assert.deepEqual(run.logit, [run.N, V]);
    assert.deepEqual(run.lens, Array.from({ length: run.N }, () => 5 + Z.chunkSize));
  }
  // sherpa-onnx's initial state shapes (GetEncoderInitStates) for these metadata values.
  assert.deepEqual(states.map((s) => s.shape), [
    [32, 'N', 8], [1, 'N', 32, 12], [32, 'N', 8], [32, 'N', 8], ['N', 16, 1], ['N', 16, 1], ['N', 128, 3, 19], ['N'],
  ]);
});

test('sherpa-onnx greedy_search streams it: partials grow chunk by chunk, endpoint after speech, reset', T, () => {
  const rep = streamReport(child(`stream(cfg('greedy_search'), { speechSeconds: 3, silenceSeconds: 3 });`));
  assert.equal(rep.constructError, undefined);
  // One decode per 320 ms of features once the first 45-frame window is in.
  assert.ok(rep.decodes >= 16 && rep.decodes <= 19, `${rep.decodes} decodes`);
  const texts = rep.partials.map((p) => p.text).filter((t) => t !== '');
  assert.ok(texts.length >= 5, `partials: ${JSON.stringify(rep.partials)}`);
  // Greedy search only appends: each partial's tokens extend the previous partial's.
  for (let i = 1; i < rep.partials.length; i++) {
    const prev = rep.partials[i - 1], cur = rep.partials[i];
    if (prev && cur && rep.endpoint && cur.t < rep.endpoint.t) {
      assert.ok(cur.tokens > prev.tokens && cur.text.startsWith(prev.text), JSON.stringify([prev, cur]));
    }
  }
  const first = rep.partials.find((p) => p.text !== '');
  assert.ok(first && first.t < 0.7, `first text at ${first?.t}s`);
  // The endpoint: rule 2 (1.2 s of trailing blanks after some text) fires after the speech ends.
  assert.ok(rep.endpoint, 'an endpoint was detected');
  assert.ok(rep.endpoint.t > 3 + 1.2 && rep.endpoint.t < 3 + 1.2 + 0.8, `endpoint at ${rep.endpoint.t}s`);
  const r = rep.endpoint.result;
  assertWellFormed(r);
  assert.ok(r.tokens.length >= 20 && r.tokens.length <= 75, `${r.tokens.length} tokens in 3 s (75 frames)`);
  assert.ok((r.timestamps[r.timestamps.length - 1] ?? 0) <= 3.2);
  assert.deepEqual(r.context_scores, []);
  assert.equal(r.segment, 0);
  assert.ok(r.num_trailing_blanks >= 30);
  // After reset(): an empty result in the next segment, starting where the endpoint was.
  assert.ok(rep.afterReset);
  assert.equal(rep.afterReset.text, '');
  assert.equal(rep.afterReset.segment, 1);
  assert.ok(rep.afterReset.start_time > 4 && rep.afterReset.start_time <= rep.endpoint.t);
  assertWellFormed(rep.final);
  assert.equal(rep.final.text, '', 'silence after the reset decodes to nothing');
  // Far faster than real time (the generated model is tiny; this bounds the runtime's own overhead).
  const rtf = rep.decodeMs / 1000 / rep.audioSeconds;
  assert.ok(rtf < 0.2, `real-time factor ${rtf}`);
  console.log(`greedy_search: load ${rep.loadMs.toFixed(0)} ms, ${rep.decodes} decodes in ${rep.decodeMs.toFixed(1)} ms for ${rep.audioSeconds} s (RTF ${rtf.toFixed(4)})`);
});

test('sherpa-onnx: silence decodes to nothing and ends by rule 1 (2.4 s)', T, () => {
  const rep = streamReport(child(`stream(cfg('greedy_search'), { speechSeconds: 0, silenceSeconds: 4 });`));
  assert.ok(rep.partials.every((p) => p.text === ''));
  assert.ok(rep.endpoint && rep.endpoint.t >= 2.4 && rep.endpoint.t < 3.2, `endpoint at ${rep.endpoint?.t}s`);
  assert.equal(rep.endpoint.result.tokens.length, 0);
});

test('sherpa-onnx modified_beam_search: with and without hotwords (bpe modeling unit, bpe.vocab)', T, () => {
  const plain = streamReport(child(`stream(cfg('modified_beam_search'), { speechSeconds: 2, silenceSeconds: 2 });`));
  const run = child(`stream(cfg('modified_beam_search', { hotwordsFile: ${JSON.stringify(hotwordsFile)}, hotwordsScore: 1.5 }), { speechSeconds: 2, silenceSeconds: 2 });`);
  const boosted = streamReport(run);
  assert.doesNotMatch(run.stderr, /Cannot find ID|Failed to encode/, 'every hotword is encodable with bpe.vocab');
  for (const rep of [plain, boosted]) {
    assert.ok(rep.endpoint, 'an endpoint was detected');
    assertWellFormed(rep.endpoint.result);
    assert.ok(rep.endpoint.result.tokens.length >= 10, rep.endpoint.result.text);
  }
  assert.deepEqual(plain.endpoint?.result.context_scores, []);
  const scores = boosted.endpoint?.result.context_scores ?? [];
  assert.equal(scores.length, boosted.endpoint?.result.tokens.length);
  // A token that advances a hotword scores +hotwordsScore; a hotword left unfinished gives it back.
  assert.ok(scores.some((s) => s === 1.5), JSON.stringify(scores));
  assert.ok(scores.every((s) => Number.isFinite(s)), JSON.stringify(scores));
});

test('sherpa-onnx: hotwords need modified_beam_search; a config error throws (the process lives)', T, () => {
  const rep = streamReport(child(`stream(cfg('greedy_search', { hotwordsFile: ${JSON.stringify(hotwordsFile)}, hotwordsScore: 1.5 }));`));
  assert.equal(rep.constructError, 'Please check your config!');
});

test('sherpa-onnx resamples 8000 and 44100 Hz input to the 16 kHz features', T, () => {
  for (const rate of [8000, 44_100]) {
    const run = child(`stream(cfg('greedy_search'), { rate: ${rate}, speechSeconds: 3, silenceSeconds: 3 });`);
    const rep = streamReport(run);
    assert.match(run.stderr, new RegExp(`Creating a resampler:\\s+in_sample_rate: ${rate}\\s+output_sample_rate: 16000`));
    assert.ok(rep.decodes >= 16 && rep.decodes <= 19, `${rate} Hz: ${rep.decodes} decodes`);
    assert.ok(rep.endpoint && rep.endpoint.result.tokens.length > 0, `${rate} Hz: ${JSON.stringify(rep.endpoint)}`);
    assertWellFormed(rep.endpoint.result);
  }
});

test('inputs that kill the process (for a pre-flight checker)', T, () => {
  const badScore = join(dir, 'bad-score.txt');
  writeFileSync(badScore, 'CHEESEBURGER :abc\n');
  const accept = (rate: number, n = 16_000) => `s.acceptWaveform({ samples: speech(${n / 16_000}, 16000), sampleRate: ${rate} });`;
  const cases: Array<{ name: string; script: string; dies: (r: ChildRun) => boolean }> = [
    {
      name: 'decode() when isReady() is false: exit(-1) in GetFrames',
      script: `const rec = new sherpa.OnlineRecognizer(cfg('greedy_search')); const s = rec.createStream(); ${accept(16000, 1000)} rec.decode(s);`,
      dies: (r) => r.status === 255 && /GetFrames/.test(r.stderr),
    },
    {
      name: 'a second, different input sample rate on one stream once resampling started: exit(-1)',
      script: `const rec = new sherpa.OnlineRecognizer(cfg('greedy_search')); const s = rec.createStream(); ${accept(8000)} ${accept(16000)}`,
      dies: (r) => r.status === 255 && /You changed the input sampling rate/.test(r.stderr),
    },
    {
      name: 'sampleRate 0 in acceptWaveform: SIGFPE',
      script: `const rec = new sherpa.OnlineRecognizer(cfg('greedy_search')); const s = rec.createStream(); ${accept(0)}`,
      dies: (r) => r.signal === 'SIGFPE',
    },
    {
      name: 'featureDim other than the encoder input: abort at the first decode',
      script: `const c = cfg('greedy_search'); c.featConfig.featureDim = 40; const rec = new sherpa.OnlineRecognizer(c); const s = rec.createStream(); ${accept(16000, 32_000)} while (rec.isReady(s)) rec.decode(s);`,
      dies: (r) => r.signal === 'SIGABRT' && /Got invalid dimensions for input: x/.test(r.stderr),
    },
    {
      name: 'a hotword score that is not a number: abort (std::stof) while constructing',
      script: `new sherpa.OnlineRecognizer(cfg('modified_beam_search', { hotwordsFile: ${JSON.stringify(badScore)} }));`,
      dies: (r) => r.signal === 'SIGABRT' && /stof/.test(r.stderr),
    },
    {
      name: 'an unknown decodingMethod: exit(-1) while constructing',
      script: `new sherpa.OnlineRecognizer(cfg('beam_search'));`,
      dies: (r) => r.status === 255 && /Unsupported decoding method/.test(r.stderr),
    },
  ];
  for (const c of cases) {
    const r = child(c.script);
    assert.ok(c.dies(r), `${c.name}: ${describeRun(r)}`);
  }
  // Same-rate input after a matching start is fine, and so is the first switch away from 16 kHz.
  const ok = child(`const rec = new sherpa.OnlineRecognizer(cfg('greedy_search')); const s = rec.createStream(); ${accept(16000)} ${accept(8000)} ${accept(8000)} while (rec.isReady(s)) rec.decode(s); console.log('alive');`);
  assert.equal(ok.status, 0, describeRun(ok));
  assert.match(ok.stdout, /alive/);
});
