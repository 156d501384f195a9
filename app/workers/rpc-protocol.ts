/** The wire format between a worker host (main thread) and a worker. One contract type per engine. */
import type { HeedErrorShape } from '../core/errors.js';

/** method name → request and response types */
export type RpcContract = Record<string, { req: unknown; res: unknown }>;

export type LogLevel = 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal';

export type ToWorker =
  /** aborted: the caller's signal had fired before the call was sent; the handler sees it aborted. */
  | { t: 'call'; id: number; method: string; req: unknown; aborted?: boolean }
  | { t: 'cancel'; id: number };

export type FromWorker =
  | { t: 'ready' }
  | { t: 'init-error'; error: HeedErrorShape }
  | { t: 'result'; id: number; value: unknown }
  | { t: 'error'; id: number; error: HeedErrorShape }
  | { t: 'log'; level: LogLevel; msg: string; fields?: Record<string, unknown> };

/** A handler's result that hands buffers over to the other thread instead of copying them. */
export class Transfer<T> {
  constructor(readonly value: T, readonly transfer: ArrayBuffer[]) {}
}

export function transfer<T>(value: T, buffers: ArrayBuffer[]): Transfer<T> {
  return new Transfer(value, buffers);
}

/** The ArrayBuffer under a typed array, if it can be transferred (not shared, whole). */
export function transferable(view: ArrayBufferView): ArrayBuffer[] {
  const buf = view.buffer;
  return buf instanceof ArrayBuffer && view.byteOffset === 0 && view.byteLength === buf.byteLength ? [buf] : [];
}
