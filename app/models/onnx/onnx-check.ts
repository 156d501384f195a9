/**
 * A structural pre-flight of an ONNX file before sherpa-onnx sees it. sherpa-onnx ends the whole
 * process on a model it cannot use: an unparsable protobuf aborts (an uncaught Ort::Exception), a
 * missing metadata key calls exit(). Heed must refuse such a file with MODEL_CORRUPT instead, so
 * this walks the ModelProto wire format with every length bounded by the file's size (a truncated
 * download fails here), and checks the graph's inputs, outputs and metadata keys against what the
 * loader will ask for. Reads only the field headers and the small messages, never the weights.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { HeedError } from '../../core/errors.js';
import type { ErrorSource } from '../../core/errors.js';

export interface OnnxSummary {
  bytes: number;
  irVersion: number;
  /** Graph input and output names, in order. */
  inputs: string[];
  outputs: string[];
  /** Declared shapes by input/output name: a number for a fixed dimension, null for a symbolic or unknown one. */
  shapes: Map<string, Array<number | null>>;
  initializers: number;
  nodes: number;
  metadata: Map<string, string>;
}

/** What a loader needs of one ONNX file. */
export interface OnnxSpec {
  /** What the file is, for messages ("whisper encoder"). */
  role: string;
  inputs?: readonly string[];
  outputs?: readonly string[];
  metadata?: readonly string[];
}

/** Small messages (names, metadata, value infos) are read whole; anything bigger is skipped. */
const MAX_SMALL = 1 << 20;

class Cursor {
  readonly #fd: number;
  readonly #buf = Buffer.alloc(16);
  pos: number;
  readonly end: number;

  constructor(fd: number, start: number, end: number) {
    this.#fd = fd;
    this.pos = start;
    this.end = end;
  }

  get done(): boolean { return this.pos >= this.end; }

  #byte(): number {
    if (this.pos >= this.end) throw new Error(`a field runs past its end (offset ${this.pos})`);
    readSync(this.#fd, this.#buf, 0, 1, this.pos);
    this.pos += 1;
    return this.#buf[0] ?? 0;
  }

  varint(): bigint {
    let v = 0n;
    for (let shift = 0n; shift < 70n; shift += 7n) {
      const b = this.#byte();
      v |= BigInt(b & 0x7f) << shift;
      if ((b & 0x80) === 0) return v;
    }
    throw new Error(`a varint is longer than 10 bytes (offset ${this.pos})`);
  }

  /** Reads one field header and returns it with the bounds of its payload. */
  field(): { field: number; wire: number; start: number; end: number; value: bigint } {
    const tag = this.varint();
    const field = Number(tag >> 3n);
    const wire = Number(tag & 7n);
    if (field === 0) throw new Error(`field number 0 at offset ${this.pos}`);
    const start = this.pos;
    switch (wire) {
      case 0: { const value = this.varint(); return { field, wire, start, end: this.pos, value }; }
      case 1: this.#skip(8); return { field, wire, start, end: this.pos, value: 0n };
      case 5: this.#skip(4); return { field, wire, start, end: this.pos, value: 0n };
      case 2: {
        const len = this.varint();
        if (len > BigInt(this.end - this.pos)) throw new Error(`a field of ${len} bytes at offset ${this.pos} runs past the end of the file (truncated?)`);
        const s = this.pos;
        this.pos += Number(len);
        return { field, wire, start: s, end: this.pos, value: len };
      }
      default: throw new Error(`unknown wire type ${wire} at offset ${start}`);
    }
  }

  #skip(n: number): void {
    if (this.pos + n > this.end) throw new Error(`a field runs past its end (offset ${this.pos})`);
    this.pos += n;
  }

  text(start: number, end: number): string {
    if (end - start > MAX_SMALL) throw new Error(`a ${end - start}-byte string at offset ${start}`);
    const b = Buffer.alloc(end - start);
    if (b.length > 0) readSync(this.#fd, b, 0, b.length, start);
    return b.toString('utf8');
  }

  sub(start: number, end: number): Cursor { return new Cursor(this.#fd, start, end); }
}

/** A ValueInfoProto's name (field 1) and its tensor shape (type.tensor_type.shape.dim[]), when declared. */
function valueInfo(c: Cursor): { name: string; shape: Array<number | null> | null } {
  let name = '';
  let shape: Array<number | null> | null = null;
  while (!c.done) {
    const f = c.field();
    if (f.wire !== 2) continue;
    if (f.field === 1) name = c.text(f.start, f.end);
    else if (f.field === 2) shape = tensorShape(c.sub(f.start, f.end)) ?? shape;
  }
  return { name, shape };
}

/** TypeProto → tensor_type (1) → shape (2) → dim (1) → dim_value (1) | dim_param (2). */
function tensorShape(type: Cursor): Array<number | null> | null {
  let shape: Array<number | null> | null = null;
  while (!type.done) {
    const t = type.field();
    if (t.field !== 1 || t.wire !== 2) continue;
    const tensor = type.sub(t.start, t.end);
    while (!tensor.done) {
      const f = tensor.field();
      if (f.field !== 2 || f.wire !== 2) continue;
      shape = [];
      const dims = tensor.sub(f.start, f.end);
      while (!dims.done) {
        const d = dims.field();
        if (d.field !== 1 || d.wire !== 2) continue;
        const dim = dims.sub(d.start, d.end);
        let value: number | null = null;
        while (!dim.done) {
          const x = dim.field();
          if (x.field === 1 && x.wire === 0) value = Number(x.value);
        }
        shape.push(value);
      }
    }
  }
  return shape;
}

function keyValue(c: Cursor): [string, string] {
  let k = '';
  let v = '';
  while (!c.done) {
    const f = c.field();
    if (f.wire !== 2) continue;
    if (f.field === 1) k = c.text(f.start, f.end);
    else if (f.field === 2) v = c.text(f.start, f.end);
  }
  return [k, v];
}

/** Walks every field of a message, recursing into the graph; throws on any malformation. */
function walkGraph(c: Cursor, s: OnnxSummary): void {
  while (!c.done) {
    const f = c.field();
    if (f.wire !== 2) continue;
    if (f.field === 1) { s.nodes++; walkAll(c.sub(f.start, f.end)); }
    else if (f.field === 5) { s.initializers++; walkAll(c.sub(f.start, f.end)); }
    else if (f.field === 11 || f.field === 12) {
      const v = valueInfo(c.sub(f.start, f.end));
      (f.field === 11 ? s.inputs : s.outputs).push(v.name);
      if (v.shape) s.shapes.set(v.name, v.shape);
    }
  }
}

/** Checks a message's framing without interpreting it (initializers, nodes). */
function walkAll(c: Cursor): void {
  while (!c.done) c.field();
}

/** Reads the structure of an ONNX file; a malformed or truncated one is MODEL_CORRUPT. */
export function readOnnxSummary(path: string, source: ErrorSource = 'models'): OnnxSummary {
  let fd: number;
  try { fd = openSync(path, 'r'); } catch {
    throw new HeedError('MODEL_MISSING', source, `model file ${path} does not exist or cannot be read`);
  }
  try {
    const bytes = fstatSync(fd).size;
    const s: OnnxSummary = { bytes, irVersion: 0, inputs: [], outputs: [], shapes: new Map(), initializers: 0, nodes: 0, metadata: new Map() };
    let graphs = 0;
    try {
      if (bytes < 16) throw new Error(`${bytes} bytes is too small for a model`);
      const c = new Cursor(fd, 0, bytes);
      while (!c.done) {
        const f = c.field();
        if (f.field === 1 && f.wire === 0) s.irVersion = Number(f.value);
        else if (f.field === 7 && f.wire === 2) { graphs++; walkGraph(c.sub(f.start, f.end), s); }
        else if (f.field === 14 && f.wire === 2) {
          const [k, v] = keyValue(c.sub(f.start, f.end));
          s.metadata.set(k, v);
        }
      }
      if (s.irVersion < 3 || s.irVersion > 20) throw new Error(`IR version ${s.irVersion} is not an ONNX model's`);
      if (graphs !== 1) throw new Error(`${graphs} graphs (expected one)`);
      if (s.inputs.length === 0 || s.outputs.length === 0) throw new Error('the graph has no inputs or no outputs');
    } catch (err) {
      throw new HeedError('MODEL_CORRUPT', source, `${path} is not a usable ONNX model: ${(err as Error).message}`);
    }
    return s;
  } finally {
    closeSync(fd);
  }
}

/** readOnnxSummary plus the names and metadata keys the loader needs; a mismatch is MODEL_CORRUPT naming what is missing. */
export function checkOnnxModel(path: string, spec: OnnxSpec, source: ErrorSource = 'models'): OnnxSummary {
  const s = readOnnxSummary(path, source);
  const missing = (want: readonly string[] | undefined, have: (n: string) => boolean): string[] => (want ?? []).filter((n) => !have(n));
  const problems = [
    ...missing(spec.inputs, (n) => s.inputs.includes(n)).map((n) => `input '${n}'`),
    ...missing(spec.outputs, (n) => s.outputs.includes(n)).map((n) => `output '${n}'`),
    ...missing(spec.metadata, (n) => s.metadata.has(n)).map((n) => `metadata '${n}'`),
  ];
  if (problems.length > 0) {
    throw new HeedError('MODEL_CORRUPT', source, `${path} is not a ${spec.role}: it lacks ${problems.join(', ')}`);
  }
  return s;
}
