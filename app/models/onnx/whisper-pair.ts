/**
 * A tiny random-weight English-only (".en"-style) Whisper encoder/decoder pair in the layout of
 * sherpa-onnx's scripts/whisper/export-onnx.py, for conformance tests: the real models cannot be
 * downloaded on every machine. The transcript is gibberish; the structure, the cache plumbing, the
 * speech/silence behaviour and the timing are what sherpa-onnx 1.13.8 sees from a real model.
 *
 * What sherpa-onnx 1.13.8's Whisper path (OfflineRecognizerWhisperImpl, OfflineWhisperModel,
 * OfflineWhisperGreedySearchDecoder) expects, and what is built here:
 *  - Encoder metadata, all read with SHERPA_ONNX_READ_META_DATA (a missing key _Exit()s the
 *    process): n_mels, n_text_layer, n_text_ctx, n_text_state, n_vocab, sot, eot, blank_id,
 *    translate, transcribe, is_multilingual, no_timestamps, no_speech, sot_sequence (comma list);
 *    all_language_tokens / all_language_codes only when is_multilingual = 1. The other keys of the
 *    real export (model_type, n_audio_*, sot_prev, sot_lm, non_speech_tokens, ...) are written for
 *    fidelity but not read. The decoder's metadata is not read.
 *  - Inputs and outputs are bound by the model's own names in the model's order.
 *  - encoder: mel float32 [N, n_mels, T] -> n_layer_cross_k, n_layer_cross_v [L, N, A, S].
 *    sherpa feeds T = min(frames + tail_paddings, 3000) (tail_paddings <= 0 means 1000; audio past
 *    2950 frames, about 29.5 s, is dropped), so T varies; here two convolutions (stride 1, then 2)
 *    make A = ceil(T / 2) (1500 = n_audio_ctx at T = 3000, like the real model).
 *  - decoder: tokens int64 [N, n], in_n_layer_self_k_cache, in_n_layer_self_v_cache [L, N, C, S],
 *    n_layer_cross_k, n_layer_cross_v, offset int64 [1] -> logits [N, n, n_vocab],
 *    out_n_layer_self_k_cache, out_n_layer_self_v_cache (C = n_text_ctx; sherpa makes the first
 *    caches zeros of [n_text_layer, 1, n_text_ctx, n_text_state]). A real single-head causal
 *    attention decoder writes positions offset .. offset + n - 1 of the cache.
 *  - Greedy search: starts from sot_sequence + [no_timestamps] (here [sot, no_timestamps]), stops
 *    at eot, after min(floor(frames / 100 * 6), n_text_ctx / 2) tokens (about 6 tokens per second
 *    of audio; none below 17 frames), or when offset reaches n_text_ctx - 1.
 *  - tokens.txt: "base64(bytes) id" per line for the text tokens only, as in the real files; ids
 *    missing from it (the special tokens) are dropped from the text.
 *  - Timing: with this pair decode() takes 2-15 ms for 1-40 s of audio (one thread); sherpa's own
 *    Whisper feature extraction, run inside acceptWaveform(), costs about 23 ms of CPU per second
 *    of audio whatever the model, and runs over all of it (about 0.9 s for 40 s) before the cut.
 *
 * Speech vs silence: the decoder's eot logit follows the loudest normalized log-mel value the
 * encoder saw (carried in the last channel of layer 0's cross_v), so silence, very quiet input
 * (white noise below ~0.01 amplitude) and the zero tail padding decode to eot at once, an empty
 * text, while audible input yields random text tokens up to sherpa's length limit (so the token
 * count is min(floor(frames * 0.06), 32)). Special tokens other than eot are never emitted.
 */
import { join } from 'node:path';
import { GraphBuilder, writeOnnxFile, writeTextFile, type WrittenFile } from './graph-builder.js';
import type { OnnxValueInfo } from './onnx-proto.js';

export interface RandomWhisperOptions {
  seed?: number;
  /** File name prefix; default 'heed-random'. */
  name?: string;
}

export interface RandomWhisper {
  dir: string;
  encoder: string;
  decoder: string;
  tokens: string;
  files: WrittenFile[];
}

/** The text tokens (ids 0..n-1), with GPT-2-style leading spaces; none has whitespace elsewhere. */
export const WHISPER_TEXT_TOKENS: readonly string[] = [
  ' ', '.', ',', '?', '!', "'s", ' the', ' a', ' I', ' you', ' it', ' is', ' to', ' and', ' with',
  ' no', ' yes', ' please', ' thanks', ' hello', ' bye', ' one', ' two', ' three', ' coffee',
  ' tea', ' milk', ' sugar', ' water', ' juice', ' bread', ' cake', ' soup', ' salad', ' sandwich',
  ' cup', ' large', ' small', ' hot', ' cold', ' order', ' price', ' menu', ' bag', ' card',
  ' cash', ' receipt', ' store', ' open', ' close', ' today', ' help', ' where', ' how', ' much',
  ' want', ' can', ' go', ' here', ' kiosk', ' heed',
];

const B = WHISPER_TEXT_TOKENS.length;

/** Dimensions and special token ids, laid out like the real .en models (eot right after text). */
export const WHISPER_LAYOUT = {
  nMels: 80,
  nAudioCtx: 1500,
  nAudioState: 32,
  nAudioLayer: 1,
  nTextState: 32,
  nTextLayer: 2,
  nTextCtx: 64,
  eot: B,
  sot: B + 1,
  /** The one language token (<|en|>); .en models have them in the vocabulary but never use them. */
  en: B + 2,
  translate: B + 3,
  transcribe: B + 4,
  sotLm: B + 5,
  sotPrev: B + 6,
  noSpeech: B + 7,
  noTimestamps: B + 8,
  /** Timestamp tokens <|0.00|> .. <|30.00|>: sherpa assumes timestamp_begin = no_timestamps + 1. */
  timestampBegin: B + 9,
  nVocab: B + 9 + 1501,
  blankId: 0,
} as const;

/**
 * Normalized log-mel level (loudest bin of the loudest frame) above which the input counts as
 * sound. sherpa normalizes as (max(log10 mel, global max - 8) + 4) / 4, so digital silence is
 * -1.5 and the zero tail padding 0. Measured through sherpa-onnx 1.13.8: espeak-ng speech peaking
 * at 0.68 gives 1.3 (0.8 at -20 dB, 0.3 at -40 dB); white noise of amplitude 0.03 gives 0.5,
 * 0.01 gives 0.2; a 440 Hz sine of amplitude 0.01 gives 0.6.
 */
const SPEECH_LEVEL = 0.45;
/** eot logit slope: eot bias = EOT_SLOPE * (SPEECH_LEVEL - loudest frame). */
const EOT_SLOPE = 40;

const S = WHISPER_LAYOUT.nTextState;
const L = WHISPER_LAYOUT.nTextLayer;
const C = WHISPER_LAYOUT.nTextCtx;
const V = WHISPER_LAYOUT.nVocab;
const MELS = WHISPER_LAYOUT.nMels;

function layerNorm(g: GraphBuilder, x: string, dim: number): string {
  return g.op('LayerNormalization', [x, g.constF(new Array<number>(dim).fill(1)), g.constF(new Array<number>(dim).fill(0))], { axis: { i: -1 }, epsilon: { f: 1e-5 } });
}

/** x @ W without a bias (whisper's key projections have none). */
function project(g: GraphBuilder, x: string, inDim: number, outDim: number): string {
  return g.op('MatMul', [x, g.randomF([inDim, outDim], 1 / Math.sqrt(inDim), 'proj_w')]);
}

/** softmax(q k^T / sqrt(d) + bias) v for q [N, n, d], k and v [N, m, d]; bias broadcasts to [N, n, m]. */
function attention(g: GraphBuilder, q: string, k: string, v: string, dim: number, bias?: string): string {
  const scores = g.op('Mul', [g.op('MatMul', [q, g.op('Transpose', [k], { perm: { ints: [0, 2, 1] } })]), g.constF([1 / Math.sqrt(dim)], [])]);
  const masked = bias ? g.op('Add', [scores, bias]) : scores;
  return g.op('MatMul', [g.op('Softmax', [masked], { axis: { i: -1 } }), v]);
}

/** Whisper's sinusoidal position table [length, channels]. */
function sinusoids(length: number, channels: number): Float32Array {
  const half = channels / 2;
  const step = Math.log(10000) / (half - 1);
  const out = new Float32Array(length * channels);
  for (let t = 0; t < length; t++) {
    for (let i = 0; i < half; i++) {
      const a = t * Math.exp(-step * i);
      out[t * channels + i] = Math.sin(a);
      out[t * channels + half + i] = Math.cos(a);
    }
  }
  return out;
}

function vi(name: string, dtype: OnnxValueInfo['dtype'], shape: ReadonlyArray<number | string>): OnnxValueInfo {
  return { name, dtype, shape };
}

function encoderMetadata(): Record<string, string> {
  const w = WHISPER_LAYOUT;
  const nonSpeech = [w.translate, w.transcribe, w.sotLm, w.sotPrev, w.noSpeech];
  const meta: Record<string, number | string> = {
    model_type: 'whisper-heed-random.en',
    version: '1',
    maintainer: 'heed',
    comment: 'random weights: structure only, gibberish output',
    n_mels: w.nMels,
    n_audio_ctx: w.nAudioCtx,
    n_audio_state: w.nAudioState,
    n_audio_head: 1,
    n_audio_layer: w.nAudioLayer,
    n_vocab: w.nVocab,
    n_text_ctx: w.nTextCtx,
    n_text_state: w.nTextState,
    n_text_head: 1,
    n_text_layer: w.nTextLayer,
    sot_sequence: String(w.sot),
    all_language_tokens: String(w.en),
    all_language_codes: 'en',
    sot: w.sot,
    sot_index: 0,
    eot: w.eot,
    blank_id: w.blankId,
    is_multilingual: 0,
    no_speech: w.noSpeech,
    non_speech_tokens: nonSpeech.join(','),
    transcribe: w.transcribe,
    translate: w.translate,
    sot_prev: w.sotPrev,
    sot_lm: w.sotLm,
    no_timestamps: w.noTimestamps,
  };
  return Object.fromEntries(Object.entries(meta).map(([k, v]) => [k, String(v)]));
}

function buildEncoder(seed: number): ReturnType<GraphBuilder['model']> {
  const g = new GraphBuilder(seed);
  const A = WHISPER_LAYOUT.nAudioState;
  // [N, 80, T] -> conv k3 s1 -> tanh -> conv k3 s2 -> tanh: [N, A, ceil(T / 2)]
  const c1 = g.op('Conv', ['mel', g.randomF([A, MELS, 3], 1 / Math.sqrt(MELS * 3), 'conv1_w'), g.randomF([A], 0.01, 'conv1_b')],
    { kernel_shape: { ints: [3] }, pads: { ints: [1, 1] }, strides: { ints: [1] } });
  const c2 = g.op('Conv', [g.op('Tanh', [c1]), g.randomF([A, A, 3], 1 / Math.sqrt(A * 3), 'conv2_w'), g.randomF([A], 0.01, 'conv2_b')],
    { kernel_shape: { ints: [3] }, pads: { ints: [1, 1] }, strides: { ints: [2] } });
  let h = g.op('Transpose', [g.op('Tanh', [c2])], { perm: { ints: [0, 2, 1] } }); // [N, Actx, A]
  const ctx = g.op('Shape', [h], { start: { i: 1 }, end: { i: 2 } });
  const pos = g.op('Slice', [g.tensorF([WHISPER_LAYOUT.nAudioCtx, A], sinusoids(WHISPER_LAYOUT.nAudioCtx, A), 'pos'), g.constI64([0]), ctx, g.constI64([0])]);
  h = layerNorm(g, g.op('Add', [h, pos]), A);

  // The loudest bin per frame, max-pooled like the conv output: [N, 1, T] -> [N, Actx, 1].
  const level = g.op('Transpose', [g.op('MaxPool', [g.op('ReduceMax', ['mel'], { axes: { ints: [1] }, keepdims: { i: 1 } })],
    { kernel_shape: { ints: [3] }, pads: { ints: [1, 1] }, strides: { ints: [2] } })], { perm: { ints: [0, 2, 1] } });

  const ks: string[] = [];
  const vs: string[] = [];
  const axis0 = g.constI64([0]);
  for (let l = 0; l < L; l++) {
    ks.push(g.op('Unsqueeze', [project(g, h, A, S), axis0]));
    const v = l === 0
      ? g.op('Concat', [g.linear(h, A, S - 1), level], { axis: { i: 2 } })
      : g.linear(h, A, S);
    vs.push(g.op('Unsqueeze', [v, axis0]));
  }
  g.op('Concat', ks, { axis: { i: 0 } }, 'n_layer_cross_k');
  g.op('Concat', vs, { axis: { i: 0 } }, 'n_layer_cross_v');
  return g.model('whisper_encoder',
    [vi('mel', 'float32', ['n_audio', MELS, 'n_frames'])],
    [vi('n_layer_cross_k', 'float32', [L, 'n_audio', 'n_audio_ctx', S]), vi('n_layer_cross_v', 'float32', [L, 'n_audio', 'n_audio_ctx', S])],
    encoderMetadata());
}

function buildDecoder(seed: number): ReturnType<GraphBuilder['model']> {
  const g = new GraphBuilder(seed);
  const w = WHISPER_LAYOUT;
  const tokEmb = g.randomF([V, S], 1, 'tok_emb');
  let x = g.op('Gather', [tokEmb, 'tokens'], { axis: { i: 0 } }); // [N, n, S]

  // Positions offset .. offset + n - 1.
  const n = g.op('Shape', ['tokens'], { start: { i: 1 }, end: { i: 2 } });
  const end = g.op('Add', ['offset', n]);
  const axis0 = g.constI64([0]);
  const posTable = g.randomF([C, S], 0.5, 'pos_emb');
  x = g.op('Add', [x, g.op('Slice', [posTable, 'offset', end, axis0])]);
  const arange = g.constI64(Array.from({ length: C }, (_, i) => i));
  const qPos = g.op('Slice', [arange, 'offset', end, axis0]); // [n]
  const qCol = g.op('Unsqueeze', [qPos, g.constI64([1])]); // [n, 1]
  const write = g.op('Cast', [g.op('Equal', [qCol, arange])], { to: { i: 1 } }); // [n, C] one-hot rows
  const writeT = g.op('Transpose', [write], { perm: { ints: [1, 0] } }); // [C, n]
  const keep = g.op('Transpose', [g.op('Sub', [g.constF([1], []), g.op('ReduceSum', [write, axis0], { keepdims: { i: 1 } })])], { perm: { ints: [1, 0] } }); // [C, 1]
  const causal = g.op('Where', [g.op('LessOrEqual', [arange, qCol]), g.constF([0], []), g.constF([-1e9], [])]); // [n, C]

  const outK: string[] = [];
  const outV: string[] = [];
  for (let l = 0; l < L; l++) {
    const layer = g.constI64([l], []);
    const kCache = g.op('Gather', ['in_n_layer_self_k_cache', layer], { axis: { i: 0 } }); // [N, C, S]
    const vCache = g.op('Gather', ['in_n_layer_self_v_cache', layer], { axis: { i: 0 } });
    const crossK = g.op('Gather', ['n_layer_cross_k', layer], { axis: { i: 0 } }); // [N, A, S]
    const crossV = g.op('Gather', ['n_layer_cross_v', layer], { axis: { i: 0 } });

    let h = layerNorm(g, x, S);
    const q = g.linear(h, S, S);
    const k = project(g, h, S, S);
    const v = g.linear(h, S, S);
    const newK = g.op('Add', [g.op('Mul', [kCache, keep]), g.op('MatMul', [writeT, k])]);
    const newV = g.op('Add', [g.op('Mul', [vCache, keep]), g.op('MatMul', [writeT, v])]);
    outK.push(g.op('Unsqueeze', [newK, axis0]));
    outV.push(g.op('Unsqueeze', [newV, axis0]));
    x = g.op('Add', [x, g.linear(attention(g, q, newK, newV, S, causal), S, S)]);

    h = layerNorm(g, x, S);
    x = g.op('Add', [x, g.linear(attention(g, g.linear(h, S, S), crossK, crossV, S), S, S, 4 / Math.sqrt(S))]);

    h = layerNorm(g, x, S);
    x = g.op('Add', [x, g.linear(g.op('Tanh', [g.linear(h, S, 2 * S)]), 2 * S, S)]);
  }
  g.op('Concat', outK, { axis: { i: 0 } }, 'out_n_layer_self_k_cache');
  g.op('Concat', outV, { axis: { i: 0 } }, 'out_n_layer_self_v_cache');

  const raw = g.op('MatMul', [layerNorm(g, x, S), g.randomF([S, V], 1 / Math.sqrt(S), 'out_w')]); // [N, n, V]
  // Text tokens and eot only.
  const suppress = new Float32Array(V);
  for (let i = w.eot + 1; i < V; i++) suppress[i] = -1e4;
  // eot follows the loudest frame: cross_v[0][..., S - 1] is the encoder's level channel.
  const level = g.op('ReduceMax', [g.op('Slice', [g.op('Gather', ['n_layer_cross_v', g.constI64([0], [])], { axis: { i: 0 } }), g.constI64([S - 1]), g.constI64([S]), g.constI64([2])])],
    { axes: { ints: [1] }, keepdims: { i: 1 } }); // [N, 1, 1]
  const eotBias = g.op('Mul', [g.op('Sub', [g.constF([SPEECH_LEVEL], []), level]), g.constF([EOT_SLOPE], [])]);
  const eotOneHot = new Float32Array(V);
  eotOneHot[w.eot] = 1;
  g.op('Add', [g.op('Add', [raw, g.tensorF([V], suppress, 'suppress')]), g.op('Mul', [eotBias, g.tensorF([V], eotOneHot, 'eot_one_hot')])], undefined, 'logits');

  const cache = (name: string): OnnxValueInfo => vi(name, 'float32', [L, 'n_audio', C, S]);
  return g.model('whisper_decoder',
    [
      vi('tokens', 'int64', ['n_audio', 'n_tokens']),
      cache('in_n_layer_self_k_cache'),
      cache('in_n_layer_self_v_cache'),
      vi('n_layer_cross_k', 'float32', [L, 'n_audio', 'n_audio_ctx', S]),
      vi('n_layer_cross_v', 'float32', [L, 'n_audio', 'n_audio_ctx', S]),
      vi('offset', 'int64', [1]),
    ],
    [vi('logits', 'float32', ['n_audio', 'n_tokens', V]), cache('out_n_layer_self_k_cache'), cache('out_n_layer_self_v_cache')],
    { model_type: 'whisper-heed-random.en', version: '1', maintainer: 'heed' });
}

/**
 * Feature frames sherpa-onnx's Whisper front end makes from `samples` 16 kHz samples (10 ms hop,
 * no edge snipping): 0 below 80 samples, which sherpa-onnx 1.13.8 does not survive (decode
 * segfaults on a stream with no frames, including an empty or missing waveform).
 */
export function whisperFrames(samples: number): number {
  return Math.floor((samples + 80) / 160);
}

/**
 * The most tokens sherpa-onnx 1.13.8's greedy search emits for `samples` 16 kHz samples with this
 * pair: trunc(frames / 100 * 6), at most n_text_ctx / 2 (audio past 2950 frames is dropped first).
 * Audible input yields exactly this many; silence none.
 */
export function whisperMaxTokens(samples: number): number {
  const frames = Math.min(whisperFrames(samples), 2950);
  return Math.min(Math.trunc((frames / 100) * 6), WHISPER_LAYOUT.nTextCtx / 2);
}

/** The real files' format: base64 of the token's bytes, a space, the id. */
export function whisperTokensText(): string {
  return WHISPER_TEXT_TOKENS.map((t, i) => `${Buffer.from(t, 'utf8').toString('base64')} ${i}\n`).join('');
}

/**
 * Writes `<name>-encoder.onnx`, `<name>-decoder.onnx` and `<name>-tokens.txt` into `dir`.
 * Deterministic for a seed (default 1); about 0.8 MB in all.
 */
export function writeRandomWhisper(dir: string, opts: RandomWhisperOptions = {}): RandomWhisper {
  const seed = opts.seed ?? 1;
  const name = opts.name ?? 'heed-random';
  const encoder = join(dir, `${name}-encoder.onnx`);
  const decoder = join(dir, `${name}-decoder.onnx`);
  const tokens = join(dir, `${name}-tokens.txt`);
  const files = [
    writeOnnxFile(encoder, buildEncoder(seed * 2 + 1)),
    writeOnnxFile(decoder, buildDecoder(seed * 2 + 2)),
    writeTextFile(tokens, whisperTokensText()),
  ];
  return { dir, encoder, decoder, tokens, files };
}
