/**
 * downloadModel: fetches one model file into `<dest>.part`, resuming it with a Range request, retrying
 * network errors, 5xx and timeouts with backoff, and renames it into place only when the size and the
 * sha256 match. A mismatch deletes the part (CHECKSUM_MISMATCH); an abort leaves it for the next call.
 */
import { createHash, type Hash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, rename, rm, stat, type FileHandle } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { HeedError, isAbortError } from '../core/errors.js';
import { httpGet, TransientNetworkError, type HttpGet, type HttpResponse } from './http-get.js';

export interface DownloadProgress {
  /** Bytes in the part file so far (including what an earlier run left). */
  received: number;
  total: number;
  bytesPerSec: number;
}

export interface DownloadOptions {
  sha256: string;
  size: number;
  signal: AbortSignal;
  onProgress?: (p: DownloadProgress) => void;
  /** Deadline for each request's response headers (default 30 s). */
  connectTimeoutMs?: number;
  /** Longest silence while reading the body (default 60 s). */
  readTimeoutMs?: number;
  /** Attempts after the first that made no progress before giving up (default 5). */
  retries?: number;
  /** First backoff delay; doubles per failure up to 30 s (default 1 s). */
  retryDelayMs?: number;
  fetchImpl?: HttpGet;
}

export interface DownloadResult {
  path: string;
  bytes: number;
  /** Where the first request of this call started (> 0 when an earlier part was resumed). */
  resumedFrom: number;
  /** Requests made (redirect hops not counted). */
  attempts: number;
}

const MAX_REDIRECTS = 5;
const PROGRESS_INTERVAL_MS = 100;

/** A failure worth another attempt (network, timeouts, 5xx, a short body). */
class RetryableError extends Error {
  override name = 'RetryableError';
}

interface PartState { offset: number; hash: Hash }

export async function downloadModel(url: string, dest: string, opts: DownloadOptions): Promise<DownloadResult> {
  const { signal, size } = opts;
  const part = `${dest}.part`;
  const retries = opts.retries ?? 5;
  const baseDelay = opts.retryDelayMs ?? 1000;
  let first: URL;
  try { first = new URL(url); } catch {
    throw new HeedError('DOWNLOAD_FAILED', 'models', `not a valid URL: ${url}`, { recoverable: false });
  }
  const aborted = (): HeedError => new HeedError('ABORTED', 'models', `download of ${basename(dest)} aborted; the partial file ${part} is kept for resuming`);
  await mkdir(dirname(dest), { recursive: true });

  let state: PartState | undefined;
  let failures = 0;
  let attempts = 0;
  let resumedFrom = -1;
  let lastError = '';
  for (;;) {
    if (signal.aborted) throw aborted();
    let progressed = false;
    try {
      const start = await startingPoint(part, size, state, signal);
      if (start.offset === size) {
        await finalize(part, dest, start.hash, opts);
        return { path: dest, bytes: size, resumedFrom: resumedFrom < 0 ? size : resumedFrom, attempts };
      }
      if (resumedFrom < 0) resumedFrom = start.offset;
      attempts++;
      const res = await requestFollowingRedirects(first, start.offset, opts);
      const body = await receive(res, part, start, opts, (s) => { state = s; progressed = true; });
      state = body;
      if (body.offset === size) {
        await finalize(part, dest, body.hash, opts);
        return { path: dest, bytes: size, resumedFrom, attempts };
      }
      throw new RetryableError(`the connection closed after ${body.offset} of ${size} bytes`);
    } catch (err) {
      if (signal.aborted || isAbortError(err)) throw aborted();
      if (!(err instanceof RetryableError || err instanceof TransientNetworkError)) throw asHeedError(err, dest);
      lastError = err.message;
      failures = progressed ? 0 : failures + 1;
      if (failures > retries) {
        throw new HeedError('DOWNLOAD_FAILED', 'models', `download of ${basename(dest)} from ${url} failed after ${failures} attempts without progress: ${lastError}`, { hint: 'check the network or the mirror, then run the same command again to resume' });
      }
      try { await backoff(baseDelay, failures, signal); } catch { throw aborted(); }
    }
  }
}

async function backoff(baseDelay: number, failures: number, signal: AbortSignal): Promise<void> {
  const delay = Math.min(30_000, baseDelay * 2 ** Math.max(0, failures - 1));
  const jittered = delay * (0.75 + Math.random() * 0.5);
  await sleep(jittered, undefined, { signal });
}

function asHeedError(err: unknown, dest: string): HeedError {
  if (err instanceof HeedError) return err;
  const e = err as NodeJS.ErrnoException;
  const hint = e.code === 'ENOSPC' ? 'free some disk space and run the command again' : undefined;
  return new HeedError('DOWNLOAD_FAILED', 'models', `writing ${dest}: ${e.message ?? String(err)}`, { recoverable: false, cause: err, ...(hint ? { hint } : {}) });
}

function mismatch(dest: string, what: string, expected: string | number, actual: string | number): HeedError {
  return new HeedError('CHECKSUM_MISMATCH', 'models', `${basename(dest)}: ${what} is ${actual}, expected ${expected}; the partial file was deleted`, { hint: 'the source serves a different file than the manifest pins; check the mirror or the manifest entry' });
}

/** What the part file holds now: its length and the sha256 state over those bytes (hashed from disk unless already known). */
async function startingPoint(part: string, size: number, known: PartState | undefined, signal: AbortSignal): Promise<PartState> {
  let length = 0;
  try { length = (await stat(part)).size; } catch { length = 0; }
  if (length > size) {
    await rm(part, { force: true });
    length = 0;
  }
  if (known && known.offset === length) return { offset: length, hash: known.hash.copy() };
  const hash = createHash('sha256');
  if (length > 0) {
    for await (const chunk of createReadStream(part, { start: 0, end: length - 1, signal })) hash.update(chunk as Buffer);
  }
  return { offset: length, hash };
}

/** GET with `Range: bytes=<offset>-` when resuming, following up to five redirects (any host, never https → http). */
async function requestFollowingRedirects(first: URL, offset: number, opts: DownloadOptions): Promise<HttpResponse> {
  const get = opts.fetchImpl ?? httpGet;
  const headers: Record<string, string> = { 'user-agent': 'heed-models/1', 'accept-encoding': 'identity' };
  if (offset > 0) headers['range'] = `bytes=${offset}-`;
  let url = first;
  for (let hop = 0; ; hop++) {
    const res = await get(url, headers, { signal: opts.signal, connectTimeoutMs: opts.connectTimeoutMs ?? 30_000 });
    if (![301, 302, 303, 307, 308].includes(res.status)) return res;
    res.body.destroy();
    const location = res.headers.location;
    if (!location) throw new HeedError('DOWNLOAD_FAILED', 'models', `HTTP ${res.status} from ${url.host} without a Location header (${first.href})`, { recoverable: false });
    if (hop + 1 > MAX_REDIRECTS) throw new HeedError('DOWNLOAD_FAILED', 'models', `more than ${MAX_REDIRECTS} redirects fetching ${first.href}`, { recoverable: false });
    const next = new URL(location, url);
    if (url.protocol === 'https:' && next.protocol !== 'https:') {
      throw new HeedError('DOWNLOAD_FAILED', 'models', `refusing a redirect from https to ${next.protocol} (${next.host}) fetching ${first.href}`, { recoverable: false });
    }
    url = next;
  }
}

// `bytes <start>-<end>/<total>` or `bytes */<total>` (the latter on 416).
function parseContentRange(value: string | undefined): { start: number | undefined; total: number | undefined } {
  const m = /^bytes (?:(\d+)-\d+|\*)\/(\d+|\*)$/.exec((value ?? '').trim());
  if (!m) return { start: undefined, total: undefined };
  return { start: m[1] === undefined ? undefined : Number(m[1]), total: m[2] === '*' || m[2] === undefined ? undefined : Number(m[2]) };
}

/** Checks the status, opens the part (append on 206, truncate on 200) and streams the body into it. */
async function receive(res: HttpResponse, part: string, start: PartState, opts: DownloadOptions, onChunk: (s: PartState) => void): Promise<PartState> {
  const { size } = opts;
  const dest = part.slice(0, -'.part'.length);
  let from: PartState;
  if (res.status === 206) {
    const range = parseContentRange(res.headers['content-range']);
    if (range.total !== undefined && range.total !== size) {
      res.body.destroy();
      await rm(part, { force: true });
      throw mismatch(dest, 'the size the server reports', size, range.total);
    }
    if (range.start !== start.offset) {
      res.body.destroy();
      await rm(part, { force: true });
      throw new RetryableError(`the server resumed at byte ${range.start ?? '?'} instead of ${start.offset}; starting over`);
    }
    from = start;
  } else if (res.status === 200) {
    const length = res.headers['content-length'];
    if (length !== undefined && Number(length) !== size) {
      res.body.destroy();
      await rm(part, { force: true });
      throw mismatch(dest, 'the size the server reports', size, Number(length));
    }
    from = { offset: 0, hash: createHash('sha256') };
  } else if (res.status === 416) {
    res.body.destroy();
    const range = parseContentRange(res.headers['content-range']);
    await rm(part, { force: true });
    if (range.total !== undefined && range.total !== size) throw mismatch(dest, 'the size the server reports', size, range.total);
    throw new RetryableError(`the server refused to resume at byte ${start.offset} (HTTP 416); starting over`);
  } else {
    res.body.destroy();
    const retry = res.status >= 500 || res.status === 408 || res.status === 429;
    const message = `HTTP ${res.status} fetching ${basename(dest)}`;
    if (retry) throw new RetryableError(message);
    throw new HeedError('DOWNLOAD_FAILED', 'models', `${message} (the server refused it; not retried)`, { recoverable: false });
  }

  const fh = await open(part, from.offset === 0 ? 'w' : 'a');
  try {
    const done = await stream(res, fh, from, opts, onChunk, dest);
    await fh.sync();
    return done;
  } finally {
    await fh.close();
  }
}

async function stream(res: HttpResponse, fh: FileHandle, from: PartState, opts: DownloadOptions, onChunk: (s: PartState) => void, dest: string): Promise<PartState> {
  const { size, signal } = opts;
  const readTimeoutMs = opts.readTimeoutMs ?? 60_000;
  const body = res.body;
  let offset = from.offset;
  const hash = from.hash;
  const startedAt = Date.now();
  let lastReport = 0;
  const report = (force: boolean): void => {
    const now = Date.now();
    if (!opts.onProgress || (!force && now - lastReport < PROGRESS_INTERVAL_MS)) return;
    lastReport = now;
    const secs = Math.max(0.001, (now - startedAt) / 1000);
    opts.onProgress({ received: offset, total: size, bytesPerSec: (offset - from.offset) / secs });
  };
  let timer: NodeJS.Timeout | undefined;
  const arm = (): void => {
    clearTimeout(timer);
    timer = setTimeout(() => body.destroy(new TransientNetworkError(`no data for ${readTimeoutMs} ms`)), readTimeoutMs);
  };
  const onAbort = (): void => { body.destroy(new HeedError('ABORTED', 'models', 'aborted')); };
  signal.addEventListener('abort', onAbort, { once: true });
  report(true);
  arm();
  try {
    const it = body[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
    for (;;) {
      let next: IteratorResult<Buffer>;
      try {
        next = await it.next();
      } catch (err) {
        if (signal.aborted || isAbortError(err)) throw new HeedError('ABORTED', 'models', 'aborted');
        if (err instanceof TransientNetworkError) throw err;
        throw new RetryableError(`the connection broke after ${offset} of ${size} bytes: ${(err as Error).message}`);
      }
      if (next.done) break;
      const chunk = next.value;
      if (offset + chunk.length > size) {
        body.destroy();
        await rm(`${dest}.part`, { force: true });
        throw mismatch(dest, 'the size the server sends', size, `more than ${size}`);
      }
      await fh.write(chunk);
      hash.update(chunk);
      offset += chunk.length;
      onChunk({ offset, hash });
      arm();
      report(false);
    }
  } finally {
    clearTimeout(timer);
    signal.removeEventListener('abort', onAbort);
    body.destroy();
  }
  report(true);
  return { offset, hash };
}

/** Size and sha256 check, fsync, then an atomic rename of the part onto dest. */
async function finalize(part: string, dest: string, hash: Hash, opts: DownloadOptions): Promise<void> {
  const actual = hash.digest('hex');
  if (actual !== opts.sha256) {
    await rm(part, { force: true });
    throw mismatch(dest, 'the sha256', opts.sha256, actual);
  }
  const fh = await open(part, 'r+');
  try { await fh.sync(); } finally { await fh.close(); }
  await rename(part, dest);
  await syncDir(dirname(dest));
}

async function syncDir(dir: string): Promise<void> {
  try {
    const fh = await open(dir, 'r');
    try { await fh.sync(); } finally { await fh.close(); }
  } catch { /* not every filesystem lets a directory be fsynced; the rename is still atomic */ }
}
