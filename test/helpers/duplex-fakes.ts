/**
 * Fakes for the duplex loop's unit tests (test/unit/live/): a virtual clock, a speaker that plays
 * its queue on it (with pause/resume when asked, and its output as the echo reference), and mic
 * audio the fake VAD and STT understand.
 */
import assert from 'node:assert/strict';
import { HeedError } from '../../app/core/errors.js';
import type { TurnId } from '../../app/core/turn-machine/types.js';
import { fakeSpeech } from '../../app/engines/stt/fake.js';
import type { SpeakerPort } from '../../app/live/duplex-types.js';

/** Mic frames: 512 samples, 32 ms at 16 kHz. */
export const FRAME = 512;
export const FRAME_MS = 32;

export class FakeClock {
  t = 0;
  #waiters: Array<{ at: number; resolve: () => void }> = [];
  now(): number { return this.t; }
  advance(ms: number): void {
    this.t += ms;
    const due = this.#waiters.filter((w) => w.at <= this.t);
    this.#waiters = this.#waiters.filter((w) => w.at > this.t);
    for (const w of due) w.resolve();
  }
  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      const w = { at: this.t + ms, resolve };
      this.#waiters.push(w);
      signal?.addEventListener('abort', () => {
        this.#waiters = this.#waiters.filter((x) => x !== w);
        reject(new HeedError('ABORTED', 'domain', 'aborted'));
      }, { once: true });
    });
  }
}

/**
 * Plays its queue on the virtual clock, one play() after another, sample by sample (all audio here
 * is 16 kHz), and keeps what it put out so a test can leak it into the mic (and the echo canceller
 * gets it as its reference).
 */
export class FakeSpeaker implements SpeakerPort {
  readonly plays: Array<{ turnId: TurnId; atMs: number; ms: number }> = [];
  readonly stops: Array<{ atMs: number; playedMs: number }> = [];
  readonly #clock: FakeClock;
  #queue: Int16Array[] = [];
  #queued = 0;
  #played = 0;
  #last = 0;
  /** Everything put out since time 0, one sample per 1/16 ms. */
  #out: number[] = [];
  #paused = false;
  /** With `hold`, the speaker can pause and resume (the session then holds replies on speech onset). */
  readonly pause?: () => void;
  readonly resume?: () => void;
  readonly holds: number[] = [];
  constructor(clock: FakeClock, hold = false) {
    this.#clock = clock;
    if (hold) {
      this.pause = () => { this.#advance(); this.#paused = true; this.holds.push(this.#clock.now()); };
      this.resume = () => { this.#advance(); this.#paused = false; };
    }
  }
  #advance(): void {
    const now = this.#clock.now();
    for (let n = Math.round((now - this.#last) * 16); n > 0; n--) {
      if (this.#paused || this.#played >= this.#queued) { this.#out.push(0); continue; }
      let at = this.#played;
      let v = 0;
      for (const pcm of this.#queue) {
        if (at < pcm.length) { v = pcm[at] ?? 0; break; }
        at -= pcm.length;
      }
      this.#out.push(v);
      this.#played += 1;
    }
    this.#last = now;
  }
  play(pcm: Int16Array, rate: number, turnId: TurnId): void {
    this.#advance();
    assert.equal(rate, 16000);
    this.plays.push({ turnId, atMs: this.#clock.now(), ms: (pcm.length / rate) * 1000 });
    this.#queue.push(pcm);
    this.#queued += pcm.length;
  }
  stop(): number {
    this.#advance();
    const played = this.#played;
    this.stops.push({ atMs: this.#clock.now(), playedMs: played / 16 });
    this.#queue = [];
    this.#queued = 0;
    this.#played = 0;
    this.#paused = false;
    return played;
  }
  playedMs(): number {
    this.#advance();
    return this.#played / 16;
  }
  reference(samples: number): Int16Array {
    this.#advance();
    return Int16Array.from(this.#out.slice(Math.max(0, this.#out.length - samples)));
  }
}

/** Mic audio the fakes understand: fakeSpeech without its lead and tail silence, as float. */
export function speech(text: string): Float32Array {
  const pcm = fakeSpeech(text, { leadMs: 0, tailMs: 0 });
  return Float32Array.from(pcm, (v) => v / 32768);
}
export const silence = (ms: number): Float32Array => new Float32Array(Math.round((ms * 16000) / 1000));

export const settle = (): Promise<void> => new Promise((resolve) => { setImmediate(resolve); });
