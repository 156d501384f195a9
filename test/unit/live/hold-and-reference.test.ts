/**
 * The pieces that keep full duplex from talking over itself or cutting itself off:
 * - PulseSpeaker's hold (pause/resume): quiet at once, nothing lost, playedMs stands still;
 * - MonitorReference: the speaker's monitor capture paired with mic frames by capture time,
 *   continued sample by sample across small clock wobbles, zeros (never a stall) when it is lost;
 * - EchoGate: residual echo kept from the VAD, a customer louder than it let through, relearnt on reset.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { EchoGate, levelDb } from '../../../app/audio/echo-gate.js';
import type { AudioDeviceEventType, AudioDeviceListener, AudioInput, AudioOutput, PlaybackPosition } from '../../../app/audio/io/types.js';
import { MonitorReference } from '../../../app/live/monitor-reference.js';
import { PulseSpeaker } from '../../../app/live/pulse-speaker.js';

const T = { timeout: 10_000 };

/** Plays what it is given in virtual real time; records every play() and stop(). */
class RecordingOutput {
  now = 0;
  readonly sampleRate = 16000;
  readonly played: Int16Array[] = [];
  stops = 0;
  #queued = 0;
  #startedAt = 0;
  #before = 0;
  #heard(): number { return this.#before + Math.min(this.#queued, Math.max(0, Math.floor(((this.now - this.#startedAt) * this.sampleRate) / 1000))); }
  play(pcm: Int16Array): void {
    if (this.#heard() - this.#before >= this.#queued) { this.#before = this.#heard(); this.#queued = 0; this.#startedAt = this.now; }
    this.#queued += pcm.length;
    this.played.push(pcm);
  }
  stop(): number { const p = this.#heard() - this.#before; this.#before += p; this.#queued = 0; this.stops += 1; return p; }
  position(): PlaybackPosition { return { playedSamples: this.#heard(), queuePlayedSamples: 0, queueSamples: this.#queued, sampleRate: this.sampleRate, underruns: 0 }; }
}

const ramp = (from: number, n: number): Int16Array => Int16Array.from({ length: n }, (_, i) => (from + i) % 30000);

test('hold: pause goes quiet at once, keeps the unheard rest and what is played meanwhile; resume plays on from there', T, () => {
  const out = new RecordingOutput();
  const sp = new PulseSpeaker(out as unknown as AudioOutput, { now: () => out.now });
  sp.play(ramp(0, 16000), 16000, 't1');
  out.now = 250;
  sp.pause();
  assert.equal(out.stops, 1, 'the output was cut');
  out.now = 900;
  assert.equal(Math.round(sp.playedMs()), 250, 'playedMs stands still while held');
  sp.play(ramp(16000, 1600), 16000, 't1'); // the next sentence arrives during the hold
  assert.equal(out.played.length, 1, 'nothing reaches the output while held');
  sp.resume();
  const resumed = out.played.slice(1);
  assert.equal(resumed.length, 2);
  assert.equal(resumed[0]?.[0], 4000, 'resumes at the first unheard sample');
  assert.equal(resumed[0]?.length, 12000);
  assert.equal(resumed[1]?.[0], 16000, 'then the chunk queued during the hold');
  out.now = 1000;
  assert.equal(Math.round(sp.playedMs()), 350, 'playedMs carries on across the hold');
  sp.pause();
  assert.equal(sp.stop(), 5600, 'stop() during a hold: the 350 ms heard since the last stop');
  sp.resume();
  assert.equal(out.played.length, 3, 'a resume after stop() has nothing to play');
});

/** An AudioInput fed by the test, with capture times. */
class PushInput implements AudioInput {
  readonly droppedFrames = 0;
  deliveredFrames = 0;
  readonly #times = new WeakMap<Float32Array, number>();
  readonly #queue: Float32Array[] = [];
  #wake: (() => void) | null = null;
  #ended = false;
  push(frame: Float32Array, endAt: number): void { this.#times.set(frame, endAt); this.#queue.push(frame); this.#wake?.(); }
  end(): void { this.#ended = true; this.#wake?.(); }
  capturedAt(frame: Float32Array): number | undefined { return this.#times.get(frame); }
  async open(): Promise<void> { /* fed by push */ }
  async close(): Promise<void> { this.end(); }
  on<K extends AudioDeviceEventType>(_t: K, _l: AudioDeviceListener<K>): () => void { return () => undefined; }
  async *[Symbol.asyncIterator](): AsyncIterator<Float32Array> {
    for (;;) {
      const f = this.#queue.shift();
      if (f) { this.deliveredFrames++; yield f; continue; }
      if (this.#ended) return;
      await new Promise<void>((r) => { this.#wake = r; });
    }
  }
}

const tick = (): Promise<void> => new Promise((r) => setImmediate(r));

test('monitor reference: mic frames get the monitor samples of their capture time (minus the lead), continued across small wobbles', T, async () => {
  const input = new PushInput();
  const ref = new MonitorReference(input, { leadMs: 0, waitMs: 20 });
  ref.start();
  // 10 frames of 512 samples, sample value = its index / 32768 * 32768 (so int16 = index % 30000).
  for (let k = 0; k < 10; k++) input.push(Float32Array.from({ length: 512 }, (_, i) => ((k * 512 + i) % 30000) / 32768), (k + 1) * 32);
  await tick();
  const a = await ref.frame(512, 5 * 32); // the 5th frame's time
  assert.equal(a[0], 4 * 512);
  assert.equal(a[511], 5 * 512 - 1);
  // The mic's clock estimate wobbles 1 ms later: still the next 512 samples (no jump).
  const b = await ref.frame(512, 6 * 32 + 1);
  assert.equal(b[0], 5 * 512);
  assert.equal(ref.stats.relocked, 0);
  // A 10 ms jump is real: re-aligned.
  const c = await ref.frame(512, 7 * 32 + 10);
  assert.equal(c[0], 6 * 512 + 160);
  assert.equal(ref.stats.relocked, 1);
  // Asking ahead of the monitor waits at most waitMs, then gives zeros for what is missing.
  const t0 = performance.now();
  const d = await ref.frame(512, 11 * 32);
  assert.ok(performance.now() - t0 < 500, 'bounded wait');
  assert.equal(d[511], 0);
  input.end();
  await ref.done();
});

test('echo gate: echo-only frames are held from the VAD, a louder customer passes, the residual is relearnt after reset', T, () => {
  const gate = new EchoGate();
  const tone = (amp: number, n = 512): Int16Array => Int16Array.from({ length: n }, (_, i) => Math.round(amp * Math.sin(i / 3)));
  const silence = new Int16Array(512);
  // Nothing playing: never gated.
  assert.equal(gate.update(tone(3000), silence, tone(3000)).echoOnly, false);
  // Unconverged start: clean as loud as the echo (coupling 0 dB assumed) → echo only.
  assert.equal(gate.update(tone(2000), tone(8000), tone(2000)).echoOnly, true);
  // The canceller converges: clean 40 dB under the reference; learnt.
  for (let i = 0; i < 40; i++) gate.update(tone(4000), tone(8000), tone(80));
  assert.ok(gate.couplingDb < -30, `coupling learnt: ${gate.couplingDb.toFixed(1)} dB`);
  assert.equal(gate.update(tone(4000), tone(8000), tone(80)).echoOnly, true, 'residual echo is held');
  // A customer at a quarter of the agent's level gets through.
  assert.equal(gate.update(tone(6000), tone(8000), tone(2000)).echoOnly, false, 'a customer over the reply passes');
  // The canceller loses its way (the echo path moved): its residual jumps to the echo's level.
  // Learning frames only: what it learns is the echo.
  for (let i = 0; i < 16; i++) gate.update(tone(4000), tone(8000), tone(3600));
  assert.ok((gate.recentErleDb ?? 99) < 15, `recent ERLE ${String(gate.recentErleDb)} dB: not converged`);
  assert.equal(gate.update(tone(4000), tone(8000), tone(3600)).echoOnly, true, 'the misled residual is still echo');
  assert.equal(gate.update(tone(5000), tone(8000), tone(4500), false).echoOnly, true, 'a customer no louder than the echo waits');
  assert.equal(gate.update(tone(12000), tone(8000), tone(11000), false).echoOnly, false, 'a customer clearly louder than the echo passes');
  gate.reset();
  assert.equal(gate.couplingDb, 0, 'after double talk: the worst case again until relearnt');
  assert.ok(Math.abs(levelDb(tone(32767 / Math.SQRT2 * Math.SQRT2)) - -3) < 0.5, 'a full-scale sine is −3 dBFS');
});
