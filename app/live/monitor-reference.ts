/**
 * The echo canceller's reference taken from the speaker itself: a capture of the output's monitor
 * (PulseAudio `<sink>.monitor`), on the same server clock as the microphone. What it holds is
 * exactly what the speaker put out (Heed's voice and anything else playing), sample-accurate, so
 * the canceller sees a steady echo delay instead of one modelled from write times.
 *
 * Alignment: both captures timestamp their frames on their own sample clocks (AudioInput.capturedAt),
 * so the mic frame that ended at time T is paired with the monitor's samples that ended at
 * T − leadMs. The echo reaches the mic after the monitor saw it (output latency, air, input
 * latency), so the reference leads the echo, as the canceller's filter needs (it models up to its
 * filter length of delay). leadMs absorbs the few ms the two clocks' offsets may differ by.
 *
 * The monitor's data for time T arrives about when the mic's does; a frame asked for before its
 * reference is in waits for it, at most `waitMs`, then gets zeros for what is missing (a lost
 * monitor never stalls the mic).
 */
import type { AudioInput } from '../audio/io/types.js';
import { floatToInt16 } from '../audio/pcm.js';

const RATE = 16_000;

export interface MonitorReferenceOptions {
  /** How much earlier than the mic frame the reference is taken. Default 5 ms. */
  leadMs?: number | undefined;
  /** Reference history kept. Default 2000 ms. */
  historyMs?: number | undefined;
  /** Longest wait for the monitor to catch up with a mic frame. Default 60 ms. */
  waitMs?: number | undefined;
  /** How far the clock estimates may wander before the reference is re-aligned. Default 4 ms. */
  slipMs?: number | undefined;
}

export class MonitorReference {
  readonly #input: AudioInput;
  readonly #leadMs: number;
  readonly #waitMs: number;
  readonly #ring: Int16Array;
  /** Samples written to the ring since start, and the capture time of the last one. */
  #written = 0;
  #lastEndAt = -Infinity;
  #waiters = new Set<() => void>();
  #pump: Promise<void> | null = null;
  /** Frames asked for, how many had to wait, got zeros, or were re-aligned (diagnostics). */
  readonly stats = { frames: 0, waited: 0, short: 0, relocked: 0 };
  readonly #slip: number;
  #lastIndex: number | null = null;

  constructor(input: AudioInput, opts: MonitorReferenceOptions = {}) {
    if (!input.capturedAt) throw new Error('MonitorReference needs an input with a capture clock (capturedAt)');
    this.#input = input;
    this.#leadMs = opts.leadMs ?? 5;
    this.#waitMs = opts.waitMs ?? 60;
    this.#slip = Math.round(((opts.slipMs ?? 4) / 1000) * RATE);
    this.#ring = new Int16Array(Math.round(((opts.historyMs ?? 2000) / 1000) * RATE));
  }

  /** Starts reading the (already opened) monitor input; runs until it ends. */
  start(): void {
    this.#pump ??= (async () => {
      for await (const frame of this.#input) this.#push(frame, this.#input.capturedAt?.(frame));
      this.#wake();
    })();
  }

  /** Resolves when the monitor input has ended (after its close / abort). */
  async done(): Promise<void> { await this.#pump; }

  /** The speaker's output during the `samples` samples that ended at mic capture time `endAt` (minus the lead). */
  async frame(samples: number, endAt: number): Promise<Int16Array> {
    this.stats.frames += 1;
    const want = endAt - this.#leadMs;
    // Only a monitor that is keeping up is waited for: a lost or stalled one gives zeros at once.
    if (this.#lastEndAt < want && want - this.#lastEndAt < 500) {
      this.stats.waited += 1;
      await this.#until(want);
    }
    // The two capture clocks' estimates move by fractions of a ms now and then; a reference that
    // jumped by a few samples would make the canceller re-converge. So the reference continues
    // sample by sample from the previous frame while that stays within `slipSamples` of the estimate.
    const estimate = this.#written - Math.round(((this.#lastEndAt - want) * RATE) / 1000);
    const continued = this.#lastIndex === null ? null : this.#lastIndex + samples;
    const endIndex = continued !== null && Math.abs(continued - estimate) <= this.#slip ? continued : estimate;
    if (endIndex !== continued && continued !== null) this.stats.relocked += 1;
    this.#lastIndex = endIndex;
    const out = new Int16Array(samples);
    const cap = this.#ring.length;
    let missing = 0;
    for (let i = 0; i < samples; i++) {
      const at = endIndex - samples + i;
      if (at < 0 || at < this.#written - cap || at >= this.#written) { missing += 1; continue; }
      out[i] = this.#ring[at % cap] ?? 0;
    }
    if (missing > 0 && this.#written > 0) this.stats.short += 1;
    return out;
  }

  #push(frame: Float32Array, endAt: number | undefined): void {
    const pcm = floatToInt16(frame);
    const cap = this.#ring.length;
    for (let i = 0; i < pcm.length; i++) this.#ring[(this.#written + i) % cap] = pcm[i] ?? 0;
    this.#written += pcm.length;
    // A frame without a timestamp continues the clock.
    this.#lastEndAt = endAt ?? (Number.isFinite(this.#lastEndAt) ? this.#lastEndAt + (pcm.length / RATE) * 1000 : performance.now());
    this.#wake();
  }

  #until(time: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, this.#waitMs);
      const check = (): void => { if (this.#lastEndAt >= time) done(); };
      function done(): void { clearTimeout(timer); waiters.delete(check); resolve(); }
      const waiters = this.#waiters;
      waiters.add(check);
    });
  }

  #wake(): void {
    for (const w of [...this.#waiters]) w();
  }
}
