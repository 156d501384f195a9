/**
 * Streaming recognition with a sherpa-onnx Zipformer transducer: audio is decoded chunk by chunk
 * as it is fed, and feed() returns a partial hypothesis whenever the text changes (for the screen
 * and for speculation). Biasing: the domain's phrases become hotwords (modified beam search), so
 * "zorbleburger" wins over its sound-alikes. Hotwords belong to the recognizer in sherpa-onnx's
 * Node binding, so a new phrase list rebuilds it (only when the list changes). The final text
 * goes through the same guard as Whisper's.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HeedError, throwIfAborted } from '../../core/errors.js';
import { loadSherpa, type SherpaConfig, type SherpaOnlineRecognizer, type SherpaOnlineStream } from '../sherpa/addon.js';
import { concatInt16, int16ToFloat } from '../../audio/pcm.js';
import { findSttFiles, type ZipformerFiles } from '../sherpa/model-files.js';
import { canaryOnlineRecognizer } from '../sherpa/canary.js';
import { checkBpeVocab, preflightZipformer } from '../sherpa/preflight.js';
import { DEFAULT_GUARD_CONFIG, guardTranscript, type GuardConfig } from './hallucination-guard.js';
import { activeSpeechMs, biasVocabulary, hypothesisFrom, meanLogProb } from './sherpa-hypothesis.js';
import { STT_SAMPLE_RATE, type RecognitionSource, type SttEngine, type SttHypothesis } from './types.js';
import { hotwordsFileText } from './vocabulary-bias.js';

/** Silence appended at the end of an utterance so the last chunk is decoded. */
const TAIL_PADDING_SECONDS = 0.66;
const FEED_CHUNK = 512;

export interface SherpaStreamingSttOptions {
  /** A manifest model name or a directory holding encoder/decoder/joiner/tokens.txt. */
  model: string;
  threads?: number;
  /** Hotword boost per token (sherpa-onnx's hotwords_score); 0 turns biasing off. */
  hotwordScore?: number;
  guard?: Partial<GuardConfig>;
}

export class SherpaStreamingStt implements SttEngine {
  readonly name = 'zipformer';
  readonly #files: ZipformerFiles;
  readonly #opts: SherpaStreamingSttOptions;
  readonly #guard: GuardConfig;
  readonly #bpeVocab: string | null;
  readonly #upperCase: boolean;
  #recognizer: SherpaOnlineRecognizer;
  #hotwords = '';
  #stream: SherpaOnlineStream | null = null;
  #pcm: Int16Array[] = [];
  #samples = 0;
  #lastPartial = '';
  #closed = false;

  private constructor(files: ZipformerFiles, opts: SherpaStreamingSttOptions, bpeVocab: string | null, upperCase: boolean, recognizer: SherpaOnlineRecognizer) {
    this.#files = files;
    this.#opts = opts;
    this.#guard = { ...DEFAULT_GUARD_CONFIG, ...opts.guard };
    this.#bpeVocab = bpeVocab;
    this.#upperCase = upperCase;
    this.#recognizer = recognizer;
  }

  static async open(opts: SherpaStreamingSttOptions): Promise<SherpaStreamingStt> {
    const files = findSttFiles('zipformer', opts.model);
    if (files.kind !== 'zipformer') throw new HeedError('INTERNAL', 'stt', 'not a transducer');
    preflightZipformer(files);
    const tokens = readFileSync(files.tokens, 'utf8');
    const bpeVocab = files.bpeVocab ?? derivedBpeVocab(tokens);
    const letters = tokens.match(/[A-Za-z]/g) ?? [];
    const upper = letters.filter((c) => c >= 'A' && c <= 'Z').length;
    if (bpeVocab) checkBpeVocab(bpeVocab, 'stt');
    const recognizer = await createRecognizer(files, opts, bpeVocab, '');
    return new SherpaStreamingStt(files, opts, bpeVocab, upper * 2 > letters.length, recognizer);
  }

  /** The hotwords in effect (sherpa-onnx's file format), '' when none. */
  get hotwords(): string { return this.#hotwords; }

  async setSearch(source: RecognitionSource, opts: { signal?: AbortSignal } = {}): Promise<void> {
    throwIfAborted(opts.signal, 'stt');
    this.#open();
    if (this.#stream) throw new HeedError('DECODER_STATE', 'stt', 'setSearch() during an utterance');
    const score = this.#opts.hotwordScore ?? 1.5;
    const phrases = score > 0 && this.#bpeVocab ? biasVocabulary(source).phrases : [];
    const text = phrases.length > 0 ? hotwordsFileText(phrases, { score, upperCase: this.#upperCase }) : '';
    if (text === this.#hotwords) return;
    this.#recognizer = await createRecognizer(this.#files, this.#opts, this.#bpeVocab, text, opts.signal);
    this.#hotwords = text;
  }

  async begin(opts: { signal?: AbortSignal } = {}): Promise<void> {
    throwIfAborted(opts.signal, 'stt');
    this.#open();
    if (this.#stream) throw new HeedError('DECODER_STATE', 'stt', 'begin() during an utterance: end() it first');
    this.#stream = this.#recognizer.createStream();
    this.#pcm = [];
    this.#samples = 0;
    this.#lastPartial = '';
  }

  async feed(frames: Int16Array, opts: { signal?: AbortSignal } = {}): Promise<SttHypothesis | null> {
    this.#abandonIfAborted(opts.signal);
    this.#open();
    const stream = this.#stream;
    if (!stream) throw new HeedError('DECODER_STATE', 'stt', 'feed() outside an utterance: call begin() first');
    this.#pcm.push(frames.slice());
    this.#samples += frames.length;
    stream.acceptWaveform({ samples: int16ToFloat(frames), sampleRate: STT_SAMPLE_RATE });
    while (this.#recognizer.isReady(stream)) {
      this.#abandonIfAborted(opts.signal);
      this.#recognizer.decode(stream);
    }
    const text = this.#recognizer.getResult(stream).text.trim();
    if (text === this.#lastPartial || text === '') return null;
    this.#lastPartial = text;
    return hypothesisFrom({ text }, (this.#samples / STT_SAMPLE_RATE) * 1000, {}, false);
  }

  async end(opts: { signal?: AbortSignal } = {}): Promise<SttHypothesis> {
    this.#open();
    const stream = this.#stream;
    if (!stream) throw new HeedError('DECODER_STATE', 'stt', 'end() outside an utterance: call begin() first');
    this.#stream = null;
    this.#abandonIfAborted(opts.signal);
    stream.acceptWaveform({ samples: new Float32Array(Math.round(TAIL_PADDING_SECONDS * STT_SAMPLE_RATE)), sampleRate: STT_SAMPLE_RATE });
    stream.inputFinished();
    while (this.#recognizer.isReady(stream)) {
      throwIfAborted(opts.signal, 'stt');
      this.#recognizer.decode(stream);
    }
    const result = this.#recognizer.getResult(stream);
    const pcm = concatInt16(this.#pcm);
    this.#pcm = [];
    const audioMs = (pcm.length / STT_SAMPLE_RATE) * 1000;
    const speechMs = activeSpeechMs(pcm);
    const verdict = guardTranscript({
      text: result.text, audioMs, speechMs, tokenCount: result.tokens?.length ?? 0,
      ...(meanLogProb(result) !== undefined ? { avgLogProb: meanLogProb(result) } : {}),
    }, this.#guard);
    if (!verdict.ok) return hypothesisFrom({ text: '' }, audioMs, { rejected: verdict.reason });
    return hypothesisFrom({ ...result, text: verdict.text }, audioMs, {});
  }

  async recognize(pcm: Int16Array, opts: { signal?: AbortSignal } = {}): Promise<SttHypothesis> {
    await this.begin(opts);
    for (let i = 0; i < pcm.length; i += FEED_CHUNK) await this.feed(pcm.subarray(i, i + FEED_CHUNK), opts);
    return this.end(opts);
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.#stream = null;
  }

  /** An abort inside an utterance abandons it: the next begin() starts afresh. */
  #abandonIfAborted(signal: AbortSignal | undefined): void {
    if (!signal?.aborted) return;
    this.#stream = null;
    this.#pcm = [];
    this.#samples = 0;
    throwIfAborted(signal, 'stt');
  }

  #open(): void {
    if (this.#closed) throw new HeedError('DECODER_STATE', 'stt', 'the zipformer recognizer is closed');
  }
}

/**
 * Builds the recognizer, after a canary load of the same config in a child process (this load is
 * synchronous, and onnxruntime's failures here end the process). With hotwords, modified beam
 * search (sherpa-onnx biases only there).
 */
async function createRecognizer(files: ZipformerFiles, opts: SherpaStreamingSttOptions, bpeVocab: string | null, hotwords: string, signal?: AbortSignal): Promise<SherpaOnlineRecognizer> {
  const config = recognizerConfig(files, opts, bpeVocab, hotwords);
  await canaryOnlineRecognizer(config, `the transducer ${files.encoder}, ${files.decoder}, ${files.joiner}`, signal ? { signal } : {});
  try {
    return new (loadSherpa('stt').OnlineRecognizer)(config);
  } catch (err) {
    throw new HeedError('MODEL_CORRUPT', 'stt', `loading the transducer from ${files.dir}: ${(err as Error).message}`);
  }
}

/** The online recognizer's config for these files, with hotwords (sherpa-onnx's file format) or none. */
function recognizerConfig(files: ZipformerFiles, opts: SherpaStreamingSttOptions, bpeVocab: string | null, hotwords: string): SherpaConfig {
  return {
    featConfig: { sampleRate: STT_SAMPLE_RATE, featureDim: 80 },
    modelConfig: {
      transducer: { encoder: files.encoder, decoder: files.decoder, joiner: files.joiner },
      tokens: files.tokens, numThreads: opts.threads ?? 1, provider: 'cpu', debug: 0, modelType: 'zipformer2',
      ...(bpeVocab ? { modelingUnit: 'bpe', bpeVocab } : {}),
    },
    decodingMethod: hotwords !== '' ? 'modified_beam_search' : 'greedy_search',
    maxActivePaths: 4,
    // Heed's VAD and dialog-aware endpointing decide where an utterance ends, not the recognizer.
    enableEndpoint: false,
    ...(hotwords !== '' ? { hotwordsBuf: hotwords, hotwordsBufSize: Buffer.byteLength(hotwords), hotwordsScore: opts.hotwordScore ?? 1.5 } : {}),
  };
}

/**
 * A sentencepiece vocab (`piece<TAB>score`) made from tokens.txt, for models shipped without
 * bpe.vocab: a BPE model's piece scores fall with the piece's id, specials score 0. Written once
 * per tokens file under the temp directory. Null when the tokens are not BPE pieces (no '▁').
 */
export function derivedBpeVocab(tokens: string): string | null {
  if (!tokens.includes('▁')) return null;
  const lines = tokens.split('\n').map((l) => l.replace(/\r$/, '')).filter((l) => l.trim() !== '').map((l) => {
    const m = /^(\S+)\s+(\d+)$/.exec(l);
    if (!m) return null;
    const piece = m[1] ?? '';
    const id = Number(m[2]);
    return `${piece}\t${/^<.*>$/.test(piece) ? 0 : -id}`;
  });
  if (lines.some((l) => l === null)) return null;
  const text = `${lines.join('\n')}\n`;
  const dir = join(tmpdir(), 'heed-bpe');
  const path = join(dir, `${createHash('sha256').update(text).digest('hex').slice(0, 16)}.vocab`);
  if (!existsSync(path)) {
    mkdirSync(dir, { recursive: true });
    writeFileSync(path, text);
  }
  return path;
}
