/**
 * Small HTTP pieces for Heed's OpenAI-compatible server: error bodies in the OpenAI shape, JSON
 * replies with a Content-Length (keep-alive safe), bounded body reads, constant-time bearer checks,
 * loopback detection and back-pressured writes for server-sent events.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { isIP } from 'node:net';

/** An error answer: HTTP status plus the OpenAI error body fields. */
export interface ApiError {
  status: number;
  /** OpenAI error type: invalid_request_error, authentication_error, rate_limit_error, server_error … */
  type: string;
  /** Stable machine code, snake_case. */
  code: string;
  message: string;
  /** The request field at fault (zod path), when there is one. */
  param?: string;
  headers?: OutgoingHttpHeaders;
}

/** The OpenAI error body: `{"error": {"message", "type", "code", "param"}}` (validates with errorBodySchema). */
export function errorBody(e: ApiError): { error: { message: string; type: string; code: string; param: string | null } } {
  return { error: { message: e.message, type: e.type, code: e.code, param: e.param ?? null } };
}

const BASE_HEADERS: OutgoingHttpHeaders = { 'X-Content-Type-Options': 'nosniff' };

/** Sends a whole JSON answer. No-op when the response has already started or the socket is gone. */
export function sendJson(res: ServerResponse, status: number, body: unknown, headers: OutgoingHttpHeaders = {}): void {
  if (res.headersSent || res.destroyed || res.writableEnded) return;
  const data = Buffer.from(JSON.stringify(body), 'utf8');
  res.writeHead(status, {
    ...BASE_HEADERS,
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': String(data.length),
    'Cache-Control': 'no-store',
    ...headers,
  });
  res.end(data);
}

export function sendError(res: ServerResponse, e: ApiError, extraHeaders: OutgoingHttpHeaders = {}): void {
  sendJson(res, e.status, errorBody(e), { ...e.headers, ...extraHeaders });
}

/** Starts a server-sent-events answer: no caching, no proxy buffering. */
export function startSse(res: ServerResponse, headers: OutgoingHttpHeaders = {}): void {
  res.writeHead(200, {
    ...BASE_HEADERS,
    'Content-Type': 'text/event-stream; charset=utf-8',
    'Cache-Control': 'no-cache',
    'X-Accel-Buffering': 'no',
    ...headers,
  });
  res.flushHeaders();
}

/**
 * Writes one piece of a streamed answer, waiting for the socket to drain when its buffer is full.
 * Resolves false when the client is gone or the signal fired while waiting (the caller stops).
 */
export function writeOut(res: ServerResponse, text: string, signal: AbortSignal): Promise<boolean> {
  if (res.destroyed || res.writableEnded) return Promise.resolve(false);
  if (res.write(text)) return Promise.resolve(true);
  return new Promise((resolve) => {
    const done = (ok: boolean): void => {
      res.off('drain', onDrain);
      res.off('close', onClose);
      signal.removeEventListener('abort', onAbort);
      resolve(ok);
    };
    const onDrain = (): void => done(true);
    const onClose = (): void => done(false);
    const onAbort = (): void => done(false);
    res.on('drain', onDrain);
    res.on('close', onClose);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

export type BodyResult =
  | { kind: 'ok'; body: Buffer }
  | { kind: 'too_large' }
  /** The client went away, the connection failed, or the signal fired. */
  | { kind: 'closed' };

/**
 * Reads a request body up to `limit` bytes. A declared Content-Length over the limit is refused
 * before reading anything; a body that grows past it is refused as soon as it does (the rest is
 * discarded, and the caller should answer with `Connection: close`).
 */
export function readBody(req: IncomingMessage, limit: number, signal: AbortSignal): Promise<BodyResult> {
  const declared = req.headers['content-length'];
  if (declared !== undefined && Number(declared) > limit) return Promise.resolve({ kind: 'too_large' });
  if (signal.aborted) return Promise.resolve({ kind: 'closed' });
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const finish = (r: BodyResult): void => {
      if (settled) return;
      settled = true;
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('close', onClose);
      req.off('error', onClose);
      signal.removeEventListener('abort', onClose);
      if (r.kind !== 'ok') {
        req.on('error', ignore);
        req.resume(); // discard whatever else arrives
      }
      resolve(r);
    };
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > limit) finish({ kind: 'too_large' });
      else chunks.push(chunk);
    };
    const onEnd = (): void => finish({ kind: 'ok', body: Buffer.concat(chunks, size) });
    const onClose = (): void => finish({ kind: 'closed' });
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('close', onClose);
    req.on('error', onClose);
    signal.addEventListener('abort', onClose, { once: true });
  });
}

function ignore(): void {
  // errors on a request whose body is being discarded say nothing new
}

function digest(s: string): Buffer {
  return createHash('sha256').update(s, 'utf8').digest();
}

/**
 * A checker for `Authorization: Bearer <token>`. Compares sha256 digests with timingSafeEqual, so
 * the time taken depends neither on where the given token differs nor on its length.
 */
export function bearerChecker(token: string): (authorization: string | undefined) => boolean {
  const expected = digest(token);
  return (authorization) => {
    const m = /^Bearer +(\S+) *$/i.exec(authorization ?? '');
    const ok = timingSafeEqual(digest(m?.[1] ?? ''), expected);
    return ok && m !== null;
  };
}

/** Whether a listen address only accepts connections from this machine. */
export function isLoopbackHost(host: string): boolean {
  const h = host.trim().toLowerCase().replace(/^\[(.*)\]$/, '$1');
  if (h === 'localhost' || h.endsWith('.localhost')) return true;
  if (isIP(h) === 4) return h.startsWith('127.');
  if (isIP(h) === 6) return h === '::1' || /^::ffff:127\./.test(h) || h === '0:0:0:0:0:0:0:1';
  return false;
}

/** `http://host:port`, with IPv6 literals bracketed. */
export function httpUrl(host: string, port: number): string {
  return isIP(host) === 6 ? `http://[${host}]:${port}` : `http://${host}:${port}`;
}
