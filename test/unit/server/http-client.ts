/** A tiny node:http client for the server tests: whole replies, and server-sent events as they arrive. */
import { request as httpRequest, type ClientRequest, type IncomingHttpHeaders, type IncomingMessage } from 'node:http';

export interface Reply {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface RequestOptions {
  method?: string;
  headers?: Record<string, string>;
  /** Sent as JSON (Content-Type application/json). */
  json?: unknown;
  /** Sent as is. */
  body?: string | Buffer;
  /** Send the body with chunked encoding (no Content-Length). */
  chunked?: boolean;
  token?: string;
}

/** Sends a request and returns it at once (no waiting for the reply). */
export function send(base: string, path: string, opts: RequestOptions): ClientRequest {
  const headers: Record<string, string> = { ...opts.headers };
  if (opts.token !== undefined) headers['Authorization'] = `Bearer ${opts.token}`;
  const body = opts.json !== undefined ? JSON.stringify(opts.json) : opts.body;
  if (opts.json !== undefined) headers['Content-Type'] = 'application/json';
  if (body !== undefined && !opts.chunked) headers['Content-Length'] = String(Buffer.byteLength(body));
  // agent: false — a fresh connection per request, so nothing lingers in a pool across tests.
  const req = httpRequest(new URL(path, base), { method: opts.method ?? (body === undefined ? 'GET' : 'POST'), headers, agent: false });
  if (body !== undefined) {
    if (opts.chunked) {
      const buf = Buffer.from(body);
      for (let i = 0; i < buf.length; i += 16 * 1024) req.write(buf.subarray(i, i + 16 * 1024));
    } else {
      req.write(body);
    }
  }
  req.end();
  return req;
}

/** The whole reply. A request error after the reply arrived (the server cut an unread upload) is ignored. */
export function request(base: string, path: string, opts: RequestOptions = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    let replied = false;
    const req = send(base, path, opts);
    req.on('error', (err) => {
      if (!replied) reject(err);
    });
    req.on('response', (res) => {
      replied = true;
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
  });
}

/** Opens a request and resolves when the reply's headers are in. */
export function openStream(base: string, path: string, opts: RequestOptions = {}): Promise<{ req: ClientRequest; res: IncomingMessage }> {
  return new Promise((resolve, reject) => {
    const req = send(base, path, opts);
    req.on('error', reject);
    req.on('response', (res) => resolve({ req, res }));
  });
}

/** The `data:` payloads of a server-sent-event stream, as they arrive. */
export async function* sseData(res: IncomingMessage): AsyncGenerator<string> {
  let buf = '';
  for await (const chunk of res as AsyncIterable<Buffer>) {
    buf += chunk.toString('utf8');
    let end: number;
    while ((end = buf.indexOf('\n\n')) !== -1) {
      const event = buf.slice(0, end);
      buf = buf.slice(end + 2);
      const data = event.split('\n').filter((l) => l.startsWith('data: ')).map((l) => l.slice(6)).join('\n');
      if (data !== '') yield data;
    }
  }
  if (buf.trim() !== '') throw new Error(`stream ended inside an event: ${JSON.stringify(buf)}`);
}

/** Every `data:` payload of a whole stream, and whether it ended cleanly (no socket error). */
export async function readSse(res: IncomingMessage): Promise<{ data: string[]; clean: boolean }> {
  const data: string[] = [];
  try {
    for await (const d of sseData(res)) data.push(d);
    return { data, clean: true };
  } catch {
    return { data, clean: false };
  }
}
