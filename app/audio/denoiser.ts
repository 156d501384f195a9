/**
 * Noise suppression for the 16 kHz recognizer stream: speexdsp's preprocessor (a per-band
 * Wiener-style suppressor with a minimum-statistics noise estimate) through the native addon.
 *
 * One Denoiser belongs to one continuous stream. Its noise estimate is learnt as audio goes
 * through and is kept across utterances (the noise floor of a room or a street changes
 * slowly); reset() forgets it, e.g. when the input device changes. Deterministic: the same
 * input from the same state gives the same output.
 */
import { HeedError } from '../core/errors.js';
import { callNative, loadNative, type NativeDenoiser, type NativeDenoiserOptions } from '../engines/native.js';

/**
 * Default maximum attenuation. On the 24-utterance noisy set (pink noise, SNR 35/30/25 dB)
 * -15..-25 dB all give 16/24 exact and 22/24 right orders; at a uniform 20 dB SNR -20 dB
 * beats -15 (11 vs 9 exact); -30 starts to distort (21/24 orders).
 */
export const DEFAULT_SUPPRESS_DB = -20;

export interface DenoiserOptions {
  /** Input sample rate, default 16000. */
  sampleRate?: number;
  /** Maximum attenuation of noise in dB (negative), default DEFAULT_SUPPRESS_DB. */
  suppressDb?: number;
  /** Pass-through time after construction or reset(), default 1000 ms (see NativeDenoiserOptions). */
  warmupMs?: number;
}

/** A denoise setting: true for the defaults, or options. */
export type DenoiseSetting = boolean | DenoiserOptions;

export class Denoiser {
  #native: NativeDenoiser | undefined;

  constructor(opts: DenoiserOptions = {}) {
    const native = loadNative();
    const o: NativeDenoiserOptions = { suppressDb: opts.suppressDb ?? DEFAULT_SUPPRESS_DB };
    if (opts.sampleRate !== undefined) o.sampleRate = opts.sampleRate;
    if (opts.warmupMs !== undefined) o.warmupMs = opts.warmupMs;
    this.#native = callNative('audio', () => new native.Denoiser(o));
  }

  /** Samples per internal frame (10 ms). */
  get frameSize(): number {
    return this.#open().frameSize;
  }

  /**
   * Denoises a chunk of any length. Output is delayed by less than one frame: it holds the
   * whole frames available so far, so it may be shorter (or longer) than the input.
   */
  process(pcm: Int16Array): Int16Array {
    const d = this.#open();
    return callNative('audio', () => d.process(pcm));
  }

  /** Returns the samples still held back (the stream's end); the noise estimate is kept. */
  flush(): Int16Array {
    const d = this.#open();
    return callNative('audio', () => d.flush());
  }

  /** Forgets the noise estimate and any held samples. */
  reset(): void {
    const d = this.#open();
    callNative('audio', () => d.reset());
  }

  /** Frees the native state; idempotent. */
  close(): void {
    this.#native?.close();
    this.#native = undefined;
  }

  #open(): NativeDenoiser {
    if (!this.#native) throw new HeedError('DECODER_STATE', 'audio', 'the denoiser is closed');
    return this.#native;
  }
}
