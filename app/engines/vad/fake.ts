/**
 * A deterministic stand-in for a VAD model: the level of each 512-sample window (dBFS of its RMS)
 * through a logistic curve. Loud windows score near 1, digital silence 0. Same interface and
 * buffering rules as the real engines, so it runs the same conformance suite.
 */
import { HeedError, throwIfAborted } from '../../core/errors.js';
import type { VadEngine } from './types.js';
import { VAD_WINDOW_SAMPLES } from './types.js';

export interface FakeVadOptions {
  /** Level (dBFS) that scores 0.5; default -40. */
  midDb?: number | undefined;
  /** dB per e-fold of the logistic curve; default 2.5 (so -50 dB → 0.02, -30 dB → 0.98). */
  slopeDb?: number | undefined;
}

export function levelToProbability(rmsLevel: number, midDb = -40, slopeDb = 2.5): number {
  if (!(rmsLevel > 0)) return 0;
  const db = 20 * Math.log10(rmsLevel);
  return 1 / (1 + Math.exp(-(db - midDb) / slopeDb));
}

export class FakeVad implements VadEngine {
  readonly name = 'fake';
  readonly #midDb: number;
  readonly #slopeDb: number;
  #remainder = new Float32Array(0);
  #closed = false;

  constructor(opts: FakeVadOptions = {}) {
    this.#midDb = opts.midDb ?? -40;
    this.#slopeDb = opts.slopeDb ?? 2.5;
  }

  async process(samples: Float32Array, opts: { signal?: AbortSignal | undefined } = {}): Promise<Float32Array> {
    throwIfAborted(opts.signal, 'vad');
    if (this.#closed) throw new HeedError('VAD_FAILED', 'vad', 'the fake VAD engine is closed', { recoverable: false });
    const all = new Float32Array(this.#remainder.length + samples.length);
    all.set(this.#remainder);
    all.set(samples, this.#remainder.length);
    const windows = Math.floor(all.length / VAD_WINDOW_SAMPLES);
    const probs = new Float32Array(windows);
    for (let w = 0; w < windows; w++) {
      let sum = 0;
      for (let i = w * VAD_WINDOW_SAMPLES; i < (w + 1) * VAD_WINDOW_SAMPLES; i++) { const v = all[i] as number; sum += v * v; }
      probs[w] = levelToProbability(Math.sqrt(sum / VAD_WINDOW_SAMPLES), this.#midDb, this.#slopeDb);
    }
    this.#remainder = all.slice(windows * VAD_WINDOW_SAMPLES);
    return probs;
  }

  async reset(): Promise<void> {
    this.#remainder = new Float32Array(0);
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.#remainder = new Float32Array(0);
  }
}
