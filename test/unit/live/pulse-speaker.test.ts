/**
 * PulseSpeaker (app/live/pulse-speaker.ts) over a fake AudioOutput whose played position follows a
 * virtual clock: played time since the last stop, stop's count, and the echo reference's timing.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { AudioOutput, PlaybackPosition } from '../../../app/audio/io/types.js';
import { PulseSpeaker } from '../../../app/live/pulse-speaker.js';

const T = { timeout: 10_000 };

/** Plays its queue in real (virtual) time from the moment it is queued; stop() drops the rest. */
class FakeOutput {
  now = 0;
  readonly sampleRate: number;
  #queued = 0;
  #startedAt = 0;
  #playedBefore = 0;
  stops = 0;
  constructor(rate: number) { this.sampleRate = rate; }
  #played(): number {
    return this.#playedBefore + Math.min(this.#queued, Math.max(0, Math.floor(((this.now - this.#startedAt) * this.sampleRate) / 1000)));
  }
  play(pcm: Int16Array, rate: number): void {
    if (this.#queued === 0 || this.#played() - this.#playedBefore >= this.#queued) {
      this.#playedBefore = this.#played();
      this.#queued = 0;
      this.#startedAt = this.now;
    }
    this.#queued += Math.round((pcm.length * this.sampleRate) / rate);
  }
  stop(): number {
    const p = this.#played() - this.#playedBefore;
    this.#playedBefore += p;
    this.#queued = 0;
    this.stops += 1;
    return p;
  }
  position(): PlaybackPosition {
    return { playedSamples: this.#played(), queuePlayedSamples: 0, queueSamples: this.#queued, sampleRate: this.sampleRate, underruns: 0 };
  }
}

function speakerOver(out: FakeOutput, captureLatencyMs = 0): PulseSpeaker {
  return new PulseSpeaker(out as unknown as AudioOutput, { now: () => out.now, captureLatencyMs });
}

test('pulse speaker: playedMs counts since the last stop; stop returns the samples played', T, () => {
  const out = new FakeOutput(16000);
  const sp = speakerOver(out);
  sp.play(new Int16Array(16000), 16000, 't1');
  out.now = 250;
  assert.equal(Math.round(sp.playedMs()), 250);
  assert.equal(sp.stop(), 4000);
  assert.equal(out.stops, 1);
  assert.equal(sp.playedMs(), 0);
  sp.play(new Int16Array(1600), 16000, 't2');
  out.now = 400;
  assert.equal(Math.round(sp.playedMs()), 100);
});

test('pulse speaker: the reference is silence, then what played during each mic frame, at 16 kHz', T, () => {
  for (const rate of [16000, 22050]) {
    const out = new FakeOutput(rate);
    const sp = speakerOver(out);
    const refs: Int16Array[] = [];
    // Frames of 32 ms; the reply is queued at 64 ms and lasts 96 ms.
    for (let k = 1; k <= 8; k++) {
      out.now = k * 32;
      if (k === 2) sp.play(new Int16Array(Math.round(rate * 0.096)).fill(8000), rate, 't1');
      refs.push(sp.reference(512));
    }
    const level = refs.map((r) => Math.round(r.reduce((a, v) => a + Math.abs(v), 0) / r.length));
    // Frame k covers (32(k-1), 32k] ms. The first call anchors frame 1 at 32 ms.
    assert.equal(level[0], 0, `rate ${rate}: before the reply`);
    assert.equal(level[1], 0, `rate ${rate}: queued at the end of frame 2`);
    for (const k of [2, 3, 4]) assert.ok((level[k] ?? 0) > 6000, `rate ${rate}: frame ${k + 1} carries the reply (${String(level[k])})`);
    for (const k of [6, 7]) assert.equal(level[k], 0, `rate ${rate}: after the reply`);
  }
});

test('pulse speaker: captureLatencyMs moves the reference earlier (towards what played before the frame arrived)', T, () => {
  const out = new FakeOutput(16000);
  const sp = speakerOver(out, 32);
  const refs: number[] = [];
  for (let k = 1; k <= 6; k++) {
    out.now = k * 32;
    if (k === 1) sp.play(new Int16Array(512 * 2).fill(8000), 16000, 't1');
    const r = sp.reference(512);
    refs.push(Math.round(r.reduce((a, v) => a + Math.abs(v), 0) / r.length));
  }
  // Played (32, 96] ms; with a 32 ms capture latency frame k ends at 32(k-1) ms: frames 3 and 4 carry it.
  assert.deepEqual(refs.map((v) => v > 6000), [false, false, true, true, false, false]);
});
