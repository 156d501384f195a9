/**
 * A small random-weight Piper/VITS voice that the real sherpa-onnx runtime loads and synthesizes
 * with, for the TTS conformance tests (the real voices cannot be downloaded on every machine). The
 * audio is noise; only the structure and the timing matter:
 *
 * - metadata as scripts/piper/add_meta_data.py writes it (comment "piper" selects sherpa-onnx's
 *   Piper path and its espeak-ng phonemizer; `voice` is the espeak-ng voice, `sample_rate` and
 *   `n_speakers` are required keys — sherpa-onnx exits the process when they are missing);
 * - inputs `x` int64 [1, N], `x_length` int64 [1], `scales` float [3] (noise_scale, length_scale,
 *   noise_scale_w), single speaker so no `sid`; output `y` float [1, 1, samples];
 * - the graph: frames = max(1, ceil(N × FRAMES_PER_TOKEN × length_scale)); frame f shows token
 *   x[floor(f × N / frames)], whose embedding (plus a sinusoidal frame position) is projected to
 *   one hop of samples and squashed with tanh. So the length is proportional to the number of
 *   token ids and to length_scale (= 1/speed in sherpa-onnx), the output is loud but within ±1,
 *   and there is no random op: the same ids give the same samples.
 * - tokens.txt: piper-phonemize's DEFAULT_PHONEME_ID_MAP (`_` 0, `^` 1, `$` 2, space 3, ...), the
 *   map every espeak-ng Piper voice ships, so English text phonemizes to known ids.
 */
import { join } from 'node:path';
import { GraphBuilder, writeOnnxFile, writeTextFile, type WrittenFile } from './graph-builder.js';

/** Frames each token id lasts at length_scale 1 (a frame is one hop, 10 ms). */
export const VITS_FRAMES_PER_TOKEN = 3;

/** Rows of the embedding table (Piper's num_symbols); every id in tokens.txt is below it. */
const VOCAB = 256;
const EMBED_DIM = 64;
/** Peak of the output: tanh(...) × AMPLITUDE. */
const AMPLITUDE = 0.8;

/** Samples per frame: 10 ms at the voice's sample rate. */
export function vitsHopSamples(sampleRate: number): number { return Math.round(sampleRate / 100); }

/**
 * The number of samples the voice produces for `numIds` token ids (one sentence as sherpa-onnx
 * feeds it: `^`, each phoneme followed by `_`, then `$`) at a length_scale.
 */
export function vitsExpectedSamples(numIds: number, sampleRate: number, lengthScale = 1): number {
  const frames = Math.max(1, Math.ceil(Math.fround(Math.fround(numIds * lengthScale) * VITS_FRAMES_PER_TOKEN)));
  return frames * vitsHopSamples(sampleRate);
}

/**
 * piper-phonemize's DEFAULT_PHONEME_ID_MAP (src/phoneme_ids.hpp, non-Windows), in id order: the
 * symbol of id i is PIPER_PHONEMES[i]. Each entry is one Unicode code point, as sherpa-onnx's
 * Piper tokens reader requires.
 */
export const PIPER_PHONEMES: readonly string[] = [
  '_', '^', '$', ' ', '!', "'", '(', ')', ',', '-', '.', ':', ';', '?',
  ...'abcdefhijklmnopqrstuvwxyz',
  'æ', 'ç', 'ð', 'ø', 'ħ', 'ŋ', 'œ', 'ǀ', 'ǁ', 'ǂ', 'ǃ',
  'ɐ', 'ɑ', 'ɒ', 'ɓ', 'ɔ', 'ɕ', 'ɖ', 'ɗ', 'ɘ', 'ə', 'ɚ', 'ɛ', 'ɜ', 'ɞ', 'ɟ', 'ɠ', 'ɡ', 'ɢ', 'ɣ', 'ɤ',
  'ɥ', 'ɦ', 'ɧ', 'ɨ', 'ɪ', 'ɫ', 'ɬ', 'ɭ', 'ɮ', 'ɯ', 'ɰ', 'ɱ', 'ɲ', 'ɳ', 'ɴ', 'ɵ', 'ɶ', 'ɸ', 'ɹ', 'ɺ',
  'ɻ', 'ɽ', 'ɾ', 'ʀ', 'ʁ', 'ʂ', 'ʃ', 'ʄ', 'ʈ', 'ʉ', 'ʊ', 'ʋ', 'ʌ', 'ʍ', 'ʎ', 'ʏ', 'ʐ', 'ʑ', 'ʒ', 'ʔ',
  'ʕ', 'ʘ', 'ʙ', 'ʛ', 'ʜ', 'ʝ', 'ʟ', 'ʡ', 'ʢ', 'ʲ', 'ˈ', 'ˌ', 'ː', 'ˑ', '˞', 'β', 'θ', 'χ', 'ᵻ', 'ⱱ',
  ...'0123456789',
  '\u0327', '\u0303', '\u032a', '\u032f', '\u0329', 'ʰ', 'ˤ', 'ε', '↓', '#', '"', '↑',
  '\u033a', '\u033b', 'g', 'ʦ', 'X', '\u031d', '\u030a',
];

/**
 * tokens.txt as sherpa-onnx's scripts write it from a Piper `phoneme_id_map` (`f"{sym} {id}"`):
 * the space symbol's line is "  3", which the reader (a line with one field) maps to " ".
 */
export function piperTokensText(): string {
  return PIPER_PHONEMES.map((s, id) => `${s} ${id}\n`).join('');
}


/** Debian's espeak-ng data folder (package espeak-ng-data), usable as sherpa-onnx's vits `dataDir`. */
export { systemEspeakDataDir as debianEspeakDataDir } from '../espeak-data.js';

export interface RandomVitsVoiceOptions {
  seed?: number;
  /** Written to the `sample_rate` metadata; default 22050. */
  sampleRate?: number;
  /** File name of the model without `.onnx`; default 'heed-random-vits'. */
  name?: string;
}

export interface RandomVitsVoice {
  dir: string;
  /** `<dir>/<name>.onnx` */
  model: string;
  /** `<dir>/tokens.txt` */
  tokens: string;
  files: WrittenFile[];
  sampleRate: number;
}

function buildGraph(g: GraphBuilder, hop: number): void {
  const i64 = { i: 7 } as const;
  const f32 = { i: 1 } as const;
  const cast = (x: string, to: { i: number }): string => g.op('Cast', [x], { to });

  // n = N (the dynamic length of x) as an int64 [1] and a float [1].
  const n = g.op('Slice', [g.op('Shape', ['x']), g.constI64([1]), g.constI64([2])]);
  const nF = cast(n, f32);
  // length_scale = scales[1]
  const lengthScale = g.op('Slice', ['scales', g.constI64([1]), g.constI64([2])]);
  // frames = max(1, ceil(N × length_scale × FRAMES_PER_TOKEN))
  const framesRaw = cast(g.op('Ceil', [g.op('Mul', [g.op('Mul', [nF, lengthScale]), g.constF([VITS_FRAMES_PER_TOKEN])])]), i64);
  const frames = g.op('Max', [framesRaw, g.constI64([1])]);
  const framesF = cast(frames, f32);
  const frameIndex = g.op('Range', [g.constI64([0], []), g.op('Squeeze', [frames, g.constI64([0])]), g.constI64([1], [])]);
  const frameIndexF = cast(frameIndex, f32);

  // Token shown in frame f: x[min(N - 1, floor(f × N / frames))].
  const pos = cast(g.op('Floor', [g.op('Mul', [frameIndexF, g.op('Div', [nF, framesF])])]), i64);
  const last = g.op('Sub', [n, g.constI64([1])]);
  const tokenPos = g.op('Min', [pos, last]);
  const ids = g.op('Gather', [g.op('Reshape', ['x', g.constI64([-1])]), tokenPos], { axis: { i: 0 } });
  const emb = g.op('Gather', [g.randomF([VOCAB, EMBED_DIM], 1, 'embedding'), ids], { axis: { i: 0 } }); // [frames, D]

  // A sinusoidal frame position, so the frames of one token differ.
  const freqs = g.randomF([1, EMBED_DIM], 1.5, 'frame_freq');
  const phase = g.op('Mul', [g.op('Unsqueeze', [frameIndexF, g.constI64([1])]), freqs]); // [frames, D]
  const h = g.op('Add', [emb, g.op('Mul', [g.op('Sin', [phase]), g.constF([0.5])])]);

  // One hop of samples per frame: tanh of a random projection, scaled below 1.
  const proj = g.op('MatMul', [h, g.randomF([EMBED_DIM, hop], 0.4, 'to_samples')]); // [frames, hop]
  const samples = g.op('Mul', [g.op('Tanh', [proj]), g.constF([AMPLITUDE])]);
  g.op('Reshape', [samples, g.constI64([1, 1, -1])], undefined, 'y');
}

/**
 * Writes `<dir>/<name>.onnx` and `<dir>/tokens.txt`: a Piper voice for sherpa-onnx's vits model
 * config (`{ model, tokens, dataDir }` with an espeak-ng data folder). Byte-identical for a seed.
 */
export function writeRandomVitsVoice(dir: string, opts: RandomVitsVoiceOptions = {}): RandomVitsVoice {
  const seed = opts.seed ?? 1;
  const sampleRate = opts.sampleRate ?? 22050;
  const name = opts.name ?? 'heed-random-vits';
  if (!Number.isInteger(sampleRate) || sampleRate < 1000) throw new RangeError(`vits voice: sample rate ${sampleRate}`);
  if (!/^[\w.-]+$/.test(name)) throw new RangeError(`vits voice: bad name ${JSON.stringify(name)}`);

  const g = new GraphBuilder(seed);
  buildGraph(g, vitsHopSamples(sampleRate));
  const metadata: Record<string, string> = {
    model_type: 'vits',
    comment: 'piper',
    language: 'English',
    voice: 'en-us',
    has_espeak: '1',
    n_speakers: '1',
    sample_rate: String(sampleRate),
    add_blank: '0',
    punctuation: '; : , . ! ? ¡ ¿ — … " « » “ ”',
  };
  const onnx = g.model(
    name,
    [
      { name: 'x', dtype: 'int64', shape: [1, 'N'] },
      { name: 'x_length', dtype: 'int64', shape: [1] },
      { name: 'scales', dtype: 'float32', shape: [3] },
    ],
    [{ name: 'y', dtype: 'float32', shape: [1, 1, 'samples'] }],
    metadata,
  );
  const model = join(dir, `${name}.onnx`);
  const tokens = join(dir, 'tokens.txt');
  const files = [writeOnnxFile(model, onnx), writeTextFile(tokens, piperTokensText())];
  return { dir, model, tokens, files, sampleRate };
}
