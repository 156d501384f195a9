/** Worker entry: the local llama.cpp engine bound to the parent port, streaming chat events by pull. */
import { z } from 'zod';
import { HeedError } from '../core/errors.js';
import { createLlamaLocal } from '../engines/llm/llama-local.js';
import type { ChatEvent } from '../engines/llm/types.js';
import type { LlmContract } from './contracts.js';
import { serveWorker } from './rpc-server.js';

export const llmWorkerDataSchema = z.object({
  modelPath: z.string().min(1),
  contextSize: z.number().int().min(128).max(131072).optional(),
  sequences: z.number().int().min(1).max(16).optional(),
  threads: z.number().int().min(1).max(64).optional(),
}).strict();
export type LlmWorkerData = z.infer<typeof llmWorkerDataSchema>;

interface Stream {
  events: ChatEvent[];
  finished: boolean;
  error: HeedError | null;
  wake: (() => void) | null;
  abort: AbortController;
}

serveWorker<LlmContract>('llm', async (data, log) => {
  const parsed = llmWorkerDataSchema.safeParse(data);
  if (!parsed.success) throw new HeedError('CONFIG_INVALID', 'llm', `llm worker config: ${parsed.error.issues[0]?.path.join('.')}: ${parsed.error.issues[0]?.message}`);
  const engine = await createLlamaLocal({ ...parsed.data, log: (level, msg) => log.log(level, msg) });
  const streams = new Map<number, Stream>();
  let nextId = 1;

  const pump = async (s: Stream, events: AsyncIterable<ChatEvent>): Promise<void> => {
    try {
      for await (const e of events) {
        s.events.push(e);
        s.wake?.();
      }
    } catch (err) {
      s.error = HeedError.from(err, 'llm', 'LLM_FAILED');
    } finally {
      s.finished = true;
      s.wake?.();
    }
  };

  return {
    info: (_req, { signal }) => engine.info({ signal }),
    start: (req) => {
      const id = nextId++;
      const s: Stream = { events: [], finished: false, error: null, wake: null, abort: new AbortController() };
      streams.set(id, s);
      void pump(s, engine.chat(req, { signal: s.abort.signal }));
      return Promise.resolve(id);
    },
    next: async ({ stream }, { signal }) => {
      const s = streams.get(stream);
      if (!s) throw new HeedError('LLM_FAILED', 'llm', `no chat stream ${stream}`);
      while (s.events.length === 0 && !s.finished) {
        if (signal.aborted) return [];
        await new Promise<void>((resolve) => {
          s.wake = resolve;
          signal.addEventListener('abort', () => resolve(), { once: true });
        });
        s.wake = null;
      }
      const out = s.events.splice(0);
      if (s.finished && s.events.length === 0) {
        streams.delete(stream);
        if (s.error && !out.some((e) => e.type === 'done')) throw s.error;
      }
      return out;
    },
    stop: ({ stream }) => {
      streams.get(stream)?.abort.abort();
      return Promise.resolve(null);
    },
    dispose: async () => {
      for (const s of streams.values()) s.abort.abort();
      await engine.close();
      return null;
    },
  };
});
