/**
 * A deterministic TTS engine for tests. The 'fake' voice speaks in the code FakeStt hears
 * (see fakeSpeech), so a fake TTS -> fake STT loop round-trips text; 'fake-22k' is the same
 * pattern at 22050 Hz. Duration is 60 ms per character plus 100 ms of silence either side.
 */
import { HeedError, throwIfAborted } from '../../core/errors.js';
import { fakeSpeech } from '../stt/fake.js';
import { sentenceChunks } from './sentence-chunks.js';
import type { TtsAudio, TtsEngine, TtsOptions, TtsVoice } from './types.js';

const VOICES: readonly TtsVoice[] = [
  { id: 'fake', sampleRate: 16000 },
  { id: 'fake-22k', sampleRate: 22050 },
];

export class FakeTts implements TtsEngine {
  readonly name = 'fake';
  readonly defaultVoice: string;
  #closed = false;

  constructor(opts: { defaultVoice?: string } = {}) {
    this.defaultVoice = opts.defaultVoice ?? 'fake';
  }

  async voices(opts: { signal?: AbortSignal } = {}): Promise<TtsVoice[]> {
    throwIfAborted(opts.signal, 'tts');
    this.#requireOpen();
    return VOICES.map((v) => ({ ...v }));
  }

  async synthesize(text: string, opts: TtsOptions = {}): Promise<TtsAudio> {
    throwIfAborted(opts.signal, 'tts');
    this.#requireOpen();
    const id = opts.voice ?? this.defaultVoice;
    const voice = VOICES.find((v) => v.id === id);
    if (!voice) throw new HeedError('VOICE_UNKNOWN', 'tts', `unknown fake voice '${id}'`);
    if (text.trim() === '') return { pcm: new Int16Array(0), sampleRate: voice.sampleRate };
    return { pcm: fakeSpeech(text.trim(), { sampleRate: voice.sampleRate }), sampleRate: voice.sampleRate };
  }

  /** One chunk per sentence; the speaking rate is fixed (speed is ignored). */
  synthesizeStream(text: string, opts: TtsOptions = {}): AsyncIterable<TtsAudio> {
    return sentenceChunks((t, o) => this.synthesize(t, o), text, opts);
  }

  async close(): Promise<void> {
    this.#closed = true;
  }

  #requireOpen(): void {
    if (this.#closed) throw new HeedError('TTS_FAILED', 'tts', 'the fake engine is closed', { recoverable: false });
  }
}
