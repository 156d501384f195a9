/**
 * The DuplexSession's speaker port (app/live/duplex-session.ts SpeakerPort) over an AudioOutput
 * (app/audio/io: PulseOutput today), opened at the voice's rate.
 *
 * - play(): enqueues the chunk on the output (which resamples if its rate differs) and keeps a
 *   16 kHz copy of it for the echo canceller's reference.
 * - stop(): cuts the output at once; returns the samples (output rate) played since the last stop.
 * - pause() / resume(): the hold. pause() cuts the output like stop() but keeps the unheard rest
 *   of the queue (and whatever play() brings meanwhile); resume() queues it again. The played
 *   position does not move while held, so playedMs() carries on across the hold.
 * - playedMs(): the output's played position since the last stop. The output's position is
 *   monotonic since open() and survives the output's own idle gaps, so this counts over every
 *   play() since the last stop, as the port asks.
 * - reference(samples): what came out of the speaker during the mic frame just captured, at 16 kHz.
 *
 * The reference is an approximation (documented alignment):
 *   1. A timeline of the speaker's output against wall time is kept at 16 kHz: at each call the
 *      content the output's position model says was played since the previous call is laid at the
 *      end of the elapsed span (silence before it if less was played than time passed). The position
 *      model itself is good to about one 20 ms block (see pulse-backend.ts).
 *   2. reference() is called once per mic frame, in stream order (DuplexSession does so). The k-th
 *      call's frame is taken to end at `anchor + k · frame duration − captureLatencyMs`, the anchor
 *      being the first call's time: frames are timed by the mic stream's own clock, not by when the
 *      session got round to them (it may run behind). A frame that would end in the future
 *      re-anchors the stream (clock drift, a restarted recorder).
 *   3. Each play() chunk is resampled to 16 kHz on its own (no filter state across chunks): a
 *      click-sized error at chunk joins, far below what the canceller cares about.
 * The echo canceller's filter (250 ms by default) absorbs a reference that *leads* the echo in the
 * mic; one that lags it cannot be cancelled. So errors should fall on the early side: captureLatencyMs
 * (default 40 ms: parec's 32 ms buffer plus a little) moves the reference earlier.
 */
import type { AudioOutput } from '../audio/io/types.js';
import { resampleInt16 } from '../audio/resample.js';
import type { TurnId } from '../core/turn-machine/types.js';
import type { SpeakerPort } from './duplex-types.js';

const REF_RATE = 16_000;

export interface PulseSpeakerOptions {
  /** How long before the first reference() call its frame finished being captured. Default 40 ms. */
  captureLatencyMs?: number | undefined;
  /** Output history kept for references. Default 2000 ms. */
  historyMs?: number | undefined;
  /** Wall clock in ms (tests). Default performance.now(). */
  now?: (() => number) | undefined;
}

export class PulseSpeaker implements SpeakerPort {
  readonly #out: AudioOutput;
  readonly #now: () => number;
  readonly #captureLatencyMs: number;
  /** playedSamples of the output at the last stop (or creation). */
  #base: number;
  /** The queue since the last stop at 16 kHz, in play() order. */
  #content: Int16Array[] = [];
  /** Samples of the queue in `#content` plus those already dropped from its front (laid on the timeline). */
  #contentLen = 0;
  #dropped = 0;
  /** Content samples (16 kHz, since the last stop) already laid on the timeline. */
  #laid = 0;
  /** The timeline: a ring of `#ring.length` samples; `#written` samples laid since creation, ending at wall time `#tlEnd`. */
  readonly #ring: Int16Array;
  #written = 0;
  #tlEnd: number;
  /** reference() calls so far, and the wall time the first frame ended. */
  #frames = 0;
  #anchor: number | null = null;
  /** The queue since the last stop at the output's rate, in play() order (what a resume replays from). */
  #queue: Int16Array[] = [];
  /** Samples already dropped from the front of #queue (fully heard). */
  #queueDropped = 0;
  /** While held: the samples (output rate) heard before the hold. */
  #heldAt: number | null = null;

  constructor(output: AudioOutput, opts: PulseSpeakerOptions = {}) {
    this.#out = output;
    this.#now = opts.now ?? ((): number => performance.now());
    this.#captureLatencyMs = opts.captureLatencyMs ?? 40;
    this.#ring = new Int16Array(Math.max(REF_RATE / 10, Math.round(((opts.historyMs ?? 2000) / 1000) * REF_RATE)));
    this.#base = output.position().playedSamples;
    this.#tlEnd = this.#now();
  }

  play(pcm: Int16Array, sampleRate: number, _turnId: TurnId): void {
    if (pcm.length === 0) return;
    const atOut = sampleRate === this.#out.sampleRate ? pcm : resampleInt16(pcm, sampleRate, this.#out.sampleRate);
    const heard = this.#heldAt ?? this.#playedSinceStop();
    for (let c = this.#queue[0]; c !== undefined && this.#queueDropped + c.length <= heard; c = this.#queue[0]) {
      this.#queue.shift();
      this.#queueDropped += c.length;
    }
    this.#queue.push(atOut);
    if (this.#heldAt === null) this.#out.play(atOut, this.#out.sampleRate);
    const ref = sampleRate === REF_RATE ? pcm.slice() : resampleInt16(pcm, sampleRate, REF_RATE);
    this.#content.push(ref);
    this.#contentLen += ref.length;
  }

  stop(): number {
    this.#advance();
    this.#out.stop();
    const now = this.#out.position().playedSamples;
    const played = Math.max(0, now - this.#base);
    this.#base = now;
    this.#content = [];
    this.#contentLen = 0;
    this.#dropped = 0;
    this.#laid = 0;
    this.#queue = [];
    this.#queueDropped = 0;
    this.#heldAt = null;
    return played;
  }

  pause(): void {
    if (this.#heldAt !== null) return;
    this.#advance();
    this.#out.stop();
    this.#heldAt = this.#playedSinceStop();
  }

  resume(): void {
    const heard = this.#heldAt;
    if (heard === null) return;
    this.#heldAt = null;
    // Requeue everything after the `heard` samples, in order.
    let skip = heard - this.#queueDropped;
    for (const chunk of this.#queue) {
      if (skip >= chunk.length) { skip -= chunk.length; continue; }
      this.#out.play(skip > 0 ? chunk.subarray(skip) : chunk, this.#out.sampleRate);
      skip = 0;
    }
  }

  playedMs(): number {
    return (this.#playedSinceStop() / this.#out.sampleRate) * 1000;
  }

  reference(samples: number): Int16Array {
    this.#advance();
    const now = this.#tlEnd;
    const frameMs = (samples / REF_RATE) * 1000;
    if (this.#anchor === null) this.#anchor = now - this.#captureLatencyMs;
    let end = this.#anchor + this.#frames * frameMs;
    if (end > now) { this.#anchor = now - this.#frames * frameMs; end = now; }
    this.#frames += 1;
    const endIndex = this.#written - Math.round(((now - end) * REF_RATE) / 1000);
    const out = new Int16Array(samples);
    const cap = this.#ring.length;
    for (let i = 0; i < samples; i++) {
      const at = endIndex - samples + i;
      if (at < 0 || at < this.#written - cap || at >= this.#written) continue;
      out[i] = this.#ring[at % cap] ?? 0;
    }
    return out;
  }

  #playedSinceStop(): number {
    return Math.max(0, this.#out.position().playedSamples - this.#base);
  }

  /** Lays what was played since the last call on the timeline, up to now. */
  #advance(): void {
    const now = this.#now();
    const span = Math.round(((now - this.#tlEnd) * REF_RATE) / 1000);
    if (span <= 0) return;
    // Advance the timeline's end by exactly the samples laid (no drift from rounding).
    this.#tlEnd += (span / REF_RATE) * 1000;
    const played = Math.min(this.#contentLen, Math.round((this.#playedSinceStop() / this.#out.sampleRate) * REF_RATE));
    const from = Math.max(this.#laid, played - span);
    const n = Math.max(0, played - from);
    const cap = this.#ring.length;
    // Silence first, then the newly played content at the end of the span.
    for (let i = 0; i < span - n; i++) this.#ring[(this.#written + i) % cap] = 0;
    const start = this.#written + span - n;
    this.#copyContent(from, n, (i, v) => { this.#ring[(start + i) % cap] = v; });
    this.#written += span;
    this.#laid = Math.max(this.#laid, played);
    // Content already on the timeline is not needed again.
    for (let c = this.#content[0]; c !== undefined && this.#dropped + c.length <= this.#laid; c = this.#content[0]) {
      this.#content.shift();
      this.#dropped += c.length;
    }
  }

  #copyContent(from: number, n: number, put: (i: number, v: number) => void): void {
    let skip = from - this.#dropped;
    let i = 0;
    for (const chunk of this.#content) {
      if (i >= n) break;
      if (skip >= chunk.length) { skip -= chunk.length; continue; }
      for (let k = skip; k < chunk.length && i < n; k++, i++) put(i, chunk[k] ?? 0);
      skip = 0;
    }
  }
}
