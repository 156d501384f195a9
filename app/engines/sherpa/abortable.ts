/**
 * sherpa-onnx's native calls cannot be interrupted: an abort makes the caller stop waiting at once,
 * while the call finishes in the background and its result is dropped.
 */
import { HeedError, type ErrorSource } from '../../core/errors.js';

export function untilAborted<T>(work: Promise<T>, signal: AbortSignal | undefined, source: ErrorSource): Promise<T> {
  if (!signal) return work;
  if (signal.aborted) {
    work.catch(() => undefined);
    return Promise.reject(new HeedError('ABORTED', source, 'aborted'));
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => {
      work.catch(() => undefined);
      reject(new HeedError('ABORTED', source, 'aborted'));
    };
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (v) => { signal.removeEventListener('abort', onAbort); resolve(v); },
      (e: unknown) => { signal.removeEventListener('abort', onAbort); reject(e); },
    );
  });
}

/** int16 PCM → float samples in [-1, 1). */
export function int16ToFloat(pcm: Int16Array): Float32Array {
  const out = new Float32Array(pcm.length);
  for (let i = 0; i < pcm.length; i++) out[i] = (pcm[i] ?? 0) / 32768;
  return out;
}

/** float samples → int16 PCM, clipped. */
export function floatToInt16Clipped(samples: Float32Array): Int16Array {
  const out = new Int16Array(samples.length);
  for (let i = 0; i < samples.length; i++) {
    const v = Math.round((samples[i] ?? 0) * 32767);
    out[i] = v > 32767 ? 32767 : v < -32768 ? -32768 : v;
  }
  return out;
}
