/**
 * Acoustic echo cancellation for full-duplex speech: the agent's own voice leaks from the
 * speaker into the microphone, and this removes it before the VAD and the recognizer hear it,
 * while a customer speaking at the same time (double talk) still gets through.
 *
 * speexdsp through the native addon: an MDF (multidelay block frequency-domain) adaptive
 * filter learns the speaker-to-mic path from the playback reference and subtracts its echo
 * estimate; the preprocessor's residual echo suppressor then attenuates what the filter left
 * (down to residualSuppressDb, but only to residualActiveSuppressDb while the near end seems
 * to be talking). Noise is left alone: chain a Denoiser after this for that. speex's input
 * stage always removes DC and rumble (a second-order notch around 40 Hz), which also shifts the
 * phase of the lowest speech frequencies a little: levels and spectra pass unchanged, but the
 * waveform correlation of near-end speech with its input tops out near 0.9.
 *
 * One EchoCanceller belongs to one mic/speaker pair: the filter converges within a second or
 * two of far-end speech and keeps adapting; reset() forgets it (e.g. when a device changes).
 * Deterministic: the same input from the same state gives the same output.
 */
import { HeedError } from '../core/errors.js';
import { callNative, loadNative, type NativeEchoCanceller, type NativeEchoCancellerOptions } from '../engines/native.js';

export interface EchoCancellerOptions {
  /** Sample rate of both streams, default 16000. */
  sampleRate?: number;
  /** Samples per speex frame, default 256 (16 ms at 16 kHz). */
  frameSize?: number;
  /** Longest echo path the filter models (speaker-to-mic delay plus room tail), default 250 ms. */
  filterLengthMs?: number;
  /** Maximum attenuation of the residual echo in dB (negative), default -40. */
  residualSuppressDb?: number;
  /** Maximum attenuation of the residual echo while the near end talks too, default -15. */
  residualActiveSuppressDb?: number;
}

export class EchoCanceller {
  #native: NativeEchoCanceller | undefined;

  constructor(opts: EchoCancellerOptions = {}) {
    const native = loadNative();
    if (typeof native.EchoCanceller !== 'function') {
      const fix = 'npm run build:native';
      throw new HeedError('NATIVE_MISSING', 'audio', `the native addon has no EchoCanceller (a stale build?); run: ${fix}`, { hint: fix });
    }
    const o: NativeEchoCancellerOptions = {};
    if (opts.sampleRate !== undefined) o.sampleRate = opts.sampleRate;
    if (opts.frameSize !== undefined) o.frameSize = opts.frameSize;
    if (opts.filterLengthMs !== undefined) o.filterLengthMs = opts.filterLengthMs;
    if (opts.residualSuppressDb !== undefined) o.residualSuppressDb = opts.residualSuppressDb;
    if (opts.residualActiveSuppressDb !== undefined) o.residualActiveSuppressDb = opts.residualActiveSuppressDb;
    this.#native = callNative('audio', () => new native.EchoCanceller(o));
  }

  /** Samples per internal frame. */
  get frameSize(): number {
    return this.#open().frameSize;
  }

  get sampleRate(): number {
    return this.#open().sampleRate;
  }

  /**
   * Constant latency of process()'s output in samples: 2 * frameSize - 1 (one frame for
   * collecting whole frames, one for speex's overlap-add). The first `delay` samples of a
   * stream (and after reset()) are silence.
   */
  get delay(): number {
    return this.#open().delay;
  }

  /**
   * Removes the echo of `reference` (what the speaker played over the same span of time) from
   * `mic`. The chunks must have equal lengths (any length); the result has that length too
   * and lags by `delay` samples. Feed silence as the reference while nothing is playing.
   */
  process(mic: Int16Array, reference: Int16Array): Int16Array {
    const ec = this.#open();
    return callNative('audio', () => ec.process(mic, reference));
  }

  /** Forgets the learnt echo path and the buffered samples. */
  reset(): void {
    const ec = this.#open();
    callNative('audio', () => ec.reset());
  }

  /** Frees the native state; idempotent. */
  close(): void {
    this.#native?.close();
    this.#native = undefined;
  }

  #open(): NativeEchoCanceller {
    if (!this.#native) throw new HeedError('DECODER_STATE', 'audio', 'the echo canceller is closed');
    return this.#native;
  }
}

/**
 * Runs a whole recording through a fresh EchoCanceller in `chunk`-sample pieces and returns
 * the output aligned with `mic` (the latency removed) and of the same length.
 */
export function cancelEcho(mic: Int16Array, reference: Int16Array, opts: EchoCancellerOptions & { chunk?: number } = {}): Int16Array {
  if (mic.length !== reference.length) {
    throw new HeedError('INTERNAL', 'audio', `cancelEcho: mic has ${mic.length} samples but reference has ${reference.length}`);
  }
  const chunk = opts.chunk ?? 1024;
  if (!Number.isInteger(chunk) || chunk <= 0) throw new HeedError('INTERNAL', 'audio', `cancelEcho: chunk must be a positive integer, got ${chunk}`);
  const ec = new EchoCanceller(opts);
  try {
    const delay = ec.delay;
    const total = mic.length + delay;
    const m = new Int16Array(total);
    const r = new Int16Array(total);
    m.set(mic);
    r.set(reference);
    const out = new Int16Array(total);
    for (let at = 0; at < total; at += chunk) {
      const end = Math.min(total, at + chunk);
      out.set(ec.process(m.subarray(at, end), r.subarray(at, end)), at);
    }
    return out.slice(delay);
  } finally {
    ec.close();
  }
}

/** Samples in the same units in both signals (both Int16Array, or both floats). */
export type Samples = ArrayLike<number>;

/**
 * Echo return loss enhancement: how much quieter the canceller's output is than its input,
 * 10 * log10(sum mic^2 / sum output^2), in dB. `output` must be aligned with `micWithEcho`
 * (see cancelEcho). Meaningful where the mic holds only echo (plus faint noise): pass a mask
 * (non-zero / true = count this sample) to restrict it to such samples, e.g. activityMask()
 * of the echo. Infinity when the output is exactly silent there; NaN when nothing is counted.
 */
export function echoReturnLossEnhancementDb(micWithEcho: Samples, output: Samples, echoOnlyMask?: ArrayLike<number | boolean>): number {
  if (output.length !== micWithEcho.length) {
    throw new HeedError('INTERNAL', 'audio', `echoReturnLossEnhancementDb: mic has ${micWithEcho.length} samples but output has ${output.length}`);
  }
  if (echoOnlyMask !== undefined && echoOnlyMask.length !== micWithEcho.length) {
    throw new HeedError('INTERNAL', 'audio', `echoReturnLossEnhancementDb: the mask has ${echoOnlyMask.length} entries for ${micWithEcho.length} samples`);
  }
  let inE = 0;
  let outE = 0;
  let counted = 0;
  for (let i = 0; i < micWithEcho.length; i++) {
    if (echoOnlyMask !== undefined && !echoOnlyMask[i]) continue;
    const x = micWithEcho[i] as number;
    const y = output[i] as number;
    inE += x * x;
    outE += y * y;
    counted++;
  }
  if (counted === 0) return Number.NaN;
  return 10 * Math.log10(inE / outE);
}

export interface ActivityMaskOptions {
  /** Frame length in samples, default 320 (20 ms at 16 kHz). */
  frame?: number;
  /** A frame is active when its RMS is within this many dB of the loudest frame's, default 30. */
  rangeDb?: number;
}

/**
 * Per-sample activity mask (1 = active) of a signal: frames whose RMS is at least the
 * loudest frame's minus rangeDb. For ERLE over echo-only speech rather than over pauses.
 */
export function activityMask(signal: Samples, opts: ActivityMaskOptions = {}): Uint8Array {
  const frame = opts.frame ?? 320;
  const rangeDb = opts.rangeDb ?? 30;
  if (!Number.isInteger(frame) || frame <= 0) throw new HeedError('INTERNAL', 'audio', `activityMask: frame must be a positive integer, got ${frame}`);
  const n = signal.length;
  const energies: number[] = [];
  for (let at = 0; at < n; at += frame) {
    const end = Math.min(n, at + frame);
    let e = 0;
    for (let i = at; i < end; i++) e += (signal[i] as number) ** 2;
    energies.push(e / (end - at));
  }
  const loudest = energies.reduce((a, b) => Math.max(a, b), 0);
  const threshold = loudest * 10 ** (-rangeDb / 10);
  const mask = new Uint8Array(n);
  energies.forEach((e, k) => {
    if (e > 0 && e >= threshold) mask.fill(1, k * frame, Math.min(n, (k + 1) * frame));
  });
  return mask;
}
