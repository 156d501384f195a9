/**
 * Text to speech with flite 2.2 (Debian libflite) through the native addon. Synthesis is
 * synchronous in the addon (about 2-3 % of real time for rms/slt) and serialised process-wide;
 * the engine is meant to run in its own worker thread.
 */
import { HeedError, throwIfAborted } from '../../core/errors.js';
import { callNative, loadNative, type HeedNative } from '../native.js';
import { sentenceChunks } from './sentence-chunks.js';
import type { TtsAudio, TtsEngine, TtsOptions, TtsVoice } from './types.js';

export const DEFAULT_FLITE_VOICE = 'rms';

export interface FliteTtsOptions {
  /** Voice used when synthesize() is not given one; default 'rms'. */
  defaultVoice?: string;
}

export class FliteTts implements TtsEngine {
  readonly name = 'flite';
  readonly defaultVoice: string;
  #native: HeedNative;
  #closed = false;

  constructor(opts: FliteTtsOptions = {}) {
    this.defaultVoice = opts.defaultVoice ?? DEFAULT_FLITE_VOICE;
    this.#native = loadNative();
  }

  async voices(opts: { signal?: AbortSignal } = {}): Promise<TtsVoice[]> {
    throwIfAborted(opts.signal, 'tts');
    this.#requireOpen();
    return callNative('tts', () => this.#native.listVoices()).map((v) => ({ id: v.id, sampleRate: v.sampleRate }));
  }

  async synthesize(text: string, opts: TtsOptions = {}): Promise<TtsAudio> {
    throwIfAborted(opts.signal, 'tts');
    this.#requireOpen();
    const voice = opts.voice ?? this.defaultVoice;
    const audio = callNative('tts', () => this.#native.synthesize(text, voice));
    // The call cannot be interrupted; an abort that arrived meanwhile still wins.
    throwIfAborted(opts.signal, 'tts');
    return { pcm: audio.pcm, sampleRate: audio.sampleRate };
  }

  /** One chunk per sentence; the speaking rate is fixed (speed is ignored). */
  synthesizeStream(text: string, opts: TtsOptions = {}): AsyncIterable<TtsAudio> {
    return sentenceChunks((t, o) => this.synthesize(t, o), text, opts);
  }

  async close(): Promise<void> {
    this.#closed = true;
  }

  #requireOpen(): void {
    if (this.#closed) throw new HeedError('TTS_FAILED', 'tts', 'the flite engine is closed', { recoverable: false });
  }
}
