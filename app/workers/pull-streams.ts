/**
 * Streams a worker serves by pull: `open` starts producing into a buffer and returns an id, `next`
 * returns what was produced since the last pull (waiting for at least one item), `stop` aborts the
 * producer. A stream whose last batch has been taken is forgotten. Used by the LLM worker (chat
 * events) and the TTS worker (audio chunks): one message per batch, and an abort reaches the
 * producer between two items. (The LLM worker predates this and keeps its own copy, whose
 * error rule differs: an error after `done` is dropped.)
 */
import { HeedError, type ErrorSource } from '../core/errors.js';
import type { ErrorCode } from '../core/error-codes.js';

interface Stream<T> {
  items: T[];
  finished: boolean;
  error: HeedError | null;
  wake: (() => void) | null;
  abort: AbortController;
}

export interface PullBatch<T> { items: T[]; done: boolean }

export class PullStreams<T> {
  readonly #streams = new Map<number, Stream<T>>();
  #nextId = 1;

  constructor(private readonly source: ErrorSource, private readonly failCode: ErrorCode) {}

  /** Starts a producer; it receives the stream's abort signal. */
  open(produce: (signal: AbortSignal) => AsyncIterable<T>): number {
    const id = this.#nextId++;
    const s: Stream<T> = { items: [], finished: false, error: null, wake: null, abort: new AbortController() };
    this.#streams.set(id, s);
    void (async () => {
      try {
        for await (const item of produce(s.abort.signal)) {
          s.items.push(item);
          s.wake?.();
        }
      } catch (err) {
        s.error = HeedError.from(err, this.source, this.failCode);
      } finally {
        s.finished = true;
        s.wake?.();
      }
    })();
    return id;
  }

  /** The items since the last pull; waits for one unless the stream ended. Throws the producer's error once the items before it are taken. */
  async next(id: number, signal: AbortSignal): Promise<PullBatch<T>> {
    const s = this.#streams.get(id);
    if (!s) throw new HeedError(this.failCode, this.source, `no stream ${id}`);
    while (s.items.length === 0 && !s.finished) {
      if (signal.aborted) return { items: [], done: false };
      await new Promise<void>((resolve) => {
        s.wake = resolve;
        signal.addEventListener('abort', () => resolve(), { once: true });
      });
      s.wake = null;
    }
    const items = s.items.splice(0);
    if (!s.finished) return { items, done: false };
    // The items produced before an error are delivered first; the next pull throws it.
    if (s.error && items.length > 0) return { items, done: false };
    this.#streams.delete(id);
    if (s.error) throw s.error;
    return { items, done: true };
  }

  /** Aborts the producer and forgets the stream (what it still produces is dropped). */
  stop(id: number): void {
    this.#streams.get(id)?.abort.abort();
    this.#streams.delete(id);
  }

  stopAll(): void { for (const s of this.#streams.values()) s.abort.abort(); }
}
