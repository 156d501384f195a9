/**
 * Pure pieces of the PortAudio backend (no addon, no clock): device listing and matching, input
 * framing (Int16 device chunks at any rate → exact 512-sample 16 kHz Float32 frames), and the output
 * play-out model that turns timed writes into a played position.
 */
import { HeedError } from '../../core/errors.js';
import { StreamingResampler } from '../resample.js';
import type { PaDeviceInfo, PaHostApis } from './naudiodon-addon.js';
import { INPUT_FRAME_SAMPLES, INPUT_SAMPLE_RATE, type AudioDevice, type AudioDirection } from './types.js';

/** PortAudio's notion of "no device" shows up as -1 or as 2^32-1 (an unsigned -1) through naudiodon. */
function validIndex(i: number): boolean { return Number.isInteger(i) && i >= 0 && i < 0xffff_ffff; }

/** PortAudio devices as AudioDevices: one entry per direction the device supports. */
export function mapDevices(devices: readonly PaDeviceInfo[], apis: PaHostApis): AudioDevice[] {
  const host = apis.HostAPIs.find((h) => h.id === apis.defaultHostAPI) ?? apis.HostAPIs[apis.defaultHostAPI];
  const defIn = host && validIndex(host.defaultInput) ? host.defaultInput : -1;
  const defOut = host && validIndex(host.defaultOutput) ? host.defaultOutput : -1;
  const out: AudioDevice[] = [];
  for (const d of devices) {
    const common = { name: d.name, description: `${d.name} (${d.hostAPIName})`, sampleRate: d.defaultSampleRate || undefined };
    if (d.maxInputChannels > 0) out.push({ ...common, direction: 'input', isDefault: d.id === defIn, channels: d.maxInputChannels });
    if (d.maxOutputChannels > 0) out.push({ ...common, direction: 'output', isDefault: d.id === defOut, channels: d.maxOutputChannels });
  }
  return out;
}

/**
 * Finds a device by name for a direction: an exact match first, then a case-insensitive substring
 * (the first in PortAudio's order). Throws AUDIO_DEVICE_MISSING listing the known names.
 */
export function matchDevice(devices: readonly PaDeviceInfo[], name: string, direction: AudioDirection): PaDeviceInfo {
  const usable = devices.filter((d) => (direction === 'input' ? d.maxInputChannels : d.maxOutputChannels) > 0);
  const exact = usable.find((d) => d.name === name);
  if (exact) return exact;
  const needle = name.toLowerCase();
  const partial = needle ? usable.find((d) => d.name.toLowerCase().includes(needle)) : undefined;
  if (partial) return partial;
  const known = usable.map((d) => `"${d.name}"`).join(', ') || 'none';
  throw new HeedError('AUDIO_DEVICE_MISSING', 'audio', `no PortAudio ${direction} device matches "${name}" (known ${direction} devices: ${known})`);
}

/**
 * Device chunks (16-bit little-endian mono bytes, any size, any rate) in, exact 512-sample 16 kHz
 * Float32 frames out. A byte left over from an odd-sized chunk is carried into the next one.
 */
export class InputFramer {
  readonly #resampler: StreamingResampler | undefined;
  #pending = new Float32Array(INPUT_FRAME_SAMPLES);
  #pendingLen = 0;
  #carry: Buffer = Buffer.alloc(0);

  constructor(readonly deviceRate: number) {
    this.#resampler = deviceRate === INPUT_SAMPLE_RATE ? undefined : new StreamingResampler(deviceRate, INPUT_SAMPLE_RATE);
  }

  push(chunk: Buffer): Float32Array[] {
    const buf = this.#carry.length ? Buffer.concat([this.#carry, chunk]) : chunk;
    const usable = buf.length - (buf.length % 2);
    this.#carry = Buffer.from(buf.subarray(usable));
    let samples: Float32Array = new Float32Array(usable / 2);
    for (let i = 0; i < samples.length; i++) samples[i] = buf.readInt16LE(i * 2) / 32768;
    if (this.#resampler) samples = this.#resampler.push(samples);
    const frames: Float32Array[] = [];
    let off = 0;
    while (off < samples.length) {
      const take = Math.min(samples.length - off, INPUT_FRAME_SAMPLES - this.#pendingLen);
      this.#pending.set(samples.subarray(off, off + take), this.#pendingLen);
      this.#pendingLen += take;
      off += take;
      if (this.#pendingLen === INPUT_FRAME_SAMPLES) {
        frames.push(this.#pending);
        this.#pending = new Float32Array(INPUT_FRAME_SAMPLES);
        this.#pendingLen = 0;
      }
    }
    return frames;
  }

  /** Forget partial data (a stream was lost: audio from before must not be glued to audio after). */
  reset(): void {
    this.#pendingLen = 0;
    this.#carry = Buffer.alloc(0);
    this.#resampler?.reset();
  }
}

interface Slot { start: number; n: number; jbStart: number | undefined }

/**
 * The output play-out model (see portaudio-backend.ts for its approximation). Every write of `n`
 * samples at time `t` (ms) is modelled as starting to play at max(t + latencyMs, end of the previous
 * write) and then playing in real time. Writes of jitter-buffer blocks carry their position on the
 * jitter buffer's output timeline; silence written to keep the device fed carries none.
 */
export class PlayoutModel {
  #slots: Slot[] = [];
  #end = 0;
  /** Jitter-buffer output samples played, per the model. */
  #played = 0;

  constructor(readonly rate: number, readonly latencyMs: number) {}

  /** Milliseconds of written audio not yet played at `now`. */
  ahead(now: number): number { return Math.max(0, this.#end - now); }

  write(now: number, n: number, jbStart?: number): void {
    const start = Math.max(now + this.latencyMs, this.#end);
    this.#slots.push({ start, n, jbStart });
    this.#end = start + (n / this.rate) * 1000;
  }

  /** Jitter-buffer output samples played at `now` (monotonic). */
  playedAt(now: number): number {
    while (this.#slots.length > 0) {
      const s = this.#slots[0] as Slot;
      const dur = (s.n / this.rate) * 1000;
      if (now >= s.start + dur) {
        if (s.jbStart !== undefined) this.#played = Math.max(this.#played, s.jbStart + s.n);
        this.#slots.shift();
        continue;
      }
      if (now > s.start && s.jbStart !== undefined) {
        this.#played = Math.max(this.#played, s.jbStart + Math.floor(((now - s.start) * this.rate) / 1000));
      }
      break;
    }
    return this.#played;
  }

  /** The stream was cut at `now`: everything not yet played is gone. Returns the played position. */
  rewind(now: number): number {
    const played = this.playedAt(now);
    this.#slots = [];
    this.#end = 0;
    return played;
  }
}
