/**
 * A tiny random-weight Moonshine model set in the sherpa-onnx "v1" layout (preprocess.onnx,
 * encode.onnx, uncached_decode.onnx, cached_decode.onnx, tokens.txt), for conformance tests: the
 * real models cannot be downloaded on every machine. The transcript is gibberish; the structure,
 * dtypes, cache plumbing and timing behave like the real thing under sherpa-onnx 1.13.8.
 *
 * What sherpa-onnx's v1 path (OfflineRecognizerMoonshineImpl, chosen because
 * moonshine.preprocessor is set; v2 is encoder + mergedDecoder) expects, and what is built here:
 *  - No metadata is read. Inputs are bound by position; the names below are ours.
 *  - preprocess: audio float32 [1, N] (16 kHz samples in [-1, 1]) -> features float32 [1, T, D].
 *    Like the real one: Conv1d k127/s64, Conv1d k7/s3, Conv1d k3/s2 without padding, so
 *    T ≈ N / 384 and fewer than 895 samples (~0.056 s) make the preprocessor fail.
 *  - encode: features [1, T, D], features_len int32 [1] -> encoder_out float32 [1, T, D].
 *  - uncached_decode: tokens int32 [1, L], encoder_out, seq_len int32 [1]
 *      -> logits float32 [1, L, V], then the cache: per layer self_k, self_v [1, L, D],
 *         cross_k, cross_v [1, T, D].
 *  - cached_decode: tokens int32 [1, 1], encoder_out, seq_len, then the cache in the same order
 *      -> logits [1, 1, V], then the cache in the same order (self k/v grown by one position).
 *    sherpa-onnx passes however many state outputs there are straight back, so the layer count is
 *    free (real tiny: 6 layers, 24 tensors; here 2 layers, 8 tensors).
 *  - Greedy search with hard-coded sos = 1 and eos = 2, and at most
 *    floor(T * 384 / 16000 * 6) steps (about 6 tokens per second of audio; none below T = 7).
 *  - tokens.txt: "symbol id" lines; a leading "▁" becomes a space; ids missing from it are
 *    dropped from the text. getResult() JSON: lang, emotion, event (""), text (leading space
 *    trimmed), timestamps, durations, ys_log_probs, words (all []), tokens (the pieces).
 *  - Every onnxruntime error while decoding (too-short audio, wrong shapes or dtypes) is caught
 *    and gives an empty result; loading an unparsable file aborts the process.
 *
 * The decoder is a real (single-head) attention decoder with a KV cache, so the cached decoder
 * continues the uncached one exactly, and the text depends on the audio. To make decoding end
 * early, eos wins exactly when `eosAfter` tokens have been emitted (an eos logit ramp on
 * seq_len), so a decode yields min(eosAfter, moonshineMaxTokens(samples)) tokens; with
 * `eosAfter: Infinity` eos is an ordinary random logit and sherpa-onnx's max length bounds it.
 */
import { join } from 'node:path';
import { seededRandom } from '../../core/seeded-random.js';
import { GraphBuilder, writeOnnxFile, writeTextFile, type WrittenFile } from './graph-builder.js';
import type { OnnxModel, OnnxValueInfo } from './onnx-proto.js';

export interface RandomMoonshineOptions {
  seed?: number;
  /**
   * eos is forced once this many tokens are emitted (a decode yields
   * min(eosAfter, moonshineMaxTokens(samples)) tokens). Default 12. Infinity: eos only when it
   * happens to be the argmax (in practice the max length then bounds every decode).
   */
  eosAfter?: number;
}

export interface RandomMoonshine {
  dir: string;
  preprocessor: string;
  encoder: string;
  uncachedDecoder: string;
  cachedDecoder: string;
  tokens: string;
  files: WrittenFile[];
}

/** Model width (the real tiny model uses 288). */
const DIM = 32;
/** Channels of the first preprocessor convolution. */
const CONV1 = 16;
const LAYERS = 2;
const FFN = 64;

/** sherpa-onnx hard-codes these ids. */
export const MOONSHINE_SOS = 1;
export const MOONSHINE_EOS = 2;

const PIECES = [
  ...'abcdefghijklmnopqrstuvwxyz'.split(''),
  ...'abcdefghijklmnopqrstuvwxyz'.split('').map((c) => `▁${c}`),
  '▁the', '▁and', '▁is', '▁to', '▁of', 'ing', 'ed', 'er', '.',
];

/** The vocabulary: <unk>, <s>, </s>, then word pieces (64 in all). */
export const MOONSHINE_VOCAB: readonly string[] = ['<unk>', '<s>', '</s>', ...PIECES];

const V = MOONSHINE_VOCAB.length;

/** The preprocessor's convolutions (kernel, stride), as in the real model. */
const CONVS: ReadonlyArray<readonly [number, number]> = [[127, 64], [7, 3], [3, 2]];

/**
 * Encoder frames T for `numSamples` 16 kHz samples (≈ numSamples / 384); 0 when the audio is
 * shorter than 895 samples, where the preprocessor fails (sherpa-onnx catches it and returns an
 * empty result).
 */
export function moonshineFrames(numSamples: number): number {
  let n = numSamples;
  for (const [k, s] of CONVS) {
    if (n < k) return 0;
    n = Math.floor((n - k) / s) + 1;
  }
  return n;
}

/** sherpa-onnx's bound on greedy steps: floor(T * 384 / 16000 * 6), about 6 tokens per second. */
export function moonshineMaxTokens(numSamples: number): number {
  return Math.trunc((moonshineFrames(numSamples) * 384) / 16000 * 6);
}

function uniform(random: () => number, n: number, scale: number): Float32Array {
  const a = new Float32Array(n);
  for (let i = 0; i < n; i++) a[i] = (random() * 2 - 1) * scale;
  return a;
}

interface Linear { w: Float32Array; b: Float32Array; inDim: number; outDim: number }

function makeLinear(random: () => number, inDim: number, outDim: number, scale = 1 / Math.sqrt(inDim)): Linear {
  return { w: uniform(random, inDim * outDim, scale), b: uniform(random, outDim, 0.01), inDim, outDim };
}

interface Layer { q: Linear; k: Linear; v: Linear; o: Linear; cq: Linear; ck: Linear; cv: Linear; co: Linear; f1: Linear; f2: Linear }

/** Decoder weights, drawn once so the uncached and cached graphs share them exactly. */
interface DecoderWeights { embedding: Float32Array; layers: Layer[]; out: Linear }

function decoderWeights(seed: number, eosForced: boolean): DecoderWeights {
  const random = seededRandom(seed);
  const embedding = uniform(random, V * DIM, 1);
  const layers: Layer[] = [];
  for (let l = 0; l < LAYERS; l++) {
    layers.push({
      q: makeLinear(random, DIM, DIM), k: makeLinear(random, DIM, DIM), v: makeLinear(random, DIM, DIM), o: makeLinear(random, DIM, DIM),
      cq: makeLinear(random, DIM, DIM), ck: makeLinear(random, DIM, DIM), cv: makeLinear(random, DIM, DIM), co: makeLinear(random, DIM, DIM),
      f1: makeLinear(random, DIM, FFN), f2: makeLinear(random, FFN, DIM),
    });
  }
  const out = makeLinear(random, DIM, V, 2 / Math.sqrt(DIM));
  if (eosForced) {
    // The eos logit is then exactly the ramp (see logits below).
    for (let i = 0; i < DIM; i++) out.w[i * V + MOONSHINE_EOS] = 0;
    out.b[MOONSHINE_EOS] = 0;
  }
  return { embedding, layers, out };
}

class Graph extends GraphBuilder {
  #norm: [string, string] | undefined;

  apply(x: string, lin: Linear, out?: string): string {
    const w = this.tensorF([lin.inDim, lin.outDim], lin.w, 'w');
    const b = this.tensorF([lin.outDim], lin.b, 'b');
    return this.op('Add', [this.op('MatMul', [x, w]), b], undefined, out);
  }

  norm(x: string): string {
    this.#norm ??= [this.constF(new Array<number>(DIM).fill(1), [DIM], 'ln_scale'), this.constF(new Array<number>(DIM).fill(0), [DIM], 'ln_bias')];
    return this.op('LayerNormalization', [x, ...this.#norm], { axis: { i: -1 }, epsilon: { f: 1e-5 } });
  }

  scalarF(v: number): string { return this.constF([v], [], 'sf'); }

  /** softmax(q · kᵀ / √D + mask) · v. */
  attend(q: string, k: string, v: string, mask?: string): string {
    let scores = this.op('Mul', [this.op('MatMul', [q, this.op('Transpose', [k], { perm: { ints: [0, 2, 1] } })]), this.scalarF(1 / Math.sqrt(DIM))]);
    if (mask) scores = this.op('Add', [scores, mask]);
    return this.op('MatMul', [this.op('Softmax', [scores], { axis: { i: -1 } }), v]);
  }
}

const f32 = (name: string, shape: ReadonlyArray<number | string>): OnnxValueInfo => ({ name, dtype: 'float32', shape });
const i32 = (name: string, shape: ReadonlyArray<number | string>): OnnxValueInfo => ({ name, dtype: 'int32', shape });

const META = { model_type: 'moonshine', comment: 'heed random-weight test model; gibberish output' };

function preprocessor(seed: number): OnnxModel {
  const g = new Graph(seed);
  const x = g.op('Unsqueeze', ['audio', g.constI64([1])]);
  const conv = (input: string, outC: number, inC: number, [k, stride]: readonly [number, number]): string => {
    const w = g.randomF([outC, inC, k], 1 / Math.sqrt(inC * k), 'conv_w');
    const b = g.randomF([outC], 0.01, 'conv_b');
    return g.op('Tanh', [g.op('Conv', [input, w, b], { kernel_shape: { ints: [k] }, strides: { ints: [stride] } })]);
  };
  const [k1, k2, k3] = CONVS;
  if (!k1 || !k2 || !k3) throw new Error('moonshine: convolutions');
  const c3 = conv(conv(conv(x, CONV1, 1, k1), DIM, CONV1, k2), DIM, DIM, k3);
  g.op('Transpose', [c3], { perm: { ints: [0, 2, 1] } }, 'features');
  return g.model('moonshine_preprocess', [f32('audio', [1, 'num_samples'])], [f32('features', [1, 'num_frames', DIM])], META);
}

function encoder(seed: number): OnnxModel {
  const g = new Graph(seed);
  const random = seededRandom(seed);
  let x = 'features';
  for (let l = 0; l < 2; l++) {
    const h = g.op('Tanh', [g.apply(g.norm(x), makeLinear(random, DIM, FFN))]);
    x = g.op('Add', [x, g.apply(h, makeLinear(random, FFN, DIM))]);
  }
  // features_len is fed by sherpa-onnx; it carries no information here (T is the tensor's own).
  const zero = g.op('Mul', [g.op('Cast', ['features_len'], { to: { i: 1 } }), g.scalarF(0)]);
  g.op('Add', [g.norm(x), zero], undefined, 'encoder_out');
  return g.model('moonshine_encode', [f32('features', [1, 'num_frames', DIM]), i32('features_len', [1])], [f32('encoder_out', [1, 'num_frames', DIM])], META);
}

const CACHE_KINDS = ['self_k', 'self_v', 'cross_k', 'cross_v'] as const;

function cacheNames(prefix: string): string[] {
  const names: string[] = [];
  for (let l = 0; l < LAYERS; l++) for (const kind of CACHE_KINDS) names.push(`${prefix}${kind}_${l}`);
  return names;
}

function decoder(seed: number, weights: DecoderWeights, cached: boolean, eosAfter: number): OnnxModel {
  const g = new Graph(seed);
  const outPrefix = cached ? 'present_' : '';
  const past = cacheNames('past_');
  const present = cacheNames(outPrefix);
  const emb = g.tensorF([V, DIM], weights.embedding, 'embedding');
  let x = g.op('Gather', [emb, 'tokens'], { axis: { i: 0 } });

  // Sinusoidal positions seq_len - L .. seq_len - 1 (seq_len counts sos and the new tokens).
  const numTokens = g.op('Gather', [g.op('Shape', ['tokens']), g.constI64([1], [])], { axis: { i: 0 } });
  const range = g.op('Cast', [g.op('Range', [g.constI64([0], []), numTokens, g.constI64([1], [])])], { to: { i: 1 } });
  const seqF = g.op('Cast', ['seq_len'], { to: { i: 1 } });
  const offset = g.op('Sub', [seqF, g.op('Cast', [numTokens], { to: { i: 1 } })]);
  const pos = g.op('Unsqueeze', [g.op('Add', [range, offset]), g.constI64([1])]);
  const freqs: number[] = [];
  const phases: number[] = [];
  for (let i = 0; i < DIM; i++) {
    freqs.push(1 / 10000 ** ((2 * Math.floor(i / 2)) / DIM));
    phases.push(i % 2 === 0 ? 0 : Math.PI / 2);
  }
  const pe = g.op('Sin', [g.op('Add', [g.op('Mul', [pos, g.constF(freqs)]), g.constF(phases)])]);
  x = g.op('Add', [x, pe]);

  // Causal mask for the uncached pass (L tokens at once); a cached step sees the whole past.
  let mask: string | undefined;
  if (!cached) {
    const lv = g.op('Unsqueeze', [numTokens, g.constI64([0])]);
    const ones = g.op('ConstantOfShape', [g.op('Concat', [lv, lv], { axis: { i: 0 } })], { value: { t: { name: 'one', dtype: 'float32', dims: [1], data: Float32Array.of(1) } } });
    const lower = g.op('Trilu', [ones], { upper: { i: 0 } });
    mask = g.op('Mul', [g.op('Sub', [lower, g.scalarF(1)]), g.scalarF(1e9)]);
  }

  weights.layers.forEach((w, l) => {
    const [selfK, selfV, crossK, crossV] = CACHE_KINDS.map((_, j) => present[l * 4 + j] ?? '');
    const [pastSelfK, pastSelfV, pastCrossK, pastCrossV] = CACHE_KINDS.map((_, j) => past[l * 4 + j] ?? '');
    if (!selfK || !selfV || !crossK || !crossV || !pastSelfK || !pastSelfV || !pastCrossK || !pastCrossV) throw new Error('moonshine: cache names');

    const h = g.norm(x);
    const q = g.apply(h, w.q);
    let k: string;
    let v: string;
    if (cached) {
      k = g.op('Concat', [pastSelfK, g.apply(h, w.k)], { axis: { i: 1 } }, selfK);
      v = g.op('Concat', [pastSelfV, g.apply(h, w.v)], { axis: { i: 1 } }, selfV);
    } else {
      k = g.apply(h, w.k, selfK);
      v = g.apply(h, w.v, selfV);
    }
    x = g.op('Add', [x, g.apply(g.attend(q, k, v, mask), w.o)]);

    const h2 = g.norm(x);
    let ck: string;
    let cv: string;
    if (cached) {
      ck = g.op('Identity', [pastCrossK], undefined, crossK);
      cv = g.op('Identity', [pastCrossV], undefined, crossV);
    } else {
      ck = g.apply('encoder_out', w.ck, crossK);
      cv = g.apply('encoder_out', w.cv, crossV);
    }
    x = g.op('Add', [x, g.apply(g.attend(g.apply(h2, w.cq), ck, cv), w.co)]);

    x = g.op('Add', [x, g.apply(g.op('Tanh', [g.apply(g.norm(x), w.f1)]), w.f2)]);
  });

  // logits = 4·tanh(z) (so |logit| < 4), with <unk> and <s> pushed far down, plus the eos ramp
  // 10·(seq_len − 1 − eosAfter) + 5: below −4 before the eosAfter-th emitted token, above 4 from it.
  const fixed = new Array<number>(V).fill(0);
  fixed[0] = -30;
  fixed[MOONSHINE_SOS] = -30;
  let logits = g.op('Add', [g.op('Mul', [g.op('Tanh', [g.apply(g.norm(x), weights.out)]), g.scalarF(4)]), g.constF(fixed)]);
  if (Number.isFinite(eosAfter)) {
    const oneHot = new Array<number>(V).fill(0);
    oneHot[MOONSHINE_EOS] = 1;
    const ramp = g.op('Add', [g.op('Mul', [seqF, g.scalarF(10)]), g.scalarF(5 - 10 * (1 + eosAfter))]);
    logits = g.op('Add', [logits, g.op('Mul', [g.constF(oneHot), ramp])]);
  }
  g.op('Identity', [logits], undefined, 'logits');

  const stateShape = (name: string, selfLen: string): ReadonlyArray<number | string> => (name.includes('cross') ? [1, 'num_frames', DIM] : [1, selfLen, DIM]);
  const inputs: OnnxValueInfo[] = [i32('tokens', [1, 'num_tokens']), f32('encoder_out', [1, 'num_frames', DIM]), i32('seq_len', [1])];
  if (cached) inputs.push(...past.map((n) => f32(n, stateShape(n, 'past_len'))));
  const outputs: OnnxValueInfo[] = [f32('logits', [1, 'num_tokens', V]), ...present.map((n) => f32(n, stateShape(n, 'total_len')))];
  return g.model(cached ? 'moonshine_cached_decode' : 'moonshine_uncached_decode', inputs, outputs, META);
}

/**
 * Writes the five files into `dir` (created if needed). Deterministic for a seed; about 310 kB.
 * Load with modelConfig.moonshine = { preprocessor, encoder, uncachedDecoder, cachedDecoder } and
 * modelConfig.tokens.
 */
export function writeRandomMoonshine(dir: string, opts: RandomMoonshineOptions = {}): RandomMoonshine {
  const seed = opts.seed ?? 1;
  const eosAfter = opts.eosAfter ?? 12;
  if (!(eosAfter === Infinity || (Number.isInteger(eosAfter) && eosAfter >= 0))) throw new RangeError(`eosAfter must be a non-negative integer or Infinity, got ${eosAfter}`);
  const weights = decoderWeights(seed * 8 + 3, Number.isFinite(eosAfter));
  const paths = {
    preprocessor: join(dir, 'preprocess.onnx'),
    encoder: join(dir, 'encode.onnx'),
    uncachedDecoder: join(dir, 'uncached_decode.onnx'),
    cachedDecoder: join(dir, 'cached_decode.onnx'),
    tokens: join(dir, 'tokens.txt'),
  };
  const files = [
    writeOnnxFile(paths.preprocessor, preprocessor(seed * 8 + 1)),
    writeOnnxFile(paths.encoder, encoder(seed * 8 + 2)),
    writeOnnxFile(paths.uncachedDecoder, decoder(seed * 8 + 4, weights, false, eosAfter)),
    writeOnnxFile(paths.cachedDecoder, decoder(seed * 8 + 5, weights, true, eosAfter)),
    writeTextFile(paths.tokens, MOONSHINE_VOCAB.map((t, i) => `${t} ${i}\n`).join('')),
  ];
  return { dir, ...paths, files };
}
