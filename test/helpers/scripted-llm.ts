/**
 * A scripted LlmEngine for tests: each call plays a list of steps (events, pauses, a hang until
 * aborted, a throw) and is recorded with its request and whether its signal fired. Honours the
 * engine contract: when the signal fires the stream ends with `done` 'aborted'.
 */
import type { ChatEvent, ChatRequest, ChatUsage, FinishReason, LlmEngine, LlmModelInfo, ToolCall } from '../../app/engines/llm/types.js';

export type Step =
  | ChatEvent
  /** Pause (abortable). */
  | { type: 'wait'; ms: number }
  /** Wait until `release()` is called on the engine or the signal fires. */
  | { type: 'gate' }
  /** Wait until the signal fires. */
  | { type: 'hang' }
  | { type: 'throw'; error: Error };

export interface ScriptedCall {
  req: ChatRequest;
  signal: AbortSignal | undefined;
  /** Resolves when the call's signal fires (never, if it does not). */
  aborted: Promise<void>;
  wasAborted: boolean;
  /** The stream ran to its end (done yielded, or thrown). */
  finished: boolean;
}

export const USAGE: ChatUsage = { promptTokens: 12, completionTokens: 5, cachedPromptTokens: 4 };

export function done(finishReason: FinishReason = 'stop', confidence: number | null = 0.9, usage: ChatUsage = USAGE): ChatEvent {
  return { type: 'done', finishReason, usage, confidence, timings: { firstTokenMs: 1, totalMs: 2 } };
}

export function text(delta: string): ChatEvent {
  return { type: 'text', delta };
}

export function toolCall(id: string, name: string, args: Record<string, unknown>): ChatEvent {
  const call: ToolCall = { id, name, arguments: args };
  return { type: 'tool_call', call };
}

export class ScriptedLlm implements LlmEngine {
  readonly name = 'scripted';
  readonly calls: ScriptedCall[] = [];
  readonly #script: (req: ChatRequest, n: number) => Step[];
  #gates: Array<() => void> = [];
  #callWaiters: Array<{ n: number; resolve: () => void }> = [];

  constructor(script: (req: ChatRequest, n: number) => Step[]) {
    this.#script = script;
  }

  info(): Promise<LlmModelInfo> {
    return Promise.resolve({ id: 'scripted-model', contextSize: 4096 });
  }

  /** Whether close() was called. */
  closed = false;

  close(): Promise<void> {
    this.closed = true;
    return Promise.resolve();
  }

  /** Opens every gate currently closed. */
  release(): void {
    const gates = this.#gates;
    this.#gates = [];
    for (const g of gates) g();
  }

  /** Resolves once `n` calls have started. */
  waitForCalls(n: number): Promise<void> {
    if (this.calls.length >= n) return Promise.resolve();
    return new Promise((resolve) => this.#callWaiters.push({ n, resolve }));
  }

  async *chat(req: ChatRequest, opts: { signal?: AbortSignal } = {}): AsyncIterable<ChatEvent> {
    const signal = opts.signal;
    const record: ScriptedCall = { req, signal, aborted: new Promise(() => undefined), wasAborted: false, finished: false };
    if (signal) {
      record.aborted = new Promise((resolve) => {
        const fire = (): void => {
          record.wasAborted = true;
          resolve();
        };
        if (signal.aborted) fire();
        else signal.addEventListener('abort', fire, { once: true });
      });
    }
    this.calls.push(record);
    for (const w of this.#callWaiters.filter((x) => this.calls.length >= x.n)) w.resolve();
    this.#callWaiters = this.#callWaiters.filter((x) => this.calls.length < x.n);

    const aborted = done('aborted', null, { promptTokens: 0, completionTokens: 0, cachedPromptTokens: 0 });
    try {
      for (const step of this.#script(req, this.calls.length - 1)) {
        if (signal?.aborted) {
          yield aborted;
          return;
        }
        switch (step.type) {
          case 'wait':
          case 'gate':
          case 'hang':
            if (!(await this.#pause(step, signal))) {
              yield aborted;
              return;
            }
            break;
          case 'throw':
            throw step.error;
          default:
            yield step;
            if (step.type === 'done') return;
        }
      }
      yield signal?.aborted ? aborted : done();
    } finally {
      record.finished = true;
    }
  }

  /** Resolves true when the pause is over, false when the signal fired first. */
  #pause(step: { type: 'wait'; ms: number } | { type: 'gate' } | { type: 'hang' }, signal: AbortSignal | undefined): Promise<boolean> {
    return new Promise((resolve) => {
      let timer: NodeJS.Timeout | undefined;
      const onAbort = (): void => {
        clearTimeout(timer);
        resolve(false);
      };
      const over = (): void => {
        signal?.removeEventListener('abort', onAbort);
        resolve(true);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      if (step.type === 'wait') timer = setTimeout(over, step.ms);
      else if (step.type === 'gate') this.#gates.push(over);
    });
  }
}
