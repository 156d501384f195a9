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
