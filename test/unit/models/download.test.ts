import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HeedError } from '../../../app/core/errors.js';
import { downloadModel, type DownloadOptions, type DownloadProgress } from '../../../app/models/download.js';

const T = { timeout: 20_000 };
const PAYLOAD = randomBytes(3 * 1024 * 1024 + 1234);
const SHA = createHash('sha256').update(PAYLOAD).digest('hex');

interface Seen { path: string; range: string | undefined; status?: number }
interface Running { base: string; seen: Seen[]; close(): Promise<void> }

type Handler = (req: IncomingMessage, res: ServerResponse, n: number) => void;

async function serve(handler: Handler): Promise<Running> {
  const seen: Seen[] = [];
  const server: Server = createServer((req, res) => {
    const entry: Seen = { path: req.url ?? '', range: req.headers.range };
    seen.push(entry);
    const writeHead = res.writeHead.bind(res) as (...a: unknown[]) => ServerResponse;
    res.writeHead = ((status: number, ...rest: unknown[]) => { entry.status = status; return writeHead(status, ...rest); }) as ServerResponse['writeHead'];
    handler(req, res, seen.length);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    base: `http://127.0.0.1:${port}`,
    seen,
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

/** Serves `data`, honouring `Range: bytes=N-`. */
function sendFile(req: IncomingMessage, res: ServerResponse, data: Buffer = PAYLOAD): void {
  const m = /^bytes=(\d+)-$/.exec(req.headers.range ?? '');
  if (m) {
    const start = Number(m[1]);
    if (start >= data.length) {
      res.writeHead(416, { 'content-range': `bytes */${data.length}` });
      res.end();
      return;
    }
    res.writeHead(206, { 'content-length': data.length - start, 'content-range': `bytes ${start}-${data.length - 1}/${data.length}` });
    res.end(data.subarray(start));
    return;
  }
  res.writeHead(200, { 'content-length': data.length });
  res.end(data);
}

function tmp(): { dir: string; dest: string; done(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'heed-dl-'));
  return { dir, dest: join(dir, 'models', 'model.gguf'), done: () => rmSync(dir, { recursive: true, force: true }) };
}

function opts(extra: Partial<DownloadOptions> = {}): DownloadOptions {
  return { sha256: SHA, size: PAYLOAD.length, signal: AbortSignal.timeout(15_000), retryDelayMs: 10, ...extra };
}

async function rejectsWith(p: Promise<unknown>, code: string): Promise<HeedError> {
  try {
    await p;
  } catch (err) {
    assert.ok(err instanceof HeedError, `expected a HeedError, got ${String(err)}`);
    assert.equal(err.code, code, err.message);
    return err;
  }
  assert.fail(`expected ${code}`);
}

test('downloads the whole file, checks sha256 and renames it into place', T, async () => {
  const srv = await serve((req, res) => sendFile(req, res));
  const t = tmp();
  try {
    const progress: DownloadProgress[] = [];
    const r = await downloadModel(`${srv.base}/m.gguf`, t.dest, opts({ onProgress: (p) => progress.push(p) }));
    assert.deepEqual(readFileSync(t.dest), PAYLOAD);
    assert.equal(existsSync(`${t.dest}.part`), false);
    assert.equal(r.bytes, PAYLOAD.length);
    assert.equal(r.resumedFrom, 0);
    assert.equal(srv.seen.length, 1);
    assert.equal(srv.seen[0]?.range, undefined);
    const last = progress.at(-1);
    assert.equal(last?.received, PAYLOAD.length);
    assert.equal(last?.total, PAYLOAD.length);
    assert.ok((last?.bytesPerSec ?? 0) > 0);
  } finally { t.done(); await srv.close(); }
});

test('resumes with a Range request after the server cuts the connection midway', T, async () => {
  const cut = 1024 * 1024 + 17;
  const srv = await serve((req, res, n) => {
    if (n === 1) {
      res.writeHead(200, { 'content-length': PAYLOAD.length });
      res.write(PAYLOAD.subarray(0, cut), () => setTimeout(() => req.socket.destroy(), 20));
      return;
    }
    sendFile(req, res);
  });
  const t = tmp();
  try {
    const r = await downloadModel(`${srv.base}/m.gguf`, t.dest, opts());
    assert.deepEqual(readFileSync(t.dest), PAYLOAD);
    assert.equal(srv.seen.length, 2);
    const second = srv.seen[1];
    const from = Number(/^bytes=(\d+)-$/.exec(second?.range ?? '')?.[1]);
    assert.ok(from > 0 && from <= cut, `second request range ${second?.range}`);
    assert.equal(second?.status, 206);
    assert.equal(r.attempts, 2);
  } finally { t.done(); await srv.close(); }
});

test('a server that ignores Range (200) makes the download start over', T, async () => {
  const srv = await serve((_req, res) => { res.writeHead(200, { 'content-length': PAYLOAD.length }); res.end(PAYLOAD); });
  const t = tmp();
  try {
    // a stale part full of garbage: it must be thrown away, not appended to
    const dest = join(t.dir, 'm.gguf');
    writeFileSync(`${dest}.part`, randomBytes(700_000));
    const r = await downloadModel(`${srv.base}/m.gguf`, dest, opts());
    assert.deepEqual(readFileSync(dest), PAYLOAD);
    assert.equal(srv.seen.length, 1);
    assert.equal(srv.seen[0]?.range, 'bytes=700000-');
    assert.equal(srv.seen[0]?.status, 200);
    assert.equal(r.resumedFrom, 700_000);
  } finally { t.done(); await srv.close(); }
});

test('a corrupted byte fails with CHECKSUM_MISMATCH and leaves neither the file nor the part', T, async () => {
  const bad = Buffer.from(PAYLOAD);
  bad[123_456] = (bad[123_456] ?? 0) ^ 0xff;
  const srv = await serve((req, res) => sendFile(req, res, bad));
  const t = tmp();
  try {
    const e = await rejectsWith(downloadModel(`${srv.base}/m.gguf`, t.dest, opts()), 'CHECKSUM_MISMATCH');
    const badSha = createHash('sha256').update(bad).digest('hex');
    assert.match(e.message, new RegExp(SHA));
    assert.match(e.message, new RegExp(badSha));
    assert.equal(existsSync(t.dest), false);
    assert.equal(existsSync(`${t.dest}.part`), false);
  } finally { t.done(); await srv.close(); }
});

test('a wrong expected sha256 is a CHECKSUM_MISMATCH naming both hashes', T, async () => {
  const srv = await serve((req, res) => sendFile(req, res));
  const t = tmp();
  try {
    const wrong = createHash('sha256').update('something else').digest('hex');
    const e = await rejectsWith(downloadModel(`${srv.base}/m.gguf`, t.dest, opts({ sha256: wrong })), 'CHECKSUM_MISMATCH');
    assert.match(e.message, new RegExp(`${SHA}.*expected ${wrong}`));
    assert.equal(existsSync(t.dest), false);
  } finally { t.done(); await srv.close(); }
});

test('a size the server reports that differs from the manifest fails before writing', T, async () => {
  const srv = await serve((req, res) => sendFile(req, res, PAYLOAD.subarray(0, 1000)));
  const t = tmp();
  try {
    const e = await rejectsWith(downloadModel(`${srv.base}/m.gguf`, t.dest, opts()), 'CHECKSUM_MISMATCH');
    assert.match(e.message, /1000/);
    assert.equal(existsSync(`${t.dest}.part`), false);
  } finally { t.done(); await srv.close(); }
});

test('404 is DOWNLOAD_FAILED at once, not retried', T, async () => {
  const srv = await serve((_req, res) => { res.writeHead(404); res.end('no'); });
  const t = tmp();
  try {
    const e = await rejectsWith(downloadModel(`${srv.base}/m.gguf`, t.dest, opts({ retries: 5 })), 'DOWNLOAD_FAILED');
    assert.match(e.message, /HTTP 404/);
    assert.equal(srv.seen.length, 1);
  } finally { t.done(); await srv.close(); }
});

test('500 is retried with backoff and then succeeds', T, async () => {
  const srv = await serve((req, res, n) => {
    if (n <= 2) { res.writeHead(500); res.end('busy'); return; }
    sendFile(req, res);
  });
  const t = tmp();
  try {
    await downloadModel(`${srv.base}/m.gguf`, t.dest, opts({ retries: 3 }));
    assert.deepEqual(readFileSync(t.dest), PAYLOAD);
    assert.equal(srv.seen.length, 3);
  } finally { t.done(); await srv.close(); }
});

test('a server that keeps failing gives up after the retries', T, async () => {
  const srv = await serve((_req, res) => { res.writeHead(503); res.end(); });
  const t = tmp();
  try {
    const e = await rejectsWith(downloadModel(`${srv.base}/m.gguf`, t.dest, opts({ retries: 2 })), 'DOWNLOAD_FAILED');
    assert.match(e.message, /3 attempts/);
    assert.equal(srv.seen.length, 3);
  } finally { t.done(); await srv.close(); }
});

test('follows redirects, including to another host, and gives up after five', T, async () => {
  const cdn = await serve((req, res) => sendFile(req, res));
  const origin = await serve((req, res) => {
    if (req.url === '/org/model/resolve/main/m.gguf') { res.writeHead(302, { location: '/hop' }); res.end(); return; }
    if (req.url === '/hop') { res.writeHead(307, { location: `${cdn.base}/blob/abc?sig=1` }); res.end(); return; }
    const n = Number(/^\/loop\/(\d+)$/.exec(req.url ?? '')?.[1] ?? 0);
    res.writeHead(302, { location: `/loop/${n + 1}` });
    res.end();
  });
  const t = tmp();
  try {
    await downloadModel(`${origin.base}/org/model/resolve/main/m.gguf`, t.dest, opts());
    assert.deepEqual(readFileSync(t.dest), PAYLOAD);
    assert.deepEqual(cdn.seen.map((s) => s.path), ['/blob/abc?sig=1']);
    const e = await rejectsWith(downloadModel(`${origin.base}/loop/0`, join(t.dir, 'loop.gguf'), opts()), 'DOWNLOAD_FAILED');
    assert.match(e.message, /redirects/);
  } finally { t.done(); await cdn.close(); await origin.close(); }
});

test('a server that stalls mid-body hits the read timeout and the download resumes', T, async () => {
  const srv = await serve((req, res, n) => {
    if (n === 1) {
      res.writeHead(200, { 'content-length': PAYLOAD.length });
      res.write(PAYLOAD.subarray(0, 300_000));
      return; // never finishes
    }
    sendFile(req, res);
  });
  const t = tmp();
  try {
    const started = Date.now();
    await downloadModel(`${srv.base}/m.gguf`, t.dest, opts({ readTimeoutMs: 300 }));
    assert.deepEqual(readFileSync(t.dest), PAYLOAD);
    assert.equal(srv.seen.length, 2);
    assert.match(srv.seen[1]?.range ?? '', /^bytes=\d+-$/);
    assert.ok(Date.now() - started < 10_000);
  } finally { t.done(); await srv.close(); }
});

test('a server that never answers is a DOWNLOAD_FAILED after the connect timeout and retries', T, async () => {
  const srv = await serve(() => { /* hang: no status line */ });
  const t = tmp();
  try {
    const e = await rejectsWith(downloadModel(`${srv.base}/m.gguf`, t.dest, opts({ connectTimeoutMs: 200, retries: 1 })), 'DOWNLOAD_FAILED');
    assert.match(e.message, /no response/);
    assert.equal(srv.seen.length, 2);
  } finally { t.done(); await srv.close(); }
});

test('abort keeps the .part and a later call resumes from it', T, async () => {
  const slow = await serve((req, res) => {
    res.writeHead(200, { 'content-length': PAYLOAD.length });
    let pos = 0;
    const tick = setInterval(() => {
      if (res.destroyed || pos >= PAYLOAD.length) { clearInterval(tick); if (!res.destroyed) res.end(); return; }
      res.write(PAYLOAD.subarray(pos, pos + 64 * 1024));
      pos += 64 * 1024;
    }, 10);
    req.on('close', () => clearInterval(tick));
  });
  const t = tmp();
  try {
    const ac = new AbortController();
    const e = await rejectsWith(downloadModel(`${slow.base}/m.gguf`, t.dest, opts({
      signal: ac.signal,
      onProgress: (p) => { if (p.received >= 256 * 1024) ac.abort(); },
    })), 'ABORTED');
    assert.match(e.message, /kept for resuming/);
    assert.equal(existsSync(t.dest), false);
    const kept = statSync(`${t.dest}.part`).size;
    assert.ok(kept >= 256 * 1024 && kept < PAYLOAD.length, `part has ${kept} bytes`);

    const fast = await serve((req, res) => sendFile(req, res));
    try {
      const r = await downloadModel(`${fast.base}/m.gguf`, t.dest, opts());
      assert.equal(r.resumedFrom, kept);
      assert.equal(fast.seen[0]?.range, `bytes=${kept}-`);
      assert.equal(fast.seen[0]?.status, 206);
      assert.deepEqual(readFileSync(t.dest), PAYLOAD);
      assert.equal(existsSync(`${t.dest}.part`), false);
    } finally { await fast.close(); }
  } finally { t.done(); await slow.close(); }
});

test('a complete, correct .part is verified and moved into place without a request', T, async () => {
  const srv = await serve((req, res) => sendFile(req, res));
  const t = tmp();
  try {
    await downloadModel(`${srv.base}/m.gguf`, t.dest, opts());
    const again = join(t.dir, 'again.gguf');
    writeFileSync(`${again}.part`, PAYLOAD);
    const before = srv.seen.length;
    const r = await downloadModel(`${srv.base}/m.gguf`, again, opts());
    assert.equal(srv.seen.length, before);
    assert.equal(r.attempts, 0);
    assert.deepEqual(readFileSync(again), PAYLOAD);
  } finally { t.done(); await srv.close(); }
});

test('416 on resume throws the part away and starts over', T, async () => {
  const srv = await serve((req, res) => {
    if (req.headers.range) { res.writeHead(416, { 'content-range': `bytes */${PAYLOAD.length}` }); res.end(); return; }
    sendFile(req, res);
  });
  const t = tmp();
  try {
    const dest = join(t.dir, 'm.gguf');
    writeFileSync(`${dest}.part`, PAYLOAD.subarray(0, 5000));
    await downloadModel(`${srv.base}/m.gguf`, dest, opts());
    assert.deepEqual(readFileSync(dest), PAYLOAD);
    assert.deepEqual(srv.seen.map((s) => [s.range, s.status]), [['bytes=5000-', 416], [undefined, 200]]);
  } finally { t.done(); await srv.close(); }
});

test('abort during the retry backoff is ABORTED, not a stray AbortError', T, async () => {
  const srv = await serve((_req, res) => { res.writeHead(503); res.end(); });
  const t = tmp();
  try {
    const ac = new AbortController();
    const p = downloadModel(`${srv.base}/m.gguf`, t.dest, opts({ signal: ac.signal, retryDelayMs: 5_000 }));
    setTimeout(() => ac.abort(), 200);
    await rejectsWith(p, 'ABORTED');
    assert.equal(srv.seen.length, 1);
  } finally { t.done(); await srv.close(); }
});
