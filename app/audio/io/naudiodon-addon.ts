/**
 * The typed seam over naudiodon (PortAudio bindings). This is the ONLY module that loads the addon,
 * lazily, through createRequire: loading it also initialises PortAudio's ALSA layer (stderr noise
 * with no sound card) and registers segfault-handler, and a worker cannot load it once the main
 * thread has. Nothing untyped crosses this file: the rest of the backend sees PortAudioAddon only,
 * which tests replace with a fake.
 *
 * Facts about naudiodon 2.3.6 this seam encodes:
 * - Samples are always 16-bit here (framesPerBuffer 512 + highwaterMark 1024 → 32 ms chunks at 16 kHz mono).
 * - closeOnError is false: with true, any PortAudio status flag (an output underflow under load) destroys
 *   the stream. The price: naudiodon printf()s such flags, and its stream banner, to C's stdout, which
 *   loadNaudiodon() first points at stderr (heed_native's routeCStdoutToStderr).
 * - stream.abort() is broken (it passes two arguments to a native quit() that accepts one and throws),
 *   so only quit() ('WAIT') is exposed. quit() on an OUTPUT waits until the device callback has taken
 *   every queued chunk; if the device died (callback thread gone) it never returns and keeps a libuv
 *   threadpool thread: callers must bound their wait.
 * - A worker terminated with an output stream open segfaults: always await quit() first.
 */
import { createRequire } from 'node:module';
import { HeedError } from '../../core/errors.js';
import { loadNative } from '../../engines/native.js';

export interface PaDeviceInfo {
  readonly id: number;
  readonly name: string;
  readonly maxInputChannels: number;
  readonly maxOutputChannels: number;
  readonly defaultSampleRate: number;
  readonly hostAPIName: string;
}

export interface PaHostApiInfo {
  readonly id: number;
  readonly name: string;
  readonly deviceCount: number;
  /** Global device index of this host API's default input (or a huge/negative number for none). */
  readonly defaultInput: number;
  readonly defaultOutput: number;
}

export interface PaHostApis {
  readonly defaultHostAPI: number;
  readonly HostAPIs: readonly PaHostApiInfo[];
}

export interface PaStreamOptions {
  /** -1 = the default device. */
  readonly deviceId: number;
  readonly sampleRate: number;
  readonly channelCount: number;
  readonly framesPerBuffer: number;
  /** Bytes buffered by the Node stream wrapper. */
  readonly highwaterMark: number;
  /** Chunks queued inside the addon between JS and the device callback. */
  readonly maxQueue: number;
}

export interface PaInputStream {
  /** 16-bit little-endian PCM chunks as the device delivers them. */
  onData(listener: (chunk: Buffer) => void): void;
  onError(listener: (err: Error) => void): void;
  start(): void;
  quit(): Promise<void>;
}

export interface PaOutputStream {
  /** Queue 16-bit little-endian PCM; `done` runs once the addon accepted it (or with an error). */
  write(chunk: Buffer, done: (err?: Error | null) => void): void;
  /** Bytes written but not yet accepted by the addon (it blocks while its chunk queue is full). */
  readonly pendingBytes: number;
  onError(listener: (err: Error) => void): void;
  start(): void;
  quit(): Promise<void>;
}

export interface PortAudioAddon {
  getDevices(): PaDeviceInfo[];
  getHostApis(): PaHostApis;
  /** Opens (but does not start) a stream; throws when PortAudio cannot open it (format, device, server). */
  openInput(opts: PaStreamOptions): PaInputStream;
  openOutput(opts: PaStreamOptions): PaOutputStream;
}

// ------------------------------------------------------------------------------ the untyped side

interface RawEmitter {
  on(event: string, listener: (...args: unknown[]) => void): unknown;
  start(): void;
  quit(cb?: () => void): unknown;
}
interface RawReadable extends RawEmitter { readonly readable: boolean }
interface RawWritable extends RawEmitter {
  write(chunk: Buffer, cb: (err?: Error | null) => void): boolean;
  readonly writableLength: number;
}
interface RawModule {
  getDevices(): unknown;
  getHostAPIs(): unknown;
  AudioIO(options: Record<string, unknown>): unknown;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;
const fn = (o: Record<string, unknown>, k: string): boolean => typeof o[k] === 'function';
const num = (o: Record<string, unknown>, k: string, dflt = 0): number => (typeof o[k] === 'number' ? o[k] : dflt);
const str = (o: Record<string, unknown>, k: string): string => (typeof o[k] === 'string' ? o[k] : '');

function isRawModule(m: unknown): m is RawModule {
  return isObject(m) && fn(m, 'getDevices') && fn(m, 'getHostAPIs') && fn(m, 'AudioIO');
}
function isRawEmitter(s: unknown): s is RawEmitter {
  return isObject(s) && fn(s, 'on') && fn(s, 'start') && fn(s, 'quit');
}
function isRawWritable(s: unknown): s is RawWritable { return isObject(s) && isRawEmitter(s) && fn(s, 'write'); }

function toError(e: unknown): Error { return e instanceof Error ? e : new Error(String(e)); }

function rawOptions(o: PaStreamOptions): Record<string, unknown> {
  return {
    deviceId: o.deviceId, sampleRate: o.sampleRate, channelCount: o.channelCount, sampleFormat: 16,
    framesPerBuffer: o.framesPerBuffer, highwaterMark: o.highwaterMark, maxQueue: o.maxQueue, closeOnError: false,
  };
}

function quitOf(s: RawEmitter): () => Promise<void> {
  let done: Promise<void> | undefined;
  return () => {
    done ??= new Promise<void>((resolve) => {
      try { s.quit(() => resolve()); } catch { resolve(); }
    });
    return done;
  };
}

/**
 * Runs a synchronous naudiodon call with fd 2 pointed at /dev/null. Every Pa_Initialize (each
 * device listing, each stream opened) probes all ALSA and JACK devices and prints dozens of lines
 * about the ones that are absent; a kiosk's log would fill with them, and `heed start` without a
 * device could not say so in one line. HEED_AUDIO_DEBUG=1 lets them through. PortAudio's own
 * failures still arrive, as the errors naudiodon throws.
 */
function quietly<T>(call: () => T): T {
  if (process.env['HEED_AUDIO_DEBUG'] === '1') return call();
  let saved = -1;
  try { saved = loadNative().muteStderr(); } catch { /* no Heed addon: not muted */ }
  try {
    return call();
  } finally {
    if (saved >= 0) loadNative().restoreStderr(saved);
  }
}

function wrap(m: RawModule): PortAudioAddon {
  return {
    getDevices(): PaDeviceInfo[] {
      const list = quietly(() => m.getDevices());
      if (!Array.isArray(list)) return [];
      return list.filter(isObject).map((d) => ({
        id: num(d, 'id', -1), name: str(d, 'name'), maxInputChannels: num(d, 'maxInputChannels'), maxOutputChannels: num(d, 'maxOutputChannels'),
        defaultSampleRate: num(d, 'defaultSampleRate'), hostAPIName: str(d, 'hostAPIName'),
      }));
    },
    getHostApis(): PaHostApis {
      const h = quietly(() => m.getHostAPIs());
      if (!isObject(h)) return { defaultHostAPI: -1, HostAPIs: [] };
      const apis = Array.isArray(h['HostAPIs']) ? h['HostAPIs'].filter(isObject) : [];
      return {
        defaultHostAPI: num(h, 'defaultHostAPI', -1),
        HostAPIs: apis.map((a) => ({ id: num(a, 'id', -1), name: str(a, 'name'), deviceCount: num(a, 'deviceCount'), defaultInput: num(a, 'defaultInput', -1), defaultOutput: num(a, 'defaultOutput', -1) })),
      };
    },
    openInput(opts: PaStreamOptions): PaInputStream {
      const s = quietly(() => m.AudioIO({ inOptions: rawOptions(opts) }));
      if (!isRawEmitter(s)) throw new Error('naudiodon AudioIO returned no stream');
      const r = s as RawReadable;
      return {
        onData: (l) => { r.on('data', (c) => { if (Buffer.isBuffer(c)) l(c); }); },
        onError: (l) => { r.on('error', (e) => l(toError(e))); },
        start: () => { quietly(() => r.start()); },
        quit: quitOf(r),
      };
    },
    openOutput(opts: PaStreamOptions): PaOutputStream {
      const s = quietly(() => m.AudioIO({ outOptions: rawOptions(opts) }));
      if (!isRawWritable(s)) throw new Error('naudiodon AudioIO returned no writable stream');
      return {
        write: (chunk, done) => { s.write(chunk, done); },
        get pendingBytes() { return s.writableLength; },
        onError: (l) => { s.on('error', (e) => l(toError(e))); },
        start: () => { quietly(() => s.start()); },
        quit: quitOf(s),
      };
    },
  };
}

let loaded: PortAudioAddon | undefined;
let loadError: Error | undefined;

/** Loads naudiodon once per process (the first call initialises PortAudio); throws HeedError if it cannot. */
export function loadNaudiodon(): PortAudioAddon {
  if (loaded) return loaded;
  if (loadError) throw loadError;
  try {
    // naudiodon printf()s a banner per stream and PortAudio's status flags to C's stdout, which is
    // Heed's fd 1 too: moved to stderr first, so `heed start --json` stays JSON lines only.
    try { loadNative().routeCStdoutToStderr(); } catch { /* no Heed addon: the banner stays on stdout */ }
    const m: unknown = createRequire(import.meta.url)('naudiodon');
    if (!isRawModule(m)) throw new Error('unexpected module shape');
    loaded = wrap(m);
    return loaded;
  } catch (err) {
    loadError = new HeedError('AUDIO_DEVICE_MISSING', 'audio', `PortAudio (naudiodon) cannot be loaded: ${toError(err).message}`, { cause: err });
    throw loadError;
  }
}
