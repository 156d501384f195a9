/**
 * A small random-weight streaming Zipformer2 transducer (encoder, decoder, joiner, tokens.txt,
 * bpe.vocab) that sherpa-onnx's OnlineRecognizer loads and runs, for conformance tests of the
 * streaming ASR path (the real models cannot be downloaded on every machine). The output text is
 * gibberish; what matches the real thing is the interface sherpa-onnx checks and relies on.
 *
 * The interface (sherpa-onnx 1.13.x: online-transducer-model.cc, online-zipformer2-transducer-model.cc,
 * online-recognizer-transducer-impl.h; icefall zipformer/export-onnx-streaming.py):
 * - The encoder's metadata `model_type` = `zipformer2` selects the model class. Missing metadata
 *   keys make sherpa-onnx exit() the process, so every key it reads is written: encoder_dims,
 *   query_head_dims, value_head_dims, num_heads, num_encoder_layers, cnn_module_kernels,
 *   left_context_len (comma-separated, one entry per encoder stack), T, decode_chunk_len.
 * - Encoder inputs: x [N, T, 80], then per layer (cached_key [L, N, qdim*heads],
 *   cached_nonlin_attn [1, N, L, 3*dim/4], cached_val1 / cached_val2 [L, N, vdim*heads],
 *   cached_conv1 / cached_conv2 [N, dim, kernel/2]), then embed_states [N, 128, 3, 19] and
 *   processed_lens [N] int64. Outputs: encoder_out [N, T', joiner_dim] first, then the new states
 *   in the same order (sherpa binds them by position). Here T = 32 + 13 = 45 feature frames with a
 *   shift of 32 (320 ms), and T' = 8 output frames (40 ms each, subsampling 4).
 * - Decoder: y int64 [N, context_size] -> decoder_out [N, joiner_dim]; metadata context_size
 *   (must equal y's second dimension, or onnxruntime aborts at the first decode) and vocab_size
 *   (sherpa walks the joiner's logits with it, unchecked, so it must be exact).
 * - Joiner: encoder_out [N, joiner_dim], decoder_out [N, joiner_dim] -> logit [N, vocab_size];
 *   metadata joiner_dim.
 *
 * The weights are random, with two hand-set control slots so decoding is neither always empty nor
 * unbounded: encoder_out[..., 0] is a loudness gate (the mean log-mel energy of the frames through
 * tanh) and encoder_out[..., 1] is spectral change (the frame-to-frame difference of the encoder's
 * hidden frames, the previous chunk's last frame coming from cached_conv1). The decoder and the
 * random projections never write those slots, and the joiner's blank logit falls with both.
 * Silence and steady tones therefore decode to blanks (so endpointing works) and loud, changing
 * input such as speech emits tokens on about half of the 40 ms output frames (sherpa emits at most
 * one symbol per frame in streaming greedy and modified beam search anyway). The other caches are
 * rolling windows of this chunk's frames; embed_states passes through; processed_lens grows by 16.
 * `<sos/eos>` and `<unk>` get a large negative bias so they are never emitted.
 */
import { join } from 'node:path';
import { seededRandom } from '../../core/seeded-random.js';
import { GraphBuilder, writeOnnxFile, writeTextFile, type WrittenFile } from './graph-builder.js';
import type { OnnxValueInfo } from './onnx-proto.js';

/** The hyper-parameters of the generated model (one encoder stack with one layer). */
export const RANDOM_ZIPFORMER = {
  featureDim: 80,
  /** Output frames per chunk at 50 Hz (after the 2x conv embed): icefall's --chunk-size 16. */
  chunkSize: 16,
  /** Feature frames consumed per chunk (chunkSize * 2) and the window seen (+ 7 + 2 * 3 frames of padding). */
  decodeChunkLen: 32,
  T: 45,
  /** Encoder output frames per chunk (25 Hz, 40 ms each). */
  outFrames: 8,
  encoderDim: 16,
  numHeads: 2,
  queryHeadDim: 4,
  valueHeadDim: 4,
  cnnModuleKernel: 3,
  leftContextLen: 32,
  joinerDim: 16,
  decoderEmbedDim: 16,
  contextSize: 2,
} as const;

/** Pieces beyond the letters: common English words and word parts, plus a few kiosk words. */
const COMMON_PIECES: readonly string[] = [
  '▁THE', '▁AND', '▁OF', '▁TO', '▁IN', '▁IS', '▁IT', '▁THAT', '▁YOU', '▁HE', '▁WAS', '▁FOR',
  '▁ON', '▁WITH', '▁BE', '▁AS', '▁AT', '▁WE', '▁ME', '▁MY', '▁NO', '▁YES', '▁CAN', '▁HAVE',
  '▁WANT', '▁LIKE', '▁PLEASE', '▁ONE', '▁TWO', '▁ORDER', '▁COFFEE', '▁CHEESE', 'BURGER',
  '▁FRIES', '▁SMALL', '▁LARGE', 'ING', 'ED', 'ER', 'ES', 'EN', 'ON', 'AN', 'RE', 'TH', 'LY',
  'ST', 'OR', 'AR', 'LE', 'LL', 'OU', 'IN', 'AT',
];

const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'.split('');

/**
 * The token list: `<blk>` (id 0, the transducer blank), `<sos/eos>`, `<unk>`, the bare word
 * marker `▁`, `▁A`..`▁Z`, `A`..`Z`, `'`, then the common pieces. Any upper-case English word
 * (letters and apostrophes) can be spelled with it.
 */
export function randomZipformerVocabulary(): readonly string[] {
  return ['<blk>', '<sos/eos>', '<unk>', '▁', ...LETTERS.map((l) => `▁${l}`), ...LETTERS, "'", ...COMMON_PIECES];
}

/**
 * sentencepiece-style scores (log-probability-like, all negative except the specials) for
 * bpe.vocab. ssentencepiece picks the segmentation with the highest total score, so longer
 * pieces win over spelling a word letter by letter.
 */
function pieceScore(piece: string): number {
  if (piece.startsWith('<')) return 0;
  if (piece === '▁') return -6;
  const letters = piece.replace('▁', '').length;
  if (letters <= 1) return piece.startsWith('▁') ? -7 : -8;
  return -(2 + 0.25 * letters);
}

/** Uniform [-scale, scale) values from `rnd`, with the listed output columns of a [rows, cols] matrix zeroed. */
function randomMatrix(rnd: () => number, rows: number, cols: number, scale: number, zeroCols: readonly number[] = []): Float32Array {
  const data = new Float32Array(rows * cols);
  for (let i = 0; i < data.length; i++) data[i] = (rnd() * 2 - 1) * scale;
  for (const c of zeroCols) for (let r = 0; r < rows; r++) data[r * cols + c] = 0;
  return data;
}

/** x @ W + b with W [inDim, outDim] and b from `rnd`, leaving the control slots (output columns 0 and 1) at zero. */
function linearNoControl(g: GraphBuilder, rnd: () => number, x: string, inDim: number, outDim: number, scale: number, out?: string): string {
  const w = g.tensorF([inDim, outDim], randomMatrix(rnd, inDim, outDim, scale, CONTROL_SLOTS), 'w');
  const b = g.tensorF([outDim], randomMatrix(rnd, 1, outDim, 0.05, CONTROL_SLOTS), 'b');
  return g.op('Add', [g.op('MatMul', [x, w]), b], undefined, out);
}

/** Slice `x` along one axis from `start` to the end. */
function sliceFrom(g: GraphBuilder, x: string, axis: number, start: number, out?: string): string {
  return g.op('Slice', [x, g.constI64([start]), g.constI64([2 ** 53 - 1]), g.constI64([axis])], undefined, out);
}

/** Concatenate a cache with this chunk's frames along `axis` and keep the newest `keep` frames: a rolling left context. */
function rollCache(g: GraphBuilder, cache: string, chunk: string, axis: number, chunkLen: number, out: string): string {
  const cat = g.op('Concat', [cache, chunk], { axis: { i: axis } });
  return sliceFrom(g, cat, axis, chunkLen, out);
}

interface EncoderStateSpec { name: string; dtype: 'float32' | 'int64'; shape: ReadonlyArray<number | string> }

/** The encoder's cached-state inputs in sherpa-onnx's order (outputs are `new_<name>`). */
export function randomZipformerStateSpecs(): readonly EncoderStateSpec[] {
  const p = RANDOM_ZIPFORMER;
  const keyDim = p.queryHeadDim * p.numHeads;
  const valueDim = p.valueHeadDim * p.numHeads;
  const nonlin = (3 * p.encoderDim) / 4;
  const embedFreq = Math.floor((Math.floor((p.featureDim - 1) / 2) - 1) / 2);
  return [
    { name: 'cached_key_0', dtype: 'float32', shape: [p.leftContextLen, 'N', keyDim] },
    { name: 'cached_nonlin_attn_0', dtype: 'float32', shape: [1, 'N', p.leftContextLen, nonlin] },
    { name: 'cached_val1_0', dtype: 'float32', shape: [p.leftContextLen, 'N', valueDim] },
    { name: 'cached_val2_0', dtype: 'float32', shape: [p.leftContextLen, 'N', valueDim] },
    { name: 'cached_conv1_0', dtype: 'float32', shape: ['N', p.encoderDim, Math.floor(p.cnnModuleKernel / 2)] },
    { name: 'cached_conv2_0', dtype: 'float32', shape: ['N', p.encoderDim, Math.floor(p.cnnModuleKernel / 2)] },
    { name: 'embed_states', dtype: 'float32', shape: ['N', 128, 3, embedFreq] },
    { name: 'processed_lens', dtype: 'int64', shape: ['N'] },
  ];
}

/** Loudness gate: mean log-mel energy (silence is log(FLT_EPSILON) = -15.9 in every bin) mapped through tanh. */
const GATE_THRESHOLD = -9;
const GATE_SLOPE = 0.5;
/** encoder_out[..., 0] = GATE_GAIN * gate, encoder_out[..., 1] = EMIT_GAIN * emit (spectral change). */
const GATE_GAIN = 3;
const EMIT_GAIN = 2;
const EMIT_SLOPE = 6;
/** The joiner's blank logit: BLANK_BIAS - BLANK_GATE_WEIGHT * tanh(dim 0) - BLANK_EMIT_WEIGHT * tanh(dim 1). */
const BLANK_BIAS = 6.5;
const BLANK_GATE_WEIGHT = 4.5;
const BLANK_EMIT_WEIGHT = 3;
/** Scale of the joiner's random output weights for the non-blank tokens. */
const TOKEN_WEIGHT_SCALE = 0.6;
/** Encoder/decoder output slots the random projections leave alone. */
const CONTROL_SLOTS = [0, 1] as const;

function buildEncoder(seed: number) {
  const p = RANDOM_ZIPFORMER;
  const g = new GraphBuilder(seed);
  const rnd = seededRandom(seed ^ 0x5eed0001);
  const D = p.encoderDim;
  const J = p.joinerDim;
  const keyDim = p.queryHeadDim * p.numHeads;
  const valueDim = p.valueHeadDim * p.numHeads;
  const nonlin = (3 * D) / 4;
  const convLeft = Math.floor(p.cnnModuleKernel / 2);
  const chunk = p.chunkSize;

  // The chunk's own 32 frames (the last 13 of the window are look-ahead, seen again next chunk).
  const xs = g.op('Slice', ['x', g.constI64([0]), g.constI64([p.decodeChunkLen]), g.constI64([1])]);
  // 2x average pooling: [N, 32, 80] -> [N, 16, 2, 80] -> [N, 16, 80] (50 Hz, like the conv embed).
  const x50 = g.op('ReduceMean', [g.op('Reshape', [xs, g.constI64([0, chunk, 2, p.featureDim])])], { axes: { ints: [2] }, keepdims: { i: 0 } });
  const e50 = g.op('ReduceMean', [x50], { axes: { ints: [2] }, keepdims: { i: 1 } }); // [N, 16, 1]
  const spec50 = g.op('Mul', [g.op('Sub', [x50, e50]), g.constF([0.25], [])]);
  const h50 = g.op('Tanh', [g.linear(spec50, p.featureDim, D)]); // [N, 16, D]

  // Per-layer caches: rolling left contexts fed from this chunk's frames.
  const toTNC = (t: string) => g.op('Transpose', [t], { perm: { ints: [1, 0, 2] } });
  const key = toTNC(g.op('MatMul', [h50, g.randomF([D, keyDim], 0.5)])); // [16, N, keyDim]
  rollCache(g, 'cached_key_0', key, 0, chunk, 'new_cached_key_0');
  const nl = g.op('Unsqueeze', [g.op('MatMul', [h50, g.randomF([D, nonlin], 0.5)]), g.constI64([0])]); // [1, N, 16, nonlin]
  rollCache(g, 'cached_nonlin_attn_0', nl, 2, chunk, 'new_cached_nonlin_attn_0');
  const v1 = toTNC(g.op('MatMul', [h50, g.randomF([D, valueDim], 0.5)]));
  rollCache(g, 'cached_val1_0', v1, 0, chunk, 'new_cached_val1_0');
  const v2 = toTNC(g.op('MatMul', [h50, g.randomF([D, valueDim], 0.5)]));
  rollCache(g, 'cached_val2_0', v2, 0, chunk, 'new_cached_val2_0');
  const lastFrames = g.op('Transpose', [sliceFrom(g, h50, 1, chunk - convLeft)], { perm: { ints: [0, 2, 1] } }); // [N, D, convLeft]
  g.op('Identity', [lastFrames], undefined, 'new_cached_conv1_0');
  g.op('Tanh', [lastFrames], undefined, 'new_cached_conv2_0');
  g.op('Identity', ['embed_states'], undefined, 'new_embed_states');
  g.op('Add', ['processed_lens', g.constI64([chunk], [])], undefined, 'new_processed_lens');

  // Left context summary: the mean cached key, projected (not into the control slots).
  const ctx = g.op('ReduceMean', ['cached_key_0'], { axes: { ints: [0] }, keepdims: { i: 0 } }); // [N, keyDim]
  const ctxJ = g.op('Unsqueeze', [linearNoControl(g, rnd, ctx, keyDim, J, 0.3), g.constI64([1])]); // [N, 1, J]

  // Output frames: 2x average pooling again -> [N, 8, D]; project to the joiner dim.
  const pool2 = (t: string, dim: number) => g.op('ReduceMean', [g.op('Reshape', [t, g.constI64([0, p.outFrames, 2, dim])])], { axes: { ints: [2] }, keepdims: { i: 0 } });
  const h25 = pool2(h50, D);
  const e25 = pool2(e50, 1); // [N, 8, 1]
  const gate = g.op('Tanh', [g.op('Mul', [g.op('Sub', [e25, g.constF([GATE_THRESHOLD], [])]), g.constF([GATE_SLOPE], [])])]);
  // Spectral change: h50 minus the previous 50 Hz frame (the last one of the previous chunk comes
  // from cached_conv1), along a random unit direction, pooled to 25 Hz.
  const prevLast = g.op('Transpose', [sliceFrom(g, 'cached_conv1_0', 2, convLeft - 1)], { perm: { ints: [0, 2, 1] } }); // [N, 1, D]
  const prev = g.op('Concat', [prevLast, g.op('Slice', [h50, g.constI64([0]), g.constI64([chunk - 1]), g.constI64([1])])], { axis: { i: 1 } });
  const u = randomMatrix(rnd, D, 1, 1);
  const norm = Math.hypot(...u);
  const delta = g.op('MatMul', [g.op('Sub', [h50, prev]), g.tensorF([D, 1], u.map((v) => v / norm), 'emit_dir')]); // [N, 16, 1]
  const emit = g.op('Tanh', [g.op('Mul', [pool2(delta, 1), g.constF([EMIT_SLOPE], [])])]); // [N, 8, 1]
  const slot = (i: number, gain: number) => { const v = new Float32Array(J); v[i] = gain; return g.tensorF([J], v, 'control_slot'); };
  const controls = g.op('Add', [g.op('Mul', [gate, slot(0, GATE_GAIN)]), g.op('Mul', [emit, slot(1, EMIT_GAIN)])]); // [N, 8, J]
  const proj = linearNoControl(g, rnd, h25, D, J, 1.2);
  g.op('Add', [g.op('Add', [proj, ctxJ]), controls], undefined, 'encoder_out');

  const inputs: OnnxValueInfo[] = [
    { name: 'x', dtype: 'float32', shape: ['N', p.T, p.featureDim] },
    ...randomZipformerStateSpecs(),
  ];
  const outputs: OnnxValueInfo[] = [
    { name: 'encoder_out', dtype: 'float32', shape: ['N', p.outFrames, J] },
    ...randomZipformerStateSpecs().map((s) => ({ ...s, name: `new_${s.name}` })),
  ];
  return g.model('heed_random_zipformer2_encoder', inputs, outputs, {
    model_type: 'zipformer2',
    version: '1',
    model_author: 'heed',
    comment: 'random-weight streaming zipformer2 (heed conformance fixture; output is gibberish)',
    decode_chunk_len: String(p.decodeChunkLen),
    T: String(p.T),
    num_encoder_layers: '1',
    encoder_dims: String(D),
    cnn_module_kernels: String(p.cnnModuleKernel),
    left_context_len: String(p.leftContextLen),
    query_head_dims: String(p.queryHeadDim),
    value_head_dims: String(p.valueHeadDim),
    num_heads: String(p.numHeads),
  });
}

function buildDecoder(seed: number, vocabSize: number) {
  const p = RANDOM_ZIPFORMER;
  const g = new GraphBuilder(seed);
  const rnd = seededRandom(seed ^ 0x5eed0002);
  const E = p.decoderEmbedDim;
  const emb = g.op('Gather', [g.randomF([vocabSize, E], 1, 'embedding'), 'y'], { axis: { i: 0 } }); // [N, ctx, E]
  const flat = g.op('Reshape', [emb, g.constI64([0, p.contextSize * E])]);
  const hidden = g.op('Tanh', [g.linear(flat, p.contextSize * E, E)]);
  linearNoControl(g, rnd, hidden, E, p.joinerDim, 0.8, 'decoder_out');
  return g.model('heed_random_zipformer2_decoder',
    [{ name: 'y', dtype: 'int64', shape: ['N', p.contextSize] }],
    [{ name: 'decoder_out', dtype: 'float32', shape: ['N', p.joinerDim] }],
    { context_size: String(p.contextSize), vocab_size: String(vocabSize) });
}

function buildJoiner(seed: number, vocabSize: number) {
  const p = RANDOM_ZIPFORMER;
  const J = p.joinerDim;
  const g = new GraphBuilder(seed);
  const rnd = seededRandom(seed ^ 0x5eed0003);
  const w = randomMatrix(rnd, J, vocabSize, TOKEN_WEIGHT_SCALE);
  const b = new Float32Array(vocabSize);
  for (let v = 0; v < vocabSize; v++) {
    // Rows 0 and 1 carry the gate and the spectral change: the tokens barely depend on them...
    for (const r of CONTROL_SLOTS) w[r * vocabSize + v] = (w[r * vocabSize + v] ?? 0) * 0.25;
    b[v] = (rnd() * 2 - 1) * 0.3;
  }
  // ...but the blank does: it loses to the tokens when the input is loud and changing.
  for (let r = 0; r < J; r++) w[r * vocabSize] = (w[r * vocabSize] ?? 0) * 0.2;
  w[0] = -BLANK_GATE_WEIGHT;
  w[vocabSize] = -BLANK_EMIT_WEIGHT;
  b[0] = BLANK_BIAS;
  b[1] = -30; // <sos/eos>
  b[2] = -30; // <unk>
  const s = g.op('Tanh', [g.op('Add', ['encoder_out', 'decoder_out'])]);
  g.op('Add', [g.op('MatMul', [s, g.tensorF([J, vocabSize], w, 'output_linear_w')]), g.tensorF([vocabSize], b, 'output_linear_b')], undefined, 'logit');
  return g.model('heed_random_zipformer2_joiner',
    [{ name: 'encoder_out', dtype: 'float32', shape: ['N', J] }, { name: 'decoder_out', dtype: 'float32', shape: ['N', J] }],
    [{ name: 'logit', dtype: 'float32', shape: ['N', vocabSize] }],
    { joiner_dim: String(J) });
}

export interface RandomStreamingZipformer {
  dir: string;
  encoder: string;
  decoder: string;
  joiner: string;
  tokens: string;
  bpeVocab: string;
  files: WrittenFile[];
}

/**
 * Writes encoder.onnx, decoder.onnx, joiner.onnx, tokens.txt and bpe.vocab into `dir` (created if
 * needed). Byte-identical output for the same seed. Total size is well under 100 KB.
 */
export function writeRandomStreamingZipformer(dir: string, opts: { seed?: number } = {}): RandomStreamingZipformer {
  const seed = (opts.seed ?? 1) >>> 0;
  const vocab = randomZipformerVocabulary();
  const encoder = join(dir, 'encoder.onnx');
  const decoder = join(dir, 'decoder.onnx');
  const joiner = join(dir, 'joiner.onnx');
  const tokens = join(dir, 'tokens.txt');
  const bpeVocab = join(dir, 'bpe.vocab');
  const files = [
    writeOnnxFile(encoder, buildEncoder(seed)),
    writeOnnxFile(decoder, buildDecoder(seed + 1, vocab.length)),
    writeOnnxFile(joiner, buildJoiner(seed + 2, vocab.length)),
    writeTextFile(tokens, vocab.map((piece, id) => `${piece} ${id}\n`).join('')),
    // ssentencepiece reads `piece score` pairs split on whitespace; every line must have both.
    writeTextFile(bpeVocab, vocab.map((piece) => `${piece}\t${pieceScore(piece)}\n`).join('')),
  ];
  return { dir, encoder, decoder, joiner, tokens, bpeVocab, files };
}
