/**
 * The one seam to the N-API addon in native/ (pocketsphinx recognition, speexdsp noise
 * suppression and echo cancellation, flite synthesis).
 * Everything the addon exports is typed here; nothing else imports the .node file.
 * The addon is context-aware: it may be loaded in several worker threads at once.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { HeedError, isErrorCode, type ErrorSource } from '../core/errors.js';

export interface NativeDecoderOptions {
  /** Acoustic model directory. */
  hmm: string;
  /** Pronunciation dictionary file. */
  dict: string;
  /** JSGF grammar text; loaded as search "jsgf" and selected. */
  jsgf?: string;
  /** N-gram LM file; loaded as search "lm" (selected if no jsgf/keyphrases). */
  lm?: string;
  /** Keyphrase list, one `phrase /1e-20/` per line; search "keyphrases". */
  keyphrases?: string;
  /** Input sample rate, default 16000. */
  sampleRate?: number;
  /** Extra pocketsphinx command-line arguments, e.g. { '-beam': '1e-60' }. */
  args?: Record<string, string>;
}

export interface NativePartial { text: string; score: number }

export interface NativeWord { word: string; startMs: number; endMs: number; confidence: number }

export interface NativeResult {
  text: string;
  score: number;
  /** Posterior of the best path, 0..1 (exactly 1 for most grammar searches). */
  confidence: number;
  words: NativeWord[];
}

/** A pocketsphinx decoder. Out-of-order calls throw `.code = 'DECODER_STATE'`. */
export interface NativeDecoder {
  start(): void;
  process(pcm: Int16Array): NativePartial | null;
  end(): NativeResult;
  setJsgf(name: string, text: string): void;
  setLm(name: string, path: string): void;
  setKeyphrases(name: string, text: string): void;
  useSearch(name: string): void;
  /** The dictionary pronunciation of a word, or null when it is not in the dictionary. */
  lookupWord(word: string): string | null;
  /** Adds a word with its phones ("Z AO R B AH L"); for searches set after. DECODER_STATE during an utterance. */
  addWord(word: string, phones: string): void;
  /** Frees the decoder; idempotent. */
  close(): void;
  readonly search: string | null;
  readonly inUtterance: boolean;
}

export type NativeDecoderConstructor = new (options: NativeDecoderOptions) => NativeDecoder;

export interface NativeDenoiserOptions {
  /** 8000..48000, default 16000. */
  sampleRate?: number;
  /** Samples per speex frame, default sampleRate / 100 (10 ms). */
  frameSize?: number;
  /** Maximum noise attenuation in dB (negative), default -15. */
  suppressDb?: number;
  /**
   * The first this-many ms after construction or reset() pass through unchanged (then a
   * 100 ms crossfade), default 1000: while speex has seen little audio its minimum-statistics
   * noise tracker uses 150 ms windows and takes sustained speech for noise.
   */
  warmupMs?: number;
}

/**
 * speexdsp's noise suppressor over one 16-bit mono stream. Its noise estimate adapts as it
 * goes and persists until reset(). process() returns the processed whole frames (a partial
 * frame is held back, so output may be shorter than input); flush() returns the rest.
 */
export interface NativeDenoiser {
  process(pcm: Int16Array): Int16Array;
  flush(): Int16Array;
  reset(): void;
  /** Frees the state; idempotent. Later calls throw `.code = 'DECODER_STATE'`. */
  close(): void;
  readonly frameSize: number;
  /** Samples held back for the next frame. */
  readonly pending: number;
}

export type NativeDenoiserConstructor = new (options?: NativeDenoiserOptions) => NativeDenoiser;

export interface NativeEchoCancellerOptions {
  /** 8000..48000, default 16000. */
  sampleRate?: number;
  /** Samples per speex frame, 64..2048, default 256 (16 ms at 16 kHz). */
  frameSize?: number;
  /** Echo tail the adaptive filter covers, 10..2000 ms, default 250. */
  filterLengthMs?: number;
  /** Maximum attenuation of residual echo in dB (negative), default -40. */
  residualSuppressDb?: number;
  /** The same while the near end is talking too (double talk), default -15. */
  residualActiveSuppressDb?: number;
}

/**
 * speexdsp's acoustic echo canceller (MDF adaptive filter, then the preprocessor's residual
 * echo suppressor) over one 16-bit mono mic stream and its playback reference. process()
 * takes equal-length chunks of any length and returns as many samples, `delay` samples late
 * (2 * frameSize - 1); unequal lengths throw a RangeError, non-Int16Arrays a TypeError.
 */
export interface NativeEchoCanceller {
  process(mic: Int16Array, reference: Int16Array): Int16Array;
  /** Forgets the adaptation and the buffered samples (the latency starts over). */
  reset(): void;
  /** Frees the state; idempotent. Later calls throw `.code = 'DECODER_STATE'`. */
  close(): void;
  readonly frameSize: number;
  readonly sampleRate: number;
  /** Filter length in samples. */
  readonly filterLength: number;
  /** Constant latency of the output in samples. */
  readonly delay: number;
}

export type NativeEchoCancellerConstructor = new (options?: NativeEchoCancellerOptions) => NativeEchoCanceller;

export interface NativeVoice { id: string; sampleRate: number }

export interface NativeSynthesis { pcm: Int16Array; sampleRate: number }

export interface HeedNative {
  Decoder: NativeDecoderConstructor;
  Denoiser: NativeDenoiserConstructor;
  EchoCanceller: NativeEchoCancellerConstructor;
  listVoices(): NativeVoice[];
  /** Synchronous; serialised process-wide by a mutex. Unknown voice: `.code = 'VOICE_UNKNOWN'`. */
  synthesize(text: string, voiceId: string): NativeSynthesis;
  /** flite's letter-to-sound pronunciation in pocketsphinx phones, or null. */
  pronounce(word: string): string | null;
  /** Sends C libraries' printf() output to stderr from now on, process-wide (Node's own stdout is untouched). */
  routeCStdoutToStderr(): void;
  /** Points fd 2 at /dev/null; returns the saved fd (-1: not muted). Only around synchronous native calls. */
  muteStderr(): number;
  restoreStderr(saved: number): void;
}

const FIX = 'run: bash scripts/setup.sh (or npm run build:native)';
const ADDON_RELATIVE = 'native/build/Release/heed_native.node';

/** The package root: the nearest directory above this file holding package.json. */
export function repoRoot(from: string = dirname(fileURLToPath(import.meta.url))): string {
  let dir = from;
  for (;;) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    const up = dirname(dir);
    if (up === dir) throw new HeedError('NATIVE_MISSING', 'native', `cannot find the Heed package root above ${from}`);
    dir = up;
  }
}

/** Where the addon is loaded from (HEED_NATIVE_ADDON overrides, e.g. for a packaged app). */
export function nativeAddonPath(): string {
  return process.env['HEED_NATIVE_ADDON'] ?? join(repoRoot(), ADDON_RELATIVE);
}

let cached: HeedNative | undefined;

/** Loads the addon once per thread. A load failure is NATIVE_MISSING naming what is missing. */
export function loadNative(): HeedNative {
  if (cached) return cached;
  const path = nativeAddonPath();
  let mod: unknown;
  try {
    mod = createRequire(import.meta.url)(path);
  } catch (err) {
    throw describeLoadFailure(err, path);
  }
  if (!isHeedNative(mod)) {
    throw new HeedError('NATIVE_MISSING', 'native', `${path} does not export Decoder, Denoiser, listVoices, synthesize and pronounce (a stale build?); ${FIX}`, { hint: FIX });
  }
  cached = mod;
  return mod;
}

function isHeedNative(mod: unknown): mod is HeedNative {
  if (typeof mod !== 'object' || mod === null) return false;
  const m = mod as Record<string, unknown>;
  return typeof m['Decoder'] === 'function' && typeof m['Denoiser'] === 'function' && typeof m['listVoices'] === 'function' && typeof m['synthesize'] === 'function' && typeof m['pronounce'] === 'function';
}

const LIB_PACKAGES: ReadonlyArray<[RegExp, string]> = [
  [/^libflite/, 'libflite1'],
  [/^libpocketsphinx/, 'libpocketsphinx3'],
  [/^libsphinx(base|ad)/, 'libsphinxbase3'],
  [/^libspeexdsp/, 'libspeexdsp1'],
];

/** Turns a require()/dlopen failure into a NATIVE_MISSING error that names the missing piece. */
export function describeLoadFailure(err: unknown, path: string): HeedError {
  const msg = err instanceof Error ? err.message : String(err);
  const code = err instanceof Error ? (err as Error & { code?: unknown }).code : undefined;
  let what: string;
  const lib = /([^\s:/]+\.so[.\d]*): cannot open shared object file/.exec(msg);
  const sym = /undefined symbol: (\S+)/.exec(msg);
  if (code === 'MODULE_NOT_FOUND' || (!existsSync(path) && !lib)) {
    what = `the native addon is not built: ${path} is missing`;
  } else if (lib?.[1]) {
    const pkg = LIB_PACKAGES.find(([re]) => re.test(lib[1] ?? ''))?.[1];
    what = `the shared library ${lib[1]} needed by ${path} is missing${pkg ? ` (apt-get install ${pkg})` : ''}`;
  } else if (sym?.[1]) {
    what = `${path} needs the symbol ${sym[1]}, which the installed libraries do not provide (rebuild against them)`;
  } else if (/NODE_MODULE_VERSION|did not self-register|invalid ELF header|wrong ELF class/.test(msg)) {
    what = `${path} was built for a different Node.js or platform (${msg.split('\n')[0] ?? msg})`;
  } else {
    what = `cannot load ${path}: ${msg.split('\n')[0] ?? msg}`;
  }
  return new HeedError('NATIVE_MISSING', 'native', `${what}; ${FIX}`, { hint: FIX, cause: err });
}

/** Converts an error thrown by the addon (with a `.code` from the code table) into a HeedError. */
export function nativeError(err: unknown, source: ErrorSource): HeedError {
  if (err instanceof HeedError) return err;
  if (err instanceof Error) {
    const code = (err as Error & { code?: unknown }).code;
    if (typeof code === 'string' && isErrorCode(code)) return new HeedError(code, source, err.message, { cause: err });
    if (err instanceof TypeError || err instanceof RangeError) return new HeedError('INTERNAL', source, err.message, { cause: err });
    return new HeedError('NATIVE_ERROR', source, err.message, { cause: err });
  }
  return new HeedError('NATIVE_ERROR', source, String(err));
}

/** Runs a synchronous addon call, converting what it throws with nativeError. */
export function callNative<T>(source: ErrorSource, fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    throw nativeError(err, source);
  }
}
