/**
 * What both output backends do the same way around their jitter buffer: tell position listeners
 * when the played position moved, keep drain() promises until the buffer has settled, report the
 * position, and enqueue play() chunks at the stream's rate. The backends keep what differs: how
 * blocks reach the device and how the played position is modelled (they call `settle()` after
 * updating the buffer's played position, on each tick).
 */
import { resampleInt16 } from '../resample.js';
import type { JitterBuffer } from './jitter-buffer.js';
import type { PlaybackPosition } from './types.js';

export class OutputListeners {
  #lastPosition = -1;
  readonly #positionListeners = new Set<(pos: PlaybackPosition) => void>();
  #drainWaiters: Array<() => void> = [];

  onPosition(listener: (pos: PlaybackPosition) => void): () => void {
    this.#positionListeners.add(listener);
    return () => { this.#positionListeners.delete(listener); };
  }

  /** After each tick: listeners hear of a moved position; drains resolve once the buffer has settled. */
  settle(jb: JitterBuffer, rate: number): void {
    const pos = positionOf(jb, rate);
    if (pos.playedSamples !== this.#lastPosition) {
      this.#lastPosition = pos.playedSamples;
      for (const l of this.#positionListeners) { try { l(pos); } catch { /* ignore listener bugs */ } }
    }
    if (this.#drainWaiters.length > 0 && jb.settled) this.resolveDrains();
  }

  /** drain(): ends the queue and resolves when it has played (or at once when nothing is open or left). `update` brings the played position up to now. */
  drain(jb: JitterBuffer | undefined, closed: boolean, update: () => void): Promise<void> {
    if (!jb || closed) return Promise.resolve();
    jb.end();
    update();
    if (jb.settled) return Promise.resolve();
    return new Promise((resolve) => { this.#drainWaiters.push(resolve); });
  }

  /** Resolves every pending drain (stop, close). */
  resolveDrains(): void {
    const waiters = this.#drainWaiters;
    this.#drainWaiters = [];
    for (const w of waiters) w();
  }
}

export function positionOf(jb: JitterBuffer | undefined, rate: number): PlaybackPosition {
  if (!jb) return { playedSamples: 0, queuePlayedSamples: 0, queueSamples: 0, sampleRate: rate, underruns: 0 };
  return { playedSamples: jb.contentPlayed, queuePlayedSamples: jb.queuePlayedSamples, queueSamples: jb.queuePushedSamples, sampleRate: rate, underruns: jb.underruns };
}

/** play(): a copy of the chunk (the caller may reuse its buffer), at the stream's rate, onto the buffer. */
export function enqueue(jb: JitterBuffer, pcm: Int16Array, sampleRate: number, rate: number): void {
  jb.push(sampleRate === rate ? pcm.slice() : resampleInt16(pcm, sampleRate, rate));
}
