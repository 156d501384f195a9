/**
 * The admission queue in front of the engine: at most `concurrency` calls run at once, at most
 * `maxQueue` wait (first in, first out). A full queue refuses at once (SERVER_BUSY, the server's
 * 429); a waiter whose signal fires (its client left, it timed out) is dropped from the line.
 */
import { HeedError } from '../core/errors.js';

/** Gives the slot back; calling it again does nothing. */
export type Release = () => void;

interface Waiter {
  resolve: (release: Release) => void;
  reject: (err: HeedError) => void;
  signal: AbortSignal;
  onAbort: () => void;
}

export class LlmQueue {
  readonly concurrency: number;
  readonly maxQueue: number;
  #active = 0;
  readonly #waiting: Waiter[] = [];

  constructor(concurrency: number, maxQueue: number) {
    this.concurrency = concurrency;
    this.maxQueue = maxQueue;
  }

  /** Calls holding a slot. */
  get active(): number {
    return this.#active;
  }

  /** Calls waiting for one. */
  get queued(): number {
    return this.#waiting.length;
  }

  /**
   * Resolves with a slot once one is free. Rejects with SERVER_BUSY when the line is full and
   * with ABORTED when `signal` fires first (the waiter leaves the line).
   */
  acquire(signal: AbortSignal): Promise<Release> {
    if (signal.aborted) return Promise.reject(new HeedError('ABORTED', 'server', 'aborted while waiting for the engine'));
    if (this.#active < this.concurrency && this.#waiting.length === 0) {
      this.#active++;
      return Promise.resolve(this.#releaser());
    }
    if (this.#waiting.length >= this.maxQueue) {
      return Promise.reject(new HeedError('SERVER_BUSY', 'server', `the engine is busy: ${this.#active} running, ${this.#waiting.length} waiting`, { recoverable: true }));
    }
    return new Promise<Release>((resolve, reject) => {
      const waiter: Waiter = {
        resolve,
        reject,
        signal,
        onAbort: () => {
          const i = this.#waiting.indexOf(waiter);
          if (i !== -1) this.#waiting.splice(i, 1);
          reject(new HeedError('ABORTED', 'server', 'aborted while waiting for the engine'));
        },
      };
      signal.addEventListener('abort', waiter.onAbort, { once: true });
      this.#waiting.push(waiter);
    });
  }

  #releaser(): Release {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.#active--;
      this.#dispatch();
    };
  }

  #dispatch(): void {
    while (this.#active < this.concurrency) {
      const next = this.#waiting.shift();
      if (!next) return;
      next.signal.removeEventListener('abort', next.onAbort);
      this.#active++;
      next.resolve(this.#releaser());
    }
  }
}
