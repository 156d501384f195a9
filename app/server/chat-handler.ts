/**
 * One `POST /v1/chat/completions`: read and check the body, wait for an engine slot, run the
 * engine and answer — as one JSON completion, or as server-sent chunks ending with `data: [DONE]`.
 *
 * Failures: before the first byte of an answer, an OpenAI error body with a status (400 context
 * full, 429 queue full, 500 engine failed or produced invalid output, 503 busy / timed out /
 * shutting down). A stream starts (200, role chunk) with the engine's first event, or after
 * keepAliveMs of waiting (sse-out.ts). Once it has started, the stream instead carries one
 * `data: {"error": {...}}` event (errorBodySchema, as OpenAI does) and ends WITHOUT `[DONE]`, so a
 * client either sees the error or a stream cut short, never a clean finish.
 */
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { HeedError } from '../core/errors.js';
import { redactText } from '../core/redact.js';
import type { ChatEvent, ChatRequest, LlmEngine, ToolCall } from '../engines/llm/types.js';
import { parseChatRequest } from './chat-request.js';
import { answerMeta, completion, textChunk, toolCallChunk, toolCallProblem, type AnswerMeta } from './chat-response.js';
import { readBody, sendError, sendJson, type ApiError } from './http-util.js';
import type { LlmQueue, Release } from './llm-queue.js';
import type { ServerLog } from './server-log.js';
import { SseOut } from './sse-out.js';

/** Why a call's signal fired: its client left, its time ran out, or the server is shutting down. */
export type StopReason = 'client_closed' | 'timeout' | 'shutdown';

export function stopReason(signal: AbortSignal): StopReason {
  const r: unknown = signal.reason;
  return r === 'timeout' || r === 'shutdown' ? r : 'client_closed';
}

/** The server's handle on one request in flight. */
export interface ChatCall {
  readonly id: string;
  /** Fires (reason: a StopReason) when the client leaves, the request times out or shutdown cuts it short. */
  readonly signal: AbortSignal;
  /** Set by the handler; shutdown refuses calls not yet 'active' and lets active ones finish. */
  phase: 'reading' | 'queued' | 'active';
}

export interface ChatDeps {
  engine: LlmEngine;
  modelId: string;
  queue: LlmQueue;
  maxBodyBytes: number;
  /** Streamed answers: open the stream and send keep-alive comments after this much silence (0: off). */
  keepAliveMs: number;
  log: ServerLog;
  /** Headers every answer carries (Connection: close while shutting down). */
  headers(): OutgoingHttpHeaders;
  retryAfterSeconds(): number;
  /** A request answered in full, with how long it held the engine. */
  served(engineMs: number): void;
  /** A request refused for capacity, time or shutdown. */
  rejected(): void;
}

type DoneEvent = Extract<ChatEvent, { type: 'done' }>;

type RunOutcome =
  | { kind: 'done'; done: DoneEvent }
  | { kind: 'failed'; error: HeedError }
  /** The call's signal fired, or the client stopped taking data. */
  | { kind: 'stopped' };

export async function handleChatCompletion(req: IncomingMessage, res: ServerResponse, call: ChatCall, deps: ChatDeps): Promise<void> {
  const t0 = performance.now();
  const body = await readBody(req, deps.maxBodyBytes, call.signal);
  if (body.kind === 'too_large') {
    sendError(res, { status: 413, type: 'invalid_request_error', code: 'request_too_large', message: `the request body is larger than ${deps.maxBodyBytes} bytes` }, { ...deps.headers(), Connection: 'close' });
    deps.log.info({ id: call.id, status: 413 }, 'chat completion refused');
    return;
  }
  if (body.kind === 'closed') {
    await stopped(res, call, deps, null, { id: call.id });
    return;
  }
  const parsed = parseChatRequest(body.body);
  if (!parsed.ok) {
    sendError(res, parsed.error, deps.headers());
    deps.log.info({ id: call.id, status: 400, code: parsed.error.code, param: parsed.error.param, bodyBytes: body.body.length }, 'chat completion refused');
    return;
  }

  const meta = answerMeta(deps.modelId);
  const fields: Record<string, unknown> = {
    id: call.id, answer: meta.id, stream: parsed.stream, bodyBytes: body.body.length,
    messages: parsed.request.messages.length, tools: parsed.request.tools?.length ?? 0,
  };
  const out = parsed.stream ? new SseOut(res, meta, deps.headers, call.signal) : null;
  out?.keepAlive(deps.keepAliveMs);
  try {
    call.phase = 'queued';
    let release: Release;
    try {
      release = await deps.queue.acquire(call.signal);
    } catch (err) {
      if (err instanceof HeedError && err.code === 'SERVER_BUSY') {
        deps.rejected();
        await answerError(res, out, { status: 429, type: 'rate_limit_error', code: 'rate_limit_exceeded', message: err.message, headers: { 'Retry-After': String(deps.retryAfterSeconds()) } }, deps);
        deps.log.info({ ...fields, status: 429, active: deps.queue.active, queued: deps.queue.queued }, 'chat completion refused');
      } else {
        await stopped(res, call, deps, out, fields);
      }
      return;
    }
    call.phase = 'active';
    fields['queuedMs'] = Math.round(performance.now() - t0);
    try {
      if (out) await streamAnswer(res, call, deps, parsed.request, out, fields, release);
      else await wholeAnswer(res, call, deps, parsed.request, meta, fields, release);
    } finally {
      release();
    }
  } finally {
    out?.stopKeepAlive();
  }
}

/** The engine's events, checked: tool calls must be allowed by the request; the stream must end with `done`. */
async function* checkedEvents(engine: LlmEngine, request: ChatRequest, signal: AbortSignal): AsyncGenerator<ChatEvent, void> {
  for await (const ev of engine.chat(request, { signal })) {
    if (ev.type === 'tool_call') {
      const problem = toolCallProblem(request, ev.call);
      if (problem !== null) throw new HeedError('LLM_OUTPUT_INVALID', 'server', problem);
    }
    yield ev;
    if (ev.type === 'done') return;
  }
  throw new HeedError('LLM_FAILED', 'server', 'the engine stream ended without a done event');
}

/**
 * Runs the engine, handing each event to `onEvent` (which returns false when it can take no more).
 * The engine's signal fires when the call's does and when the run fails, never after a clean finish.
 */
async function runEngine(deps: ChatDeps, request: ChatRequest, call: ChatCall, onEvent: (ev: ChatEvent) => Promise<boolean>): Promise<RunOutcome> {
  const run = new AbortController();
  const onStop = (): void => run.abort(call.signal.reason);
  if (call.signal.aborted) return { kind: 'stopped' };
  call.signal.addEventListener('abort', onStop, { once: true });
  try {
    for await (const ev of checkedEvents(deps.engine, request, run.signal)) {
      if (call.signal.aborted) return { kind: 'stopped' };
      if (ev.type === 'done') return { kind: 'done', done: ev };
      if (!(await onEvent(ev))) {
        run.abort('client_closed');
        return { kind: 'stopped' };
      }
    }
    return { kind: 'failed', error: new HeedError('LLM_FAILED', 'server', 'the engine stream ended without a done event') };
  } catch (err) {
    run.abort('failed');
    if (call.signal.aborted) return { kind: 'stopped' };
    return { kind: 'failed', error: HeedError.from(err, 'server', 'LLM_FAILED') };
  } finally {
    call.signal.removeEventListener('abort', onStop);
  }
}

/** Both answer functions give the engine slot back as soon as the engine is done, before the last bytes go out to a maybe slow client. */
async function wholeAnswer(res: ServerResponse, call: ChatCall, deps: ChatDeps, request: ChatRequest, meta: AnswerMeta, fields: Record<string, unknown>, release: Release): Promise<void> {
  const tStart = performance.now();
  let text = '';
  const toolCalls: ToolCall[] = [];
  const outcome = await runEngine(deps, request, call, (ev) => {
    if (ev.type === 'text') text += ev.delta;
    else if (ev.type === 'tool_call') toolCalls.push(ev.call);
    return Promise.resolve(!res.destroyed);
  });
  release();
  if (outcome.kind === 'stopped') {
    await stopped(res, call, deps, null, fields);
    return;
  }
  if (outcome.kind === 'failed') {
    await failed(res, null, deps, outcome.error, fields);
    return;
  }
  const d = outcome.done;
  sendJson(res, 200, completion(meta, { text, toolCalls, finishReason: d.finishReason, usage: d.usage, confidence: d.confidence, timings: d.timings }), deps.headers());
  finished(deps, d, toolCalls.length, text.length, tStart, fields);
}

async function streamAnswer(res: ServerResponse, call: ChatCall, deps: ChatDeps, request: ChatRequest, out: SseOut, fields: Record<string, unknown>, release: Release): Promise<void> {
  const tStart = performance.now();
  let toolIndex = 0;
  let textChars = 0;
  const outcome = await runEngine(deps, request, call, (ev) => {
    if (ev.type === 'text') {
      textChars += ev.delta.length;
      return ev.delta === '' ? Promise.resolve(true) : out.send(textChunk(out.meta, ev.delta));
    }
    if (ev.type === 'tool_call') return out.send(toolCallChunk(out.meta, toolIndex++, ev.call));
    return Promise.resolve(true);
  });
  release();
  if (outcome.kind === 'failed') {
    await failed(res, out, deps, outcome.error, fields);
    return;
  }
  if (outcome.kind === 'stopped') {
    await stopped(res, call, deps, out, fields);
    return;
  }
  const d = outcome.done;
  if (await out.finish(d.finishReason, d.confidence, d.usage)) finished(deps, d, toolIndex, textChars, tStart, fields);
}

/** An error answer: a status and a JSON body, or — once a stream has started — its closing error event. */
async function answerError(res: ServerResponse, out: SseOut | null, e: ApiError, deps: ChatDeps): Promise<void> {
  if (out?.started) await out.fail(e);
  else sendError(res, e, deps.headers());
}

/** How an engine failure is answered. */
export function engineError(err: HeedError): ApiError {
  switch (err.code) {
    case 'LLM_CONTEXT_FULL':
      return { status: 400, type: 'invalid_request_error', code: 'context_length_exceeded', message: err.message };
    case 'SERVER_BUSY':
      return { status: 503, type: 'server_error', code: 'server_busy', message: err.message, headers: { 'Retry-After': '1' } };
    case 'USAGE':
    case 'TOOL_ARGS_INVALID':
      return { status: 400, type: 'invalid_request_error', code: err.code.toLowerCase(), message: err.message };
    default:
      return { status: 500, type: 'server_error', code: err.code.toLowerCase(), message: err.message };
  }
}

function stopError(reason: 'timeout' | 'shutdown', deps: ChatDeps): ApiError {
  const headers = { 'Retry-After': String(deps.retryAfterSeconds()) };
  return reason === 'timeout'
    ? { status: 503, type: 'server_error', code: 'timeout', message: 'the request took longer than the server allows', headers }
    : { status: 503, type: 'server_error', code: 'shutting_down', message: 'the server is shutting down', headers };
}

/** Ends a call whose signal fired: nothing more for a departed client; a 503 (or the stream's error event) otherwise. */
async function stopped(res: ServerResponse, call: ChatCall, deps: ChatDeps, out: SseOut | null, fields: Record<string, unknown>): Promise<void> {
  const reason = call.signal.aborted ? stopReason(call.signal) : 'client_closed';
  if (reason === 'client_closed') {
    deps.log.info({ ...fields, stopped: reason }, 'chat completion dropped');
    res.destroy();
    return;
  }
  deps.rejected();
  deps.log.info({ ...fields, status: out?.started ? 200 : 503, stopped: reason }, 'chat completion cut short');
  await answerError(res, out, stopError(reason, deps), deps);
}

async function failed(res: ServerResponse, out: SseOut | null, deps: ChatDeps, err: HeedError, fields: Record<string, unknown>): Promise<void> {
  const e = engineError(err);
  const midStream = out?.started === true;
  deps.log.warn({ ...fields, status: midStream ? 200 : e.status, code: err.code, midStream, reason: redactText(err.message) }, 'chat completion failed');
  await answerError(res, out, e, deps);
}

function finished(deps: ChatDeps, d: DoneEvent, toolCalls: number, textChars: number, tStart: number, fields: Record<string, unknown>): void {
  const engineMs = performance.now() - tStart;
  deps.served(engineMs);
  deps.log.info({
    ...fields, status: 200, finish: d.finishReason, toolCalls, textChars,
    promptTokens: d.usage.promptTokens, completionTokens: d.usage.completionTokens, cachedTokens: d.usage.cachedPromptTokens,
    firstTokenMs: d.timings.firstTokenMs, engineMs: Math.round(engineMs),
  }, 'chat completion');
}
