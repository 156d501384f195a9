/**
 * PulseAudio backend for the audio I/O seam, over PulseAudio's own tools in child processes:
 * parec for input, pacat for output, pactl for device listing. A device crash or a server restart
 * kills a child process, never Heed.
 *
 * Recovery: when parec/pacat exits without being asked to (server killed or restarted, device
 * removed, "No such entity") or parec stops delivering data, the stream is reported lost once
 * (device_lost) and respawned with exponential backoff (100 ms doubling to 2 s) until it works
 * again (device_restored). Input is "restored" when data flows again; output when pacat reports
 * "Stream successfully created" (pacat -v). Nothing is thrown into the consumer while its signal is live.
 *
 * Output position (an approximation): pacat is fed by a 10 ms pacing loop that keeps only
 * `latencyMs + leadMs` of audio ahead of real time, and every write is modelled as starting to play
 * at max(write time + latencyMs, end of the previous write) and then playing in real time. The
 * played position is that model evaluated at "now". latencyMs is the requested pacat buffer
 * (--latency-msec); the real server latency differs by a few ms (pacat -v reported ~33 ms for a
 * requested 30–40 ms on a null sink) and the pipe to pacat may briefly hold a block, so the position is
 * good to roughly one block (20 ms) — enough for barge-in, not for sample-accurate echo alignment.
 * stop() SIGKILLs pacat (the server drops its buffered audio with the stream), rewinds the model to
 * "now", and spawns a fresh pacat for the next play().
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { promisify } from 'node:util';
import { DeviceEvents, Outage } from './device-events.js';
import { CancellableSleep, FrameQueue } from './frame-queue.js';
import { JitterBuffer } from './jitter-buffer.js';
import { enqueue, OutputListeners, positionOf } from './output-listeners.js';
import {
  INPUT_FRAME_SAMPLES, INPUT_SAMPLE_RATE,
  type AudioBackend, type AudioDevice, type AudioDeviceEventType, type AudioDeviceListener,
  type AudioInput, type AudioInputOpenOptions, type AudioOutput, type AudioOutputOpenOptions,
  type PlaybackPosition,
} from './types.js';

const run = promisify(execFile);

/** How fast an input's capture-clock origin may move later, in ms per ms (see PulseInput.capturedAt). */
const ORIGIN_CREEP = 5e-5;

export interface PulseBackendOptions {
  /** Environment for pactl/parec/pacat (PULSE_SERVER, XDG_RUNTIME_DIR...). Default: process.env. */
  env?: NodeJS.ProcessEnv | undefined;
  /** Reconnect backoff. Defaults 100 ms → 2000 ms. */
  minBackoffMs?: number | undefined;
  maxBackoffMs?: number | undefined;
  /**
   * Input: no data for this long means the recorder is stuck; it is respawned. Default 2000 ms once data
   * flows; a fresh connection gets at least 5000 ms for its first data (an idle PulseAudio null sink only
   * wakes up every 2 s to notice a new low-latency client).
   */
  inputStallMs?: number | undefined;
  /** Output: pacat --latency-msec, also the start latency assumed by the position model. Default 30. */
  outputLatencyMs?: number | undefined;
  /** Output: audio kept queued in pacat beyond its latency. Default 40 ms. */
  outputLeadMs?: number | undefined;
  /** Output: a pacat that has not connected its stream this long is killed and retried (a wedged server). Default 4000 ms. */
  outputConnectTimeoutMs?: number | undefined;
}

interface Resolved { env: NodeJS.ProcessEnv; minBackoffMs: number; maxBackoffMs: number; inputStallMs: number; outputLatencyMs: number; outputLeadMs: number; outputConnectTimeoutMs: number }

function resolveOptions(o: PulseBackendOptions): Resolved {
  return {
    env: o.env ?? process.env,
    minBackoffMs: o.minBackoffMs ?? 100,
    maxBackoffMs: o.maxBackoffMs ?? 2000,
    inputStallMs: o.inputStallMs ?? 2000,
    outputLatencyMs: o.outputLatencyMs ?? 30,
    outputLeadMs: o.outputLeadMs ?? 40,
    outputConnectTimeoutMs: o.outputConnectTimeoutMs ?? 4000,
  };
}

function lastLine(text: string): string {
  // eslint-disable-next-line no-control-regex
  const lines = text.replace(/\x1b\[K/g, '').split(/[\r\n]+/).map((l) => l.trim()).filter((l) => l && !l.startsWith('Time:'));
  return lines[lines.length - 1] ?? '';
}

// ---------------------------------------------------------------------------------------------- input

export class PulseInput implements AudioInput {
  readonly #opts: Resolved;
  readonly #events = new DeviceEvents();
  #device: string | undefined;
  #signal: AbortSignal | undefined;
  #closed = false;
  #opened = false;
  #child: ChildProcess | undefined;
  readonly #queue = new FrameQueue(100, () => this.#closed || this.#signal?.aborted === true);
  readonly #sleeper = new CancellableSleep();
  #pending = new Float32Array(INPUT_FRAME_SAMPLES);
  #pendingLen = 0;
  #byteCarry: Buffer = Buffer.alloc(0);
  #supervisor: Promise<void> | undefined;
  /** Capture clock of the current parec: samples received, and the earliest-seen stream origin (see capturedAt). */
  #received = 0;
  #origin: { value: number; at: number } | null = null;
  readonly #capturedAt = new WeakMap<Float32Array, number>();

  constructor(opts: PulseBackendOptions = {}) { this.#opts = resolveOptions(opts); }

  get droppedFrames(): number { return this.#queue.dropped; }
  get deliveredFrames(): number { return this.#queue.delivered; }

  on<T extends AudioDeviceEventType>(type: T, listener: AudioDeviceListener<T>): () => void { return this.#events.on(type, listener); }

  async open(opts: AudioInputOpenOptions): Promise<void> {
    if (this.#opened) throw new Error('PulseInput is already open');
    this.#opened = true;
    this.#device = opts.device;
    this.#signal = opts.signal;
    if (opts.signal.aborted) { this.#closed = true; return; }
    opts.signal.addEventListener('abort', () => { void this.close(); }, { once: true });
    // open() resolves once capture is flowing or the first attempt failed (recovery then continues).
    await new Promise<void>((resolve) => { this.#supervisor = this.#supervise(resolve); });
  }

  async #supervise(settled: () => void): Promise<void> {
    const outage = new Outage(this.#events, 'input', this.#device, this.#opts);
    let firstSettled = false;
    const settle = (): void => { if (!firstSettled) { firstSettled = true; settled(); } };
    while (!this.#closed) {
      const args = ['--raw', `--rate=${INPUT_SAMPLE_RATE}`, '--channels=1', '--format=float32le', '--latency-msec=32'];
      if (this.#device) args.push(`--device=${this.#device}`);
      let stderr = '';
      let reason = '';
      const child = spawn('parec', args, { env: this.#opts.env, stdio: ['ignore', 'pipe', 'pipe'] });
      this.#child = child;
      let stall: NodeJS.Timeout | undefined;
      const armStall = (ms: number): void => {
        if (stall) clearTimeout(stall);
        stall = setTimeout(() => { reason = `no audio for ${ms} ms`; child.kill('SIGKILL'); }, ms);
      };
      armStall(Math.max(this.#opts.inputStallMs, 5000));
      child.stderr?.on('data', (d: Buffer) => { stderr = (stderr + d.toString()).slice(-2000); });
      child.stdout?.on('data', (d: Buffer) => {
        armStall(this.#opts.inputStallMs);
        if (outage.active || !firstSettled) { outage.restored(); settle(); }
        this.#ingest(d);
      });
      const exit = await new Promise<string>((resolve) => {
        child.once('error', (err) => resolve(`parec failed to start: ${err.message}`));
        child.once('close', (code, sig) => resolve(`parec exited (${sig ?? `code ${String(code)}`})`));
      });
      if (stall) clearTimeout(stall);
      this.#child = undefined;
      if (this.#closed) break;
      // A partial frame from before the outage must not be glued to audio from after it.
      this.#pendingLen = 0;
      this.#received = 0;
      this.#origin = null;
      this.#byteCarry = Buffer.alloc(0);
      outage.lost(reason || lastLine(stderr) || exit);
      settle();
      await this.#sleeper.sleep(outage.nextDelay());
    }
    settle();
    this.#queue.wake();
  }


  /**
   * When a frame's last sample was captured, in performance.now() ms (undefined for a frame this
   * input did not deliver). The stream's clock is its sample count: frame end = origin + samples /
   * rate, where the origin is the smallest `arrival − samples received / rate` seen (the chunk
   * that arrived soonest after capture: scheduling delays only ever add), allowed to creep later
   * by ORIGIN_CREEP (50 µs a second) so a device clock slower than performance.now() is followed.
   * So timestamps do not jitter with pipe and event-loop delays, never jump, and sit a constant
   * few ms (the least delivery latency) after the true capture time.
   */
  capturedAt(frame: Float32Array): number | undefined {
    return this.#capturedAt.get(frame);
  }

  #ingest(data: Buffer): void {
    const buf = this.#byteCarry.length ? Buffer.concat([this.#byteCarry, data]) : data;
    const usable = buf.length - (buf.length % 4);
    this.#byteCarry = Buffer.from(buf.subarray(usable));
    const now = performance.now();
    this.#received += usable / 4;
    const origin = now - (this.#received / INPUT_SAMPLE_RATE) * 1000;
    const prev = this.#origin;
    const crept = prev === null ? origin : prev.value + (now - prev.at) * ORIGIN_CREEP;
    this.#origin = { value: Math.min(origin, crept), at: now };
    const clockOrigin = this.#origin.value;
    let sampleIndex = this.#received - usable / 4;
    let off = 0;
    while (off < usable) {
      const take = Math.min((usable - off) / 4, INPUT_FRAME_SAMPLES - this.#pendingLen);
      for (let i = 0; i < take; i++) this.#pending[this.#pendingLen + i] = buf.readFloatLE(off + i * 4);
      this.#pendingLen += take;
      off += take * 4;
      sampleIndex += take;
      if (this.#pendingLen === INPUT_FRAME_SAMPLES) {
        this.#capturedAt.set(this.#pending, clockOrigin + (sampleIndex / INPUT_SAMPLE_RATE) * 1000);
        this.#queue.push(this.#pending);
        this.#pending = new Float32Array(INPUT_FRAME_SAMPLES);
        this.#pendingLen = 0;
      }
    }
    this.#queue.wake();
  }

  [Symbol.asyncIterator](): AsyncIterator<Float32Array> { return this.#queue.frames(); }

  async close(): Promise<void> {
    if (this.#closed) { await this.#supervisor; return; }
    this.#closed = true;
    this.#child?.kill('SIGTERM');
    this.#sleeper.cancel();
    this.#queue.wake();
    await this.#supervisor;
  }
}

// --------------------------------------------------------------------------------------------- output

interface Scheduled { start: number; n: number; outStart: number }

export class PulseOutput implements AudioOutput {
  readonly #opts: Resolved;
  readonly #events = new DeviceEvents();
  #device: string | undefined;
  #rate = 16_000;
  #blockMs = 20;
  #jb: JitterBuffer | undefined;
  #child: ChildProcess | undefined;
  #generation = 0;
  #ready = false;
  #closed = false;
  #opened = false;
  #outage: Outage | undefined;
  #retryTimer: NodeJS.Timeout | undefined;
  #tick: NodeJS.Timeout | undefined;
  #schedule: Scheduled[] = [];
  #scheduleEnd = 0;
  #outWritten = 0;
  #outPlayed = 0;
  readonly #listeners = new OutputListeners();

  constructor(opts: PulseBackendOptions = {}) { this.#opts = resolveOptions(opts); }

  get sampleRate(): number { return this.#rate; }
  get playedSamples(): number { this.#update(performance.now()); return this.#jb?.contentPlayed ?? 0; }

  on<T extends AudioDeviceEventType>(type: T, listener: AudioDeviceListener<T>): () => void { return this.#events.on(type, listener); }

  onPosition(listener: (pos: PlaybackPosition) => void): () => void { return this.#listeners.onPosition(listener); }

  async open(opts: AudioOutputOpenOptions = {}): Promise<void> {
    if (this.#opened) throw new Error('PulseOutput is already open');
    this.#opened = true;
    this.#device = opts.device;
    this.#rate = opts.sampleRate ?? 16_000;
    const block = Math.round(this.#rate * this.#blockMs / 1000);
    this.#jb = new JitterBuffer({ blockSamples: block, prebufferSamples: Math.round(this.#rate * (opts.prebufferMs ?? 60) / 1000) });
    this.#outage = new Outage(this.#events, 'output', this.#device, this.#opts);
    if (opts.signal) {
      if (opts.signal.aborted) { this.#closed = true; return; }
      opts.signal.addEventListener('abort', () => { void this.close(); }, { once: true });
    }
    this.#tick = setInterval(() => this.#onTick(), 10);
    // Resolves once pacat is connected, or its first attempt failed (recovery continues in the background).
    await new Promise<void>((resolve) => { this.#spawn(resolve); });
  }

  #spawn(settled?: () => void): void {
    if (this.#closed) { settled?.(); return; }
    const gen = ++this.#generation;
    this.#ready = false;
    const args = ['-v', '--raw', `--rate=${this.#rate}`, '--channels=1', '--format=s16le', `--latency-msec=${this.#opts.outputLatencyMs}`];
    if (this.#device) args.push(`--device=${this.#device}`);
    const child = spawn('pacat', args, { env: this.#opts.env, stdio: ['pipe', 'ignore', 'pipe'] });
    this.#child = child;
    child.stdin?.on('error', () => undefined);
    let stderr = '';
    // A pacat that never gets its stream would leave the output silent for good: retry it.
    const connectTimer = setTimeout(() => {
      if (this.#ready || gen !== this.#generation || this.#closed) return;
      stderr += `\nno stream after ${this.#opts.outputConnectTimeoutMs} ms`;
      child.kill('SIGKILL');
    }, this.#opts.outputConnectTimeoutMs);
    child.stderr?.on('data', (d: Buffer) => {
      stderr = (stderr + d.toString()).slice(-4000);
      if (!this.#ready && gen === this.#generation && stderr.includes('Stream successfully created')) {
        clearTimeout(connectTimer);
        this.#ready = true;
        this.#outage?.restored();
        settled?.();
      }
    });
    let exited = false;
    const onExit = (why: string): void => {
      if (exited) return;
      exited = true;
      clearTimeout(connectTimer);
      if (gen !== this.#generation || this.#closed) return; // killed on purpose (stop/close)
      this.#ready = false;
      this.#child = undefined;
      // Whatever was written but not yet played died with the stream.
      const now = performance.now();
      this.#update(now);
      this.#rewind(now);
      this.#outage?.lost(lastLine(stderr) || why);
      settled?.();
      const delay = this.#outage?.nextDelay() ?? this.#opts.minBackoffMs;
      this.#retryTimer = setTimeout(() => { this.#retryTimer = undefined; this.#spawn(); }, delay);
    };
    child.once('error', (err) => onExit(`pacat failed to start: ${err.message}`));
    child.once('close', (code, sig) => onExit(`pacat exited (${sig ?? `code ${String(code)}`})`));
  }

  /** Device-played output samples per the position model (see the file comment). */
  #modelPlayed(now: number): number {
    while (this.#schedule.length > 0) {
      const e = this.#schedule[0] as Scheduled;
      const dur = (e.n / this.#rate) * 1000;
      if (now >= e.start + dur) { this.#outPlayed = e.outStart + e.n; this.#schedule.shift(); continue; }
      if (now > e.start) this.#outPlayed = Math.max(this.#outPlayed, e.outStart + Math.floor(((now - e.start) * this.#rate) / 1000));
      break;
    }
    return this.#outPlayed;
  }

  #update(now: number): void {
    if (!this.#jb) return;
    this.#jb.contentPlayedAt(this.#modelPlayed(now));
  }

  /** Forget everything written beyond the modelled play position (stream killed or lost). */
  #rewind(now: number): void {
    const played = this.#modelPlayed(now);
    this.#schedule = [];
    this.#scheduleEnd = 0;
    this.#outWritten = played;
    this.#jb?.discardUnplayed(played);
  }

  #onTick(): void {
    const jb = this.#jb;
    if (!jb || this.#closed) return;
    const now = performance.now();
    this.#update(now);
    if (this.#ready && this.#child?.stdin) {
      const latency = this.#opts.outputLatencyMs;
      while (this.#scheduleEnd - now < latency + this.#opts.outputLeadMs) {
        const block = jb.next();
        if (!block) break;
        const start = Math.max(now + latency, this.#scheduleEnd);
        this.#schedule.push({ start, n: block.length, outStart: this.#outWritten });
        this.#outWritten += block.length;
        this.#scheduleEnd = start + (block.length / this.#rate) * 1000;
        this.#child.stdin.write(Buffer.from(block.buffer, block.byteOffset, block.byteLength));
      }
    }
    this.#listeners.settle(jb, this.#rate);
  }

  position(): PlaybackPosition { return positionOf(this.#jb, this.#rate); }

  play(pcm: Int16Array, sampleRate: number): void {
    if (this.#closed || !this.#jb || pcm.length === 0) return;
    enqueue(this.#jb, pcm, sampleRate, this.#rate);
  }

  stop(): number {
    const jb = this.#jb;
    if (!jb) return 0;
    const now = performance.now();
    this.#update(now);
    const played = jb.flush(this.#modelPlayed(now));
    this.#rewind(now);
    // Kill the stream: the server drops what it buffered. A fresh pacat is ready for the next play().
    // (During an outage the retry timer already owns respawning.)
    if (this.#child && !this.#closed) {
      this.#generation++;
      this.#child.kill('SIGKILL');
      this.#child = undefined;
      this.#spawn();
    }
    this.#listeners.resolveDrains();
    return played;
  }

  drain(): Promise<void> { return this.#listeners.drain(this.#jb, this.#closed, () => this.#update(performance.now())); }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    if (this.#tick) clearInterval(this.#tick);
    if (this.#retryTimer) clearTimeout(this.#retryTimer);
    this.#listeners.resolveDrains();
    const child = this.#child;
    this.#child = undefined;
    this.#generation++;
    if (child && child.exitCode === null && child.signalCode === null) {
      const gone = new Promise<void>((resolve) => child.once('close', () => resolve()));
      child.kill('SIGKILL');
      await gone;
    }
  }
}

// -------------------------------------------------------------------------------------------- backend

function parseSpec(spec: string | undefined): { sampleRate?: number; channels?: number } {
  const ch = /(\d+)ch/.exec(spec ?? '')?.[1];
  const hz = /(\d+)Hz/.exec(spec ?? '')?.[1];
  return { ...(ch ? { channels: Number(ch) } : {}), ...(hz ? { sampleRate: Number(hz) } : {}) };
}

export class PulseBackend implements AudioBackend {
  readonly name = 'pulse';
  readonly #options: PulseBackendOptions;
  readonly #env: NodeJS.ProcessEnv;

  constructor(options: PulseBackendOptions = {}) {
    this.#options = options;
    this.#env = options.env ?? process.env;
  }

  async isAvailable(): Promise<boolean> {
    try { await run('pactl', ['info'], { env: this.#env, timeout: 3000 }); return true; } catch { return false; }
  }

  async listDevices(): Promise<AudioDevice[]> {
    const opts = { env: this.#env, timeout: 3000 };
    const [info, sources, sinks] = await Promise.all([
      run('pactl', ['info'], opts), run('pactl', ['list', 'short', 'sources'], opts), run('pactl', ['list', 'short', 'sinks'], opts),
    ]);
    const defSource = /Default Source: (.+)/.exec(info.stdout)?.[1]?.trim();
    const defSink = /Default Sink: (.+)/.exec(info.stdout)?.[1]?.trim();
    const parse = (text: string, direction: 'input' | 'output', def: string | undefined): AudioDevice[] =>
      text.split('\n').map((l) => l.split('\t')).filter((f) => f.length >= 2 && f[1]).map((f) => {
        const name = f[1] as string;
        return { name, direction, isDefault: name === def, isMonitor: direction === 'input' && name.endsWith('.monitor'), ...parseSpec(f[3]) };
      });
    return [...parse(sources.stdout, 'input', defSource), ...parse(sinks.stdout, 'output', defSink)];
  }

  createInput(): PulseInput { return new PulseInput(this.#options); }
  createOutput(): PulseOutput { return new PulseOutput(this.#options); }
}

export function createPulseBackend(options: PulseBackendOptions = {}): PulseBackend {
  return new PulseBackend(options);
}
