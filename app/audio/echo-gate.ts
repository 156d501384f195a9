/**
 * Residual echo gate: decides, frame by frame, whether what is left after the echo canceller is
 * just the agent's own voice (residual echo) or something more (a customer talking over it).
 *
 * The canceller needs a second or two of the agent's speech to converge, and its residual rises
 * for a moment whenever the echo path changes. Until then the agent's own voice is still in the
 * "clean" signal, and a VAD would call it speech: the agent would interrupt itself. The gate
 * learns how loud the clean signal is relative to the reference when only the echo is there,
 * and lets a frame through to speech detection only when it is clearly louder than that:
 *
 *   the echo in a frame comes from what the speaker played up to an echo tail earlier, so the
 *   reference level is taken as refDb = max over the last `tailFrames` frames of their level
 *   minus `tailDecayDb` per frame of age;
 *   coupling K = cleanDb − refDb over recent frames while the speaker plays (its median: the
 *   customer talks over the agent for a minority of the time);
 *   a playback frame is echo-dominated when cleanDb < refDb + K + marginDb.
 *
 * Before anything is learnt K starts at `initialCouplingDb` (0: echo as loud as the speaker,
 * the worst case), so the very first reply is protected; as the canceller converges K falls
 * (−30 dB and below here) and a customer well under the agent's level gets through.
 *
 * The canceller can also lose its way mid-reply (the echo path moved, double talk): its residual
 * then jumps for a while and a learnt K is too low. So the gate also watches the canceller's recent
 * echo return loss enhancement (micDb − cleanDb over the last `recentFrames` learning frames): while
 * it is under `convergedErleDb`, a frame must in addition be louder in the raw microphone than the
 * echo path alone explains (micDb ≥ refDb + G + rawMarginDb, G = the median of micDb − refDb, the
 * speaker-to-mic coupling, which does not depend on the canceller). A customer then gets through
 * only when clearly louder than the echo, and the agent never hears itself.
 *
 * Learning happens only on frames the caller marks as echo-only candidates (`learn`: no utterance
 * open), so a customer talking over the reply does not teach the gate that speech is echo.
 * Frames without playback (reference below `refFloorDb`) are never gated. Pure: no clock, no I/O.
 */

export interface EchoGateOptions {
  /** How much louder than the expected residual a frame must be to count as the customer. Default 10 dB. */
  marginDb?: number | undefined;
  /** Reference level below which the speaker counts as silent (dBFS). Default −50. */
  refFloorDb?: number | undefined;
  /** Playback frames the coupling is learnt over (the median of the last N). Default 94 (3 s of 32 ms frames). */
  windowFrames?: number | undefined;
  /** The coupling assumed before `minFrames` playback frames were seen. Default 0 dB. */
  initialCouplingDb?: number | undefined;
  /** Playback frames needed before the learnt coupling is used. Default 8. */
  minFrames?: number | undefined;
  /** Frames of reference history the echo may come from (delay plus room tail). Default 8 (256 ms). */
  tailFrames?: number | undefined;
  /** How much quieter each older frame's contribution is taken to be. Default 3 dB per frame. */
  tailDecayDb?: number | undefined;
  /** Below this recent ERLE the canceller is taken as not converged. Default 15 dB. */
  convergedErleDb?: number | undefined;
  /** Learning frames the recent ERLE is the median of. Default 16 (0.5 s). */
  recentFrames?: number | undefined;
  /** How much louder than the echo path explains the raw mic must be while the canceller is not converged. Default 6 dB. */
  rawMarginDb?: number | undefined;
}

export interface EchoGateDecision {
  /** The speaker was playing during this frame. */
  playback: boolean;
  /** Nothing but (residual) echo in the frame: keep it from speech detection. */
  echoOnly: boolean;
  /** The coupling in use (dB), and the canceller's echo return loss enhancement on this frame (mic − clean, dB). */
  couplingDb: number;
  erleDb: number;
}

const FLOOR_DB = -120;

export function levelDb(x: ArrayLike<number>, fullScale = 32768): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) { const v = (x[i] ?? 0) / fullScale; s += v * v; }
  const rms = Math.sqrt(s / Math.max(1, x.length));
  return rms > 0 ? Math.max(FLOOR_DB, 20 * Math.log10(rms)) : FLOOR_DB;
}

export class EchoGate {
  readonly #margin: number;
  readonly #refFloor: number;
  readonly #window: number;
  readonly #initial: number;
  readonly #minFrames: number;
  readonly #ks: number[] = [];
  readonly #tail: number;
  readonly #decay: number;
  readonly #refs: number[] = [];
  readonly #gs: number[] = [];
  readonly #erles: number[] = [];
  readonly #converged: number;
  readonly #recent: number;
  readonly #rawMargin: number;

  constructor(opts: EchoGateOptions = {}) {
    this.#margin = opts.marginDb ?? 10;
    this.#refFloor = opts.refFloorDb ?? -50;
    this.#window = opts.windowFrames ?? 94;
    this.#initial = opts.initialCouplingDb ?? 0;
    this.#minFrames = opts.minFrames ?? 8;
    this.#tail = opts.tailFrames ?? 8;
    this.#decay = opts.tailDecayDb ?? 3;
    this.#converged = opts.convergedErleDb ?? 15;
    this.#recent = opts.recentFrames ?? 16;
    this.#rawMargin = opts.rawMarginDb ?? 6;
  }

  /** The speaker-to-mic coupling in use (dB, raw mic over reference). */
  get echoPathDb(): number {
    return this.#gs.length < this.#minFrames ? this.#initial : median(this.#gs, this.#initial);
  }

  /** The canceller's recent echo return loss enhancement (dB), or null before enough was seen. */
  get recentErleDb(): number | null {
    return this.#erles.length < Math.min(this.#minFrames, this.#recent) ? null : median(this.#erles, 0);
  }

  /** The coupling the gate would use now (dB). */
  get couplingDb(): number {
    return this.#ks.length < this.#minFrames ? this.#initial : median(this.#ks, this.#initial);
  }

  /**
   * One frame: the raw mic, the reference the canceller got, and its output (int16 PCM, same
   * length). `learn`: the frame may be used to learn the echo (no customer speech is known to be
   * in it); default true.
   */
  update(mic: Int16Array, ref: Int16Array, clean: Int16Array, learn = true): EchoGateDecision {
    this.#refs.push(levelDb(ref));
    if (this.#refs.length > this.#tail) this.#refs.shift();
    let refDb = FLOOR_DB;
    for (let i = 0; i < this.#refs.length; i++) refDb = Math.max(refDb, (this.#refs[i] ?? FLOOR_DB) - this.#decay * (this.#refs.length - 1 - i));
    const micDb = levelDb(mic);
    const cleanDb = levelDb(clean);
    const erleDb = micDb - cleanDb;
    if (refDb < this.#refFloor) return { playback: false, echoOnly: false, couplingDb: this.couplingDb, erleDb };
    const k = this.couplingDb;
    const erle = this.recentErleDb;
    const cleanPass = cleanDb >= refDb + k + this.#margin;
    const rawPass = micDb >= refDb + this.echoPathDb + this.#rawMargin;
    const echoOnly = !(cleanPass && ((erle !== null && erle >= this.#converged) || rawPass));
    if (learn) {
      push(this.#ks, cleanDb - refDb, this.#window);
      push(this.#gs, micDb - refDb, this.#window);
      push(this.#erles, erleDb, this.#recent);
    }
    return { playback: true, echoOnly, couplingDb: k, erleDb };
  }

  /** Forgets what was learnt (a device change: a new echo path). */
  reset(): void { this.#ks.length = 0; this.#refs.length = 0; this.#gs.length = 0; this.#erles.length = 0; }
}

function median(xs: readonly number[], empty: number): number {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? empty;
}

function push(xs: number[], x: number, max: number): void {
  xs.push(x);
  if (xs.length > max) xs.shift();
}
