/**
 * Recorded signals for live (PulseAudio) measurements of `heed start`: the mic feed and the speaker
 * recorded together (recordSource, helpers/pulse.ts), loudness per 10 ms frame, quiet-stretch search,
 * locating a known WAV inside a recording by cross-correlation, and the `heed start --json` child
 * with its event lines. Used by scripts/bench-live.mjs (the live section of `npm run bench`).
 *
 * Two parec processes started in the same tick are aligned to within a few ms (their spawn skew);
 * every time here is a frame index of a recording (10 ms), never one of Heed's own timestamps.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { rms } from '../../app/audio/pcm.js';
import { repoRoot } from '../../app/core/paths.js';
import { collectJsonLines } from './cli.js';
import { recordSource, type Recording } from './pulse.js';

/** Samples per 10 ms frame at 16 kHz. */
export const FRAME = 160;
export const RATE = 16000;

/** The microphone feed and the speaker, recorded from the same moment (two parec processes spawned in one tick). */
export function recordMicAndSpeaker(env: NodeJS.ProcessEnv): { mic: Recording; speaker: Recording; skewMs: number; stop(): Promise<{ mic: Int16Array; speaker: Int16Array }> } {
  const mic = recordSource(env, 'micfeed.monitor');
  const speaker = recordSource(env, 'speaker.monitor');
  return {
    mic, speaker, skewMs: speaker.startedAt - mic.startedAt,
    stop: async () => {
      const [m, s] = await Promise.all([mic.stop(), speaker.stop()]);
      return { mic: m, speaker: s };
    },
  };
}

/** Loudness per 10 ms frame: true when the frame's RMS is above `threshold` (full scale 1). */
export function loudFrames(pcm: Int16Array | Float32Array, threshold = 0.01): boolean[] {
  const scale = pcm instanceof Int16Array ? 1 / 32768 : 1;
  const out: boolean[] = [];
  const f = new Float32Array(FRAME);
  for (let o = 0; o + FRAME <= pcm.length; o += FRAME) {
    for (let i = 0; i < FRAME; i++) f[i] = (pcm[o + i] ?? 0) * scale;
    out.push(rms(f) > threshold);
  }
  return out;
}

/** First loud frame at or after `from` (and before `to`), or -1. */
export function firstLoud(frames: boolean[], from = 0, to = frames.length): number {
  for (let i = Math.max(0, from); i < Math.min(to, frames.length); i++) if (frames[i]) return i;
  return -1;
}

/** Last loud frame before `to` (and at or after `from`), or -1. */
export function lastLoud(frames: boolean[], from = 0, to = frames.length): number {
  for (let i = Math.min(to, frames.length) - 1; i >= Math.max(0, from); i--) if (frames[i]) return i;
  return -1;
}

/**
 * Start of the first stretch of at least `minFrames` quiet frames at or after `from`; a quiet tail
 * shorter than that at the end of the recording counts only when `tailCounts`. -1 when none.
 */
export function quietStretch(frames: boolean[], from: number, minFrames: number, tailCounts = false): number {
  let run = 0;
  for (let i = Math.max(0, from); i < frames.length; i++) {
    if (frames[i]) { run = 0; continue; }
    run++;
    if (run >= minFrames) return i - run + 1;
  }
  return tailCounts && run > 0 ? frames.length - run : -1;
}

/** The longest run of quiet frames within [from, to), as {start, frames}. */
export function longestGap(frames: boolean[], from: number, to: number): { start: number; frames: number } {
  let best = { start: -1, frames: 0 };
  let run = 0;
  const end = Math.min(to, frames.length);
  for (let i = Math.max(0, from); i < end; i++) {
    if (frames[i]) { run = 0; continue; }
    run++;
    if (run > best.frames) best = { start: i - run + 1, frames: run };
  }
  return best;
}

/** Loud frames within [from, to). */
export function loudCount(frames: boolean[], from: number, to: number): number {
  let n = 0;
  for (let i = Math.max(0, from); i < Math.min(to, frames.length); i++) if (frames[i]) n++;
  return n;
}

/**
 * Where `needle` (a WAV's samples, 16 kHz) sits in `hay` (a recording), searched among sample offsets
 * [from, to): the offset of best normalized cross-correlation (computed at 4 kHz, refined at 16 kHz
 * around the best coarse lag), and that correlation (1 = identical). Finds a customer's utterance in a
 * microphone feed that also carries the agent's echo.
 */
export function locate(hay: Int16Array | Float32Array, needle: Float32Array, from: number, to: number): { offset: number; corr: number } {
  const h = Float32Array.from(hay, (v) => (hay instanceof Int16Array ? v / 32768 : v));
  const corrAt = (lag: number, step: number): number => {
    let xy = 0; let yy = 0; let xx = 0;
    for (let i = 0; i < needle.length; i += step) {
      const x = needle[i] ?? 0;
      const y = h[lag + i] ?? 0;
      xy += x * y; yy += y * y; xx += x * x;
    }
    return yy > 0 && xx > 0 ? xy / Math.sqrt(xx * yy) : 0;
  };
  let best = { offset: -1, corr: -Infinity };
  const lo = Math.max(0, from);
  const hi = Math.min(to, h.length - 1);
  for (let lag = lo; lag < hi; lag += 4) {
    const c = corrAt(lag, 4);
    if (c > best.corr) best = { offset: lag, corr: c };
  }
  if (best.offset < 0) return { offset: -1, corr: 0 };
  const coarse = best.offset;
  best = { offset: coarse, corr: corrAt(coarse, 1) };
  for (let lag = Math.max(lo, coarse - 8); lag <= Math.min(hi, coarse + 8); lag++) {
    const c = corrAt(lag, 1);
    if (c > best.corr) best = { offset: lag, corr: c };
  }
  return best;
}

export type HeedEvent = Record<string, unknown>;

export interface HeedChild {
  readonly events: HeedEvent[];
  /** Lines on stdout that are not JSON events (there should be none with --json). */
  readonly otherStdout: string[];
  stderr(): string;
  /** The first event of `type` (matching `pred`) at index ≥ `since` in `events`; rejects after `ms`. */
  waitFor(type: string, ms: number, pred?: (e: HeedEvent) => boolean, since?: number): Promise<HeedEvent>;
  readonly exited: Promise<number | null>;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves when the process is gone. */
  stop(graceMs?: number): Promise<void>;
}

/** Spawns `node bin/heed.js start --json --max-turns N --db D --session S --config C` with `env` (the pulse server's). */
export function startHeedLive(env: NodeJS.ProcessEnv, o: { db: string; session: string; config: string; maxTurns: number; extraArgs?: string[] }): HeedChild {
  const child = spawn(process.execPath, [
    join(repoRoot(), 'bin', 'heed.js'), 'start', '--json', '--max-turns', String(o.maxTurns), '--db', o.db, '--session', o.session, '--config', o.config, ...(o.extraArgs ?? []),
  ], { cwd: repoRoot(), env, stdio: ['ignore', 'pipe', 'pipe'] });
  const events: HeedEvent[] = [];
  let stderr = '';
  let gone = false;
  child.stderr.on('data', (d: Buffer) => { stderr = (stderr + d.toString()).slice(-20_000); });
  const otherStdout: string[] = [];
  collectJsonLines(child.stdout, events, otherStdout);
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => { gone = true; resolve(code); }));
  const waitFor = (type: string, ms: number, pred: (e: HeedEvent) => boolean = () => true, since = 0): Promise<HeedEvent> => new Promise((resolve, reject) => {
    const match = (): HeedEvent | undefined => events.slice(since).find((e) => e['type'] === type && pred(e));
    const found = match();
    if (found) { resolve(found); return; }
    const done = (): void => { clearTimeout(timer); child.stdout.off('data', check); child.off('close', onClose); };
    const timer = setTimeout(() => { done(); reject(new Error(`no '${type}' event within ${ms} ms; events: ${events.map((e) => String(e['type'])).join(',')}`)); }, ms);
    function check(): void {
      // collectJsonLines is registered first, so the event is already in `events` here.
      const e = match();
      if (e) { done(); resolve(e); }
    }
    function onClose(code: number | null): void { done(); reject(new Error(`heed start exited (${String(code)}) before a '${type}' event; stderr: ${stderr.slice(-2000)}`)); }
    child.stdout.on('data', check);
    child.once('close', onClose);
  });
  return {
    events,
    otherStdout,
    stderr: () => stderr,
    waitFor,
    exited,
    stop: async (graceMs = 3000) => {
      if (gone) return;
      child.kill('SIGTERM');
      const t = setTimeout(() => { if (!gone) child.kill('SIGKILL'); }, graceMs);
      await exited;
      clearTimeout(t);
    },
  };
}

/**
 * Waits until `rec` shows the speaker loud at some point after frame `from` and then quiet for
 * `quietMs` (a reply played out), or `timeoutMs` passes. Returns true when it saw that.
 */
export async function waitReplyOver(rec: Recording, from: number, quietMs: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  const need = Math.ceil(quietMs / 10);
  while (Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 100));
    const f = loudFrames(rec.pcm());
    const start = firstLoud(f, from);
    if (start < 0) continue;
    const last = lastLoud(f, start);
    if (f.length - 1 - last >= need) return true;
  }
  return false;
}
