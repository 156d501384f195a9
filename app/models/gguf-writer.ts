/**
 * A small GGUF v3 writer (ggml docs/gguf.md) and a generator of a random-weight llama-architecture
 * model with a SentencePiece-style ("llama") vocabulary. The file is structurally valid, so
 * llama.cpp / node-llama-cpp load it and generate from it; its words mean nothing. Deterministic
 * for a seed: same options → byte-identical file.
 */
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { seededRandom } from '../core/seeded-random.js';

/** One typed metadata key/value. Integers in arrays and scalars must fit their declared type. */
export type GgufKv =
  | { key: string; type: 'uint32' | 'int32' | 'float32'; value: number }
  | { key: string; type: 'uint64'; value: bigint }
  | { key: string; type: 'bool'; value: boolean }
  | { key: string; type: 'string'; value: string }
  | { key: string; type: 'string[]'; value: readonly string[] }
  | { key: string; type: 'float32[]' | 'int32[]'; value: readonly number[] };

/** An F32 tensor; dims in GGUF order (ne0 first, the contiguous dimension). */
export interface GgufTensor { name: string; dims: readonly number[]; data: Float32Array }

const ALIGNMENT = 32;
const GGML_TYPE_F32 = 0;
const T = { uint32: 4, int32: 5, float32: 6, bool: 7, string: 8, array: 9, uint64: 10 } as const;

/** Little-endian byte sink that grows as needed. */
class ByteSink {
  private buf = Buffer.alloc(1 << 16);
  length = 0;
  private room(n: number): number {
    if (this.length + n > this.buf.length) {
      const next = Buffer.alloc(Math.max(this.buf.length * 2, this.length + n));
      this.buf.copy(next, 0, 0, this.length);
      this.buf = next;
    }
    const at = this.length;
    this.length += n;
    return at;
  }
  u32(v: number): void { this.buf.writeUInt32LE(v, this.room(4)); }
  i32(v: number): void { this.buf.writeInt32LE(v, this.room(4)); }
  f32(v: number): void { this.buf.writeFloatLE(v, this.room(4)); }
  u64(v: bigint | number): void { this.buf.writeBigUInt64LE(BigInt(v), this.room(8)); }
  u8(v: number): void { this.buf.writeUInt8(v, this.room(1)); }
  str(s: string): void {
    const bytes = Buffer.from(s, 'utf8');
    this.u64(bytes.length);
    bytes.copy(this.buf, this.room(bytes.length));
  }
  pad(): void { this.room((ALIGNMENT - (this.length % ALIGNMENT)) % ALIGNMENT); }
  f32s(data: Float32Array): void {
    const at = this.room(data.length * 4);
    for (let i = 0; i < data.length; i++) this.buf.writeFloatLE(data[i] ?? 0, at + i * 4);
  }
  bytes(): Buffer { return this.buf.subarray(0, this.length); }
}

function writeKv(out: ByteSink, kv: GgufKv): void {
  out.str(kv.key);
  switch (kv.type) {
    case 'uint32': out.u32(T.uint32); out.u32(kv.value); break;
    case 'int32': out.u32(T.int32); out.i32(kv.value); break;
    case 'float32': out.u32(T.float32); out.f32(kv.value); break;
    case 'uint64': out.u32(T.uint64); out.u64(kv.value); break;
    case 'bool': out.u32(T.bool); out.u8(kv.value ? 1 : 0); break;
    case 'string': out.u32(T.string); out.str(kv.value); break;
    case 'string[]': out.u32(T.array); out.u32(T.string); out.u64(kv.value.length); kv.value.forEach((s) => out.str(s)); break;
    case 'float32[]': out.u32(T.array); out.u32(T.float32); out.u64(kv.value.length); kv.value.forEach((v) => out.f32(v)); break;
    case 'int32[]': out.u32(T.array); out.u32(T.int32); out.u64(kv.value.length); kv.value.forEach((v) => out.i32(v)); break;
  }
}

/** Encodes a complete GGUF v3 file (all tensors F32, alignment 32). */
export function encodeGguf(kvs: readonly GgufKv[], tensors: readonly GgufTensor[]): Buffer {
  const out = new ByteSink();
  out.u32(0x46554747); // "GGUF" read as a little-endian u32
  out.u32(3);
  out.u64(tensors.length);
  out.u64(kvs.length);
  kvs.forEach((kv) => writeKv(out, kv));
  let offset = 0;
  for (const t of tensors) {
    const count = t.dims.reduce((a, b) => a * b, 1);
    if (count !== t.data.length) throw new RangeError(`tensor ${t.name}: dims ${t.dims.join('x')} ≠ ${t.data.length} values`);
    out.str(t.name);
    out.u32(t.dims.length);
    t.dims.forEach((d) => out.u64(d));
    out.u32(GGML_TYPE_F32);
    out.u64(offset);
    offset += Math.ceil((count * 4) / ALIGNMENT) * ALIGNMENT;
  }
  out.pad();
  for (const t of tensors) { out.f32s(t.data); out.pad(); }
  return out.bytes();
}

export interface RandomLlamaOptions {
  seed?: number; nVocab?: number; nEmbd?: number; nLayer?: number; nHead?: number; nHeadKv?: number;
  nFf?: number; contextLength?: number;
  /** Jinja chat template; default ChatML (adds <|im_start|>/<|im_end|> control tokens); null = none. */
  chatTemplate?: string | null;
}

export const CHATML_TEMPLATE = "{{ bos_token }}{% for message in messages %}{{ '<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>' + '\\n' }}{% endfor %}{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}";

const WORDS = ('the a and to of in is it you that for on with as are this be at have or from not we can your what all was there by an ' +
  'will one do if about how up out so get like my me no just know time good some could would them see other than then now look only ' +
  'come its over think also back after use two way our work first well even new want because any these give day most us hello hi yes ' +
  'please thank thanks order store open close help price menu coffee burger fries drink size small medium large water table book today ' +
  'tomorrow name where when which who much many more here').split(' ');

type TokenType = 1 | 2 | 3 | 5 | 6; // normal, unknown, control, unused, byte

/** Vocabulary: <unk> <s> </s>, 256 byte tokens, printable pieces, [chat control tokens], padded to nVocab. */
function buildVocab(nVocab: number, chat: boolean): { tokens: string[]; scores: number[]; types: TokenType[] } {
  const tokens: string[] = ['<unk>', '<s>', '</s>'];
  const types: TokenType[] = [2, 3, 3];
  for (let b = 0; b < 256; b++) { tokens.push(`<0x${b.toString(16).toUpperCase().padStart(2, '0')}>`); types.push(6); }
  const tail = chat ? ['<|im_start|>', '<|im_end|>'] : [];
  const room = nVocab - tokens.length - tail.length;
  if (room < 0) throw new RangeError(`nVocab must be ≥ ${tokens.length + tail.length}`);
  const pieces = new Set<string>(['▁']);
  for (let c = 0x21; c < 0x7f; c++) pieces.add(String.fromCharCode(c));
  for (const w of WORDS) for (let k = 1; k <= w.length; k++) pieces.add(`▁${w.slice(0, k)}`);
  const az = 'abcdefghijklmnopqrstuvwxyz';
  for (const x of az) for (const y of az) { if (pieces.size >= room) break; pieces.add(x + y); }
  const chosen = [...pieces].slice(0, room);
  chosen.forEach((p) => { tokens.push(p); types.push(1); });
  for (let i = chosen.length; i < room; i++) { tokens.push(`<unused${i}>`); types.push(5); }
  tail.forEach((t) => { tokens.push(t); types.push(3); });
  const scores = types.map((t, i) => (t === 1 ? -(i - 258) : 0));
  return { tokens, scores, types };
}

/** Writes a random-weight llama GGUF to `path`; returns its size and sha256. */
export function writeRandomLlamaGguf(path: string, opts: RandomLlamaOptions = {}): { path: string; bytes: number; sha256: string } {
  const { seed = 1, nVocab = 800, nEmbd = 64, nLayer = 2, nHead = 4, nHeadKv = 2, nFf = 192, contextLength = 2048 } = opts;
  const chatTemplate = opts.chatTemplate === undefined ? CHATML_TEMPLATE : opts.chatTemplate;
  if (nEmbd % nHead !== 0 || nHead % nHeadKv !== 0) throw new RangeError('nEmbd must divide by nHead, nHead by nHeadKv');
  const headDim = nEmbd / nHead;
  const vocab = buildVocab(nVocab, chatTemplate !== null);
  const rand = seededRandom(seed);
  const random = (name: string, dims: number[], scale = 0.1): GgufTensor => {
    const data = new Float32Array(dims.reduce((a, b) => a * b, 1));
    for (let i = 0; i < data.length; i++) data[i] = (rand() * 2 - 1) * scale;
    return { name, dims, data };
  };
  const ones = (name: string): GgufTensor => ({ name, dims: [nEmbd], data: new Float32Array(nEmbd).fill(1) });
  const tensors: GgufTensor[] = [random('token_embd.weight', [nEmbd, nVocab]), ones('output_norm.weight'), random('output.weight', [nEmbd, nVocab])];
  for (let l = 0; l < nLayer; l++) {
    const b = `blk.${l}.`;
    tensors.push(ones(`${b}attn_norm.weight`), random(`${b}attn_q.weight`, [nEmbd, nEmbd]),
      random(`${b}attn_k.weight`, [nEmbd, headDim * nHeadKv]), random(`${b}attn_v.weight`, [nEmbd, headDim * nHeadKv]),
      random(`${b}attn_output.weight`, [nEmbd, nEmbd]), ones(`${b}ffn_norm.weight`), random(`${b}ffn_gate.weight`, [nEmbd, nFf]),
      random(`${b}ffn_up.weight`, [nEmbd, nFf]), random(`${b}ffn_down.weight`, [nFf, nEmbd]));
  }
  const u32 = (key: string, value: number): GgufKv => ({ key, type: 'uint32', value });
  const kvs: GgufKv[] = [
    { key: 'general.architecture', type: 'string', value: 'llama' },
    { key: 'general.name', type: 'string', value: 'heed-random-llama' },
    u32('general.file_type', 0), u32('general.alignment', ALIGNMENT),
    u32('llama.context_length', contextLength), u32('llama.embedding_length', nEmbd), u32('llama.block_count', nLayer),
    u32('llama.feed_forward_length', nFf), u32('llama.attention.head_count', nHead), u32('llama.attention.head_count_kv', nHeadKv),
    u32('llama.rope.dimension_count', headDim), u32('llama.vocab_size', nVocab),
    { key: 'llama.attention.layer_norm_rms_epsilon', type: 'float32', value: 1e-5 },
    { key: 'tokenizer.ggml.model', type: 'string', value: 'llama' },
    { key: 'tokenizer.ggml.tokens', type: 'string[]', value: vocab.tokens },
    { key: 'tokenizer.ggml.scores', type: 'float32[]', value: vocab.scores },
    { key: 'tokenizer.ggml.token_type', type: 'int32[]', value: vocab.types },
    u32('tokenizer.ggml.unknown_token_id', 0), u32('tokenizer.ggml.bos_token_id', 1), u32('tokenizer.ggml.eos_token_id', 2),
    { key: 'tokenizer.ggml.add_bos_token', type: 'bool', value: true },
    { key: 'tokenizer.ggml.add_eos_token', type: 'bool', value: false },
    { key: 'tokenizer.ggml.add_space_prefix', type: 'bool', value: true },
  ];
  if (chatTemplate !== null) kvs.push({ key: 'tokenizer.chat_template', type: 'string', value: chatTemplate });
  const file = encodeGguf(kvs, tensors);
  writeFileSync(path, file);
  return { path, bytes: file.length, sha256: createHash('sha256').update(file).digest('hex') };
}
