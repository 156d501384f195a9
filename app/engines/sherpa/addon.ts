/**
 * The one seam to sherpa-onnx-node (1.13.8, prebuilt, onnxruntime 1.28 inside): the parts Heed
 * uses, typed. Nothing else requires the package. It loads in the main thread and in workers.
 *
 * sherpa-onnx ends the process on a model it cannot use (exit() on a missing metadata key, abort
 * on an unparsable file): callers pre-flight every ONNX file (app/models/onnx/onnx-check.ts) and
 * every config path before constructing anything here.
 */
import { createRequire } from 'node:module';
import { HeedError, type ErrorSource } from '../../core/errors.js';

export interface SherpaWave { samples: Float32Array; sampleRate: number }

/** getResult() of either recognizer, as JSON. Fields vary by model; all optional but text. */
export interface SherpaRecognitionResult {
  text: string;
  tokens?: string[];
  timestamps?: number[];
  /** Per-token log-probabilities (offline transducers, Moonshine; empty for Whisper). */
  ys_log_probs?: number[];
  /** The same for the online (streaming) recognizer: log-probabilities despite the name. */
  ys_probs?: number[];
  lang?: string;
}

export interface SherpaOfflineStream {
  acceptWaveform(w: SherpaWave): void;
}

export interface SherpaOfflineRecognizer {
  createStream(hotwords?: string): SherpaOfflineStream;
  decode(stream: SherpaOfflineStream): void;
  decodeAsync(stream: SherpaOfflineStream): Promise<SherpaRecognitionResult>;
  getResult(stream: SherpaOfflineStream): SherpaRecognitionResult;
}

export interface SherpaOnlineStream {
  acceptWaveform(w: SherpaWave): void;
  inputFinished(): void;
}

export interface SherpaOnlineRecognizer {
  createStream(): SherpaOnlineStream;
  isReady(stream: SherpaOnlineStream): boolean;
  decode(stream: SherpaOnlineStream): void;
  isEndpoint(stream: SherpaOnlineStream): boolean;
  reset(stream: SherpaOnlineStream): void;
  getResult(stream: SherpaOnlineStream): SherpaRecognitionResult;
}

export interface SherpaTtsRequest {
  text: string;
  sid: number;
  speed: number;
  /** Must be false under Electron (its V8 forbids external array buffers). */
  enableExternalBuffer?: boolean;
}

export interface SherpaTtsProgress { samples: Float32Array; progress: number }

export interface SherpaOfflineTts {
  readonly sampleRate: number;
  readonly numSpeakers: number;
  generate(req: SherpaTtsRequest): SherpaWave;
  /** onProgress receives each chunk as it is generated; returning 0 / false stops generation. */
  generateAsync(req: SherpaTtsRequest & { onProgress?: (p: SherpaTtsProgress) => number | boolean | undefined }): Promise<SherpaWave>;
}

/** The config objects are sherpa-onnx's own (camelCase keys); see the engines for what is set. */
export type SherpaConfig = Record<string, unknown>;

export interface SherpaModule {
  OfflineRecognizer: { createAsync(config: SherpaConfig): Promise<SherpaOfflineRecognizer> };
  OnlineRecognizer: new (config: SherpaConfig) => SherpaOnlineRecognizer;
  OfflineTts: { createAsync(config: SherpaConfig): Promise<SherpaOfflineTts> };
}

let cached: SherpaModule | undefined;

/** The sherpa-onnx-node module; NATIVE_MISSING with the fix when it is not installed. */
export function loadSherpa(source: ErrorSource): SherpaModule {
  if (cached) return cached;
  try {
    const req = createRequire(import.meta.url);
    cached = req('sherpa-onnx-node') as SherpaModule;
    return cached;
  } catch (err) {
    throw new HeedError('NATIVE_MISSING', source, `sherpa-onnx-node cannot be loaded (${(err as Error).message.split('\n')[0] ?? ''}); run npm ci`, { hint: 'npm ci' });
  }
}

/**
 * Runs a sherpa-onnx call; its JS-level errors (bad config, failed creation) become HeedErrors.
 * A crash inside the runtime cannot be caught here: that is what the pre-flight checks prevent.
 */
export async function callSherpa<T>(source: ErrorSource, what: string, fn: () => T | Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof HeedError) throw err;
    const message = (err as Error).message;
    // onnxruntime refusing a file the pre-flight let through (an unknown op, a broken graph) is the model's fault.
    if (/Load model from .* failed/.test(message)) throw new HeedError('MODEL_CORRUPT', source, `${what}: ${message}`);
    throw new HeedError(source === 'tts' ? 'TTS_FAILED' : source === 'stt' ? 'STT_FAILED' : 'NATIVE_ERROR', source, `${what}: ${message}`);
  }
}
