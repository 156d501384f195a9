/**
 * The audio I/O seam for full-duplex operation: one interface for microphone and speaker,
 * implemented by interchangeable backends (PulseAudio over parec/pacat today; PortAudio via
 * naudiodon later). Everything above this layer deals only in:
 *   - input: exactly-512-sample (32 ms) 16 kHz mono Float32Array frames, as an async iterable;
 *   - output: Int16Array chunks at any rate, queued through a jitter buffer, with a played-sample
 *     position for barge-in and an immediate stop().
 * Devices come and go (PulseAudio restarted, a USB headset unplugged): backends recover on their
 * own and report it as device_lost / device_restored events; they never throw into the consumer's
 * loop while its signal is live.
 */
import { HeedError } from '../../core/errors.js';

/** Input frames are 32 ms at 16 kHz mono: exactly this many samples, always. */
export const INPUT_SAMPLE_RATE = 16_000;
export const INPUT_FRAME_SAMPLES = 512;

export type AudioDirection = 'input' | 'output';

export interface AudioDevice {
  /** The backend's own name for the device: what `open({ device })` accepts (PulseAudio: source/sink name). */
  readonly name: string;
  readonly direction: AudioDirection;
  /** Human-readable label when the backend has one (PortAudio device name, Pulse description). */
  readonly description?: string | undefined;
  readonly isDefault: boolean;
  /** A monitor of an output (PulseAudio "*.monitor" sources): usable as input but not a microphone. */
  readonly isMonitor?: boolean | undefined;
  readonly sampleRate?: number | undefined;
  readonly channels?: number | undefined;
}

export interface DeviceLostEvent {
  readonly type: 'device_lost';
  readonly direction: AudioDirection;
  /** The requested device name, or undefined for "the default device". */
  readonly device: string | undefined;
  readonly reason: string;
  readonly at: number;
}

export interface DeviceRestoredEvent {
  readonly type: 'device_restored';
  readonly direction: AudioDirection;
  readonly device: string | undefined;
  /** Wall-clock time between device_lost and device_restored. */
  readonly downtimeMs: number;
  /** How many reconnect attempts it took. */
  readonly attempts: number;
  readonly at: number;
}

export type AudioDeviceEvent = DeviceLostEvent | DeviceRestoredEvent;
export type AudioDeviceEventType = AudioDeviceEvent['type'];
export type AudioDeviceListener<T extends AudioDeviceEventType> = (event: Extract<AudioDeviceEvent, { type: T }>) => void;

/** Device events; `on` returns an unsubscribe function. */
export interface AudioDeviceEvents {
  on<T extends AudioDeviceEventType>(type: T, listener: AudioDeviceListener<T>): () => void;
}

export interface AudioInputOpenOptions {
  /** Device name from listDevices(); omitted = the backend's default input (followed across restarts). */
  device?: string | undefined;
  /** Aborting ends the iteration (normally, without throwing) and releases the device. */
  signal: AbortSignal;
}

/**
 * A microphone. open() starts capture; iterate to receive frames. While the device is lost no frames
 * arrive (no silence is invented: timestamps would lie); iteration resumes by itself on recovery.
 * Iteration ends when the signal aborts or close() is called. Only one iterator per open().
 */
export interface AudioInput extends AsyncIterable<Float32Array>, AudioDeviceEvents {
  open(opts: AudioInputOpenOptions): Promise<void>;
  /** Frames dropped because the consumer fell behind the bounded frame queue. */
  readonly droppedFrames: number;
  /** Frames delivered to the consumer since open(). */
  readonly deliveredFrames: number;
  /**
   * When a delivered frame's last sample was captured (performance.now() ms on the device's sample
   * clock, steady to a sample, offset by a constant few ms), for aligning the echo canceller's
   * reference. Optional: backends without a capture clock leave it out.
   */
  capturedAt?(frame: Float32Array): number | undefined;
  close(): Promise<void>;
}

export interface AudioOutputOpenOptions {
  device?: string | undefined;
  /** The stream's rate; play() resamples chunks at other rates. Default 16000. */
  sampleRate?: number | undefined;
  /** Jitter buffer pre-roll before a queue starts playing. Default 60 ms. */
  prebufferMs?: number | undefined;
  /** Aborting closes the output (pending audio is dropped). */
  signal?: AbortSignal | undefined;
}

export interface PlaybackPosition {
  /** Samples (at the output rate) of queued audio heard since open(); monotonic. Silence padding is not counted. */
  readonly playedSamples: number;
  /** Samples of the current queue (since the last stop() or idle) heard so far. */
  readonly queuePlayedSamples: number;
  /** Samples enqueued by play() in the current queue. */
  readonly queueSamples: number;
  readonly sampleRate: number;
  /** Times the jitter buffer ran dry mid-queue and padded with silence. */
  readonly underruns: number;
}

/**
 * A speaker. play() only enqueues; audio flows through a jitter buffer at the device's pace.
 * playedSamples is the backend's best estimate of what has actually come out of the device
 * (each backend documents its approximation).
 */
export interface AudioOutput extends AudioDeviceEvents {
  open(opts?: AudioOutputOpenOptions): Promise<void>;
  /** Enqueue 16-bit mono PCM recorded at sampleRate (resampled to the stream rate if needed). */
  play(pcm: Int16Array, sampleRate: number): void;
  /**
   * Barge-in: drop everything queued and cut the device stream at once. Returns how many samples of the
   * current queue were actually played (at the output rate), so the caller can tell what the user heard.
   */
  stop(): number;
  readonly playedSamples: number;
  readonly sampleRate: number;
  position(): PlaybackPosition;
  /** Called roughly every block (~20 ms) while audio is flowing; returns an unsubscribe function. */
  onPosition(listener: (pos: PlaybackPosition) => void): () => void;
  /** Resolves once everything queued so far has been played (or stop()/close() dropped it). */
  drain(): Promise<void>;
  close(): Promise<void>;
}

export interface AudioBackend {
  /** Stable id used by the config override: 'pulse', later 'portaudio'. */
  readonly name: string;
  /** Can this backend work here right now (tools installed, server reachable)? Never throws. */
  isAvailable(): Promise<boolean>;
  listDevices(): Promise<AudioDevice[]>;
  createInput(): AudioInput;
  createOutput(): AudioOutput;
}

/**
 * Picks the backend: the configured one if named (an unknown or unavailable name is an error, never a
 * silent fallback), otherwise the first available candidate in preference order.
 */
export async function selectAudioBackend(candidates: readonly AudioBackend[], override?: string): Promise<AudioBackend> {
  if (override !== undefined && override !== '' && override !== 'auto') {
    const named = candidates.find((b) => b.name === override);
    if (!named) throw new HeedError('AUDIO_DEVICE_MISSING', 'audio', `unknown audio backend "${override}" (known: ${candidates.map((b) => b.name).join(', ')})`);
    if (!(await named.isAvailable())) throw new HeedError('AUDIO_DEVICE_MISSING', 'audio', `audio backend "${override}" is not available here`);
    return named;
  }
  for (const b of candidates) if (await b.isAvailable()) return b;
  throw new HeedError('AUDIO_DEVICE_MISSING', 'audio', `no audio backend is available (tried: ${candidates.map((b) => b.name).join(', ') || 'none'})`);
}
