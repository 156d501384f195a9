/**
 * The local LLM as the kiosk uses it: node-llama-cpp in its own worker thread (supervised and
 * restarted by WorkerHost), behind the LlmEngine interface. Events are pulled in batches, so a
 * token costs one message, and an abort stops generation between two tokens.
 */
import type { Logger } from '../../core/logger.js';
import type { LlmContract } from '../../workers/contracts.js';
import type { LlmWorkerData } from '../../workers/llm-worker.js';
import { WorkerHost } from '../../workers/worker-host.js';
import type { ChatEvent, ChatRequest, LlmEngine, LlmModelInfo } from './types.js';

export interface LlamaEngineOptions {
  modelPath: string;
  contextSize?: number;
  sequences?: number;
  threads?: number;
  log?: Logger;
  /** Longest wait for the next batch of events, prefill included (default 120 s). */
  stallTimeoutMs?: number;
}

export async function createLlamaEngine(opts: LlamaEngineOptions): Promise<LlmEngine> {
  const data: LlmWorkerData = { modelPath: opts.modelPath };
  if (opts.contextSize !== undefined) data.contextSize = opts.contextSize;
  if (opts.sequences !== undefined) data.sequences = opts.sequences;
  if (opts.threads !== undefined) data.threads = opts.threads;
  const host = new WorkerHost<LlmContract>({
    name: 'llm', source: 'llm', entry: new URL('../../workers/llm-worker.js', import.meta.url), workerData: data,
    logger: opts.log, timeoutMs: opts.stallTimeoutMs ?? 120_000,
  });
  await host.start();
  const info = await host.call('info', null);
  const timeoutMs = opts.stallTimeoutMs ?? 120_000;

  async function* chat(req: ChatRequest, o: { signal?: AbortSignal } = {}): AsyncGenerator<ChatEvent> {
    const t0 = performance.now();
    const signal = o.signal;
    const abortedDone = (): ChatEvent => ({
      type: 'done', finishReason: 'aborted', usage: { promptTokens: 0, completionTokens: 0, cachedPromptTokens: 0 }, confidence: null,
      timings: { firstTokenMs: null, totalMs: performance.now() - t0 },
    });
    if (signal?.aborted) { yield abortedDone(); return; }
    const stream = await host.call('start', req);
    const onAbort = (): void => { void host.call('stop', { stream }).catch(() => undefined); };
    signal?.addEventListener('abort', onAbort, { once: true });
    let finished = false;
    try {
      for (;;) {
        let batch: ChatEvent[];
        try {
          // Tied to the signal: an abort stops the wait at once (even mid-prefill); the worker drains in the background.
          batch = await host.call('next', { stream }, { timeoutMs, ...(signal ? { signal } : {}) });
        } catch (err) {
          if (signal?.aborted) { yield abortedDone(); return; }
          throw err;
        }
        for (const e of batch) {
          if (e.type === 'done') finished = true;
          yield e;
          if (finished) return;
        }
      }
    } finally {
      signal?.removeEventListener('abort', onAbort);
      // A consumer that stopped reading early: the worker stops generating too.
      if (!finished) void host.call('stop', { stream }).then(() => drain(stream)).catch(() => undefined);
    }
  }

  const drain = async (stream: number): Promise<void> => {
    for (let i = 0; i < 1000; i++) {
      const batch = await host.call('next', { stream }, { timeoutMs });
      if (batch.some((e) => e.type === 'done')) return;
    }
  };

  return {
    name: `llama-worker:${info.id}`,
    info: (o): Promise<LlmModelInfo> => host.call('info', null, o?.signal ? { signal: o.signal } : {}),
    chat,
    close: async () => {
      // The worker frees the model first: terminating a thread mid-evaluation aborts the whole process.
      await host.call('dispose', null, { timeoutMs: 15_000 }).catch(() => undefined);
      await host.close();
    },
  };
}
