/**
 * Waiting for a store that another writer holds (a POS sync, a menu import, another kiosk on the
 * same file) without blocking the event loop.
 *
 * SQLite's own busy_timeout waits synchronously: on the kiosk's main thread that freezes the
 * microphone, barge-in and the filler for as long as the lock lasts. So the agent's connection
 * keeps that wait short, a turn that still finds the store locked throws STORE_BUSY (only where
 * nothing was written: the turn's single transaction rolled back), and `whenStoreFree` runs the
 * work again after an abortable timer, with backoff, until `waitMs` has passed.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { HeedError, isAbortError } from '../../core/errors.js';

/** SQLite said the database (or a table) is locked by another connection; also when a tool wrapped that error. */
export function isSqliteBusy(err: unknown): boolean {
  for (let e = err, depth = 0; typeof e === 'object' && e !== null && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED'))) return true;
  }
  return false;
}

/** The error of a store transaction that found the file locked and wrote nothing: safe to run again. */
export function storeBusy(err: unknown, what: string): HeedError {
  const reason = err instanceof Error ? err.message : String(err);
  return new HeedError('STORE_BUSY', 'store', `${what}: ${reason}`, { cause: err, recoverable: true });
}

export const isStoreBusy = (err: unknown): boolean => err instanceof HeedError && err.code === 'STORE_BUSY';

export interface WhenStoreFreeOptions {
  signal?: AbortSignal | undefined;
  /** Give up (rethrow STORE_BUSY) once this long has passed since the first attempt. */
  waitMs: number;
  /** Called before each wait, with the attempt that failed (1-based). */
  onBusy?: (attempt: number, waitedMs: number) => void;
  now?: () => number;
}

const BACKOFF_MS = [10, 20, 40, 80, 160, 250];

/** Runs `work`; while it throws STORE_BUSY, waits (abortably) and runs it again, up to `opts.waitMs`. */
export async function whenStoreFree<T>(work: () => T | Promise<T>, opts: WhenStoreFreeOptions): Promise<T> {
  const now = opts.now ?? Date.now;
  const started = now();
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (err) {
      if (!isStoreBusy(err)) throw err;
      const waited = now() - started;
      if (waited >= opts.waitMs) throw err;
      opts.onBusy?.(attempt, waited);
      const pause = Math.min(BACKOFF_MS[Math.min(attempt, BACKOFF_MS.length) - 1] ?? 250, opts.waitMs - waited);
      try {
        await sleep(pause, undefined, { signal: opts.signal });
      } catch (e) {
        if (isAbortError(e) || opts.signal?.aborted) throw new HeedError('ABORTED', 'store', 'stopped waiting for the store', { cause: e });
        throw e;
      }
    }
  }
}
