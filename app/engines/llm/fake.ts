/**
 * A scripted LLM for unit tests of the logic around an engine (the understanding chain, the
 * server). It streams word by word with an optional delay, honours aborts between words, reports a
 * scripted confidence, counts a KV prefix the way the real engine does (messages it saw last time),
 * and validates tool calls like the real engine, so a script cannot return what a model could not.
 */
import { HeedError } from '../../core/errors.js';
import { checkJsonSchema } from './json-schema-check.js';
import type { ChatEvent, ChatMessage, ChatRequest, JsonSchema, LlmEngine, LlmModelInfo, ToolSpec } from './types.js';

export interface FakeTurn {
  text?: string;
  toolCall?: { name: string; arguments: Record<string, unknown> };
  /** Default 0.9. */
  confidence?: number | null;
  /** Milliseconds between streamed words (default 0). */
  delayMs?: number;
  /** Throw this before streaming (a model or server failure). */
  fail?: HeedError;
}

export type FakeScript = (req: ChatRequest, call: number) => FakeTurn;

export class FakeLlm implements LlmEngine {
  readonly name = 'fake-llm';
  readonly requests: ChatRequest[] = [];
  /** Signals of every chat call, for tests that check aborts reached the engine. */
  readonly signals: Array<AbortSignal | undefined> = [];
  readonly #script: FakeScript;
  #last: ChatMessage[] = [];
  #closed = false;

  constructor(script: FakeScript = defaultScript) {
    this.#script = script;
  }

  info(): Promise<LlmModelInfo> {
    return Promise.resolve({ id: 'fake-llm', contextSize: 4096 });
  }

  async *chat(req: ChatRequest, opts: { signal?: AbortSignal } = {}): AsyncGenerator<ChatEvent> {
    const t0 = performance.now();
    if (this.#closed) throw new HeedError('LLM_FAILED', 'llm', 'the fake LLM is closed');
    this.requests.push(req);
    this.signals.push(opts.signal);
    const signal = opts.signal;
    const promptTokens = req.messages.reduce((n, m) => n + words(m.content).length + 4, 0);
    const done = (finishReason: 'stop' | 'length' | 'tool_calls' | 'aborted', completion: number, confidence: number | null, first: number | null): ChatEvent => ({
      type: 'done', finishReason, confidence,
      usage: { promptTokens, completionTokens: completion, cachedPromptTokens: finishReason === 'aborted' && completion === 0 ? 0 : cached },
      timings: { firstTokenMs: first, totalMs: performance.now() - t0 },
    });
    let cached = 0;
    if (signal?.aborted) { yield done('aborted', 0, null, null); return; }
    const turn = this.#script(req, this.requests.length - 1);
    if (turn.fail) throw turn.fail;
    for (let i = 0; i < Math.min(this.#last.length, req.messages.length - 1); i++) {
      if (JSON.stringify(this.#last[i]) !== JSON.stringify(req.messages[i])) break;
      cached += words(req.messages[i]?.content ?? '').length + 4;
    }
    this.#last = [...req.messages];
    const confidence = turn.confidence === undefined ? 0.9 : turn.confidence;
    const useTools = (req.tools?.length ?? 0) > 0 && req.toolChoice !== 'none';
    if (turn.toolCall && useTools) {
      const tool = req.tools?.find((t) => t.name === turn.toolCall?.name);
      const problem = tool ? checkJsonSchema(tool.parameters, turn.toolCall.arguments) : 'no such tool';
      if (problem) throw new HeedError('LLM_OUTPUT_INVALID', 'llm', `fake script: tool ${turn.toolCall.name}: ${problem}`);
      await sleep(turn.delayMs ?? 0, signal);
      if (signal?.aborted) { yield done('aborted', 0, null, null); return; }
      yield { type: 'tool_call', call: { id: 'call_1', name: turn.toolCall.name, arguments: turn.toolCall.arguments } };
      yield done('tool_calls', 8, confidence, performance.now() - t0);
      return;
    }
    if (useTools && req.toolChoice === 'required') throw new HeedError('LLM_OUTPUT_INVALID', 'llm', 'fake script gave no tool call where one is required');
    const out = words(turn.text ?? '');
    const max = req.maxTokens ?? 256;
    let first: number | null = null;
    let n = 0;
    for (const w of out) {
      if (n >= max) { yield done('length', n, confidence, first); return; }
      await sleep(turn.delayMs ?? 0, signal);
      if (signal?.aborted) { yield done('aborted', n, null, first); return; }
      first ??= performance.now() - t0;
      yield { type: 'text', delta: n === 0 ? w : ` ${w}` };
      n++;
    }
    yield done('stop', n, confidence, first);
  }

  close(): Promise<void> {
    this.#closed = true;
    return Promise.resolve();
  }
}

function words(s: string): string[] {
  return s.split(/\s+/).filter((w) => w.length > 0);
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (ms <= 0 || signal?.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const t = setTimeout(done, ms);
    function done(): void { clearTimeout(t); signal?.removeEventListener('abort', done); resolve(); }
    signal?.addEventListener('abort', done, { once: true });
  });
}

/** Default: a required tool call gets the first tool with the smallest valid arguments; otherwise an echo. */
function defaultScript(req: ChatRequest): FakeTurn {
  const tool = req.tools?.[0];
  if (tool && req.toolChoice === 'required') return { toolCall: { name: tool.name, arguments: minimalArgs(tool) } };
  const last = [...req.messages].reverse().find((m) => m.role === 'user');
  return { text: `You said: ${last?.content ?? ''}` };
}

export function minimalArgs(tool: ToolSpec): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of tool.parameters.required ?? []) {
    const s = tool.parameters.properties[k];
    if (s) out[k] = minimalValue(s);
  }
  return out;
}

function minimalValue(s: JsonSchema): unknown {
  if ('const' in s) return s.const;
  if ('oneOf' in s) return s.oneOf[0] ? minimalValue(s.oneOf[0]) : null;
  if (!('type' in s)) return s.enum[0] ?? null;
  if (s.type === 'string' && s.enum && s.enum.length > 0) return s.enum[0];
  switch (s.type) {
    case 'string': return 'x'.repeat(Math.max(1, s.minLength ?? 1));
    case 'integer': case 'number': return s.minimum ?? 0;
    case 'boolean': return false;
    case 'null': return null;
    case 'array': return Array.from({ length: s.minItems ?? 0 }, () => minimalValue(s.items));
    case 'object': return minimalArgs({ name: 'x', description: '', parameters: s });
  }
}
