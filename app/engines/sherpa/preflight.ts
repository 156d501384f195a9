/**
 * Checks a sherpa-onnx model before the runtime sees it, because the runtime does not return
 * errors for a bad model, it ends the process: a missing metadata key calls _Exit(-1), an
 * unparsable file or a tokens.txt without Piper's `_ ^ $` aborts, a Whisper language the model
 * does not know exits. Everything those paths would trip on is refused here as MODEL_CORRUPT (or
 * MODEL_MISSING), naming the file and what is wrong. Facts from sherpa-onnx 1.13.8's sources,
 * each confirmed against the binary (see docs/ARCHITECTURE.md, "Standard speech profile").
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { HeedError, type ErrorSource } from '../../core/errors.js';
import { ESPEAK_DATA_FILES } from '../../models/espeak-data.js';
import { checkOnnxModel, type OnnxSummary } from '../../models/onnx/onnx-check.js';
import type { MoonshineFiles, VitsFiles, WhisperFiles, ZipformerFiles } from './model-files.js';

function corrupt(source: ErrorSource, msg: string): HeedError { return new HeedError('MODEL_CORRUPT', source, msg); }

function requireFile(path: string, role: string, source: ErrorSource): void {
  if (!existsSync(path) || !statSync(path).isFile()) throw new HeedError('MODEL_MISSING', source, `${role} ${path} does not exist`);
}

/** Metadata values sherpa-onnx parses as integers must be integers (it does not check). */
function intKeys(s: OnnxSummary, keys: readonly string[], path: string, source: ErrorSource): Map<string, number> {
  const out = new Map<string, number>();
  for (const k of keys) {
    const v = s.metadata.get(k) ?? '';
    if (!/^-?\d+$/.test(v.trim())) throw corrupt(source, `${path}: metadata '${k}' is '${v}', not an integer`);
    out.set(k, Number(v));
  }
  return out;
}

function intList(v: string | undefined): number[] | null {
  if (v === undefined || v.trim() === '') return null;
  const parts = v.split(',').map((x) => x.trim());
  return parts.every((x) => /^-?\d+$/.test(x)) ? parts.map(Number) : null;
}

/** A tokens.txt of `<symbol> <id>` lines (or Whisper's base64 symbols): present, non-empty, ids integral. */
function readTokens(path: string, source: ErrorSource): Array<{ symbol: string; id: number }> {
  requireFile(path, 'tokens file', source);
  const out: Array<{ symbol: string; id: number }> = [];
  const lines = readFileSync(path, 'utf8').split('\n');
  lines.forEach((raw, i) => {
    const line = raw.replace(/\r$/, '');
    if (line.trim() === '') return;
    const m = /^(.*?)[ \t]+(-?\d+)$/.exec(line) ?? /^()(\d+)$/.exec(line.trim());
    if (!m) throw corrupt(source, `${path}:${i + 1}: not a '<symbol> <id>' line`);
    out.push({ symbol: m[1] ?? '', id: Number(m[2]) });
  });
  if (out.length === 0) throw corrupt(source, `${path} holds no tokens`);
  return out;
}

const WHISPER_INT_KEYS = [
  'n_mels', 'n_text_layer', 'n_text_ctx', 'n_text_state', 'n_vocab', 'sot', 'eot', 'blank_id',
  'translate', 'transcribe', 'is_multilingual', 'no_timestamps', 'no_speech',
] as const;

/** Whisper: the encoder carries every hyper-parameter; a multilingual model must know the language. */
export function preflightWhisper(f: WhisperFiles, language: string): { multilingual: boolean; languages: string[] } {
  const source: ErrorSource = 'stt';
  const enc = checkOnnxModel(f.encoder, { role: 'Whisper encoder', metadata: [...WHISPER_INT_KEYS, 'sot_sequence'] }, source);
  if (enc.outputs.length < 2) throw corrupt(source, `${f.encoder}: a Whisper encoder has two outputs (cross k and v), this one ${enc.outputs.length}`);
  const ints = intKeys(enc, WHISPER_INT_KEYS, f.encoder, source);
  const mel = enc.shapes.get(enc.inputs[0] ?? '');
  if (mel?.[1] != null && mel[1] !== ints.get('n_mels')) throw corrupt(source, `${f.encoder}: metadata n_mels is ${ints.get('n_mels')} but the encoder takes ${mel[1]} mel bins`);
  const sotSeq = intList(enc.metadata.get('sot_sequence'));
  const multilingual = ints.get('is_multilingual') === 1;
  if (!sotSeq || sotSeq.length < (multilingual ? 3 : 1)) throw corrupt(source, `${f.encoder}: metadata 'sot_sequence' is not a list of ${multilingual ? 'three' : 'one or more'} token ids`);
  if ((ints.get('n_text_ctx') ?? 0) <= sotSeq.length + 2) throw corrupt(source, `${f.encoder}: n_text_ctx leaves no room to decode`);
  let languages: string[] = [];
  if (multilingual) {
    const tokens = intList(enc.metadata.get('all_language_tokens'));
    languages = (enc.metadata.get('all_language_codes') ?? '').split(',').map((x) => x.trim()).filter((x) => x !== '');
    if (!tokens || tokens.length !== languages.length || languages.length === 0) throw corrupt(source, `${f.encoder}: the language tokens and codes do not match`);
    if (language !== '' && !languages.includes(language)) {
      throw new HeedError('CONFIG_INVALID', 'config', `stt.language '${language}' is not one this Whisper model knows (${languages.slice(0, 12).join(', ')}…)`);
    }
  }
  const dec = checkOnnxModel(f.decoder, { role: 'Whisper decoder' }, source);
  if (dec.inputs.length < 6 || dec.outputs.length < 3) throw corrupt(source, `${f.decoder}: a Whisper decoder has 6 inputs and 3 outputs, this one ${dec.inputs.length} and ${dec.outputs.length}`);
  readTokens(f.tokens, source);
  return { multilingual, languages };
}

/** Piper/VITS: the metadata the loader reads, Piper's phoneme map, and espeak-ng data. */
export function preflightVits(f: VitsFiles): { sampleRate: number; speakers: number; piper: boolean } {
  const source: ErrorSource = 'tts';
  const s = checkOnnxModel(f.model, { role: 'VITS voice', metadata: ['sample_rate', 'n_speakers', 'language', 'comment'] }, source);
  const ints = intKeys(s, ['sample_rate', 'n_speakers'], f.model, source);
  const sampleRate = ints.get('sample_rate') ?? 0;
  if (sampleRate < 8000 || sampleRate > 48000) throw corrupt(source, `${f.model}: sample_rate ${sampleRate}`);
  if ((s.metadata.get('language') ?? '') === '' || (s.metadata.get('comment') ?? '') === '') throw corrupt(source, `${f.model}: metadata 'language' or 'comment' is empty`);
  if (s.inputs.length < 3) throw corrupt(source, `${f.model}: a VITS voice has at least 3 inputs, this one ${s.inputs.length}`);
  const comment = s.metadata.get('comment') ?? '';
  const piper = comment.includes('piper') || comment.includes('coqui') || comment.includes('icefall');
  if (!piper) throw corrupt(source, `${f.model}: only Piper-style voices (espeak-ng phonemes) are supported; comment is '${comment}'`);
  // Without an espeak voice the phonemizer fails and the runtime dereferences null.
  if ((s.metadata.get('voice') ?? '') === '') throw corrupt(source, `${f.model}: metadata 'voice' (the espeak-ng voice) is missing`);
  const tokens = readTokens(f.tokens, source);
  const seen = new Set<string>();
  for (const t of tokens) {
    const symbol = t.symbol === '' ? ' ' : t.symbol;
    if ([...symbol].length !== 1 && symbol !== '<BLNK>') throw corrupt(source, `${f.tokens}: '${symbol}' is not one character`);
    if (seen.has(symbol)) throw corrupt(source, `${f.tokens}: '${symbol}' appears twice`);
    seen.add(symbol);
  }
  for (const needed of ['_', '^', '$']) if (!seen.has(needed)) throw corrupt(source, `${f.tokens}: Piper's '${needed}' token is missing`);
  if (f.dataDir === null) {
    throw new HeedError('MODEL_MISSING', source, 'espeak-ng data not found (the voice has none and Debian\'s is not installed); apt-get install espeak-ng-data', { hint: 'apt-get install espeak-ng-data' });
  }
  for (const file of ESPEAK_DATA_FILES) requireFile(join(f.dataDir, file), 'espeak-ng data file', source);
  // An espeak voice the data does not have also ends the process (the phonemizer fails, the runtime dereferences null).
  const voice = s.metadata.get('voice') ?? '';
  if (!hasEspeakVoice(f.dataDir, voice)) throw corrupt(source, `${f.model}: espeak-ng voice '${voice}' is not in ${f.dataDir}`);
  return { sampleRate, speakers: ints.get('n_speakers') ?? 1, piper };
}

/**
 * Moonshine (v1 layout): no metadata; the runtime goes by position. The cached decoder takes the
 * uncached one's states back, so its inputs are the three step inputs plus one per state output.
 */
export function preflightMoonshine(f: MoonshineFiles): void {
  const source: ErrorSource = 'stt';
  const pre = checkOnnxModel(f.preprocessor, { role: 'Moonshine preprocessor' }, source);
  const enc = checkOnnxModel(f.encoder, { role: 'Moonshine encoder' }, source);
  const first = checkOnnxModel(f.uncachedDecoder, { role: 'Moonshine uncached decoder' }, source);
  const next = checkOnnxModel(f.cachedDecoder, { role: 'Moonshine cached decoder' }, source);
  if (pre.inputs.length !== 1) throw corrupt(source, `${f.preprocessor}: a Moonshine preprocessor takes the waveform alone, this one ${pre.inputs.length} inputs`);
  if (enc.inputs.length !== 2) throw corrupt(source, `${f.encoder}: a Moonshine encoder takes features and their length, this one ${enc.inputs.length} inputs`);
  if (first.inputs.length !== 3) throw corrupt(source, `${f.uncachedDecoder}: the uncached decoder takes 3 inputs, this one ${first.inputs.length}`);
  const states = first.outputs.length - 1;
  if (next.inputs.length !== 3 + states || next.outputs.length !== 1 + states) {
    throw corrupt(source, `${f.cachedDecoder}: does not take back the uncached decoder's ${states} states (${next.inputs.length} inputs, ${next.outputs.length} outputs)`);
  }
  readTokens(f.tokens, source);
}

const ZIPFORMER_LIST_KEYS = ['encoder_dims', 'query_head_dims', 'value_head_dims', 'num_heads', 'num_encoder_layers', 'cnn_module_kernels', 'left_context_len'] as const;

/**
 * Streaming Zipformer2 transducer: the encoder's per-stack lists and chunk sizes, its state inputs
 * (six per layer plus the embedding state and lengths), the decoder's context and vocabulary, and
 * a tokens.txt that covers every id the joiner can emit (a missing one aborts the runtime).
 */
export function preflightZipformer(f: ZipformerFiles): void {
  const source: ErrorSource = 'stt';
  const enc = checkOnnxModel(f.encoder, { role: 'streaming Zipformer encoder', metadata: [...ZIPFORMER_LIST_KEYS, 'T', 'decode_chunk_len'] }, source);
  const type = enc.metadata.get('model_type');
  if (type !== undefined && type !== 'zipformer2') throw corrupt(source, `${f.encoder}: model_type '${type}' (only streaming zipformer2 transducers are supported)`);
  intKeys(enc, ['T', 'decode_chunk_len'], f.encoder, source);
  const lists = ZIPFORMER_LIST_KEYS.map((k) => {
    const v = intList(enc.metadata.get(k));
    if (!v) throw corrupt(source, `${f.encoder}: metadata '${k}' is not a list of integers`);
    return v;
  });
  const stacks = lists[0]?.length ?? 0;
  if (stacks === 0 || lists.some((l) => l.length !== stacks)) throw corrupt(source, `${f.encoder}: the per-stack metadata lists differ in length`);
  const layers = (lists[4] ?? []).reduce((a, b) => a + b, 0);
  if (enc.inputs.length !== 1 + 6 * layers + 2 || enc.outputs.length !== 1 + 6 * layers + 2) {
    throw corrupt(source, `${f.encoder}: ${layers} layers need ${1 + 6 * layers + 2} inputs and outputs, the graph has ${enc.inputs.length} and ${enc.outputs.length}`);
  }
  checkZipformerStates(f.encoder, enc, lists, source);
  // A chunk size the graph does not take aborts the runtime at the first decode.
  const chunk = intKeys(enc, ['T'], f.encoder, source).get('T');
  const xDims = enc.shapes.get(enc.inputs[0] ?? '');
  if (xDims?.[1] != null && xDims[1] !== chunk) throw corrupt(source, `${f.encoder}: metadata T is ${chunk} but the encoder takes ${xDims[1]} frames`);
  if (xDims?.[2] != null && xDims[2] !== 80) throw corrupt(source, `${f.encoder}: the encoder takes ${xDims[2]}-dim features; Heed feeds 80-dim fbank`);
  const dec = checkOnnxModel(f.decoder, { role: 'transducer decoder', metadata: ['context_size', 'vocab_size'] }, source);
  const decInts = intKeys(dec, ['context_size', 'vocab_size'], f.decoder, source);
  const declared = decInts.get('vocab_size') ?? 0;
  const y = dec.shapes.get(dec.inputs[0] ?? '');
  if (y?.[1] != null && y[1] !== decInts.get('context_size')) throw corrupt(source, `${f.decoder}: metadata context_size is ${decInts.get('context_size')} but the decoder takes ${y[1]} tokens`);
  const joiner = checkOnnxModel(f.joiner, { role: 'transducer joiner' }, source);
  if (joiner.inputs.length !== 2) throw corrupt(source, `${f.joiner}: a joiner has 2 inputs, this one ${joiner.inputs.length}`);
  // Every id the joiner can emit must be a token (a missing one aborts the runtime): its output width, else the declared vocabulary.
  const logits = joiner.shapes.get(joiner.outputs[0] ?? '');
  const vocab = Math.max(declared, logits?.[logits.length - 1] ?? 0);
  const ids = new Set(readTokens(f.tokens, source).map((t) => t.id));
  for (let id = 0; id < vocab; id++) if (!ids.has(id)) throw corrupt(source, `${f.tokens}: token id ${id} of the ${vocab}-token vocabulary is missing`);
  if (f.bpeVocab) checkBpeVocab(f.bpeVocab, source);
}

/**
 * The encoder's cached-state inputs against its metadata (shapes as sherpa-onnx builds them; a
 * mismatch aborts the runtime at the first decode). Per layer of stack s, in input order: key
 * [left, N, qk·heads], nonlin_attn [1, N, left, 3·dim/4], val1 and val2 [left, N, v·heads], conv1
 * and conv2 [N, dim, kernel/2]. Only declared (numeric) dimensions are compared.
 */
function checkZipformerStates(path: string, enc: OnnxSummary, lists: number[][], source: ErrorSource): void {
  const [dims, qHead, vHead, heads, layersPerStack, kernels, left] = lists;
  let input = 1;
  (layersPerStack ?? []).forEach((count, s) => {
    const at = (l: readonly number[] | undefined): number => l?.[s] ?? 0;
    const want: Array<Array<number | null>> = [
      [at(left), null, at(qHead) * at(heads)],
      [1, null, at(left), (3 * at(dims)) / 4],
      [at(left), null, at(vHead) * at(heads)],
      [at(left), null, at(vHead) * at(heads)],
      [null, at(dims), Math.floor(at(kernels) / 2)],
      [null, at(dims), Math.floor(at(kernels) / 2)],
    ];
    for (let layer = 0; layer < count; layer++) {
      for (const w of want) {
        const name = enc.inputs[input++] ?? '';
        const got = enc.shapes.get(name);
        if (!got) continue;
        const bad = got.length !== w.length || w.some((d, i) => d !== null && got[i] != null && got[i] !== d);
        if (bad) throw corrupt(source, `${path}: state input '${name}' is [${got.map((d) => d ?? 'N').join(', ')}] but the metadata makes it [${w.map((d) => d ?? 'N').join(', ')}]`);
      }
    }
  });
}

/** A sentencepiece vocab as sherpa-onnx reads it: `piece<TAB>score` on every line, no blank lines (either ends the process). */
export function checkBpeVocab(path: string, source: ErrorSource): void {
  requireFile(path, 'bpe vocabulary', source);
  const lines = readFileSync(path, 'utf8').replace(/\n$/, '').split('\n');
  lines.forEach((line, i) => {
    if (!/^\S+\t-?\d+(\.\d+)?(e-?\d+)?$/.test(line.replace(/\r$/, ''))) throw corrupt(source, `${path}:${i + 1}: not a 'piece<TAB>score' line`);
  });
}

/** Whether espeak-ng data holds a voice (lang/<family>/<name>, any case, or voices/). */
function hasEspeakVoice(dataDir: string, voice: string): boolean {
  const want = voice.toLowerCase();
  const walk = (dir: string, depth: number): boolean => {
    if (!existsSync(dir) || depth > 4) return false;
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      if (e.isFile() && e.name.toLowerCase() === want) return true;
      if (e.isDirectory() && walk(join(dir, e.name), depth + 1)) return true;
    }
    return false;
  };
  return want !== '' && (walk(join(dataDir, 'lang'), 0) || walk(join(dataDir, 'voices'), 0));
}
