/**
 * PortAudio backend for the audio I/O seam, through naudiodon (loaded lazily by naudiodon-addon.ts,
 * the only module that touches the addon). It covers machines without a PulseAudio server: bare
 * ALSA devices (a Raspberry Pi with a USB headset). Streams are 16-bit mono; 512-frame device
 * buffers (32 ms at 16 kHz).
 *
 * Input: the device is opened at 16 kHz (or, if it refuses, at its default rate and resampled) and
 * its chunks are re-framed into exact 512-sample Float32 frames.
 *
 * Recovery: a stream error, an input that delivers nothing (no data for inputStallMs; a fresh stream
 * gets inputFirstDataMs: its first chunk takes ~1.1 s through ALSA's pulse plugin, and about one
 * stream in twenty never delivers at all), an output whose device stops taking audio (a write not
 * accepted for outputStallMs, and none accepted meanwhile), or a stream that cannot be opened is
 * reported lost once (device_lost)
 * and reopened with exponential backoff (100 ms doubling to 2 s) until it works (device_restored:
 * input when data flows again, output when a new stream has taken 20 blocks — a fresh output stream
 * occasionally never pulls, and is then lost again and reopened). Nothing is thrown into the
 * consumer while its signal is live. Device names are looked up again on every attempt.
 *
 * Output position (an approximation): a 10 ms pacing loop writes 32 ms blocks — jitter-buffer audio,
 * or silence when there is none, so the device is always fed and naudiodon's callback never blocks —
 * keeping `latencyMs + leadMs` of audio ahead of real time. Every write is modelled as starting to
 * play at max(write time + latencyMs, end of the previous write) and then playing in real time (the
 * wall clock stands in for the device clock); the played position is that model evaluated at "now".
 * latencyMs stands for the device side (PortAudio/ALSA buffer plus, through ALSA's pulse plugin, the
 * server's); the addon's own chunk queue (maxQueue blocks) sits in the lead. The position is good to
 * about one or two blocks (32–64 ms) in steady state — enough for barge-in, not for sample-accurate
 * echo alignment — and runs ahead of the truth while a freshly opened stream is still starting (the
 * pulse plugin takes up to ~1 s before it pulls steadily).
 * stop() drops the queue, rewinds the model to "now" and quits the stream. naudiodon cannot abort: its
 * quit lets the device play what the addon already queued (≤ maxQueue blocks, ~64 ms) before the
 * stream stops. A fresh stream is opened lazily by the next play().
 *
 * Known naudiodon limits: it printf()s a banner per stream to stdout and ALSA prints to stderr; a
 * stream whose device died cannot be quit (the native quit waits forever for the dead callback and
 * holds a libuv threadpool thread, which also keeps the event loop alive) — close() bounds its wait.
 */
import { DeviceEvents, Outage } from './device-events.js';
import { CancellableSleep, FrameQueue } from './frame-queue.js';
import { JitterBuffer } from './jitter-buffer.js';
import { enqueue, OutputListeners, positionOf } from './output-listeners.js';
import { loadNaudiodon, type PaInputStream, type PaOutputStream, type PortAudioAddon } from './naudiodon-addon.js';
import { InputFramer, PlayoutModel, mapDevices, matchDevice } from './portaudio-support.js';
import {
  INPUT_SAMPLE_RATE,
  type AudioBackend, type AudioDevice, type AudioDeviceEventType, type AudioDeviceListener, type AudioDirection,
  type AudioInput, type AudioInputOpenOptions, type AudioOutput, type AudioOutputOpenOptions, type PlaybackPosition,
} from './types.js';

export interface PortAudioBackendOptions {
  /** The addon, or a factory for it; default: naudiodon, loaded on first use. Tests inject a fake. */
  addon?: PortAudioAddon | (() => PortAudioAddon) | undefined;
  /** Reconnect backoff. Defaults 100 ms → 2000 ms. */
  minBackoffMs?: number | undefined;
  maxBackoffMs?: number | undefined;
  /** Input: no data for this long (once flowing) means the stream is stuck. Default 2000 ms. */
  inputStallMs?: number | undefined;
  /** Input: a fresh stream's wait for its first data. Default 3500 ms. */
  inputFirstDataMs?: number | undefined;
  /** Output: device-side latency assumed by the position model. Default 40 ms. */
  outputLatencyMs?: number | undefined;
  /** Output: audio kept written beyond the latency. Default 64 ms (two blocks). */
  outputLeadMs?: number | undefined;
  /** Output: a write not taken by the device for this long means it is gone. Default 1500 ms; 3000 ms for a fresh stream. */
  outputStallMs?: number | undefined;
  /** Chunks queued inside naudiodon (output). Default 2. */
  outputMaxQueue?: number | undefined;
  /** Longest wait for naudiodon's quit() in stop()/close() (it never returns for a dead device). Default 2000 ms. */
  quitTimeoutMs?: number | undefined;
}

interface Resolved {
  addon: () => PortAudioAddon; minBackoffMs: number; maxBackoffMs: number; inputStallMs: number; inputFirstDataMs: number;
  outputLatencyMs: number; outputLeadMs: number; outputStallMs: number; outputMaxQueue: number; quitTimeoutMs: number;
}

function resolveOptions(o: PortAudioBackendOptions): Resolved {
  const a = o.addon;
  return {
    addon: a === undefined ? loadNaudiodon : typeof a === 'function' ? a : () => a,
    minBackoffMs: o.minBackoffMs ?? 100,
    maxBackoffMs: o.maxBackoffMs ?? 2000,
    inputStallMs: o.inputStallMs ?? 2000,
    inputFirstDataMs: o.inputFirstDataMs ?? 3500,
    outputLatencyMs: o.outputLatencyMs ?? 40,
    outputLeadMs: o.outputLeadMs ?? 64,
    outputStallMs: o.outputStallMs ?? 1500,
    outputMaxQueue: o.outputMaxQueue ?? 2,
    quitTimeoutMs: o.quitTimeoutMs ?? 2000,
  };
}

const BLOCK_MS = 32;
/** Output blocks a fresh stream must take before it counts as working (its start-up prefill takes ~5 at once). */
const RESTORED_AFTER_BLOCKS = 20;
/** A fresh output stream's grace before "takes no audio" means lost (ALSA's pulse plugin starts slowly). */
const OUTPUT_START_GRACE_MS = 3000;
const errText = (err: unknown): string => (err instanceof Error ? err.message : String(err));

/** Waits for `p`, at most `ms`. */
function bounded(p: Promise<void>, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const t = setTimeout(resolve, ms);
    void p.then(() => { clearTimeout(t); resolve(); }, () => { clearTimeout(t); resolve(); });
  });
}

/** PortAudio device id (-1 = default) and its default rate for a requested name. */
function resolveDevice(addon: PortAudioAddon, name: string | undefined, direction: AudioDirection): { id: number; rate: number } {
  const devices = addon.getDevices();
  if (name !== undefined) {
    const d = matchDevice(devices, name, direction);
    return { id: d.id, rate: d.defaultSampleRate };
  }
  const def = mapDevices(devices, addon.getHostApis()).find((d) => d.direction === direction && d.isDefault);
  return { id: -1, rate: def?.sampleRate ?? INPUT_SAMPLE_RATE };
}

// ---------------------------------------------------------------------------------------------- input

export class PortAudioInput implements AudioInput {
  readonly #opts: Resolved;
  readonly #events = new DeviceEvents();
  #device: string | undefined;
  #signal: AbortSignal | undefined;
  #opened = false;
  #closed = false;
  readonly #queue = new FrameQueue(100, () => this.#closed || this.#signal?.aborted === true);
  readonly #sleeper = new CancellableSleep();
  #endRun: ((reason: string) => void) | undefined;
  #supervisor: Promise<void> | undefined;
  /** Rate the current stream was opened at (16000 unless the device refused it). */
  deviceRate = INPUT_SAMPLE_RATE;

  constructor(opts: PortAudioBackendOptions = {}) { this.#opts = resolveOptions(opts); }

  get droppedFrames(): number { return this.#queue.dropped; }
  get deliveredFrames(): number { return this.#queue.delivered; }

  on<T extends AudioDeviceEventType>(type: T, listener: AudioDeviceListener<T>): () => void { return this.#events.on(type, listener); }

  async open(opts: AudioInputOpenOptions): Promise<void> {
    if (this.#opened) throw new Error('PortAudioInput is already open');
    this.#opened = true;
    this.#device = opts.device;
    this.#signal = opts.signal;
    if (opts.signal.aborted) { this.#closed = true; return; }
    // A missing addon or an unknown device name is the caller's error: thrown here, before anything runs.
    resolveDevice(this.#opts.addon(), opts.device, 'input');
    opts.signal.addEventListener('abort', () => { void this.close(); }, { once: true });
    // Resolves once audio flows or the first attempt failed (recovery then continues in the background).
    await new Promise<void>((resolve) => { this.#supervisor = this.#supervise(resolve); });
  }

  #openStream(): { stream: PaInputStream; rate: number } {
    const addon = this.#opts.addon();
    const { id, rate: deviceRate } = resolveDevice(addon, this.#device, 'input');
    const rates = deviceRate && deviceRate !== INPUT_SAMPLE_RATE ? [INPUT_SAMPLE_RATE, deviceRate] : [INPUT_SAMPLE_RATE];
    let lastErr: unknown;
    for (const rate of rates) {
      const frames = Math.round((512 * rate) / INPUT_SAMPLE_RATE);
      try {
        return { stream: addon.openInput({ deviceId: id, sampleRate: rate, channelCount: 1, framesPerBuffer: frames, highwaterMark: frames * 2, maxQueue: 2 }), rate };
      } catch (err) { lastErr = err; }
    }
    throw lastErr;
  }

  async #supervise(settled: () => void): Promise<void> {
    const outage = new Outage(this.#events, 'input', this.#device, this.#opts);
    let first = true;
    const settle = (): void => { if (first) { first = false; settled(); } };
    while (!this.#closed) {
      let reason: string;
      let stream: PaInputStream | undefined;
      let rate = INPUT_SAMPLE_RATE;
      try { ({ stream, rate } = this.#openStream()); } catch (err) { reason = `cannot open the input: ${errText(err)}`; }
      if (stream) {
        this.deviceRate = rate;
        reason = await this.#run(stream, new InputFramer(rate), outage, settle);
        await bounded(stream.quit(), this.#opts.quitTimeoutMs);
      } else {
        reason ??= 'cannot open the input';
      }
      if (this.#closed) break;
      outage.lost(reason);
      settle();
      await this.#sleeper.sleep(outage.nextDelay());
    }
    settle();
    this.#queue.wake();
  }

  /** Runs one stream until it fails, stalls or the input is closed; resolves with the reason. */
  #run(stream: PaInputStream, framer: InputFramer, outage: Outage, settle: () => void): Promise<string> {
    return new Promise<string>((resolve) => {
      let stall: NodeJS.Timeout | undefined;
      let over = false;
      const end = (reason: string): void => {
        if (over) return;
        over = true;
        if (stall) clearTimeout(stall);
        this.#endRun = undefined;
        resolve(reason);
      };
      const arm = (ms: number): void => {
        if (stall) clearTimeout(stall);
        stall = setTimeout(() => end(`no audio for ${ms} ms`), ms);
      };
      this.#endRun = end;
      stream.onError((err) => end(`input stream error: ${err.message}`));
      stream.onData((chunk) => {
        if (over) return;
        arm(this.#opts.inputStallMs);
        outage.restored();
        settle();
        for (const f of framer.push(chunk)) {
          this.#queue.push(f);
        }
        this.#queue.wake();
      });
      arm(this.#opts.inputFirstDataMs);
      try { stream.start(); } catch (err) { end(`cannot start the input: ${errText(err)}`); }
    });
  }


  [Symbol.asyncIterator](): AsyncIterator<Float32Array> { return this.#queue.frames(); }

  async close(): Promise<void> {
    if (!this.#closed) {
      this.#closed = true;
      this.#endRun?.('closed');
      this.#sleeper.cancel();
      this.#queue.wake();
    }
    await this.#supervisor;
  }
}

// --------------------------------------------------------------------------------------------- output

export class PortAudioOutput implements AudioOutput {
  readonly #opts: Resolved;
  readonly #events = new DeviceEvents();
  #device: string | undefined;
  #rate = 16_000;
  #block = 512;
  #jb: JitterBuffer | undefined;
  #model: PlayoutModel | undefined;
  #outage: Outage | undefined;
  #stream: PaOutputStream | undefined;
  #streamOpenedAt = 0;
  #pendingSince: number | undefined;
  #accepted = 0;
  #opened = false;
  #closed = false;
  #retryTimer: NodeJS.Timeout | undefined;
  #tick: NodeJS.Timeout | undefined;
  #quits = new Set<Promise<void>>();
  readonly #listeners = new OutputListeners();

  constructor(opts: PortAudioBackendOptions = {}) { this.#opts = resolveOptions(opts); }

  get sampleRate(): number { return this.#rate; }
  get playedSamples(): number { this.#update(performance.now()); return this.#jb?.contentPlayed ?? 0; }

  on<T extends AudioDeviceEventType>(type: T, listener: AudioDeviceListener<T>): () => void { return this.#events.on(type, listener); }

  onPosition(listener: (pos: PlaybackPosition) => void): () => void { return this.#listeners.onPosition(listener); }

  async open(opts: AudioOutputOpenOptions = {}): Promise<void> {
    if (this.#opened) throw new Error('PortAudioOutput is already open');
    this.#opened = true;
    this.#device = opts.device;
    this.#rate = opts.sampleRate ?? 16_000;
    this.#block = Math.round((this.#rate * BLOCK_MS) / 1000);
    this.#jb = new JitterBuffer({ blockSamples: this.#block, prebufferSamples: Math.round((this.#rate * (opts.prebufferMs ?? 60)) / 1000) });
    this.#model = new PlayoutModel(this.#rate, this.#opts.outputLatencyMs);
    this.#outage = new Outage(this.#events, 'output', this.#device, this.#opts);
    if (opts.signal?.aborted) { this.#closed = true; return; }
    resolveDevice(this.#opts.addon(), opts.device, 'output'); // unknown name / no addon: thrown to the caller
    opts.signal?.addEventListener('abort', () => { void this.close(); }, { once: true });
    this.#connect();
    this.#tick = setInterval(() => this.#onTick(), 10);
  }

  /** Opens and starts a stream; a failure counts as (part of) an outage and schedules a retry. */
  #connect(): void {
    if (this.#closed || this.#stream) return;
    let stream: PaOutputStream;
    try {
      const addon = this.#opts.addon();
      const { id } = resolveDevice(addon, this.#device, 'output');
      stream = addon.openOutput({ deviceId: id, sampleRate: this.#rate, channelCount: 1, framesPerBuffer: this.#block, highwaterMark: this.#block * 2, maxQueue: this.#opts.outputMaxQueue });
      stream.start();
    } catch (err) {
      this.#lose(`cannot open the output: ${errText(err)}`);
      return;
    }
    stream.onError((err) => { if (this.#stream === stream) this.#lose(`output stream error: ${err.message}`); });
    this.#stream = stream;
    this.#streamOpenedAt = performance.now();
    this.#pendingSince = undefined;
    this.#accepted = 0;
  }

  /** The stream failed: forget what it had not played, let it go, and retry with backoff. */
  #lose(reason: string): void {
    const now = performance.now();
    this.#update(now);
    this.#cut(now);
    const stream = this.#stream;
    this.#stream = undefined;
    // quit() releases a write blocked in the addon; for a dead device it never resolves (not awaited).
    if (stream) void stream.quit();
    this.#outage?.lost(reason);
    if (this.#closed || this.#retryTimer) return;
    const delay = this.#outage?.nextDelay() ?? this.#opts.minBackoffMs;
    this.#retryTimer = setTimeout(() => { this.#retryTimer = undefined; this.#connect(); }, delay);
  }

  /** Rewinds the model and the jitter buffer's timeline to what was played at `now`. */
  #cut(now: number): number {
    const played = this.#model?.rewind(now) ?? 0;
    this.#jb?.discardUnplayed(played);
    return played;
  }

  #update(now: number): void {
    if (this.#jb && this.#model) this.#jb.contentPlayedAt(this.#model.playedAt(now));
  }

  #onTick(): void {
    const jb = this.#jb;
    const model = this.#model;
    if (!jb || !model || this.#closed) return;
    const now = performance.now();
    this.#update(now);
    // Lazy reopen after stop(): once there is audio to play and the old stream has let go of the device.
    if (!this.#stream && !this.#retryTimer && this.#quits.size === 0 && jb.queuedSamples > 0) this.#connect();
    const stream = this.#stream;
    if (stream) {
      const blockBytes = this.#block * 2;
      if (stream.pendingBytes > 0) {
        this.#pendingSince ??= now;
        const limit = now - this.#streamOpenedAt < OUTPUT_START_GRACE_MS ? Math.max(OUTPUT_START_GRACE_MS, this.#opts.outputStallMs) : this.#opts.outputStallMs;
        if (now - this.#pendingSince > limit) { this.#lose(`the output device took no audio for ${Math.round(now - this.#pendingSince)} ms`); return; }
      } else {
        this.#pendingSince = undefined;
      }
      const target = this.#opts.outputLatencyMs + this.#opts.outputLeadMs;
      while (stream.pendingBytes <= blockBytes && model.ahead(now) < target) {
        const jbStart = jb.outDispatched;
        const block = jb.next();
        const pcm = block ?? new Int16Array(this.#block);
        model.write(now, pcm.length, block ? jbStart : undefined);
        stream.write(Buffer.from(pcm.buffer, pcm.byteOffset, pcm.byteLength), (err) => {
          if (this.#stream !== stream) return;
          if (err) { this.#lose(`output write failed: ${err.message}`); return; }
          this.#pendingSince = undefined; // progress: the stall clock restarts from the next pending write
          // Restored once the device really pulls audio: beyond what PortAudio's start-up prefill swallows.
          if (++this.#accepted === RESTORED_AFTER_BLOCKS) this.#outage?.restored();
        });
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
    const played = jb.flush(this.#model?.rewind(now) ?? 0);
    const stream = this.#stream;
    if (stream) {
      // Cut the stream (naudiodon plays out at most its few queued blocks); the next play() opens a fresh one.
      this.#stream = undefined;
      this.#pendingSince = undefined;
      const q = bounded(stream.quit(), this.#opts.quitTimeoutMs).then(() => { this.#quits.delete(q); });
      this.#quits.add(q);
    }
    this.#listeners.resolveDrains();
    return played;
  }

  drain(): Promise<void> { return this.#listeners.drain(this.#jb, this.#closed, () => this.#update(performance.now())); }

  async close(): Promise<void> {
    if (this.#closed) { await Promise.all([...this.#quits]); return; }
    this.#closed = true;
    if (this.#tick) clearInterval(this.#tick);
    if (this.#retryTimer) clearTimeout(this.#retryTimer);
    this.#retryTimer = undefined;
    this.#listeners.resolveDrains();
    const stream = this.#stream;
    this.#stream = undefined;
    if (stream) {
      const q = bounded(stream.quit(), this.#opts.quitTimeoutMs);
      this.#quits.add(q);
    }
    await Promise.all([...this.#quits]);
  }
}

// -------------------------------------------------------------------------------------------- backend

export class PortAudioBackend implements AudioBackend {
  readonly name = 'portaudio';
  readonly #options: PortAudioBackendOptions;
  readonly #addon: () => PortAudioAddon;

  constructor(options: PortAudioBackendOptions = {}) {
    this.#options = options;
    this.#addon = resolveOptions(options).addon;
  }

  /** The addon loads and PortAudio sees at least one device (input or output). Never throws. */
  async isAvailable(): Promise<boolean> {
    try {
      return this.#addon().getDevices().some((d) => d.maxInputChannels > 0 || d.maxOutputChannels > 0);
    } catch {
      return false;
    }
  }

  async listDevices(): Promise<AudioDevice[]> {
    const addon = this.#addon();
    return mapDevices(addon.getDevices(), addon.getHostApis());
  }

  createInput(): PortAudioInput { return new PortAudioInput(this.#options); }
  createOutput(): PortAudioOutput { return new PortAudioOutput(this.#options); }
}

export function createPortAudioBackend(options: PortAudioBackendOptions = {}): PortAudioBackend {
  return new PortAudioBackend(options);
}
