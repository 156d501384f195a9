/**
 * A small ONNX writer: the protobuf wire encoding of onnx.proto's ModelProto, GraphProto, NodeProto,
 * TensorProto and ValueInfoProto, for the fields a plain inference graph needs. Tensors are written
 * as little-endian raw_data. Used to generate structurally valid random-weight speech models for the
 * sherpa-onnx conformance suites (the real models cannot be downloaded on every machine).
 */

export type OnnxDType = 'float32' | 'int64' | 'int32' | 'bool';

/** onnx.proto TensorProto.DataType. */
const DTYPE_CODE: Record<OnnxDType, number> = { float32: 1, int32: 6, int64: 7, bool: 9 };

export type OnnxTensorData = Float32Array | BigInt64Array | Int32Array | Uint8Array;

export interface OnnxTensor { name: string; dtype: OnnxDType; dims: readonly number[]; data: OnnxTensorData }

/** A graph input or output; a string dimension is symbolic (dynamic). */
export interface OnnxValueInfo { name: string; dtype: OnnxDType; shape: ReadonlyArray<number | string> }

export type OnnxAttribute =
  | { f: number }
  | { i: number }
  | { s: string }
  | { floats: readonly number[] }
  | { ints: readonly number[] }
  | { t: OnnxTensor };

export interface OnnxNode {
  op: string;
  inputs: readonly string[];
  outputs: readonly string[];
  name?: string;
  attrs?: Readonly<Record<string, OnnxAttribute>>;
}

export interface OnnxGraph {
  name: string;
  nodes: readonly OnnxNode[];
  initializers: readonly OnnxTensor[];
  inputs: readonly OnnxValueInfo[];
  outputs: readonly OnnxValueInfo[];
}

export interface OnnxModel {
  graph: OnnxGraph;
  /** Default-domain opset version; 17 unless set. */
  opset?: number;
  /** ModelProto.metadata_props: what sherpa-onnx reads a model's hyper-parameters from. */
  metadata?: Readonly<Record<string, string>>;
  producer?: string;
}

/** Growable protobuf byte sink. */
class Pb {
  #buf = new Uint8Array(256);
  #len = 0;

  #room(n: number): void {
    if (this.#len + n <= this.#buf.length) return;
    const next = new Uint8Array(Math.max(this.#buf.length * 2, this.#len + n));
    next.set(this.#buf.subarray(0, this.#len));
    this.#buf = next;
  }

  bytes(): Uint8Array { return this.#buf.subarray(0, this.#len); }

  #raw(b: Uint8Array): void {
    this.#room(b.length);
    this.#buf.set(b, this.#len);
    this.#len += b.length;
  }

  #varint(v: bigint): void {
    // Negative int64 values are written as their 64-bit two's complement (ten bytes).
    let x = BigInt.asUintN(64, v);
    this.#room(10);
    do {
      let byte = Number(x & 0x7fn);
      x >>= 7n;
      if (x !== 0n) byte |= 0x80;
      this.#buf[this.#len++] = byte;
    } while (x !== 0n);
  }

  #tag(field: number, wire: 0 | 2 | 5): void { this.#varint(BigInt((field << 3) | wire)); }

  int(field: number, v: number | bigint): void {
    this.#tag(field, 0);
    this.#varint(typeof v === 'bigint' ? v : BigInt(v));
  }

  float(field: number, v: number): void {
    this.#tag(field, 5);
    const b = new Uint8Array(4);
    new DataView(b.buffer).setFloat32(0, v, true);
    this.#raw(b);
  }

  blob(field: number, b: Uint8Array): void {
    this.#tag(field, 2);
    this.#varint(BigInt(b.length));
    this.#raw(b);
  }

  str(field: number, s: string): void { this.blob(field, new TextEncoder().encode(s)); }

  msg(field: number, write: (m: Pb) => void): void {
    const m = new Pb();
    write(m);
    this.blob(field, m.bytes());
  }
}

function elementCount(dims: readonly number[]): number { return dims.reduce((a, b) => a * b, 1); }

function rawBytes(t: OnnxTensor): Uint8Array {
  const want = elementCount(t.dims);
  if (t.data.length !== want) throw new Error(`onnx tensor ${t.name}: ${t.data.length} values for dims [${t.dims.join(', ')}] (${want})`);
  const ok = (t.dtype === 'float32' && t.data instanceof Float32Array)
    || (t.dtype === 'int64' && t.data instanceof BigInt64Array)
    || (t.dtype === 'int32' && t.data instanceof Int32Array)
    || (t.dtype === 'bool' && t.data instanceof Uint8Array);
  if (!ok) throw new Error(`onnx tensor ${t.name}: data does not match dtype ${t.dtype}`);
  // Typed arrays are little-endian on every platform Heed runs on (x64, arm64).
  return new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength);
}

function writeTensor(m: Pb, t: OnnxTensor): void {
  for (const d of t.dims) m.int(1, d);
  m.int(2, DTYPE_CODE[t.dtype]);
  m.str(8, t.name);
  m.blob(9, rawBytes(t));
}

function writeValueInfo(m: Pb, v: OnnxValueInfo): void {
  m.str(1, v.name);
  m.msg(2, (type) => type.msg(1, (tensor) => {
    tensor.int(1, DTYPE_CODE[v.dtype]);
    tensor.msg(2, (shape) => {
      for (const d of v.shape) shape.msg(1, (dim) => (typeof d === 'number' ? dim.int(1, d) : dim.str(2, d)));
    });
  }));
}

/** AttributeProto.AttributeType. */
const ATTR = { FLOAT: 1, INT: 2, STRING: 3, TENSOR: 4, FLOATS: 6, INTS: 7 } as const;

function writeAttribute(m: Pb, name: string, a: OnnxAttribute): void {
  m.str(1, name);
  if ('f' in a) { m.float(2, a.f); m.int(20, ATTR.FLOAT); }
  else if ('i' in a) { m.int(3, a.i); m.int(20, ATTR.INT); }
  else if ('s' in a) { m.str(4, a.s); m.int(20, ATTR.STRING); }
  else if ('t' in a) { m.msg(5, (t) => writeTensor(t, a.t)); m.int(20, ATTR.TENSOR); }
  else if ('floats' in a) { for (const f of a.floats) m.float(7, f); m.int(20, ATTR.FLOATS); }
  else { for (const i of a.ints) m.int(8, i); m.int(20, ATTR.INTS); }
}

function writeNode(m: Pb, n: OnnxNode, index: number): void {
  for (const i of n.inputs) m.str(1, i);
  for (const o of n.outputs) m.str(2, o);
  m.str(3, n.name ?? `${n.op}_${index}`);
  m.str(4, n.op);
  for (const [k, a] of Object.entries(n.attrs ?? {})) m.msg(5, (am) => writeAttribute(am, k, a));
}

/** The serialized ModelProto (IR version 8). */
export function encodeOnnxModel(model: OnnxModel): Uint8Array {
  const m = new Pb();
  m.int(1, 8);
  m.str(2, model.producer ?? 'heed');
  m.msg(7, (g) => {
    model.graph.nodes.forEach((n, i) => g.msg(1, (nm) => writeNode(nm, n, i)));
    g.str(2, model.graph.name);
    for (const t of model.graph.initializers) g.msg(5, (tm) => writeTensor(tm, t));
    for (const v of model.graph.inputs) g.msg(11, (vm) => writeValueInfo(vm, v));
    for (const v of model.graph.outputs) g.msg(12, (vm) => writeValueInfo(vm, v));
  });
  m.msg(8, (o) => { o.str(1, ''); o.int(2, model.opset ?? 17); });
  for (const [key, value] of Object.entries(model.metadata ?? {})) m.msg(14, (kv) => { kv.str(1, key); kv.str(2, value); });
  return m.bytes();
}
