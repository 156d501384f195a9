/**
 * A structural pre-flight of a GGUF file before llama.cpp sees it: the magic, the version, and
 * every metadata entry and tensor description walked with each length bounded by the file's size.
 * A corrupt or hostile header (a string or array length in the billions) is refused here in
 * milliseconds, instead of making the loader allocate gigabytes or spin (measured: a 16-byte
 * "GGUF" + garbage file held node-llama-cpp at 100 % CPU and 6 GB for minutes).
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { HeedError } from '../core/errors.js';

const MAX_COUNT = 1 << 20;
const MAX_DIMS = 8;
const SCALAR_SIZE: Readonly<Record<number, number>> = { 0: 1, 1: 1, 2: 2, 3: 2, 4: 4, 5: 4, 6: 4, 7: 1, 10: 8, 11: 8, 12: 8 };
const STRING = 8;
const ARRAY = 9;

export interface GgufSummary { version: number; tensors: number; metadata: number; architecture: string | null }

class Reader {
  #pos = 0;
  readonly #fd: number;
  readonly size: number;
  readonly #buf = Buffer.alloc(8);

  constructor(fd: number, size: number) {
    this.#fd = fd;
    this.size = size;
  }

  #need(n: number, what: string): void {
    if (n < 0 || this.#pos + n > this.size) throw new Error(`${what} runs past the end of the file (offset ${this.#pos}, ${n} bytes)`);
  }

  u32(what: string): number {
    this.#need(4, what);
    readSync(this.#fd, this.#buf, 0, 4, this.#pos);
    this.#pos += 4;
    return this.#buf.readUInt32LE(0);
  }

  u64(what: string): number {
    this.#need(8, what);
    readSync(this.#fd, this.#buf, 0, 8, this.#pos);
    this.#pos += 8;
    const v = this.#buf.readBigUInt64LE(0);
    if (v > BigInt(Number.MAX_SAFE_INTEGER)) throw new Error(`${what} is ${v}`);
    return Number(v);
  }

  skip(n: number, what: string): void {
    this.#need(n, what);
    this.#pos += n;
  }

  string(what: string, keep = false): string | null {
    const n = this.u64(`${what} length`);
    this.#need(n, what);
    if (!keep || n > 256) { this.#pos += n; return null; }
    const b = Buffer.alloc(n);
    readSync(this.#fd, b, 0, n, this.#pos);
    this.#pos += n;
    return b.toString('utf8');
  }
}

/** Throws MODEL_CORRUPT naming what is wrong; returns a summary of a sound header. */
export function checkGgufFile(path: string): GgufSummary {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (err) {
    throw new HeedError('MODEL_MISSING', 'models', `cannot open ${path}: ${(err as Error).message}`, { cause: err });
  }
  try {
    const r = new Reader(fd, fstatSync(fd).size);
    const magic = r.u32('magic');
    if (magic !== 0x46554747) throw new Error('not a GGUF file (bad magic)');
    const version = r.u32('version');
    if (version < 2 || version > 3) throw new Error(`unsupported GGUF version ${version}`);
    const tensors = r.u64('tensor count');
    const metadata = r.u64('metadata count');
    if (tensors > MAX_COUNT || metadata > MAX_COUNT) throw new Error(`implausible counts: ${tensors} tensors, ${metadata} metadata entries`);
    let architecture: string | null = null;
    for (let i = 0; i < metadata; i++) {
      const key = r.string(`metadata key ${i}`, true);
      const type = r.u32(`metadata ${key ?? i} type`);
      const value = skipValue(r, type, `metadata ${key ?? i}`, key === 'general.architecture');
      if (key === 'general.architecture') architecture = value;
    }
    for (let i = 0; i < tensors; i++) {
      r.string(`tensor ${i} name`);
      const dims = r.u32(`tensor ${i} dimensions`);
      if (dims === 0 || dims > MAX_DIMS) throw new Error(`tensor ${i} has ${dims} dimensions`);
      for (let d = 0; d < dims; d++) r.u64(`tensor ${i} dimension ${d}`);
      r.u32(`tensor ${i} type`);
      const offset = r.u64(`tensor ${i} offset`);
      if (offset > r.size) throw new Error(`tensor ${i} data offset ${offset} is past the end of the file`);
    }
    return { version, tensors, metadata, architecture };
  } catch (err) {
    if (err instanceof HeedError) throw err;
    throw new HeedError('MODEL_CORRUPT', 'models', `${path} is not a valid GGUF model: ${(err as Error).message}`, { cause: err });
  } finally {
    closeSync(fd);
  }
}

function skipValue(r: Reader, type: number, what: string, keep: boolean): string | null {
  if (type === STRING) return r.string(what, keep);
  if (type === ARRAY) {
    const inner = r.u32(`${what} element type`);
    const n = r.u64(`${what} length`);
    if (n > r.size) throw new Error(`${what} claims ${n} elements`);
    if (inner === STRING) { for (let i = 0; i < n; i++) r.string(`${what}[${i}]`); return null; }
    const size = SCALAR_SIZE[inner];
    if (size === undefined) throw new Error(`${what} has elements of unknown type ${inner}`);
    r.skip(n * size, what);
    return null;
  }
  const size = SCALAR_SIZE[type];
  if (size === undefined) throw new Error(`${what} has unknown type ${type}`);
  r.skip(size, what);
  return null;
}
