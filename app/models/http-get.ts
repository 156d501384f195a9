/** One HTTP(S) GET hop with node:http/https: no redirects followed, no decompression, a deadline for the response headers. */
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { Readable } from 'node:stream';
import { HeedError } from '../core/errors.js';

export interface HttpResponse {
  status: number;
  headers: IncomingHttpHeaders;
  /** The body; the caller reads it to the end or destroys it. */
  body: Readable;
}

export interface HttpGetOptions {
  signal: AbortSignal;
  /** Deadline for connecting and receiving the status line and headers. */
  connectTimeoutMs: number;
}

/** A single GET. Tests and callers may swap it (downloadModel's fetchImpl). */
export type HttpGet = (url: URL, headers: Readonly<Record<string, string>>, opts: HttpGetOptions) => Promise<HttpResponse>;

/** Raised for network-level failures (refused, reset, DNS, timeouts): the download retries these. */
export class TransientNetworkError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'TransientNetworkError';
  }
}

export const httpGet: HttpGet = (url, headers, { signal, connectTimeoutMs }) => new Promise((resolve, reject) => {
  if (signal.aborted) { reject(new HeedError('ABORTED', 'models', 'aborted')); return; }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    reject(new HeedError('DOWNLOAD_FAILED', 'models', `unsupported URL scheme ${url.protocol} in ${url.href}`, { recoverable: false }));
    return;
  }
  const req = (url.protocol === 'https:' ? httpsRequest : httpRequest)(url, { method: 'GET', headers: { ...headers } });
  let settled = false;
  const finish = (fn: () => void): void => {
    if (settled) return;
    settled = true;
    clearTimeout(timer);
    signal.removeEventListener('abort', onAbort);
    fn();
  };
  const onAbort = (): void => {
    req.destroy();
    finish(() => reject(new HeedError('ABORTED', 'models', 'aborted')));
  };
  const timer = setTimeout(() => {
    req.destroy();
    finish(() => reject(new TransientNetworkError(`no response from ${url.host} within ${connectTimeoutMs} ms`)));
  }, connectTimeoutMs);
  signal.addEventListener('abort', onAbort, { once: true });
  req.on('response', (res) => finish(() => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: res })));
  req.on('error', (err) => finish(() => reject(new TransientNetworkError(`${url.host}: ${err.message}`, { cause: err }))));
  req.end();
});
