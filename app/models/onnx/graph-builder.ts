/**
 * A small builder for ONNX inference graphs: named ops, constants and seeded random weights. Node
 * outputs get unique generated names unless one is given (graph outputs must carry their exact
 * names). Deterministic for a seed.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { seededRandom } from '../../core/seeded-random.js';
import { encodeOnnxModel, type OnnxAttribute, type OnnxModel, type OnnxNode, type OnnxTensor, type OnnxValueInfo } from './onnx-proto.js';

export class GraphBuilder {
  readonly nodes: OnnxNode[] = [];
  readonly initializers: OnnxTensor[] = [];
  readonly #random: () => number;
  #next = 0;

  constructor(seed: number) { this.#random = seededRandom(seed); }

  #fresh(hint: string): string { return `${hint}_${this.#next++}`; }

  /** Uniform values in [-scale, scale). */
  randomF(dims: readonly number[], scale: number, hint = 'w'): string {
    const n = dims.reduce((a, b) => a * b, 1);
    const data = new Float32Array(n);
    for (let i = 0; i < n; i++) data[i] = (this.#random() * 2 - 1) * scale;
    return this.tensorF(dims, data, hint);
  }

  tensorF(dims: readonly number[], data: Float32Array, hint = 'c'): string {
    const name = this.#fresh(hint);
    this.initializers.push({ name, dtype: 'float32', dims, data });
    return name;
  }

  constF(values: readonly number[], dims: readonly number[] = [values.length], hint = 'cf'): string {
    return this.tensorF(dims, Float32Array.from(values), hint);
  }

  /** An int64 constant; `dims` [] is a scalar. */
  constI64(values: readonly number[], dims: readonly number[] = [values.length], hint = 'ci'): string {
    const name = this.#fresh(hint);
    this.initializers.push({ name, dtype: 'int64', dims, data: BigInt64Array.from(values.map((v) => BigInt(v))) });
    return name;
  }

  /** One op with one output; `out` names the output (for graph outputs). */
  op(op: string, inputs: readonly string[], attrs?: Readonly<Record<string, OnnxAttribute>>, out?: string): string {
    const output = out ?? this.#fresh(op.toLowerCase());
    this.nodes.push({ op, inputs, outputs: [output], ...(attrs ? { attrs } : {}) });
    return output;
  }

  /** One op with several outputs. */
  opN(op: string, inputs: readonly string[], outputs: readonly string[], attrs?: Readonly<Record<string, OnnxAttribute>>): readonly string[] {
    this.nodes.push({ op, inputs, outputs, ...(attrs ? { attrs } : {}) });
    return outputs;
  }

  /** x @ W + b with random W [inDim, outDim] (x's last dimension is inDim). */
  linear(x: string, inDim: number, outDim: number, scale = 1 / Math.sqrt(inDim), out?: string): string {
    const w = this.randomF([inDim, outDim], scale, 'lin_w');
    const b = this.randomF([outDim], 0.01, 'lin_b');
    return this.op('Add', [this.op('MatMul', [x, w]), b], undefined, out);
  }

  model(name: string, inputs: readonly OnnxValueInfo[], outputs: readonly OnnxValueInfo[], metadata: Readonly<Record<string, string>> = {}): OnnxModel {
    return { graph: { name, nodes: this.nodes, initializers: this.initializers, inputs, outputs }, metadata };
  }
}

export interface WrittenFile { path: string; bytes: number; sha256: string }

/** Writes a model (creating its folder) and returns its size and sha256. */
export function writeOnnxFile(path: string, model: OnnxModel): WrittenFile {
  const bytes = encodeOnnxModel(model);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, bytes);
  return { path, bytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') };
}

/** Writes a text file (tokens.txt and the like) the same way. */
export function writeTextFile(path: string, text: string): WrittenFile {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
  return { path, bytes: Buffer.byteLength(text), sha256: createHash('sha256').update(text).digest('hex') };
}
