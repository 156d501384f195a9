import { test } from 'node:test';
import assert from 'node:assert/strict';
import { HeedError } from '../../../app/core/errors.js';
import { detectSegments, SpeechSegmenter } from '../../../app/engines/vad/segmenter.js';
import { FakeVad } from '../../../app/engines/vad/fake.js';
import type { SegmenterConfig, VadEvent } from '../../../app/engines/vad/types.js';
import { concat, whiteNoise } from '../../helpers/audio.js';

const T = { timeout: 10_000 };
const W = 512; // 32 ms
// 3 windows of speech to confirm, 5 windows of silence to end, 2 windows of padding.
const CFG: SegmenterConfig = { threshold: 0.5, minSpeechMs: 96, minSilenceMs: 160, speechPadMs: 64 };

/** Audio whose sample i holds the value i, so a segment's audio tells which samples it spans. */
function ramp(from: number, n: number): Float32Array {
  const a = new Float32Array(n);
  for (let i = 0; i < n; i++) a[i] = from + i;
  return a;
}

type Out = { type: 'speech-start'; atMs: number } | { type: 'speech-end'; startMs: number; endMs: number; decidedAtMs: number; audio: [number, number] };

function simplify(ev: VadEvent): Out {
  if (ev.type === 'speech-start') return ev;
  const a = ev.audio;
  return { ...ev, audio: [a[0] ?? -1, a.length === 0 ? -1 : (a[a.length - 1] as number) + 1] };
}

/** Feeds probabilities (one window each) in pushes of `per` windows; flushes if asked. */
function run(probs: number[], cfg: SegmenterConfig = CFG, opts: { per?: number; flush?: boolean; seg?: SpeechSegmenter } = {}): Out[] {
  const seg = opts.seg ?? new SpeechSegmenter(cfg);
  const per = opts.per ?? 1;
  const out: Out[] = [];
  for (let i = 0; i < probs.length; i += per) {
    const p = Float32Array.from(probs.slice(i, i + per));
    out.push(...seg.push(p, ramp(i * W, p.length * W)).map(simplify));
  }
  if (opts.flush) out.push(...seg.flush().map(simplify));
  return out;
}

const rep = (v: number, n: number): number[] => Array.from({ length: n }, () => v);

test('one utterance: start after minSpeech, end after minSilence, padded audio', T, () => {
  const ev = run([...rep(0.1, 10), ...rep(0.9, 10), ...rep(0.1, 10)]);
  assert.deepEqual(ev, [
    { type: 'speech-start', atMs: 320 },
    { type: 'speech-end', startMs: 320, endMs: 640, decidedAtMs: 800, audio: [(10 - 2) * W, (20 + 2) * W] },
  ]);
});

test('the same events whatever the push sizes', T, () => {
  const probs = [...rep(0.1, 7), ...rep(0.8, 9), ...rep(0.2, 3), ...rep(0.7, 4), ...rep(0, 12), 0.9, 0.9, ...rep(0, 9)];
  const ref = run(probs);
  for (const per of [2, 3, 5, 64]) assert.deepEqual(run(probs, CFG, { per }), ref, `per ${per}`);
});

test('raw VAD chunks (not whole windows) keep the audio aligned', T, () => {
  const probs = [...rep(0, 6), ...rep(1, 8), ...rep(0, 8)];
  const seg = new SpeechSegmenter(CFG);
  const total = probs.length * W;
  const events: VadEvent[] = [];
  let fed = 0;
  let windows = 0;
  for (const size of [700, 300, 1500, 33, 4000, 1000, 9999]) {
    const n = Math.min(size, total - fed);
    if (n <= 0) break;
    fed += n;
    const done = Math.floor(fed / W);
    events.push(...seg.push(Float32Array.from(probs.slice(windows, done)), ramp(fed - n, n)));
    windows = done;
  }
  assert.deepEqual(events.map(simplify), run(probs));
});

test('bursts shorter than minSpeechMs are dropped, silently', T, () => {
  assert.deepEqual(run([...rep(0, 5), 0.9, 0.9, ...rep(0, 20)], CFG, { flush: true }), []);
  // Two short bursts with a gap shorter than minSilence add up to one confirmed segment.
  const ev = run([...rep(0, 5), 0.9, 0.9, 0, 0, 0.9, ...rep(0, 10)]);
  assert.deepEqual(ev.map((e) => e.type), ['speech-start', 'speech-end']);
  assert.equal(ev[0]?.type === 'speech-start' && ev[0].atMs, 5 * 32);
  // minSpeechMs 0: a single speech window is enough, and is announced at once.
  assert.deepEqual(run([0, 0.9, 0], { ...CFG, minSpeechMs: 0 }).slice(0, 1), [{ type: 'speech-start', atMs: 32 }]);
});

test('pauses shorter than minSilenceMs do not end a segment', T, () => {
  const ev = run([...rep(0.9, 5), ...rep(0.1, 4), ...rep(0.9, 5), ...rep(0.1, 5)]);
  assert.deepEqual(ev, [
    { type: 'speech-start', atMs: 0 },
    // Padding before the start is clipped at the start of the stream.
    { type: 'speech-end', startMs: 0, endMs: 14 * 32, decidedAtMs: 19 * 32, audio: [0, 16 * W] },
  ]);
});

test('hysteresis: on at threshold, off only below negThreshold', T, () => {
  // 0.4 does not start speech (below 0.5) but keeps it going (above the default 0.35).
  assert.deepEqual(run([...rep(0.4, 20)], CFG, { flush: true }), []);
  const ev = run([...rep(0.9, 3), ...rep(0.4, 10), ...rep(0.3, 5)]);
  assert.deepEqual(ev.at(-1), { type: 'speech-end', startMs: 0, endMs: 13 * 32, decidedAtMs: 18 * 32, audio: [0, 15 * W] });
  // Once silent, 0.4 stays silent: the silence wait is not interrupted.
  const ev2 = run([...rep(0.9, 3), 0.2, 0.4, 0.45, 0.4, 0.2]);
  assert.deepEqual(ev2.at(-1), { type: 'speech-end', startMs: 0, endMs: 96, decidedAtMs: 256, audio: [0, 5 * W] });
  // An explicit negThreshold.
  const ev3 = run([...rep(0.9, 3), ...rep(0.45, 10)], { ...CFG, negThreshold: 0.46 });
  assert.deepEqual(ev3.at(-1), { type: 'speech-end', startMs: 0, endMs: 96, decidedAtMs: 256, audio: [0, 5 * W] });
});

test('flush ends an open segment at the end of the stream and starts afresh', T, () => {
  const seg = new SpeechSegmenter(CFG);
  const ev = run([...rep(0, 4), ...rep(0.9, 6)], CFG, { flush: true, seg });
  assert.deepEqual(ev.at(-1), { type: 'speech-end', startMs: 128, endMs: 320, decidedAtMs: 320, audio: [2 * W, 10 * W] });
  assert.equal(seg.inSpeech, false);
  assert.equal(seg.positionMs, 0);
  // In the middle of the silence wait: the end is where the silence began.
  const ev2 = run([...rep(0.9, 6), 0, 0], CFG, { flush: true });
  assert.deepEqual(ev2.at(-1), { type: 'speech-end', startMs: 0, endMs: 192, decidedAtMs: 256, audio: [0, 8 * W] });
  // Nothing open: nothing to say.
  assert.deepEqual(run([...rep(0, 6)], CFG, { flush: true }), []);
});

test('the trailing pad is cut to the audio seen when speechPadMs > minSilenceMs', T, () => {
  const cfg = { ...CFG, minSilenceMs: 64, speechPadMs: 200 };
  const ev = run([...rep(0, 10), ...rep(0.9, 5), ...rep(0, 5)], cfg);
  assert.deepEqual(ev.at(-1), { type: 'speech-end', startMs: 320, endMs: 480, decidedAtMs: 544, audio: [Math.round(0.12 * 16000), 17 * W] });
});

test('a segment longer than maxSpeechMs is cut and continues as a new one', T, () => {
  const seg = new SpeechSegmenter(CFG, { maxSpeechMs: 320 });
  const ev = run([...rep(0.9, 25), ...rep(0, 5)], CFG, { seg });
  assert.deepEqual(ev.map((e) => (e.type === 'speech-start' ? `start@${e.atMs}` : `end@${e.startMs}-${e.endMs}`)),
    ['start@0', 'end@0-320', 'start@320', 'end@320-640', 'start@640', 'end@640-800']);
});

test('probabilities without their audio are refused', T, () => {
  const seg = new SpeechSegmenter(CFG);
  assert.throws(() => seg.push(Float32Array.from([0.9, 0.9]), new Float32Array(600)), (e: unknown) => e instanceof HeedError && e.code === 'VAD_FAILED');
});

test('detectSegments finds noise bursts in a recording (FakeVad)', T, async () => {
  const sil = (ms: number, seed: number): Float32Array => whiteNoise(ms * 16, 0.0005, seed);
  const loud = (ms: number, seed: number): Float32Array => whiteNoise(ms * 16, 0.1, seed);
  const audio = concat(sil(1000, 1), loud(800, 2), sil(700, 3), loud(40, 4), sil(600, 5), loud(500, 6));
  const vad = new FakeVad();
  const segs = await detectSegments(vad, audio, { threshold: 0.5, minSpeechMs: 100, minSilenceMs: 300, speechPadMs: 100 });
  assert.equal(segs.length, 2, JSON.stringify(segs.map((s) => [s.startMs, s.endMs])));
  const [a, b] = segs;
  assert.ok(a && b);
  assert.ok(Math.abs(a.startMs - 1000) <= 32 && Math.abs(a.endMs - 1800) <= 32, `${a.startMs}-${a.endMs}`);
  assert.ok(Math.abs(a.decidedAtMs - a.endMs - 300) <= 32);
  assert.equal(a.audio.length, Math.round((a.endMs - a.startMs + 200) * 16));
  // The recording ends mid-speech: flushed at the end.
  assert.ok(Math.abs(b.startMs - 3140) <= 32 && b.endMs >= 3600, `${b.startMs}-${b.endMs}`);
  const ac = new AbortController();
  ac.abort();
  await assert.rejects(detectSegments(vad, audio, CFG, { signal: ac.signal }), (e: unknown) => e instanceof HeedError && e.code === 'ABORTED');
});
