/**
 * A small streaming tar reader (ustar, pax `x`/`g` headers, GNU `L` long names) for offline model bundles.
 * Only regular files and directories come out; links, devices, absolute paths, `..` segments and
 * entries over the size limit make the whole archive BUNDLE_INVALID. Nothing is written to disk here.
 */
import { HeedError } from '../core/errors.js';

export interface TarEntry {
  /** Normalised relative path (no leading `./`, no trailing `/`). */
  path: string;
  type: 'file' | 'directory';
  size: number;
  /**
   * The entry's bytes. Read it before asking for the next entry; whatever is left unread is skipped.
   */
  body: AsyncIterable<Buffer>;
}

export interface TarReadOptions {
  signal: AbortSignal;
  /** Largest file entry accepted (default 64 GiB). */
  maxEntrySize?: number;
}

const BLOCK = 512;
const MAX_META = 1024 * 1024;

function invalid(message: string): HeedError {
  return new HeedError('BUNDLE_INVALID', 'models', message);
}

/** Pulls exact byte counts out of a chunked source. */
class ByteReader {
  private buf: Buffer = Buffer.alloc(0);
  private ended = false;
  constructor(private readonly it: AsyncIterator<Buffer | string>) {}

  private async pull(): Promise<boolean> {
    if (this.ended) return false;
    const r = await this.it.next();
    if (r.done) { this.ended = true; return false; }
    const chunk = typeof r.value === 'string' ? Buffer.from(r.value) : r.value;
    this.buf = this.buf.length === 0 ? chunk : Buffer.concat([this.buf, chunk]);
    return true;
  }

  /** Exactly n bytes, or undefined at a clean end of input (nothing buffered). */
  async read(n: number): Promise<Buffer | undefined> {
    while (this.buf.length < n) if (!(await this.pull())) break;
    if (this.buf.length === 0) return undefined;
    if (this.buf.length < n) throw invalid('the archive is truncated');
    const out = this.buf.subarray(0, n);
    this.buf = this.buf.subarray(n);
    return out;
  }

  /** Up to n bytes (at least one), for streaming entry bodies without copying. */
  async chunk(n: number): Promise<Buffer> {
    if (this.buf.length === 0 && !(await this.pull())) throw invalid('the archive is truncated');
    const take = Math.min(n, this.buf.length);
    const out = this.buf.subarray(0, take);
    this.buf = this.buf.subarray(take);
    return out;
  }
}

function parseNumber(field: Buffer, what: string): number {
  const first = field[0] ?? 0;
  if (first & 0x80) {
    if (first === 0xff) throw invalid(`negative ${what} in a tar header`);
    let v = first & 0x7f;
    for (const b of field.subarray(1)) v = v * 256 + b;
    if (!Number.isSafeInteger(v)) throw invalid(`${what} too large in a tar header`);
    return v;
  }
  const text = field.toString('latin1').replace(/[\0 ]+$/g, '').replace(/^ +/, '');
  if (text === '') return 0;
  if (!/^[0-7]+$/.test(text)) throw invalid(`bad ${what} field '${text}' in a tar header`);
  return parseInt(text, 8);
}

function cString(field: Buffer): string {
  const nul = field.indexOf(0);
  return field.subarray(0, nul === -1 ? field.length : nul).toString('utf8');
}

function checksumOk(h: Buffer): boolean {
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 0x20 : (h[i] ?? 0);
  return sum === parseNumber(h.subarray(148, 156), 'checksum');
}

/** Rejects absolute paths, drive letters, backslashes, NULs and `..`; returns the path without `./` parts. */
export function safeEntryPath(raw: string): string {
  if (raw.includes('\0') || raw.includes('\\')) throw invalid(`unsafe path in the archive: ${JSON.stringify(raw)}`);
  if (raw.startsWith('/') || /^[A-Za-z]:/.test(raw)) throw invalid(`absolute path in the archive: ${raw}`);
  const segments = raw.split('/').filter((s) => s !== '' && s !== '.');
  if (segments.includes('..')) throw invalid(`path traversal in the archive: ${raw}`);
  return segments.join('/');
}

/** `<len> <key>=<value>\n` records. */
function parsePax(data: Buffer): Map<string, string> {
  const out = new Map<string, string>();
  let pos = 0;
  while (pos < data.length) {
    const space = data.indexOf(0x20, pos);
    if (space === -1) break;
    const len = Number(data.subarray(pos, space).toString('latin1'));
    if (!Number.isInteger(len) || len <= 0 || pos + len > data.length) throw invalid('malformed pax header');
    const record = data.subarray(space + 1, pos + len - 1).toString('utf8');
    const eq = record.indexOf('=');
    if (eq > 0) out.set(record.slice(0, eq), record.slice(eq + 1));
    pos += len;
  }
  return out;
}

export async function* readTar(source: AsyncIterable<Buffer | string>, opts: TarReadOptions): AsyncGenerator<TarEntry> {
  const maxEntrySize = opts.maxEntrySize ?? 64 * 1024 ** 3;
  const reader = new ByteReader(source[Symbol.asyncIterator]());
  let paxPath: string | undefined;
  let paxSize: number | undefined;
  let longName: string | undefined;

  const readMeta = async (size: number, what: string): Promise<Buffer> => {
    if (size > MAX_META) throw invalid(`${what} of ${size} bytes is too large`);
    const data = size === 0 ? Buffer.alloc(0) : await reader.read(size);
    if (data === undefined) throw invalid('the archive is truncated');
    await skipPadding(size);
    return Buffer.from(data);
  };
  const skipPadding = async (size: number): Promise<void> => {
    const pad = (BLOCK - (size % BLOCK)) % BLOCK;
    if (pad > 0 && (await reader.read(pad)) === undefined) throw invalid('the archive is truncated');
  };

  for (;;) {
    if (opts.signal.aborted) throw new HeedError('ABORTED', 'models', 'aborted');
    const header = await reader.read(BLOCK);
    if (header === undefined || header.every((b) => b === 0)) return;
    if (!checksumOk(header)) throw invalid('a tar header has a bad checksum (not a tar file, or a damaged one)');
    const type = String.fromCharCode(header[156] ?? 0);
    const size = paxSize ?? parseNumber(header.subarray(124, 136), 'size');
    const magic = header.subarray(257, 263).toString('latin1');
    const prefix = magic.startsWith('ustar') ? cString(header.subarray(345, 500)) : '';
    const headerName = cString(header.subarray(0, 100));
    const rawPath = paxPath ?? longName ?? (prefix ? `${prefix}/${headerName}` : headerName);

    if (type === 'x' || type === 'g' || type === 'L') {
      const data = await readMeta(parseNumber(header.subarray(124, 136), 'size'), type === 'L' ? 'a long-name record' : 'a pax header');
      if (type === 'L') longName = cString(data);
      if (type === 'x') {
        const pax = parsePax(data);
        const p = pax.get('path');
        if (p !== undefined) paxPath = p;
        const s = pax.get('size');
        if (s !== undefined) {
          if (!/^\d+$/.test(s) || !Number.isSafeInteger(Number(s))) throw invalid(`bad pax size '${s}'`);
          paxSize = Number(s);
        }
        if (pax.has('linkpath') && pax.get('linkpath') !== '') throw invalid(`link entry in the archive: ${rawPath}`);
      }
      continue;
    }
    paxPath = undefined;
    paxSize = undefined;
    longName = undefined;

    if (type === '1' || type === '2' || type === 'K') throw invalid(`link entry in the archive: ${rawPath} (links are not allowed)`);
    if (type !== '0' && type !== '\0' && type !== '7' && type !== '5') throw invalid(`unsupported entry type '${type}' for ${rawPath}`);
    const path = safeEntryPath(rawPath);
    if (type === '5') {
      if (size > 0) await readMeta(size, 'a directory entry');
      if (path !== '') yield { path, type: 'directory', size: 0, body: (async function* () { /* empty */ })() };
      continue;
    }
    if (path === '') throw invalid('a file entry with an empty path');
    if (size > maxEntrySize) throw invalid(`${path} is ${size} bytes, over the ${maxEntrySize}-byte limit for this bundle`);

    let remaining = size;
    const signal = opts.signal;
    const body = (async function* (): AsyncGenerator<Buffer> {
      while (remaining > 0) {
        if (signal.aborted) throw new HeedError('ABORTED', 'models', 'aborted');
        const chunk = await reader.chunk(Math.min(remaining, 1024 * 1024));
        remaining -= chunk.length;
        yield chunk;
      }
    })();
    yield { path, type: 'file', size, body };
    while (remaining > 0) remaining -= (await reader.chunk(Math.min(remaining, 1024 * 1024))).length;
    await skipPadding(size);
  }
}
