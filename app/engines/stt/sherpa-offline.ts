/**
 * Whole-utterance recognition with sherpa-onnx: Whisper (tiny.en / base.en, int8) or Moonshine
 * (tiny / base). The utterance's audio (VAD-gated by the listener) is buffered by feed() and
 * decoded by end(); there are no partials. Guarded against Whisper's failure modes: too little
 * speech is not decoded at all, and the text goes through the hallucination guard (phantom
 * phrases, more words than the speech allows, loops). Biasing: sherpa-onnx has no initial prompt
 * for Whisper, so the domain's phrases (from the compiled grammar) correct near misses after
 * decoding, conservatively (app/engines/stt/vocabulary-bias.ts).
 */
import { HeedError, throwIfAborted } from '../../core/errors.js';
import { callSherpa, loadSherpa, type SherpaConfig, type SherpaOfflineRecognizer, type SherpaRecognitionResult } from '../sherpa/addon.js';
import { concatInt16, int16ToFloat } from '../../audio/pcm.js';
import { untilAborted } from '../sherpa/abortable.js';
import { findSttFiles, type MoonshineFiles, type WhisperFiles } from '../sherpa/model-files.js';
import { preflightMoonshine, preflightWhisper } from '../sherpa/preflight.js';
import { DEFAULT_GUARD_CONFIG, guardTranscript, type GuardConfig } from './hallucination-guard.js';
import { activeSpeechMs, biasVocabulary, hypothesisFrom, meanLogProb, type BiasVocabulary } from './sherpa-hypothesis.js';
import { STT_SAMPLE_RATE, type RecognitionSource, type SttEngine, type SttHypothesis } from './types.js';
import { snapToVocabulary } from './vocabulary-bias.js';

/** Below a quarter second nothing is decoded (the runtime crashes on an empty stream). */
const MIN_DECODE_SAMPLES = STT_SAMPLE_RATE / 4;
/** The decode window: a longer utterance keeps its last 29 s (sherpa-onnx's Whisper keeps only the first 29.5 s of what it is given). */
const MAX_SECONDS = 29;

export interface SherpaOfflineSttOptions {
  kind: 'whisper' | 'moonshine';
  /** A manifest model name (`whisper-base.en`) or a directory holding the export. */
  model: string;
  threads?: number;
  /** Whisper only: '' auto-detects on multilingual models; English-only models ignore it. */
  language?: string;
  /** Correct near misses toward the domain's phrases (default true). */
  bias?: boolean;
  guard?: Partial<GuardConfig>;
}

export class SherpaOfflineStt implements SttEngine {
  readonly name: string;
  readonly #recognizer: SherpaOfflineRecognizer;
  readonly #guard: GuardConfig;
  readonly #bias: boolean;
  #vocabulary: BiasVocabulary = { phrases: [], words: new Set() };
  #chunks: Int16Array[] = [];
  #samples = 0;
  #inUtterance = false;
  #closed = false;
  /** The decode in flight: the recognizer decodes one stream at a time. */
  #busy: Promise<unknown> = Promise.resolve();

  private constructor(name: string, recognizer: SherpaOfflineRecognizer, opts: SherpaOfflineSttOptions) {
    this.name = name;
    this.#recognizer = recognizer;
    this.#guard = { ...DEFAULT_GUARD_CONFIG, ...opts.guard };
    this.#bias = opts.bias ?? true;
  }

  /** Checks the files (a bad model is an error here, never a crash of the runtime) and loads them. */
  static async open(opts: SherpaOfflineSttOptions): Promise<SherpaOfflineStt> {
    const files = findSttFiles(opts.kind, opts.model);
    const modelConfig: SherpaConfig = { tokens: files.tokens, numThreads: opts.threads ?? 1, provider: 'cpu', debug: 0 };
    if (files.kind === 'whisper') {
      const language = opts.language ?? 'en';
      const { multilingual } = preflightWhisper(files, language);
      modelConfig['whisper'] = whisperConfig(files, multilingual ? language : '');
    } else if (files.kind === 'moonshine') {
      preflightMoonshine(files);
      modelConfig['moonshine'] = moonshineConfig(files);
    } else {
      throw new HeedError('CONFIG_INVALID', 'config', `${opts.kind} is not an offline recognizer`);
    }
    const sherpa = loadSherpa('stt');
    const recognizer = await callSherpa('stt', `loading ${opts.kind} from ${files.dir}`, () => sherpa.OfflineRecognizer.createAsync({
      featConfig: { sampleRate: STT_SAMPLE_RATE, featureDim: 80 },
      modelConfig,
      decodingMethod: 'greedy_search',
    }));
    return new SherpaOfflineStt(opts.kind, recognizer, opts);
  }

  async setSearch(source: RecognitionSource, opts: { signal?: AbortSignal } = {}): Promise<void> {
    throwIfAborted(opts.signal, 'stt');
    this.#open();
    this.#vocabulary = biasVocabulary(source);
  }

  async begin(opts: { signal?: AbortSignal } = {}): Promise<void> {
    throwIfAborted(opts.signal, 'stt');
    this.#open();
    if (this.#inUtterance) throw new HeedError('DECODER_STATE', 'stt', 'begin() during an utterance: end() it first');
    this.#chunks = [];
    this.#samples = 0;
    this.#inUtterance = true;
  }

  async feed(frames: Int16Array, opts: { signal?: AbortSignal } = {}): Promise<SttHypothesis | null> {
    this.#abandonIfAborted(opts.signal);
    this.#open();
    if (!this.#inUtterance) throw new HeedError('DECODER_STATE', 'stt', 'feed() outside an utterance: call begin() first');
    this.#chunks.push(frames.slice());
    this.#samples += frames.length;
    // Keep the window plus at most one chunk: older audio is dropped from the front.
    while (this.#chunks.length > 1 && this.#samples - (this.#chunks[0]?.length ?? 0) >= MAX_SECONDS * STT_SAMPLE_RATE) {
      this.#samples -= this.#chunks.shift()?.length ?? 0;
    }
    return null;
  }

  async end(opts: { signal?: AbortSignal } = {}): Promise<SttHypothesis> {
    this.#open();
    if (!this.#inUtterance) throw new HeedError('DECODER_STATE', 'stt', 'end() outside an utterance: call begin() first');
    this.#inUtterance = false;
    const pcm = concatInt16(this.#chunks);
    this.#chunks = [];
    this.#samples = 0;
    throwIfAborted(opts.signal, 'stt');
    return this.#decode(pcm.length > MAX_SECONDS * STT_SAMPLE_RATE ? pcm.subarray(pcm.length - MAX_SECONDS * STT_SAMPLE_RATE) : pcm, opts.signal);
  }

  async recognize(pcm: Int16Array, opts: { signal?: AbortSignal } = {}): Promise<SttHypothesis> {
    await this.begin(opts);
    await this.feed(pcm, opts);
    return this.end(opts);
  }

  async close(): Promise<void> {
    this.#closed = true;
    await this.#busy.catch(() => undefined);
  }

  async #decode(pcm: Int16Array, signal: AbortSignal | undefined): Promise<SttHypothesis> {
    const audioMs = (pcm.length / STT_SAMPLE_RATE) * 1000;
    const speechMs = activeSpeechMs(pcm);
    // VAD-gated input only: with (nearly) no speech energy nothing is decoded, so nothing can be invented.
    // Below a quarter second neither model decodes anything, and an empty stream crashes the runtime.
    if (speechMs < this.#guard.minSpeechMs || pcm.length < MIN_DECODE_SAMPLES) return hypothesisFrom({ text: '' }, audioMs, { rejected: 'no_speech' });
    const run = this.#busy.catch(() => undefined).then(() => callSherpa('stt', `${this.name} decode`, async () => {
      const stream = this.#recognizer.createStream();
      stream.acceptWaveform({ samples: int16ToFloat(pcm), sampleRate: STT_SAMPLE_RATE });
      return this.#recognizer.decodeAsync(stream);
    }));
    this.#busy = run;
    const result: SherpaRecognitionResult = await untilAborted(run, signal, 'stt');
    const verdict = guardTranscript({
      text: result.text, audioMs, speechMs, tokenCount: result.tokens?.length ?? 0,
      ...(meanLogProb(result) !== undefined ? { avgLogProb: meanLogProb(result) } : {}),
    }, this.#guard);
    if (!verdict.ok) return hypothesisFrom({ text: '' }, audioMs, { rejected: verdict.reason });
    let text = verdict.text;
    if (this.#bias && this.#vocabulary.phrases.length > 0) text = snapToVocabulary(text, this.#vocabulary).text;
    return hypothesisFrom({ ...result, text }, audioMs, {});
  }

  /** An abort inside an utterance abandons it: the next begin() starts afresh. */
  #abandonIfAborted(signal: AbortSignal | undefined): void {
    if (!signal?.aborted) return;
    this.#inUtterance = false;
    this.#chunks = [];
    this.#samples = 0;
    throwIfAborted(signal, 'stt');
  }

  #open(): void {
    if (this.#closed) throw new HeedError('DECODER_STATE', 'stt', `the ${this.name} recognizer is closed`);
  }
}

function whisperConfig(f: WhisperFiles, language: string): SherpaConfig {
  return { encoder: f.encoder, decoder: f.decoder, language, task: 'transcribe', tailPaddings: -1 };
}

function moonshineConfig(f: MoonshineFiles): SherpaConfig {
  return { preprocessor: f.preprocessor, encoder: f.encoder, uncachedDecoder: f.uncachedDecoder, cachedDecoder: f.cachedDecoder };
}
