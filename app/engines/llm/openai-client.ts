/**
 * The escalation client: an LlmEngine that talks to an OpenAI-compatible chat-completions server
 * (a store hub running `heed serve-llm`, vLLM, Ollama, llama.cpp server, or a cloud) over
 * node:http/https, so every timeout and every cancellation destroys the socket at once.
 *
 * Every message's text is redacted before it leaves the kiosk. Failures are HeedErrors from the
 * 'escalation' source: ESCALATION_UNAVAILABLE (unreachable, 429, 5xx), ESCALATION_TIMEOUT,
 * ESCALATION_REJECTED (401/403 and other 4xx, or a request over 1 MiB), ESCALATION_PROTOCOL
 * (malformed or cut-off responses, tool arguments that do not match their schema) and CIRCUIT_OPEN.
 * Connection failures, timeouts, 429 and 5xx are retried with jittered exponential backoff, but only
 * while nothing has been emitted yet. Neither the API key nor message text ever reaches a log line
 * or an error message.
 */
import { Agent as HttpAgent, request as httpRequest, type ClientRequest, type IncomingMessage, type OutgoingHttpHeaders } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { Socket } from 'node:net';
import type { ZodError } from 'zod';
import { HeedError } from '../../core/errors.js';
import type { ErrorCode } from '../../core/error-codes.js';
import { createRedactor } from '../../core/redact.js';
import type { ApiKey } from './api-key.js';
import type { CircuitBreaker, CircuitPermit } from './circuit-breaker.js';
import { checkJsonSchema } from './json-schema-check.js';
import {
  chatCompletionChunkSchema, chatCompletionSchema, errorBodySchema, modelListSchema, toWireMessages, toWireTools,
  type ChatCompletionChunk,
} from './openai-wire.js';
import { defaultRedactorFor, redactMessage } from './remote-redaction.js';
import { isSseDone, parseSse } from './sse.js';
import type { ChatEvent, ChatRequest, ChatUsage, FinishReason, LlmEngine, LlmModelInfo, ToolCall, ToolSpec } from './types.js';

/** The logger calls the client makes (a pino Logger fits). Fields never hold message text or the key. */
export interface EscalationLogger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
}

export interface OpenAiClientOptions {
  /** Server root ("http://hub.local:8080") or its /v1 ("https://api.example.com/v1"). */
  baseUrl: string;
  model: string;
  /** Sent as `Authorization: Bearer …` when set. */
  apiKey?: ApiKey | null;
  /** TCP (and TLS) connect, default 1500 ms. */
  connectTimeoutMs?: number;
  /** To the first response byte, and between chunks, default 4000 ms. */
  readTimeoutMs?: number;
  /** Whole call, retries included (default: none). */
  totalTimeoutMs?: number;
  /** Extra attempts after a connect error, timeout, 429 or 5xx before any output (default 2). */
  retries?: number;
  /** First backoff (default 250 ms), doubled per retry, jittered to 50–100 %, capped at retryMaxMs (default 2000 ms). */
  retryBaseMs?: number;
  retryMaxMs?: number;
  breaker?: CircuitBreaker;
  /**
   * Applied to every message's text before sending. Default: createRedactor().text, plus the names
   * the customer introduced ("my name is …") wherever they appear in the conversation.
   */
  redact?: (text: string) => string;
  /** Stream the answer (default true). */
  stream?: boolean;
  /** health(): connect + answer budget (default 1000 ms). */
  healthTimeoutMs?: number;
  log?: EscalationLogger;
  /** Engine name (default "openai-compatible"). */
  name?: string;
  /** Jitter source, 0..1 (default Math.random). */
  random?: () => number;
}

export interface OpenAiClient extends LlmEngine {
  /** GET /v1/models within healthTimeoutMs: true when the server answers with a model list. Never throws. */
  health(signal?: AbortSignal): Promise<boolean>;
}

export const OPENAI_CLIENT_DEFAULTS = {
  connectTimeoutMs: 1500,
  readTimeoutMs: 4000,
  retries: 2,
  retryBaseMs: 250,
  retryMaxMs: 2000,
  healthTimeoutMs: 1000,
  stream: true,
  maxTokens: 256,
  temperature: 0,
  /** Requests over this are refused before sending. */
  maxRequestBytes: 1024 * 1024,
  /** A non-streamed answer or the model list. */
  maxResponseBytes: 4 * 1024 * 1024,
  /** One SSE line (one chunk). */
  maxLineBytes: 1024 * 1024,
} as const;

const ERROR_BODY_BYTES = 16 * 1024;
const IDLE_SOCKET_MS = 4000;
const GRACEFUL_DRAIN_MS = 1000;
const ZERO_USAGE: ChatUsage = { promptTokens: 0, completionTokens: 0, cachedPromptTokens: 0 };

export function createOpenAiClient(opts: OpenAiClientOptions): OpenAiClient {
  const target = parseBaseUrl(opts.baseUrl);
  if (typeof opts.model !== 'string' || opts.model.trim().length === 0) throw configInvalid('the escalation model name is empty');
  const model = opts.model;
  const connectTimeoutMs = positive(opts.connectTimeoutMs, OPENAI_CLIENT_DEFAULTS.connectTimeoutMs);
  const readTimeoutMs = positive(opts.readTimeoutMs, OPENAI_CLIENT_DEFAULTS.readTimeoutMs);
  const totalTimeoutMs = opts.totalTimeoutMs !== undefined ? positive(opts.totalTimeoutMs, 0) : undefined;
  const retries = Math.max(0, Math.floor(opts.retries ?? OPENAI_CLIENT_DEFAULTS.retries));
  const retryBaseMs = Math.max(0, opts.retryBaseMs ?? OPENAI_CLIENT_DEFAULTS.retryBaseMs);
  const retryMaxMs = Math.max(retryBaseMs, opts.retryMaxMs ?? OPENAI_CLIENT_DEFAULTS.retryMaxMs);
  const healthTimeoutMs = positive(opts.healthTimeoutMs, OPENAI_CLIENT_DEFAULTS.healthTimeoutMs);
  const stream = opts.stream ?? OPENAI_CLIENT_DEFAULTS.stream;
  const apiKey = opts.apiKey ?? null;
  const breaker = opts.breaker;
  const log = opts.log;
  const random = opts.random ?? Math.random;
  // Keep-alive saves a TCP (and TLS) handshake per turn; idle sockets are dropped after 4 s, before
  // common servers' 5 s keep-alive timeout closes them under us.
  const agentOpts = { keepAlive: true, maxSockets: 8, timeout: IDLE_SOCKET_MS };
  const agent = target.https ? new HttpsAgent(agentOpts) : new HttpAgent(agentOpts);
  const fields = { escalation: target.origin, model };
  let closed = false;

  if (apiKey !== null && !target.https && !isLoopback(target.hostname)) {
    log?.warn(fields, 'the escalation API key is sent over plain http');
  }

  /** Server-provided text for error messages: no key, redacted, one short line. */
  const scrub = (text: string): string => {
    let t = text.replace(/\p{Cc}+/gu, ' ').trim();
    if (apiKey !== null) t = t.split(apiKey.reveal()).join('[redacted]');
    t = (opts.redact ?? createRedactor().text)(t);
    return t.length > 200 ? `${t.slice(0, 200)}…` : t;
  };

  const headers = (accept: string, body?: Buffer): OutgoingHttpHeaders => {
    const h: OutgoingHttpHeaders = { accept, 'user-agent': 'heed-escalation/1' };
    if (body !== undefined) {
      h['content-type'] = 'application/json';
      h['content-length'] = body.length;
    }
    if (apiKey !== null) h['authorization'] = `Bearer ${apiKey.reveal()}`;
    return h;
  };

  const exchange = (signal: AbortSignal | undefined, deadline: number | undefined, connectMs = connectTimeoutMs, readMs = readTimeoutMs): Exchange =>
    new Exchange({ target, agent, signal, deadline, connectTimeoutMs: connectMs, readTimeoutMs: readMs });

  const encodeBody = (req: ChatRequest): Buffer => {
    const redact = opts.redact ?? defaultRedactorFor(req.messages);
    const body: Record<string, unknown> = {
      model,
      messages: toWireMessages(req.messages.map((m) => redactMessage(m, redact))),
      stream,
      max_tokens: req.maxTokens ?? OPENAI_CLIENT_DEFAULTS.maxTokens,
      temperature: req.temperature ?? OPENAI_CLIENT_DEFAULTS.temperature,
    };
    if (stream) body['stream_options'] = { include_usage: true };
    if (req.seed !== undefined) body['seed'] = req.seed;
    if (req.tools !== undefined && req.tools.length > 0) {
      body['tools'] = toWireTools(req.tools);
      body['tool_choice'] = req.toolChoice ?? 'auto';
    }
    const buf = Buffer.from(JSON.stringify(body), 'utf8');
    if (buf.length > OPENAI_CLIENT_DEFAULTS.maxRequestBytes) {
      throw failure('ESCALATION_REJECTED', `the request is ${Math.ceil(buf.length / 1024)} KiB, over the ${OPENAI_CLIENT_DEFAULTS.maxRequestBytes / 1024} KiB limit; it was not sent`,
        { retryable: false, health: 'release' }, { hint: 'Shorten the conversation history or the tool results sent to the escalation server.' });
    }
    return buf;
  };

  /** Throws the HeedError for a non-2xx answer. */
  const checkStatus = async (ex: Exchange, res: IncomingMessage): Promise<void> => {
    const status = res.statusCode ?? 0;
    if (status >= 200 && status < 300) return;
    let detail = '';
    try {
      detail = serverMessage(await ex.readAll(res, ERROR_BODY_BYTES, true), scrub);
    } catch {
      // the status says enough
    }
    throw statusFailure(status, detail, retryAfterMs(res.headers['retry-after']), target.origin);
  };

  const getJson = async (path: string, signal: AbortSignal | undefined, connectMs: number, readMs: number, deadline: number | undefined): Promise<unknown> => {
    if (closed) throw closedError();
    if (signal?.aborted) throw abortedError();
    const ex = exchange(signal, deadline, connectMs, readMs);
    let graceful = false;
    try {
      const res = await ex.send('GET', target.path(path), headers('application/json'));
      await checkStatus(ex, res);
      const buf = await ex.readAll(res, OPENAI_CLIENT_DEFAULTS.maxResponseBytes, false);
      graceful = true;
      return parseJson(buf, 'the model list');
    } catch (err) {
      if (signal?.aborted) throw abortedError();
      throw toHeedError(err);
    } finally {
      ex.close(graceful);
    }
  };

  async function* chat(req: ChatRequest, callOpts: { signal?: AbortSignal } = {}): AsyncGenerator<ChatEvent, void, undefined> {
    const signal = callOpts.signal;
    const clock: Clock = { t0: performance.now(), firstToken: null };
    if (closed) throw closedError();
    if (signal?.aborted) {
      yield doneEvent('aborted', ZERO_USAGE, null, clock);
      return;
    }
    const body = encodeBody(req);
    let permit: CircuitPermit | null = null;
    if (breaker !== undefined) {
      permit = breaker.acquire();
      if (permit === null) {
        const snap = breaker.snapshot();
        log?.debug({ ...fields, breaker: snap.state, retryInMs: snap.retryInMs }, 'escalation skipped: circuit open');
        throw new HeedError('CIRCUIT_OPEN', 'escalation', `escalation to ${target.origin} is paused after repeated failures (retry in ${Math.ceil(snap.retryInMs / 1000)} s)`, { recoverable: true });
      }
    }
    let outcome: 'success' | 'failure' | 'release' = 'release';
    const deadline = totalTimeoutMs !== undefined ? clock.t0 + totalTimeoutMs : undefined;
    const path = target.path('/chat/completions');
    let staleRetried = false;
    try {
      for (let attempt = 0; ; attempt++) {
        const ex = exchange(signal, deadline);
        let emitted = false;
        let graceful = false;
        let final: ChatEvent | undefined;
        let retryDelay: number | undefined;
        try {
          const res = await ex.send('POST', path, headers(stream ? 'text/event-stream' : 'application/json', body), body);
          await checkStatus(ex, res);
          const acc = new Accumulator(req.tools, clock);
          const json = !stream || /application\/json/i.test(String(res.headers['content-type'] ?? ''));
          if (json) {
            acc.completion(parseJson(await ex.readAll(res, OPENAI_CLIENT_DEFAULTS.maxResponseBytes, false), 'the answer'));
            for (const ev of acc.take()) {
              emitted = true;
              yield ev;
            }
            graceful = true;
          } else {
            for await (const sse of parseSse(ex.chunks(res), { maxLineBytes: OPENAI_CLIENT_DEFAULTS.maxLineBytes })) {
              if (isSseDone(sse)) {
                acc.sawDone = true;
                break;
              }
              acc.chunk(parseChunk(sse.event, sse.data, scrub));
              for (const ev of acc.take()) {
                emitted = true;
                yield ev;
              }
            }
            acc.end();
            for (const ev of acc.take()) {
              emitted = true;
              yield ev;
            }
            graceful = acc.sawDone;
          }
          final = doneEvent(acc.finishReason(), acc.usage, acc.confidence, clock);
          outcome = 'success';
          log?.debug({ ...fields, attempt, totalMs: final.type === 'done' ? final.timings.totalMs : 0, firstTokenMs: clock.firstToken === null ? null : Math.round(clock.firstToken - clock.t0) }, 'escalation answered');
        } catch (err) {
          if (signal?.aborted) {
            final = doneEvent('aborted', ZERO_USAGE, null, clock);
          } else {
            const e = toHeedError(err);
            const meta = META.get(e);
            if (meta?.staleSocket === true && !staleRetried) {
              // A pooled keep-alive socket the server had closed: try once more on a fresh one, free.
              staleRetried = true;
              attempt--;
              retryDelay = 0;
            } else if (meta?.retryable === true && !emitted && attempt < retries) {
              const delay = backoff(attempt, meta.retryAfterMs);
              if (deadline === undefined || performance.now() + delay < deadline) retryDelay = delay;
            }
            if (retryDelay === undefined) {
              outcome = meta?.health ?? 'failure';
              log?.warn({ ...fields, attempt, code: e.code, error: e.message }, 'escalation failed');
              throw e;
            }
            log?.info({ ...fields, attempt, code: e.code, error: e.message, retryInMs: Math.round(retryDelay) }, 'escalation attempt failed; retrying');
          }
        } finally {
          ex.close(graceful);
        }
        if (final !== undefined) {
          yield final;
          return;
        }
        if (retryDelay !== undefined && !(await sleep(retryDelay, signal))) {
          yield doneEvent('aborted', ZERO_USAGE, null, clock);
          return;
        }
      }
    } finally {
      if (permit !== null) permit[outcome]();
    }
  }

  const backoff = (attempt: number, retryAfter: number | undefined): number => {
    const ceiling = Math.min(retryMaxMs, retryBaseMs * 2 ** attempt);
    const jittered = ceiling / 2 + (random() * ceiling) / 2;
    return retryAfter === undefined ? jittered : Math.max(jittered, Math.min(retryAfter, retryMaxMs));
  };

  return {
    name: opts.name ?? 'openai-compatible',
    chat: (req, callOpts) => chat(req, callOpts),
    async info(infoOpts = {}): Promise<LlmModelInfo> {
      const deadline = totalTimeoutMs !== undefined ? performance.now() + totalTimeoutMs : undefined;
      const list = modelListSchema.safeParse(await getJson('/models', infoOpts.signal, connectTimeoutMs, readTimeoutMs, deadline));
      if (!list.success) throw failure('ESCALATION_PROTOCOL', `the model list from ${target.origin} has an unexpected shape (${issue(list.error)})`, { retryable: false, health: 'failure' });
      const entry = list.data.data.find((m) => m.id === model);
      return { id: model, contextSize: entry === undefined ? 0 : contextSizeOf(entry) };
    },
    async health(signal?: AbortSignal): Promise<boolean> {
      try {
        const json = await getJson('/models', signal, healthTimeoutMs, healthTimeoutMs, performance.now() + healthTimeoutMs);
        return modelListSchema.safeParse(json).success;
      } catch {
        return false;
      }
    },
    async close(): Promise<void> {
      closed = true;
      agent.destroy();
    },
  };
}

// ---------------------------------------------------------------------------------------------
// One HTTP exchange: request, response, timeouts and cancellation

interface Target {
  https: boolean;
  hostname: string;
  port: number;
  /** protocol://host:port, safe for messages and logs (no path, query or credentials). */
  origin: string;
  /** The request path for an endpoint under /v1 ("/chat/completions"), with the base URL's query. */
  path(endpoint: string): string;
}

interface ExchangeOptions {
  target: Target;
  agent: HttpAgent;
  signal: AbortSignal | undefined;
  deadline: number | undefined;
  connectTimeoutMs: number;
  readTimeoutMs: number;
}

const CLOSED = new Error('exchange closed');

/**
 * One request/response. Every wait races `failed`, which rejects the moment the caller aborts or a
 * timer fires; either destroys the request and the response (and so the socket).
 */
class Exchange {
  private req: ClientRequest | undefined;
  private res: IncomingMessage | undefined;
  private timer: NodeJS.Timeout | undefined;
  private totalTimer: NodeJS.Timeout | undefined;
  private error: unknown;
  private closed = false;
  private readonly failed: Promise<never>;
  private rejectFailed: (err: unknown) => void = () => undefined;
  private readonly onAbort = (): void => this.fail(abortedError());

  constructor(private readonly o: ExchangeOptions) {
    this.failed = new Promise<never>((_, reject) => { this.rejectFailed = reject; });
    this.failed.catch(() => undefined);
    if (o.signal?.aborted) this.fail(abortedError());
    else o.signal?.addEventListener('abort', this.onAbort, { once: true });
    if (o.deadline !== undefined && this.error === undefined) {
      this.totalTimer = setTimeout(
        () => this.fail(failure('ESCALATION_TIMEOUT', `${o.target.origin} did not finish within the time allowed for the whole call`, { retryable: false, health: 'failure' })),
        Math.max(0, o.deadline - performance.now()),
      );
    }
  }

  send(method: 'GET' | 'POST', path: string, headers: OutgoingHttpHeaders, body?: Buffer): Promise<IncomingMessage> {
    const { target, connectTimeoutMs, readTimeoutMs } = this.o;
    const p = new Promise<IncomingMessage>((resolve, reject) => {
      if (this.error !== undefined) {
        reject(this.error);
        return;
      }
      const req = (target.https ? httpsRequest : httpRequest)({ hostname: target.hostname, port: target.port, path, method, headers, agent: this.o.agent });
      this.req = req;
      this.arm(connectTimeoutMs, () => failure('ESCALATION_TIMEOUT', `no connection to ${target.origin} within ${connectTimeoutMs} ms`, { retryable: true, health: 'failure' }));
      req.once('socket', (socket: Socket) => {
        const connected = (): void => this.arm(readTimeoutMs, () => failure('ESCALATION_TIMEOUT', `${target.origin} did not answer within ${readTimeoutMs} ms`, { retryable: true, health: 'failure' }));
        if (socket.connecting) socket.once(target.https ? 'secureConnect' : 'connect', connected);
        else connected();
      });
      req.once('response', (res) => {
        this.res = res;
        this.disarm();
        if (this.error !== undefined) res.destroy();
        resolve(res);
      });
      req.on('error', (err) => reject(this.error ?? networkFailure(err, target.origin, req.reusedSocket)));
      req.end(body);
    });
    return this.race(p);
  }

  /** The response body chunk by chunk; a stall longer than readTimeoutMs or a cut connection throws. */
  async *chunks(res: IncomingMessage): AsyncGenerator<Uint8Array, void, undefined> {
    const { target, readTimeoutMs } = this.o;
    const it = res.iterator({ destroyOnReturn: false });
    try {
      for (;;) {
        this.arm(readTimeoutMs, () => failure('ESCALATION_TIMEOUT', `${target.origin} stalled for more than ${readTimeoutMs} ms`, { retryable: true, health: 'failure' }));
        let r: IteratorResult<unknown>;
        try {
          r = await this.race(it.next());
        } catch (err) {
          throw this.error ?? failure('ESCALATION_PROTOCOL', `the response from ${target.origin} was cut off`, { retryable: false, health: 'failure' }, { cause: err });
        } finally {
          this.disarm();
        }
        if (r.done === true) return;
        if (r.value instanceof Uint8Array) yield r.value;
      }
    } finally {
      void it.return?.().catch(() => undefined);
    }
  }

  /** The whole body up to maxBytes: longer is cut there (truncate) or an ESCALATION_PROTOCOL error. */
  async readAll(res: IncomingMessage, maxBytes: number, truncate: boolean): Promise<Buffer> {
    const parts: Uint8Array[] = [];
    let total = 0;
    for await (const chunk of this.chunks(res)) {
      total += chunk.length;
      parts.push(chunk);
      if (total > maxBytes) {
        if (truncate) return Buffer.concat(parts).subarray(0, maxBytes);
        throw failure('ESCALATION_PROTOCOL', `the response from ${this.o.target.origin} is larger than ${maxBytes} bytes`, { retryable: false, health: 'failure' });
      }
    }
    return Buffer.concat(parts);
  }

  /** Ends the exchange: a fully read response lets its socket go back to the pool, anything else is destroyed. */
  close(graceful: boolean): void {
    if (this.closed) return;
    this.closed = true;
    this.disarm();
    clearTimeout(this.totalTimer);
    this.o.signal?.removeEventListener('abort', this.onAbort);
    const res = this.res;
    if (graceful && this.error === undefined && res !== undefined && !res.destroyed) {
      if (!res.readableEnded) {
        // Read what is left (the final chunk terminator) so the keep-alive socket can be reused.
        const t = setTimeout(() => res.destroy(), GRACEFUL_DRAIN_MS);
        t.unref();
        res.once('close', () => clearTimeout(t));
        res.resume();
      }
      return;
    }
    this.error ??= CLOSED;
    res?.destroy();
    this.req?.destroy();
  }

  private fail(err: unknown): void {
    if (this.error !== undefined) return;
    this.error = err;
    this.disarm();
    clearTimeout(this.totalTimer);
    this.res?.destroy();
    this.req?.destroy();
    this.rejectFailed(err);
  }

  private race<T>(p: Promise<T>): Promise<T> {
    return Promise.race([p, this.failed]);
  }

  private arm(ms: number, make: () => HeedError): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.fail(make()), ms);
  }

  private disarm(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }
}

// ---------------------------------------------------------------------------------------------
// Answers: chunks and whole completions to ChatEvents

interface Clock {
  t0: number;
  firstToken: number | null;
}

interface PendingCall {
  index: number;
  id: string;
  name: string;
  args: string;
  emitted: boolean;
}

type WireFinish = 'stop' | 'length' | 'tool_calls' | 'content_filter' | 'function_call';

/** Folds chunks (or one completion) into ChatEvents; take() hands out those ready to emit. */
class Accumulator {
  usage: ChatUsage = ZERO_USAGE;
  confidence: number | null = null;
  sawDone = false;
  private finish: WireFinish | null | undefined;
  private readonly calls = new Map<number, PendingCall>();
  private readonly ids = new Set<string>();
  private toolCallCount = 0;
  private ready: ChatEvent[] = [];

  constructor(private readonly tools: readonly ToolSpec[] | undefined, private readonly clock: Clock) {}

  chunk(c: ChatCompletionChunk): void {
    if (c.usage !== undefined && c.usage !== null) this.usage = toUsage(c.usage);
    const choice = c.choices.find((x) => x.index === 0) ?? c.choices[0];
    if (choice === undefined) return;
    if (typeof choice.heed_confidence === 'number') this.confidence = choice.heed_confidence;
    const content = choice.delta.content;
    if (typeof content === 'string' && content.length > 0) {
      this.firstToken();
      this.ready.push({ type: 'text', delta: content });
    }
    for (const d of choice.delta.tool_calls ?? []) {
      this.firstToken();
      let call = this.calls.get(d.index);
      if (call?.emitted === true) throw protocolError(`tool call ${d.index} continued after a later one started`);
      if (call === undefined) {
        // OpenAI streams tool calls in order: a new index means every earlier one is complete.
        for (const earlier of this.calls.values()) if (earlier.index < d.index) this.emit(earlier);
        call = { index: d.index, id: '', name: '', args: '', emitted: false };
        this.calls.set(d.index, call);
      }
      if (d.id !== undefined && d.id.length > 0 && call.id === '') call.id = d.id;
      const fn = d.function;
      if (fn?.name !== undefined && fn.name.length > 0 && call.name === '') call.name = fn.name;
      if (fn?.arguments !== undefined) call.args += fn.arguments;
      if (call.args.length > OPENAI_CLIENT_DEFAULTS.maxLineBytes) throw protocolError('tool call arguments are too long');
    }
    if (choice.finish_reason !== undefined && choice.finish_reason !== null) {
      this.finish = choice.finish_reason;
      this.flushCalls();
    }
  }

  /** The stream is over: it must have said how it finished. */
  end(): void {
    if (this.finish === undefined || this.finish === null) {
      throw failure('ESCALATION_PROTOCOL', 'the answer stream ended before it finished', { retryable: false, health: 'failure' });
    }
    this.flushCalls();
  }

  completion(json: unknown): void {
    const parsed = chatCompletionSchema.safeParse(json);
    if (!parsed.success) throw protocolError(`the answer has an unexpected shape (${issue(parsed.error)})`);
    const c = parsed.data;
    if (c.usage !== undefined) this.usage = toUsage(c.usage);
    const choice = c.choices.find((x) => x.index === 0) ?? c.choices[0];
    if (choice === undefined) throw protocolError('the answer has no choices');
    if (typeof choice.heed_confidence === 'number') this.confidence = choice.heed_confidence;
    const content = choice.message.content;
    if (typeof content === 'string' && content.length > 0) this.ready.push({ type: 'text', delta: content });
    (choice.message.tool_calls ?? []).forEach((tc, index) => {
      this.emit({ index, id: tc.id, name: tc.function.name, args: tc.function.arguments, emitted: false });
    });
    this.finish = choice.finish_reason;
  }

  take(): ChatEvent[] {
    const out = this.ready;
    this.ready = [];
    return out;
  }

  finishReason(): FinishReason {
    if (this.finish === 'length') return 'length';
    if (this.finish === 'tool_calls' || this.finish === 'function_call' || this.toolCallCount > 0) return 'tool_calls';
    return 'stop';
  }

  private firstToken(): void {
    this.clock.firstToken ??= performance.now();
  }

  private flushCalls(): void {
    for (const call of [...this.calls.values()].sort((a, b) => a.index - b.index)) this.emit(call);
  }

  private emit(call: PendingCall): void {
    if (call.emitted) return;
    call.emitted = true;
    const name = call.name;
    if (name.length === 0) throw protocolError(`tool call ${call.index} has no function name`);
    const shown = JSON.stringify(name.length > 64 ? `${name.slice(0, 64)}…` : name);
    let args: unknown;
    const raw = call.args.trim();
    if (raw.length === 0) args = {};
    else {
      try {
        args = JSON.parse(raw);
      } catch {
        throw protocolError(`the arguments of tool call ${shown} are not valid JSON`);
      }
    }
    if (typeof args !== 'object' || args === null || Array.isArray(args)) throw protocolError(`the arguments of tool call ${shown} are not a JSON object`);
    if (this.tools !== undefined) {
      const spec = this.tools.find((t) => t.name === name);
      if (spec === undefined) throw failure('ESCALATION_PROTOCOL', `the model called an unknown tool ${shown}`, { retryable: false, health: 'release' });
      const problem = checkJsonSchema(spec.parameters, args);
      if (problem !== null) throw failure('ESCALATION_PROTOCOL', `the arguments of tool call ${shown} do not match its schema: ${problem}`, { retryable: false, health: 'release' });
    }
    let id = call.id.length > 0 ? call.id : `call_${call.index + 1}`;
    if (this.ids.has(id)) id = `${id}_${call.index + 1}`;
    this.ids.add(id);
    this.toolCallCount++;
    const toolCall: ToolCall = { id, name, arguments: args as Record<string, unknown> };
    this.ready.push({ type: 'tool_call', call: toolCall });
  }
}

function parseChunk(event: string | undefined, data: string, scrub: (s: string) => string): ChatCompletionChunk {
  let json: unknown;
  try {
    json = JSON.parse(data);
  } catch {
    throw protocolError('a chunk of the answer stream is not valid JSON');
  }
  if (event === 'error' || (isRecord(json) && 'error' in json && !('choices' in json))) {
    const e = errorBodySchema.safeParse(json);
    const detail = e.success ? `: ${scrub(e.data.error.message)}` : '';
    throw failure('ESCALATION_UNAVAILABLE', `the server reported an error mid-answer${detail}`, { retryable: false, health: 'failure' });
  }
  const parsed = chatCompletionChunkSchema.safeParse(json);
  if (!parsed.success) throw protocolError(`a chunk of the answer stream has an unexpected shape (${issue(parsed.error)})`);
  return parsed.data;
}

function parseJson(buf: Buffer, what: string): unknown {
  try {
    return JSON.parse(buf.toString('utf8'));
  } catch {
    throw protocolError(`${what} is not valid JSON`);
  }
}

function toUsage(u: { prompt_tokens: number; completion_tokens: number; prompt_tokens_details?: { cached_tokens?: number | undefined } | null | undefined }): ChatUsage {
  return { promptTokens: u.prompt_tokens, completionTokens: u.completion_tokens, cachedPromptTokens: u.prompt_tokens_details?.cached_tokens ?? 0 };
}

function doneEvent(finishReason: FinishReason, usage: ChatUsage, confidence: number | null, clock: Clock): ChatEvent {
  const now = performance.now();
  return {
    type: 'done',
    finishReason,
    usage,
    confidence,
    timings: { firstTokenMs: clock.firstToken === null ? null : Math.round(clock.firstToken - clock.t0), totalMs: Math.round(now - clock.t0) },
  };
}

const CONTEXT_KEYS = ['context_length', 'context_size', 'context_window', 'max_model_len', 'max_context_length'];

function contextSizeOf(entry: Record<string, unknown>): number {
  for (const k of CONTEXT_KEYS) {
    const v = entry[k];
    if (typeof v === 'number' && Number.isInteger(v) && v > 0) return v;
  }
  return 0;
}

// ---------------------------------------------------------------------------------------------
// Errors

interface FailureMeta {
  /** May be retried when nothing was emitted yet. */
  retryable: boolean;
  /** What the failure says about the server's health, for the circuit breaker. */
  health: 'failure' | 'release';
  retryAfterMs?: number | undefined;
  /** A reused keep-alive socket turned out closed before any answer. */
  staleSocket?: boolean;
}

const META = new WeakMap<HeedError, FailureMeta>();

function failure(code: ErrorCode, message: string, meta: FailureMeta, opts: { hint?: string; cause?: unknown } = {}): HeedError {
  const e = new HeedError(code, 'escalation', message, opts);
  META.set(e, meta);
  return e;
}

function protocolError(message: string): HeedError {
  return failure('ESCALATION_PROTOCOL', message, { retryable: false, health: 'failure' });
}

function abortedError(): HeedError {
  return new HeedError('ABORTED', 'escalation', 'aborted');
}

function closedError(): HeedError {
  return failure('ESCALATION_UNAVAILABLE', 'the escalation client is closed', { retryable: false, health: 'release' });
}

function configInvalid(message: string): HeedError {
  return new HeedError('CONFIG_INVALID', 'escalation', message, { recoverable: false });
}

function toHeedError(err: unknown): HeedError {
  if (err instanceof HeedError) return err;
  return failure('ESCALATION_PROTOCOL', 'the escalation answer could not be read', { retryable: false, health: 'failure' }, { cause: err });
}

const TLS_ERROR = /CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_VERIFY|ALTNAME/;

function networkFailure(err: Error, origin: string, reusedSocket: boolean): HeedError {
  const code = String((err as NodeJS.ErrnoException).code ?? 'network error');
  if (TLS_ERROR.test(code)) {
    return failure('ESCALATION_UNAVAILABLE', `the TLS connection to ${origin} failed (${code})`, { retryable: false, health: 'failure' },
      { cause: err, hint: 'Check the server certificate and the escalation base URL.' });
  }
  const staleSocket = reusedSocket && (code === 'ECONNRESET' || code === 'EPIPE');
  return failure('ESCALATION_UNAVAILABLE', `cannot reach ${origin} (${code})`, { retryable: true, health: 'failure', staleSocket }, { cause: err });
}

function statusFailure(status: number, detail: string, retryAfter: number | undefined, origin: string): HeedError {
  const suffix = detail.length > 0 ? `: ${detail}` : '';
  if (status === 401 || status === 403) {
    return failure('ESCALATION_REJECTED', `${origin} refused the credentials (HTTP ${status})${suffix}`, { retryable: false, health: 'release' },
      { hint: 'Check the escalation API key (HEED_ESCALATION_API_KEY or the key file).' });
  }
  if (status === 429) return failure('ESCALATION_UNAVAILABLE', `${origin} is rate limiting (HTTP 429)${suffix}`, { retryable: true, health: 'failure', retryAfterMs: retryAfter });
  if (status >= 500) return failure('ESCALATION_UNAVAILABLE', `${origin} failed (HTTP ${status})${suffix}`, { retryable: true, health: 'failure', retryAfterMs: retryAfter });
  if (status === 408) return failure('ESCALATION_TIMEOUT', `${origin} timed out the request (HTTP 408)`, { retryable: true, health: 'failure' });
  if (status >= 400) return failure('ESCALATION_REJECTED', `${origin} rejected the request (HTTP ${status})${suffix}`, { retryable: false, health: 'release' });
  return failure('ESCALATION_PROTOCOL', `${origin} answered with an unexpected HTTP ${status} (redirects are not followed)`, { retryable: false, health: 'failure' });
}

function serverMessage(buf: Buffer, scrub: (s: string) => string): string {
  const text = buf.toString('utf8');
  try {
    const parsed = errorBodySchema.safeParse(JSON.parse(text));
    if (parsed.success) return scrub(parsed.data.error.message);
  } catch {
    // not JSON
  }
  return /^[\s\x20-\x7e]*$/.test(text) && text.trim().length > 0 && text.length <= 200 ? scrub(text) : '';
}

function retryAfterMs(header: string | string[] | undefined): number | undefined {
  const v = Array.isArray(header) ? header[0] : header;
  if (v === undefined || v.trim() === '') return undefined;
  const secs = Number(v);
  if (Number.isFinite(secs)) return Math.max(0, secs * 1000);
  const at = Date.parse(v);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}

function issue(err: ZodError): string {
  const first = err.issues[0];
  if (first === undefined) return 'invalid';
  const path = first.path.length > 0 ? first.path.join('.') : '(root)';
  return `${path}: ${first.message}`;
}

// ---------------------------------------------------------------------------------------------
// Small helpers

function parseBaseUrl(baseUrl: string): Target {
  let u: URL;
  try {
    u = new URL(baseUrl);
  } catch {
    throw configInvalid('the escalation base URL is not a valid URL');
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw configInvalid(`the escalation base URL must be http or https, not ${u.protocol}`);
  if (u.username !== '' || u.password !== '') throw configInvalid('the escalation base URL must not hold credentials; use the API key');
  const https = u.protocol === 'https:';
  let base = u.pathname.replace(/\/+$/, '');
  if (!/\/v1$/.test(base)) base += '/v1';
  const search = u.search;
  const hostname = u.hostname.startsWith('[') ? u.hostname.slice(1, -1) : u.hostname;
  const port = u.port !== '' ? Number(u.port) : https ? 443 : 80;
  return { https, hostname, port, origin: `${u.protocol}//${u.host}`, path: (endpoint) => `${base}${endpoint}${search}` };
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\./.test(host);
}

function positive(v: number | undefined, fallback: number): number {
  return v !== undefined && Number.isFinite(v) && v > 0 ? v : fallback;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Waits ms; false when the signal fired first. */
function sleep(ms: number, signal: AbortSignal | undefined): Promise<boolean> {
  if (signal?.aborted) return Promise.resolve(false);
  return new Promise((resolve) => {
    const onAbort = (): void => {
      clearTimeout(t);
      resolve(false);
    };
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
