/**
 * `heed serve-llm`'s HTTP server: an OpenAI-compatible chat-completions endpoint over any LlmEngine.
 *
 *   GET  /v1/models             the one model (modelListSchema); GET /v1/models/<id> the model itself
 *   POST /v1/chat/completions   JSON or server-sent chunks (chat-handler.ts)
 *   GET  /health                no auth: {ok, active, queued}; 503 with ok false while shutting down
 *
 * Every route but /health wants `Authorization: Bearer <token>` when a token is set, and a token is
 * required to listen anywhere but loopback. Engine calls go through a FIFO queue (llm-queue.ts).
 * Each request has one AbortController: it fires when the client leaves, when the request has run
 * longer than requestTimeoutMs (queue wait included) and when shutdown cuts it short. The server
 * logs ids, sizes, counts, codes and timings, never message contents. close() does not close the
 * engine: whoever made the engine does.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type OutgoingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HeedError } from '../core/errors.js';
import { redactText } from '../core/redact.js';
import type { LlmEngine } from '../engines/llm/types.js';
import { handleChatCompletion, type ChatCall, type ChatDeps } from './chat-handler.js';
import { bearerChecker, httpUrl, isLoopbackHost, sendError, sendJson, type ApiError } from './http-util.js';
import { LlmQueue } from './llm-queue.js';
import { silentLog, type ServerLog } from './server-log.js';

export interface LlmServerOptions {
  engine: LlmEngine;
  /** The id /v1/models lists and every answer names. */
  modelId: string;
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 0: an ephemeral port (see the result's port). */
  port?: number;
  /** Bearer token every route but /health wants; required when host is not loopback. */
  token?: string | null;
  /** Largest request body (default 256 KiB); larger ones get 413. */
  maxBodyBytes?: number;
  /** Engine calls run at once (default 1). */
  concurrency?: number;
  /** Requests waiting for the engine (default 8); one more gets 429 with Retry-After. */
  maxQueue?: number;
  /** Budget for one request, queue wait included (default 120 s); past it the call is aborted and answered 503. */
  requestTimeoutMs?: number;
  /**
   * Streamed answers: after this long without anything to send (queue wait, prefill, a long tool
   * call) the stream opens and gets a `: keep-alive` comment, again after each such silence, so
   * clients with a read timeout hold on (default 2 s; 0 = off, the stream opens at the first event).
   */
  keepAliveMs?: number;
  log?: ServerLog;
}

export interface LlmServerStats {
  /** Engine calls running. */
  active: number;
  /** Requests waiting for the engine. */
  queued: number;
  /** Chat completions answered in full. */
  served: number;
  /** Chat completions refused for capacity (429), time or shutdown (503). */
  rejected: number;
}

export interface LlmServer {
  /** http://host:port */
  readonly url: string;
  readonly port: number;
  /**
   * Stops accepting (the listener closes; requests already on a connection get 503), refuses the
   * requests still waiting for the engine, lets running ones finish for up to graceMs (default
   * 10 s), then aborts them, and resolves once every connection is closed. Calling it again returns
   * the same promise; a second call with graceMs 0 cuts the grace short.
   */
  close(opts?: { graceMs?: number }): Promise<void>;
  stats(): LlmServerStats;
}

export const LLM_SERVER_DEFAULTS = {
  host: '127.0.0.1',
  port: 0,
  maxBodyBytes: 256 * 1024,
  concurrency: 1,
  maxQueue: 8,
  requestTimeoutMs: 120_000,
  keepAliveMs: 2_000,
  graceMs: 10_000,
} as const;

/** After grace runs out and running calls are aborted, how long they get to wind down before their sockets are cut. */
const ABORT_WAIT_MS = 2_000;

interface Resolved {
  engine: LlmEngine;
  modelId: string;
  host: string;
  port: number;
  token: string | null;
  maxBodyBytes: number;
  concurrency: number;
  maxQueue: number;
  requestTimeoutMs: number;
  keepAliveMs: number;
  log: ServerLog;
}

function configError(message: string, hint?: string): HeedError {
  return new HeedError('CONFIG_INVALID', 'server', message, hint === undefined ? {} : { hint });
}

function intOption(name: string, value: number | undefined, fallback: number, min: number, max = Number.MAX_SAFE_INTEGER): number {
  const v = value ?? fallback;
  if (!Number.isInteger(v) || v < min || v > max) throw configError(`${name} must be an integer from ${min} to ${max} (got ${String(v)})`);
  return v;
}

function resolveOptions(o: LlmServerOptions): Resolved {
  if (typeof o.modelId !== 'string' || o.modelId.trim() === '') throw configError('modelId must be a non-empty string');
  const host = o.host ?? LLM_SERVER_DEFAULTS.host;
  if (typeof host !== 'string' || host.trim() === '') throw configError('host must be a non-empty string');
  const token = o.token ?? null;
  if (token !== null && (typeof token !== 'string' || !/^[\x21-\x7e]{1,4096}$/.test(token))) {
    throw configError('the bearer token must be 1 to 4096 printable characters without spaces');
  }
  if (token === null && !isLoopbackHost(host)) {
    throw configError(`refusing to listen on ${host} without a bearer token`, 'set a token (--token-file or HEED_SERVE_TOKEN), or listen on 127.0.0.1');
  }
  return {
    engine: o.engine,
    modelId: o.modelId,
    host,
    port: intOption('port', o.port, LLM_SERVER_DEFAULTS.port, 0, 65535),
    token,
    maxBodyBytes: intOption('maxBodyBytes', o.maxBodyBytes, LLM_SERVER_DEFAULTS.maxBodyBytes, 1),
    concurrency: intOption('concurrency', o.concurrency, LLM_SERVER_DEFAULTS.concurrency, 1, 1024),
    maxQueue: intOption('maxQueue', o.maxQueue, LLM_SERVER_DEFAULTS.maxQueue, 0, 100_000),
    requestTimeoutMs: intOption('requestTimeoutMs', o.requestTimeoutMs, LLM_SERVER_DEFAULTS.requestTimeoutMs, 1, 2_147_483_647),
    keepAliveMs: intOption('keepAliveMs', o.keepAliveMs, LLM_SERVER_DEFAULTS.keepAliveMs, 0, 2_147_483_647),
    log: o.log ?? silentLog,
  };
}

interface Inflight extends ChatCall {
  readonly controller: AbortController;
  /** Resolves when the response is over and its handler (engine call included) has returned. */
  readonly done: Promise<void>;
}

/** Whether `p` settles within `ms` (false when the time runs out or `cut` settles first). Leaves no timer behind. */
function within(p: Promise<unknown>, ms: number, cut?: Promise<unknown>): Promise<boolean> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    const settle = (ok: boolean): void => {
      clearTimeout(timer);
      resolve(ok);
    };
    void p.then(() => settle(true));
    void cut?.then(() => settle(false));
  });
}

function pathOf(url: string | undefined): string {
  try {
    return new URL(url ?? '/', 'http://localhost').pathname;
  } catch {
    return '/';
  }
}

export async function startLlmServer(opts: LlmServerOptions): Promise<LlmServer> {
  const cfg = resolveOptions(opts);
  const { log } = cfg;
  const queue = new LlmQueue(cfg.concurrency, cfg.maxQueue);
  const bearerOk = cfg.token === null ? null : bearerChecker(cfg.token);
  const inflight = new Set<Inflight>();
  const startedAt = Math.floor(Date.now() / 1000);
  let closing = false;
  let closed: Promise<void> | null = null;
  let cutGrace: (() => void) | null = null;
  let served = 0;
  let rejected = 0;
  /** Moving average of how long an answer holds the engine, for Retry-After. */
  let avgEngineMs: number | null = null;

  const connectionHeaders = (): OutgoingHttpHeaders => (closing ? { Connection: 'close' } : {});
  const retryAfterSeconds = (): number => {
    const perCall = avgEngineMs ?? 1000;
    const wait = (perCall * (queue.queued + 1)) / cfg.concurrency / 1000;
    return Math.min(60, Math.max(1, Math.ceil(wait)));
  };
  const deps: ChatDeps = {
    engine: cfg.engine,
    modelId: cfg.modelId,
    queue,
    maxBodyBytes: cfg.maxBodyBytes,
    keepAliveMs: cfg.keepAliveMs,
    log,
    headers: connectionHeaders,
    retryAfterSeconds,
    served: (ms) => {
      served++;
      avgEngineMs = avgEngineMs === null ? ms : 0.8 * avgEngineMs + 0.2 * ms;
    },
    rejected: () => {
      rejected++;
    },
  };

  const modelObject = { id: cfg.modelId, object: 'model' as const, created: startedAt, owned_by: 'heed' };

  const route = async (req: IncomingMessage, res: ServerResponse, call: Inflight): Promise<void> => {
    const path = pathOf(req.url);
    const method = req.method ?? 'GET';
    const refuse = (e: ApiError, headers: OutgoingHttpHeaders = {}): void => sendError(res, e, { ...connectionHeaders(), ...headers });
    const wrongMethod = (allow: string): void => refuse({ status: 405, type: 'invalid_request_error', code: 'method_not_allowed', message: `${method} is not allowed on ${path}` }, { Allow: allow });

    if (path === '/health') {
      if (method !== 'GET') return wrongMethod('GET');
      sendJson(res, closing ? 503 : 200, { ok: !closing, active: queue.active, queued: queue.queued }, connectionHeaders());
      return;
    }
    if (closing) {
      if (path === '/v1/chat/completions') rejected++;
      refuse({ status: 503, type: 'server_error', code: 'shutting_down', message: 'the server is shutting down', headers: { 'Retry-After': String(retryAfterSeconds()) } });
      return;
    }
    if (bearerOk !== null && !bearerOk(req.headers.authorization)) {
      log.info({ id: call.id, status: 401, path }, 'unauthorized');
      refuse({ status: 401, type: 'authentication_error', code: 'invalid_api_key', message: 'a valid bearer token is required (Authorization: Bearer <token>)' }, { 'WWW-Authenticate': 'Bearer' });
      return;
    }
    if (path === '/v1/models') {
      if (method !== 'GET') return wrongMethod('GET');
      sendJson(res, 200, { object: 'list', data: [modelObject] }, connectionHeaders());
      return;
    }
    if (path.startsWith('/v1/models/')) {
      if (method !== 'GET') return wrongMethod('GET');
      let id: string | null;
      try {
        id = decodeURIComponent(path.slice('/v1/models/'.length));
      } catch {
        id = null;
      }
      if (id === cfg.modelId) sendJson(res, 200, modelObject, connectionHeaders());
      else refuse({ status: 404, type: 'invalid_request_error', code: 'model_not_found', message: 'no such model' });
      return;
    }
    if (path === '/v1/chat/completions') {
      if (method !== 'POST') return wrongMethod('POST');
      await handleChatCompletion(req, res, call, deps);
      return;
    }
    refuse({ status: 404, type: 'invalid_request_error', code: 'not_found', message: `no route ${method} ${path}` });
  };

  const server = createServer((req, res) => {
    const controller = new AbortController();
    let finish = (): void => undefined;
    const done = new Promise<void>((resolve) => {
      finish = resolve;
    });
    const call: Inflight = { id: randomUUID().slice(0, 8), signal: controller.signal, phase: 'reading', controller, done };
    inflight.add(call);
    res.setHeader('X-Request-Id', call.id);
    const timer = setTimeout(() => controller.abort('timeout'), cfg.requestTimeoutMs);
    res.on('error', () => undefined);
    // Over when the response is (sent, or its socket closed) AND the handler has returned: an engine
    // call still winding down after its client left keeps close() waiting.
    let responded = false;
    let handled = false;
    const settle = (): void => {
      if (!responded || !handled) return;
      inflight.delete(call);
      finish();
    };
    res.on('close', () => {
      clearTimeout(timer);
      // Closed before the whole answer went out: the client left (or the socket was cut).
      if (!res.writableFinished) controller.abort('client_closed');
      responded = true;
      settle();
    });
    route(req, res, call)
      .catch((err: unknown) => {
        const e = HeedError.from(err, 'server');
        log.error({ id: call.id, code: e.code, reason: redactText(e.message) }, 'request failed');
        if (res.headersSent) res.destroy();
        else sendError(res, { status: 500, type: 'server_error', code: 'internal', message: 'internal server error' }, connectionHeaders());
      })
      .finally(() => {
        handled = true;
        settle();
      });
  });

  await new Promise<void>((resolve, reject) => {
    const onError = (err: Error & { code?: string }): void => {
      reject(configError(`cannot listen on ${cfg.host}:${cfg.port}: ${err.code ?? err.message}`, err.code === 'EADDRINUSE' ? 'another process holds the port; pick another with --port' : undefined));
    };
    server.once('error', onError);
    server.listen(cfg.port, cfg.host, () => {
      server.off('error', onError);
      resolve();
    });
  });
  server.on('error', (err) => log.error({ reason: redactText(err.message) }, 'server error'));

  const port = (server.address() as AddressInfo).port;
  const url = httpUrl(cfg.host, port);
  log.info({ url, modelId: cfg.modelId, auth: cfg.token !== null, concurrency: cfg.concurrency, maxQueue: cfg.maxQueue }, 'llm server listening');

  const shutdown = async (graceMs: number): Promise<void> => {
    closing = true;
    const listenerClosed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    // Not yet running: refused now (503), nothing of theirs has started.
    for (const c of inflight) if (c.phase !== 'active') c.controller.abort('shutdown');
    const allDone = (): Promise<void[]> => Promise.all([...inflight].map((c) => c.done));
    const cut = new Promise<void>((resolve) => {
      cutGrace = resolve;
    });
    const inTime = await within(allDone(), graceMs, cut);
    if (!inTime && inflight.size > 0) {
      log.warn({ running: inflight.size, graceMs }, 'grace is over: aborting running requests');
      for (const c of inflight) c.controller.abort('shutdown');
      if (!(await within(allDone(), ABORT_WAIT_MS))) server.closeAllConnections();
    }
    server.closeIdleConnections();
    if (!(await within(listenerClosed, ABORT_WAIT_MS))) {
      server.closeAllConnections();
      await listenerClosed;
    }
    log.info({ served, rejected }, 'llm server closed');
  };

  return {
    url,
    port,
    close(o = {}) {
      const graceMs = Math.max(0, o.graceMs ?? LLM_SERVER_DEFAULTS.graceMs);
      if (closed !== null) {
        if (graceMs === 0) cutGrace?.();
        return closed;
      }
      closed = shutdown(graceMs);
      return closed;
    },
    stats: () => ({ active: queue.active, queued: queue.queued, served, rejected }),
  };
}
