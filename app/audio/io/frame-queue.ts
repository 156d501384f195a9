/**
 * The microphone side both input backends share: a bounded queue of captured frames that the
 * consumer iterates (the oldest frame is dropped, and counted, when the consumer falls more than
 * `max` frames behind), and a reconnect sleep that close() can cut short.
 */
export class FrameQueue {
  readonly #max: number;
  readonly #over: () => boolean;
  #frames: Float32Array[] = [];
  #waiter: (() => void) | undefined;
  dropped = 0;
  delivered = 0;

  /** `over`: the input is closed or aborted (iteration ends once the queue is empty). */
  constructor(max: number, over: () => boolean) {
    this.#max = max;
    this.#over = over;
  }

  push(frame: Float32Array): void {
    this.#frames.push(frame);
    if (this.#frames.length > this.#max) { this.#frames.shift(); this.dropped++; }
  }

  /** Wakes the consumer (new frames, or the input ended). */
  wake(): void {
    const w = this.#waiter;
    this.#waiter = undefined;
    w?.();
  }

  async *frames(): AsyncGenerator<Float32Array> {
    for (;;) {
      const frame = this.#frames.shift();
      if (frame) { this.delivered++; yield frame; continue; }
      if (this.#over()) return;
      await new Promise<void>((resolve) => { this.#waiter = resolve; });
    }
  }
}

/** A sleep that `cancel()` ends early (resolving, never rejecting). */
export class CancellableSleep {
  #cancel: (() => void) | undefined;

  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const t = setTimeout(() => { this.#cancel = undefined; resolve(); }, ms);
      this.#cancel = () => { clearTimeout(t); this.#cancel = undefined; resolve(); };
    });
  }

  cancel(): void { this.#cancel?.(); }
}
