/**
 * Output jitter buffer: producers push Int16 chunks of any size; the device side pulls fixed-size
 * blocks at its own pace. Pure (no clock, no I/O): time is counted in next() calls (one per block).
 *
 * States:
 *   idle         nothing queued; next() returns null (the device may starve / stay quiet)
 *   prebuffering a queue started; next() returns null until `prebufferSamples` are queued, end() was
 *                called, or `prebufferSamples` worth of blocks went by waiting (bounded start latency)
 *   playing      next() hands out queued audio; a short final block is padded with silence
 *   underrun     the queue ran dry before end(): next() pads with silence (one underrun counted per
 *                episode) until the queue refills to the pre-roll (or two blocks, whichever is less) or end() is called; after
 *                `idleAfterUnderrunSamples` of padding it gives up and goes idle
 *
 * Position: every handed-out block is recorded in a ledger (output samples → queued-audio samples),
 * so a backend that knows how many *output* samples the device has really played (padding included)
 * can ask how much *queued audio* that was: contentPlayedAt(). A "queue" is the run of audio from
 * the first push after idle until it drains, goes idle after an underrun, or is flushed.
 */

export type JitterState = 'idle' | 'prebuffering' | 'playing' | 'underrun';

export interface JitterBufferOptions {
  blockSamples: number;
  prebufferSamples: number;
  /** Give up on a starved queue after this much silence padding. Default: 25 blocks. */
  idleAfterUnderrunSamples?: number | undefined;
}

interface LedgerEntry { outStart: number; contentStart: number; content: number; outLen: number }

export class JitterBuffer {
  readonly blockSamples: number;
  readonly prebufferSamples: number;
  readonly idleAfterUnderrunSamples: number;

  #chunks: Int16Array[] = [];
  #headOffset = 0;
  #queued = 0;
  #state: JitterState = 'idle';
  #ended = false;
  #waitedBlocks = 0;
  #paddedInUnderrun = 0;
  #underruns = 0;

  /** Output samples handed out (padding included) — the device timeline. */
  #outDispatched = 0;
  /** Queued-audio samples handed out, ever. */
  #contentDispatched = 0;
  #contentPushed = 0;
  /** Content-played total at the last contentPlayedAt() query, and the ledger of not-yet-played blocks. */
  #contentPlayed = 0;
  #outPlayed = 0;
  #ledger: LedgerEntry[] = [];
  /** Current queue: content counter value where it started, and how much was pushed into it. */
  #queueBase = 0;
  #queuePushed = 0;

  constructor(opts: JitterBufferOptions) {
    if (!Number.isInteger(opts.blockSamples) || opts.blockSamples <= 0) throw new RangeError('blockSamples must be a positive integer');
    if (!Number.isInteger(opts.prebufferSamples) || opts.prebufferSamples < 0) throw new RangeError('prebufferSamples must be a non-negative integer');
    this.blockSamples = opts.blockSamples;
    this.prebufferSamples = opts.prebufferSamples;
    this.idleAfterUnderrunSamples = opts.idleAfterUnderrunSamples ?? opts.blockSamples * 25;
  }

  get state(): JitterState { return this.#state; }
  get queuedSamples(): number { return this.#queued; }
  get underruns(): number { return this.#underruns; }
  get outDispatched(): number { return this.#outDispatched; }
  get contentDispatched(): number { return this.#contentDispatched; }
  get contentPushed(): number { return this.#contentPushed; }
  /** Content played as of the latest contentPlayedAt() call. */
  get contentPlayed(): number { return this.#contentPlayed; }
  get queuePushedSamples(): number { return this.#queuePushed; }
  get queuePlayedSamples(): number { return Math.max(0, this.#contentPlayed - this.#queueBase); }
  /** True when nothing is queued and every handed-out block has been reported played. */
  get settled(): boolean { return this.#state === 'idle' && this.#queued === 0 && this.#outPlayed >= this.#outDispatched; }

  /** Enqueue audio. The array is kept by reference: do not mutate it afterwards. */
  push(pcm: Int16Array): void {
    if (pcm.length === 0) return;
    if (this.#state === 'idle') {
      if (this.#queued === 0) { this.#queueBase = this.#contentDispatched; this.#queuePushed = 0; }
      this.#state = 'prebuffering';
      this.#waitedBlocks = 0;
    }
    this.#ended = false;
    this.#chunks.push(pcm);
    this.#queued += pcm.length;
    this.#contentPushed += pcm.length;
    this.#queuePushed += pcm.length;
  }

  /** No more audio is coming for now: play out what is queued without waiting for the pre-roll. */
  end(): void {
    this.#ended = true;
    if (this.#queued === 0 && (this.#state === 'prebuffering' || this.#state === 'underrun')) this.#state = 'idle';
  }

  /** The next block for the device, or null when there is nothing to play yet. */
  next(): Int16Array | null {
    switch (this.#state) {
      case 'idle':
        return null;
      case 'prebuffering':
        this.#waitedBlocks++;
        if (this.#queued >= this.prebufferSamples || this.#ended || this.#waitedBlocks * this.blockSamples > this.prebufferSamples) {
          this.#state = 'playing';
          return this.#emit();
        }
        return null;
      case 'underrun':
        if (this.#queued >= this.prebufferSamples || (this.#ended && this.#queued > 0) || this.#queued >= this.blockSamples * 2) {
          this.#state = 'playing';
          return this.#emit();
        }
        if (this.#paddedInUnderrun >= this.idleAfterUnderrunSamples) {
          this.#state = 'idle';
          return null;
        }
        this.#paddedInUnderrun += this.blockSamples;
        return this.#record(new Int16Array(this.blockSamples), 0);
      case 'playing':
        return this.#emit();
    }
  }

  #emit(): Int16Array {
    const block = new Int16Array(this.blockSamples);
    const n = this.#take(block);
    if (n < this.blockSamples) {
      if (this.#ended) {
        this.#state = 'idle';
      } else {
        this.#underruns++;
        this.#paddedInUnderrun = this.blockSamples - n;
        this.#state = 'underrun';
      }
    } else if (this.#queued === 0 && this.#ended) {
      this.#state = 'idle';
    }
    return this.#record(block, n);
  }

  #take(into: Int16Array): number {
    let filled = 0;
    while (filled < into.length && this.#chunks.length > 0) {
      const head = this.#chunks[0] as Int16Array;
      const n = Math.min(into.length - filled, head.length - this.#headOffset);
      into.set(head.subarray(this.#headOffset, this.#headOffset + n), filled);
      filled += n;
      this.#headOffset += n;
      if (this.#headOffset >= head.length) { this.#chunks.shift(); this.#headOffset = 0; }
    }
    this.#queued -= filled;
    return filled;
  }

  #record(block: Int16Array, content: number): Int16Array {
    this.#ledger.push({ outStart: this.#outDispatched, contentStart: this.#contentDispatched, content, outLen: block.length });
    this.#outDispatched += block.length;
    this.#contentDispatched += content;
    return block;
  }

  /**
   * The device has played `outSamples` output samples in total (same timeline as outDispatched).
   * Returns the total queued audio played; monotonic (earlier positions are ignored).
   */
  contentPlayedAt(outSamples: number): number {
    const pos = Math.min(outSamples, this.#outDispatched);
    if (pos <= this.#outPlayed) return this.#contentPlayed;
    this.#outPlayed = pos;
    while (this.#ledger.length > 0) {
      const e = this.#ledger[0] as LedgerEntry;
      if (pos >= e.outStart + e.outLen) {
        this.#contentPlayed = e.contentStart + e.content;
        this.#ledger.shift();
        continue;
      }
      if (pos > e.outStart) this.#contentPlayed = e.contentStart + Math.min(e.content, pos - e.outStart);
      break;
    }
    return this.#contentPlayed;
  }

  /**
   * The device lost everything handed out after `outSamples` (stream killed or died): rewind the
   * output timeline to there. The discarded audio counts as dropped, not played, and is not replayed.
   */
  discardUnplayed(outSamples: number): void {
    this.contentPlayedAt(outSamples);
    const pos = this.#outPlayed;
    this.#ledger = [];
    this.#outDispatched = pos;
    this.#contentDispatched = this.#contentPlayed;
  }

  /**
   * Barge-in: drop the queue and everything handed out beyond `outSamples` (what the device played).
   * Returns how many samples of the current queue were played.
   */
  flush(outSamples: number): number {
    this.discardUnplayed(outSamples);
    const played = this.queuePlayedSamples;
    this.#chunks = [];
    this.#headOffset = 0;
    this.#queued = 0;
    this.#state = 'idle';
    this.#ended = false;
    this.#queueBase = this.#contentDispatched;
    this.#queuePushed = 0;
    return played;
  }
}
