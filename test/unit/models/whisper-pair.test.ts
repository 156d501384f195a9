import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  WHISPER_LAYOUT as W, WHISPER_TEXT_TOKENS, whisperFrames, whisperMaxTokens, writeRandomWhisper, type RandomWhisper,
} from '../../../app/models/onnx/whisper-pair.js';

const T = { timeout: 60_000 };
const require = createRequire(import.meta.url);
const sherpaPath = require.resolve('sherpa-onnx-node');
const ortUrl = pathToFileURL(require.resolve('onnxruntime-node')).href;
const dir = mkdtempSync(join(tmpdir(), 'heed-whisper-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** getResult()'s JSON keys for Whisper under sherpa-onnx 1.13.8 (no timestamps or log-probs are filled). */
const RESULT_KEYS = ['durations', 'emotion', 'event', 'lang', 'text', 'timestamps', 'tokens', 'words', 'ys_log_probs'];

/** The encoder metadata keys sherpa-onnx 1.13.8 requires for a non-multilingual model (it exits without one). */
const REQUIRED_KEYS = ['n_mels', 'n_text_layer', 'n_text_ctx', 'n_text_state', 'n_vocab', 'sot', 'eot', 'blank_id',
  'translate', 'transcribe', 'is_multilingual', 'no_timestamps', 'no_speech', 'sot_sequence'];

interface ChildRun { status: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }

/**
 * Runs a script in a fresh node: sherpa-onnx exits, aborts or segfaults the process on bad models and
 * inputs. A CommonJS script gets `sherpa` (the module) and `cfg` (a recognizer config for `model`).
 */
function child(script: string, model: RandomWhisper | null, esm = false): ChildRun {
  const prelude = model === null ? '' : `
    const sherpa = require(${JSON.stringify(sherpaPath)});
    const cfg = { featConfig: { sampleRate: 16000, featureDim: 80 }, modelConfig: {
      whisper: { encoder: ${JSON.stringify(model.encoder)}, decoder: ${JSON.stringify(model.decoder)}, language: 'en', task: 'transcribe', tailPaddings: -1 },
      tokens: ${JSON.stringify(model.tokens)}, numThreads: 1, provider: 'cpu', debug: 0 } };
    const noise = (n, amp = 0.1) => { const a = new Float32Array(n); let s = 7; for (let i = 0; i < n; i++) { s = (s * 1103515245 + 12345) >>> 0; a[i] = amp * ((s / 2 ** 32) * 2 - 1); } return a; };
  `;
  const r = spawnSync(process.execPath, [...(esm ? ['--input-type=module'] : []), '-e', prelude + script],
    { encoding: 'utf8', timeout: 50_000, cwd: dir });
  return { status: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr };
}

const describeRun = (r: ChildRun): string => `status ${r.status} signal ${r.signal} stdout ${r.stdout.slice(0, 2000)} stderr ${r.stderr.slice(-2000)}`;

test('is deterministic for a seed, small, and writes encoder, decoder and base64 tokens.txt', T, () => {
  const a = writeRandomWhisper(join(dir, 'a'), { seed: 7 });
  const b = writeRandomWhisper(join(dir, 'b'), { seed: 7 });
  const c = writeRandomWhisper(join(dir, 'c'), { seed: 8 });
  const named = writeRandomWhisper(join(dir, 'named'), { name: 'tiny.en' });
  assert.deepEqual([a.encoder, a.decoder, a.tokens], ['encoder.onnx', 'decoder.onnx', 'tokens.txt'].map((f) => join(dir, 'a', `heed-random-${f}`)));
  assert.equal(named.encoder, join(dir, 'named', 'tiny.en-encoder.onnx'));
  assert.equal(a.dir, join(dir, 'a'));
  assert.deepEqual(a.files.map((f) => f.path), [a.encoder, a.decoder, a.tokens]);
  assert.deepEqual(a.files.map((f) => f.sha256), b.files.map((f) => f.sha256));
  assert.notEqual(c.files[0]?.sha256, a.files[0]?.sha256);
  assert.notEqual(c.files[1]?.sha256, a.files[1]?.sha256);
  assert.equal(c.files[2]?.sha256, a.files[2]?.sha256, 'tokens.txt does not depend on the seed');
  for (const f of a.files) {
    const bytes = readFileSync(f.path);
    assert.equal(f.bytes, bytes.length);
    assert.equal(f.sha256, createHash('sha256').update(bytes).digest('hex'));
  }
  const total = a.files.reduce((s, f) => s + f.bytes, 0);
  assert.ok(total < 2_000_000, `${total} bytes`);

  // Metadata is a string map in the encoder (ModelProto.metadata_props); every required key is there.
  const encoder = readFileSync(a.encoder);
  for (const key of REQUIRED_KEYS) assert.ok(encoder.includes(Buffer.from(key)), `encoder metadata lacks ${key}`);

  const lines = readFileSync(a.tokens, 'utf8').split('\n');
  assert.equal(lines.pop(), '');
  assert.equal(lines.length, WHISPER_TEXT_TOKENS.length);
  lines.forEach((line, i) => {
    const [sym, id, ...rest] = line.split(' ');
    assert.deepEqual(rest, []);
    assert.equal(id, String(i));
    assert.equal(Buffer.from(sym ?? '', 'base64').toString('utf8'), WHISPER_TEXT_TOKENS[i]);
  });
  assert.equal(new Set(WHISPER_TEXT_TOKENS).size, WHISPER_TEXT_TOKENS.length);
  assert.equal(W.eot, WHISPER_TEXT_TOKENS.length);
  assert.equal(W.timestampBegin, W.noTimestamps + 1);
  assert.equal(W.nVocab, W.timestampBegin + 1501);
});

test('frame and token counts follow sherpa-onnx 1.13.8', T, () => {
  assert.equal(whisperFrames(0), 0);
  assert.equal(whisperFrames(79), 0);
  assert.equal(whisperFrames(80), 1);
  assert.equal(whisperFrames(16_000), 100);
  assert.equal(whisperMaxTokens(1600), 0);
  assert.equal(whisperMaxTokens(3200), 1);
  assert.equal(whisperMaxTokens(16_000), 6);
  assert.equal(whisperMaxTokens(48_000), 18);
  assert.equal(whisperMaxTokens(39_643), 14);
  assert.equal(whisperMaxTokens(160_000), 32);
  assert.equal(whisperMaxTokens(640_000), 32);
});

test('onnxruntime: names, shapes, a cache that continues exactly, and eot on silence', T, () => {
  const m = writeRandomWhisper(join(dir, 'ort'), { seed: 3 });
  // In a child: onnxruntime-node and sherpa-onnx's own onnxruntime stay in separate processes.
  const script = `
    const ort = (await import(${JSON.stringify(ortUrl)})).default;
    const m = ${JSON.stringify(m)};
    const L = ${W.nTextLayer}, C = ${W.nTextCtx}, S = ${W.nTextState}, V = ${W.nVocab};
    const [enc, dec] = await Promise.all([m.encoder, m.decoder].map((p) => ort.InferenceSession.create(p, { intraOpNumThreads: 1 })));
    const f32 = (a, dims) => new ort.Tensor('float32', a, dims);
    const i64 = (v, dims) => new ort.Tensor('int64', BigInt64Array.from(v.map(BigInt)), dims);
    const zeros = () => f32(new Float32Array(L * C * S), [L, 1, C, S]);
    // 100 loud frames, then sherpa's zero tail padding; and digital silence (-1.5) with the padding.
    const mel = (frames, loud) => { const a = new Float32Array(80 * frames); for (let k = 0; k < 80; k++) for (let t = 0; t < frames; t++) a[k * frames + t] = t < 100 ? (loud ? Math.sin(k + t) : -1.5) : 0; return f32(a, [1, 80, frames]); };
    const shapes = [];
    for (const frames of [1, 1100, 3000]) { const o = await enc.run({ mel: mel(frames, true) }); shapes.push([o.n_layer_cross_k.dims, o.n_layer_cross_v.dims]); }
    const loud = await enc.run({ mel: mel(1100, true) });
    const quiet = await enc.run({ mel: mel(1100, false) });
    const run = (x, tokens, kc, vc, offset) => dec.run({ tokens: i64(tokens, [1, tokens.length]), in_n_layer_self_k_cache: kc, in_n_layer_self_v_cache: vc,
      n_layer_cross_k: x.n_layer_cross_k, n_layer_cross_v: x.n_layer_cross_v, offset: i64([offset], [1]) });
    const seq = [${W.sot}, ${W.noTimestamps}, 10, 20, 30];
    let out = await run(loud, seq.slice(0, 2), zeros(), zeros(), 0);
    const first = [out.logits.dims, out.out_n_layer_self_k_cache.dims, out.out_n_layer_self_v_cache.dims];
    for (let i = 2; i < seq.length; i++) out = await run(loud, [seq[i]], out.out_n_layer_self_k_cache, out.out_n_layer_self_v_cache, i);
    const full = await run(loud, seq, zeros(), zeros(), 0);
    const last = full.logits.data.slice((seq.length - 1) * V);
    let maxDiff = 0;
    // Text tokens and eot (the suppressed ids sit near -1e4, where float32 steps are ~1e-3).
    for (let j = 0; j <= ${W.eot}; j++) maxDiff = Math.max(maxDiff, Math.abs(last[j] - out.logits.data[j]));
    const argmax = (a, from) => { let b = 0; for (let j = 1; j < V; j++) if (a[from + j] > a[from + b]) b = j; return b; };
    const loudFirst = await run(loud, seq.slice(0, 2), zeros(), zeros(), 0);
    const quietFirst = await run(quiet, seq.slice(0, 2), zeros(), zeros(), 0);
    const io = (s) => ({ inputs: s.inputNames, outputs: s.outputNames });
    process.stdout.write(JSON.stringify({ io: [io(enc), io(dec)], shapes, first, maxDiff,
      loudNext: argmax(loudFirst.logits.data, V), quietNext: argmax(quietFirst.logits.data, V) }));
  `;
  const r = child(script, null, true);
  assert.equal(r.status, 0, describeRun(r));
  const out = JSON.parse(r.stdout) as {
    io: Array<{ inputs: string[]; outputs: string[] }>; shapes: number[][][]; first: number[][]; maxDiff: number;
    loudNext: number; quietNext: number;
  };
  assert.deepEqual(out.io[0], { inputs: ['mel'], outputs: ['n_layer_cross_k', 'n_layer_cross_v'] });
  assert.deepEqual(out.io[1], {
    inputs: ['tokens', 'in_n_layer_self_k_cache', 'in_n_layer_self_v_cache', 'n_layer_cross_k', 'n_layer_cross_v', 'offset'],
    outputs: ['logits', 'out_n_layer_self_k_cache', 'out_n_layer_self_v_cache'],
  });
  const L = W.nTextLayer;
  const S = W.nTextState;
  assert.deepEqual(out.shapes, [[[L, 1, 1, S], [L, 1, 1, S]], [[L, 1, 550, S], [L, 1, 550, S]], [[L, 1, 1500, S], [L, 1, 1500, S]]]);
  assert.deepEqual(out.first, [[1, 2, W.nVocab], [L, 1, W.nTextCtx, S], [L, 1, W.nTextCtx, S]]);
  assert.ok(out.maxDiff < 1e-4, `cached vs uncached logits differ by ${out.maxDiff}`);
  assert.ok(out.loudNext < W.eot, `loud input starts with a text token, got ${out.loudNext}`);
  assert.equal(out.quietNext, W.eot);
});

interface Result { text: string; tokens: string[]; lang: string; timestamps: number[]; ys_log_probs: number[]; [key: string]: unknown }

test('sherpa-onnx-node loads the pair and decodes sync and async, at 16 and 8 kHz', T, () => {
  const m = writeRandomWhisper(join(dir, 'sherpa'), { seed: 1 });
  const script = `
    (async () => {
      const rec = new sherpa.OfflineRecognizer(cfg);
      const out = [];
      const run = async (samples, sampleRate, useAsync) => {
        const st = rec.createStream();
        st.acceptWaveform({ samples, sampleRate });
        const t0 = performance.now();
        let r;
        if (useAsync) r = await rec.decodeAsync(st); else { rec.decode(st); r = rec.getResult(st); }
        out.push({ r, ms: performance.now() - t0 });
      };
      await run(noise(16000), 16000, false);
      await run(noise(24000, 0.3), 8000, true);
      await run(new Float32Array(16000), 16000, false);
      await run(noise(1600), 16000, false);
      await run(noise(16000 * 40), 16000, true);
      const st = rec.createStream();
      for (let i = 0; i < 2; i++) st.acceptWaveform({ samples: noise(16000).subarray(0, 8000), sampleRate: 16000 });
      rec.decode(st);
      out.push({ r: rec.getResult(st), ms: 0 });
      process.stdout.write(JSON.stringify(out));
    })().catch((e) => { console.error(e); process.exit(3); });
  `;
  const r = child(script, m);
  assert.equal(r.status, 0, describeRun(r));
  const runs = JSON.parse(r.stdout) as Array<{ r: Result; ms: number }>;
  const [oneSecond, eightK, silence, short, long, chunked] = runs.map((x) => x.r);
  const printable = new Set(WHISPER_TEXT_TOKENS);
  for (const res of runs.map((x) => x.r)) {
    assert.deepEqual(Object.keys(res).sort(), RESULT_KEYS);
    assert.equal(res.lang, '');
    assert.deepEqual(res.timestamps, []);
    assert.deepEqual(res.ys_log_probs, []);
    assert.ok(res.tokens.every((t) => printable.has(t)), JSON.stringify(res.tokens));
    assert.equal(res.text.trim(), res.tokens.join('').trim());
  }
  assert.equal(oneSecond?.tokens.length, whisperMaxTokens(16_000));
  assert.ok((oneSecond?.text.length ?? 0) > 0);
  assert.equal(eightK?.tokens.length, whisperMaxTokens(48_000), 'resampled from 8 kHz: 3 s of audio');
  assert.deepEqual([silence?.text, silence?.tokens], ['', []]);
  assert.deepEqual(short?.tokens, [], '0.1 s is below sherpa-onnx\'s 6-tokens-per-second limit');
  assert.equal(long?.tokens.length, W.nTextCtx / 2);
  assert.match(r.stderr, /Only waves less than 30 seconds are supported/);
  assert.match(r.stderr, /Creating a resampler/);
  assert.equal(chunked?.tokens.length, whisperMaxTokens(16_000), 'two accepted chunks add up');
  for (const { ms } of runs) assert.ok(ms < 1000, `decode took ${ms} ms`);
});

test('sherpa-onnx 1.13.8 kills the process on an empty stream and on createStream(hotwords)', T, () => {
  const m = writeRandomWhisper(join(dir, 'crash'), { seed: 1 });
  const decodeOf = (samples: string): string => `
    const rec = new sherpa.OfflineRecognizer(cfg);
    const st = rec.createStream();
    ${samples === '' ? '' : `st.acceptWaveform({ samples: ${samples}, sampleRate: 16000 });`}
    rec.decode(st);
    process.stdout.write(JSON.stringify(rec.getResult(st)));
  `;
  for (const samples of ['', 'new Float32Array(0)', 'noise(79)']) {
    const r = child(decodeOf(samples), m);
    assert.ok(r.status !== 0, `${samples || 'no waveform'}: ${describeRun(r)}`);
    assert.equal(r.stdout, '');
  }
  const ok = child(decodeOf('noise(80)'), m);
  assert.equal(ok.status, 0, describeRun(ok));
  assert.deepEqual((JSON.parse(ok.stdout) as Result).tokens, []);

  const hot = child('new sherpa.OfflineRecognizer(cfg).createStream("coffee"); console.log("survived");', m);
  assert.equal(hot.status, 255, describeRun(hot));
  assert.match(hot.stderr, /Only transducer models support contextual biasing/);
  // Per-stream options are accepted and ignored.
  const opts = child(`
    const rec = new sherpa.OfflineRecognizer(cfg);
    const st = rec.createStream();
    st.setOption('prompt', 'coffee please'); st.setOption('hotwords', 'coffee'); st.setOption('language', 'de');
    st.acceptWaveform({ samples: noise(16000), sampleRate: 16000 });
    rec.decode(st);
    process.stdout.write(JSON.stringify(rec.getResult(st)));
  `, m);
  assert.equal(opts.status, 0, describeRun(opts));
  assert.equal((JSON.parse(opts.stdout) as Result).tokens.length, 6);
});
