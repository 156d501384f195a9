/**
 * The streamed half of one chat answer: `text/event-stream` with a role chunk first, then the
 * engine's chunks, then either a clean end (finish chunk, usage chunk, `data: [DONE]`) or one
 * `data: {"error": …}` event and the end of the response without `[DONE]`.
 *
 * The stream opens (status 200, headers, role chunk) on the first thing to send — or, with
 * keep-alive on, once keepAliveMs pass without one (queue wait, prefill, a long tool call), after
 * which a `: keep-alive` comment goes out whenever the stream has been quiet that long. Clients
 * whose read timeout counts from the last byte thereby survive a queue or a slow prefill. Until
 * the stream opens, a failure can still be an HTTP status with a JSON error body.
 */
import type { OutgoingHttpHeaders, ServerResponse } from 'node:http';
import type { ChatUsage, FinishReason } from '../engines/llm/types.js';
import { finishChunk, roleChunk, usageChunk, type AnswerMeta } from './chat-response.js';
import { errorBody, startSse, writeOut, type ApiError } from './http-util.js';

/** How long the closing error event may wait for a client that does not read, once the call's own signal has fired. */
const FINAL_WRITE_MS = 5_000;

export class SseOut {
  readonly meta: AnswerMeta;
  readonly #res: ServerResponse;
  readonly #headers: () => OutgoingHttpHeaders;
  readonly #signal: AbortSignal;
  #started = false;
  #lastWrite = 0;
  #timer: NodeJS.Timeout | undefined;

  constructor(res: ServerResponse, meta: AnswerMeta, headers: () => OutgoingHttpHeaders, signal: AbortSignal) {
    this.#res = res;
    this.meta = meta;
    this.#headers = headers;
    this.#signal = signal;
  }

  /** Whether the 200 and the role chunk have gone out (errors are stream events from then on). */
  get started(): boolean {
    return this.#started;
  }

  /** Opens the stream after `ms` of silence and keeps it alive with comments; 0 turns this off. */
  keepAlive(ms: number): void {
    if (ms <= 0 || this.#timer !== undefined) return;
    this.#lastWrite = performance.now();
    const tick = Math.max(10, Math.floor(ms / 4));
    this.#timer = setInterval(() => {
      if (performance.now() - this.#lastWrite < ms) return;
      if (!this.#started) void this.#open();
      else if (this.#res.writableLength === 0) void this.#write(': keep-alive\n\n');
    }, tick);
    this.#timer.unref();
  }

  stopKeepAlive(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
  }

  /** Sends one chunk (opening the stream first if needed); false when the client is gone. */
  async send(chunk: unknown): Promise<boolean> {
    if (!(await this.#open())) return false;
    return this.#write(`data: ${JSON.stringify(chunk)}\n\n`);
  }

  /** The clean end: finish chunk (with heed_confidence), usage chunk, `data: [DONE]`. False when the client left first. */
  async finish(finish: FinishReason, confidence: number | null, usage: ChatUsage): Promise<boolean> {
    this.stopKeepAlive();
    const ok = (await this.send(finishChunk(this.meta, finish, confidence)))
      && (await this.send(usageChunk(this.meta, usage)))
      && (await this.#write('data: [DONE]\n\n'));
    if (ok) this.#res.end();
    else this.#res.destroy();
    return ok;
  }

  /** The failed end: one `data: {"error": …}` event, then the response ends (no `[DONE]`). */
  async fail(e: ApiError): Promise<void> {
    this.stopKeepAlive();
    // Written even when the call's signal has fired (timeout, shutdown), but a client that does not
    // read gets only FINAL_WRITE_MS more.
    const signal = this.#signal.aborted ? AbortSignal.timeout(FINAL_WRITE_MS) : this.#signal;
    const ok = (await this.#open(signal)) && (await writeOut(this.#res, `data: ${JSON.stringify(errorBody(e))}\n\n`, signal));
    if (ok) this.#res.end();
    else this.#res.destroy();
  }

  async #open(signal = this.#signal): Promise<boolean> {
    if (this.#started) return !this.#res.destroyed;
    this.#started = true;
    startSse(this.#res, this.#headers());
    return this.#write(`data: ${JSON.stringify(roleChunk(this.meta))}\n\n`, signal);
  }

  #write(text: string, signal = this.#signal): Promise<boolean> {
    this.#lastWrite = performance.now();
    return writeOut(this.#res, text, signal);
  }
}
