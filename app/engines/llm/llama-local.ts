/**
 * The local LLM engine over node-llama-cpp, in the calling thread (the LLM worker runs it; tests
 * may too). One model, one context with N sequences; each chat borrows a sequence, reuses the
 * longest KV-cache prefix it already holds (system prompt + tool schemas + earlier turns), prefills
 * only the rest, and samples token by token so it can stop between tokens on abort, measure
 * confidence from token probabilities and constrain tool calls with a JSON-schema grammar.
 */
import { existsSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { basename } from 'node:path';
import {
  getLlama, LlamaGrammarEvaluationState, LlamaLogLevel, resolveChatWrapper,
  type Llama, type LlamaContext, type LlamaContextSequence, type LlamaGrammar, type LlamaModel, type Token,
} from 'node-llama-cpp';
import { HeedError } from '../../core/errors.js';
import { checkGgufFile } from '../../models/gguf-check.js';
import { checkJsonSchema } from './json-schema-check.js';
import { JsonTextStream } from './json-text-stream.js';
import { buildPrompt, fitHistory } from './llama-prompt.js';
import { decisionSchema, decisionTools, dropNullOptionals, SAY_TOOL } from './tool-decision.js';
import { JsonEnd } from './json-end.js';
import type { ChatEvent, ChatMessage, ChatRequest, FinishReason, LlmEngine, LlmModelInfo, ToolCall, ToolSpec } from './types.js';

export interface LlamaLocalOptions {
  modelPath: string;
  /** Tokens per sequence (default: the model's training context, capped at 4096). */
  contextSize?: number;
  /** Parallel chats (default 1). */
  sequences?: number;
  /**
   * CPU threads. Default: half the cores (at least 1). llama.cpp's threads spin while they wait,
   * so on a busy 2-core kiosk more threads than free cores makes each token ~1000x slower.
   */
  threads?: number;
  log?: (level: 'debug' | 'info' | 'warn' | 'error', msg: string) => void;
}

let llamaPromise: Promise<Llama> | null = null;

export function defaultThreads(): number {
  return Math.max(1, Math.floor(availableParallelism() / 2));
}

function sharedLlama(): Promise<Llama> {
  llamaPromise ??= getLlama({ gpu: false, logLevel: LlamaLogLevel.error, build: 'never', progressLogs: false });
  return llamaPromise;
}

const DEFAULT_MAX_TOKENS = 256;
/** Prompt tokens evaluated between two abort checks. */
const PREFILL_CHUNK = 256;

/**
 * Keeps the event loop alive until `work` settles. node-llama-cpp's native loads do not always
 * hold a handle: in a process with nothing else pending (a CLI, a test) Node saw an empty loop
 * mid-load and ended with the promise unresolved ("Promise resolution is still pending but the
 * event loop has already resolved", seen once in CI while loading a model).
 */
export async function holdingEventLoop<T>(work: Promise<T>): Promise<T> {
  const timer = setInterval(() => undefined, 1000);
  try { return await work; } finally { clearInterval(timer); }
}

export async function createLlamaLocal(opts: LlamaLocalOptions): Promise<LlmEngine> {
  return holdingEventLoop(loadLlamaLocal(opts));
}

async function loadLlamaLocal(opts: LlamaLocalOptions): Promise<LlmEngine> {
  if (!existsSync(opts.modelPath) || !statSync(opts.modelPath).isFile()) {
    throw new HeedError('MODEL_MISSING', 'llm', `LLM model file not found: ${opts.modelPath}`, { hint: 'heed models pull <name>, or set llm.local.model to a .gguf file' });
  }
  // A corrupt header is refused before llama.cpp parses it (it can allocate gigabytes on garbage).
  checkGgufFile(opts.modelPath);
  const llama = await sharedLlama();
  let model: LlamaModel;
  try {
    model = await llama.loadModel({ modelPath: opts.modelPath });
  } catch (err) {
    throw new HeedError('MODEL_CORRUPT', 'llm', `cannot load ${opts.modelPath}: ${(err as Error).message}`, { cause: err });
  }
  const contextSize = opts.contextSize ?? Math.min(model.trainContextSize, 4096);
  let context: LlamaContext;
  try {
    context = await model.createContext({ contextSize, sequences: opts.sequences ?? 1, threads: opts.threads ?? defaultThreads() });
  } catch (err) {
    await model.dispose();
    throw new HeedError('LLM_FAILED', 'llm', `cannot create a context of ${contextSize} tokens: ${(err as Error).message}`, { cause: err });
  }
  const wrapper = resolveChatWrapper(model);
  const stops = stopStrings(model);
  const grammars = new Map<string, LlamaGrammar>();
  const free: LlamaContextSequence[] = [];
  const waiting: Array<(s: LlamaContextSequence) => void> = [];
  for (let i = 0; i < (opts.sequences ?? 1); i++) free.push(context.getSequence());
  const id = basename(opts.modelPath).replace(/\.gguf$/i, '');
  let closed = false;
  // close() aborts every chat in flight and waits for it: disposing a context mid-evaluation aborts the process.
  const closing = new AbortController();
  const active = new Set<Promise<void>>();

  const borrow = (signal?: AbortSignal): Promise<LlamaContextSequence> => {
    const s = free.pop();
    if (s) return Promise.resolve(s);
    return new Promise((resolve, reject) => {
      const take = (seq: LlamaContextSequence): void => { signal?.removeEventListener('abort', onAbort); resolve(seq); };
      const onAbort = (): void => {
        const i = waiting.indexOf(take);
        if (i >= 0) waiting.splice(i, 1);
        reject(new HeedError('ABORTED', 'llm', 'aborted while waiting for a free sequence'));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      waiting.push(take);
    });
  };
  const giveBack = (s: LlamaContextSequence): void => {
    const next = waiting.shift();
    if (next) next(s);
    else free.push(s);
  };

  const grammarFor = async (tools: readonly ToolSpec[]): Promise<LlamaGrammar> => {
    const schema = decisionSchema(tools);
    const key = JSON.stringify(schema);
    let g = grammars.get(key);
    if (!g) {
      g = await llama.createGrammarForJsonSchema(schema as never);
      if (grammars.size > 32) grammars.clear();
      grammars.set(key, g);
    }
    return g;
  };

  async function* chat(req: ChatRequest, o: { signal?: AbortSignal } = {}): AsyncGenerator<ChatEvent> {
    let release = (): void => undefined;
    const running = new Promise<void>((resolve) => { release = resolve; });
    active.add(running);
    try {
      yield* generate(req, o.signal ? AbortSignal.any([o.signal, closing.signal]) : closing.signal);
    } finally {
      active.delete(running);
      release();
    }
  }

  async function* generate(req: ChatRequest, signal: AbortSignal): AsyncGenerator<ChatEvent> {
    const t0 = performance.now();
    const aborted = (promptTokens = 0, cached = 0, completion = 0): ChatEvent => ({
      type: 'done', finishReason: 'aborted', usage: { promptTokens, completionTokens: completion, cachedPromptTokens: cached }, confidence: null,
      timings: { firstTokenMs: null, totalMs: performance.now() - t0 },
    });
    if (closed) throw new HeedError('LLM_FAILED', 'llm', 'the LLM engine is closed');
    if (signal.aborted) { yield aborted(); return; }
    const maxTokens = Math.max(1, Math.min(req.maxTokens ?? DEFAULT_MAX_TOKENS, contextSize - 8));
    const useTools = (req.tools?.length ?? 0) > 0 && req.toolChoice !== 'none';
    const tools = useTools ? decisionTools(req.tools ?? [], req.toolChoice === 'required' ? 'required' : 'auto') : [];
    const grammar = useTools ? await grammarFor(tools) : null;

    const render = (m: readonly ChatMessage[]): Token[] => buildPrompt(wrapper, m, tools).tokenize(model.tokenizer, 'trimLeadingSpace');
    const budget = contextSize - maxTokens;
    let promptTokens = render(req.messages);
    // Rendered once when the conversation fits; older turns are dropped only when it does not.
    if (promptTokens.length > budget) {
      const fitted = fitHistory(req.messages, (m) => render(m).length, budget);
      if (!fitted) throw new HeedError('LLM_CONTEXT_FULL', 'llm', `the prompt does not fit ${budget} tokens even with only the last message`);
      promptTokens = render(fitted);
    }

    let seq: LlamaContextSequence;
    try {
      seq = await borrow(signal);
    } catch {
      yield aborted(promptTokens.length);
      return;
    }
    try {
      // Reuse the KV cache for the longest common prefix; always evaluate at least one token.
      const held = seq.contextTokens;
      let keep = 0;
      while (keep < held.length && keep < promptTokens.length - 1 && held[keep] === promptTokens[keep]) keep++;
      if (keep < seq.nextTokenIndex) await seq.eraseContextTokenRanges([{ start: keep, end: seq.nextTokenIndex }]);
      let input = promptTokens.slice(keep);
      // The prompt is prefilled in chunks so an abort (the turn budget, a barge-in) lands between two of them.
      while (input.length > PREFILL_CHUNK) {
        if (signal.aborted) { yield aborted(promptTokens.length, keep); return; }
        await seq.evaluateWithoutGeneratingNewTokens(input.slice(0, PREFILL_CHUNK));
        input = input.slice(PREFILL_CHUNK);
      }
      if (signal.aborted) { yield aborted(promptTokens.length, keep); return; }

      const state = grammar ? new LlamaGrammarEvaluationState({ model, grammar }) : undefined;
      const gen: Token[] = [];
      const logProbs: number[] = [];
      let text = '';
      let emitted = 0;
      let firstTokenMs: number | null = null;
      let finish: FinishReason = 'length';
      const say = useTools ? new JsonTextStream('text') : null;
      const jsonEnd = useTools ? new JsonEnd() : null;
      const holdBack = Math.max(0, ...stops.map((s) => s.length - 1));

      const it = seq.evaluateWithMetadata(input, { confidence: true }, {
        temperature: req.temperature ?? 0,
        ...(req.seed !== undefined ? { seed: req.seed } : {}),
        ...(state ? { grammarEvaluationState: state } : {}),
      });
      for await (const out of it) {
        if (signal.aborted) { finish = 'aborted'; break; }
        firstTokenMs ??= performance.now() - t0;
        if (model.isEogToken(out.token)) { finish = 'stop'; break; }
        gen.push(out.token);
        // Tokens the grammar left no choice about say nothing about the model's certainty.
        if (out.confidence < 0.999) logProbs.push(Math.log(Math.max(out.confidence, 1e-9)));
        const full = model.detokenize(gen);
        // An incomplete UTF-8 sequence detokenizes to U+FFFD: wait for the rest.
        const stable = full.endsWith('\uFFFD') ? full.slice(0, full.lastIndexOf('\uFFFD')) : full;
        const delta = stable.slice(text.length);
        text = stable;
        if (say) {
          const spoken = say.push(delta);
          if (spoken) yield { type: 'text', delta: spoken };
          if (jsonEnd?.push(delta)) { finish = 'stop'; break; }
        } else {
          const hit = firstStop(text, stops);
          if (hit >= 0) { text = text.slice(0, hit); finish = 'stop'; }
          const safe = finish === 'stop' ? text.length : Math.max(emitted, text.length - holdBack);
          if (safe > emitted) { yield { type: 'text', delta: text.slice(emitted, safe) }; emitted = safe; }
          if (finish === 'stop') break;
        }
        if (gen.length >= maxTokens) { finish = 'length'; break; }
      }
      if (!say && finish !== 'aborted' && text.length > emitted) yield { type: 'text', delta: text.slice(emitted) };
      // Stops the sequence's generator (releases its evaluation lock) before the sequence is reused.
      await it.return(undefined);
      const usage = { promptTokens: promptTokens.length, completionTokens: gen.length, cachedPromptTokens: keep };
      const confidence = finish === 'aborted' ? null : logProbs.length === 0 ? 1 : Math.exp(logProbs.reduce((a, b) => a + b, 0) / logProbs.length);
      if (useTools && finish !== 'aborted') {
        const call = parseDecision(text, tools, finish);
        if (call && call.name !== SAY_TOOL) {
          yield { type: 'tool_call', call };
          finish = 'tool_calls';
        }
      }
      yield { type: 'done', finishReason: finish, usage, confidence, timings: { firstTokenMs, totalMs: performance.now() - t0 } };
    } finally {
      giveBack(seq);
    }
  }

  return {
    name: `llama:${id}`,
    info: (): Promise<LlmModelInfo> => Promise.resolve({ id, contextSize }),
    chat,
    close: async (): Promise<void> => {
      if (closed) return;
      closed = true;
      closing.abort();
      await Promise.allSettled([...active]);
      await context.dispose();
      await model.dispose();
    },
  };
}

/** Parses the constrained decision; the grammar guarantees its shape, the schema check guards the rest. */
function parseDecision(text: string, tools: readonly ToolSpec[], finish: FinishReason): ToolCall | null {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    // Cut off by the token limit: no call, finish 'length' (as OpenAI reports it). Model text never goes into errors.
    if (finish === 'length') return null;
    throw new HeedError('LLM_OUTPUT_INVALID', 'llm', 'the tool call is not valid JSON');
  }
  const o = v as { name?: unknown; arguments?: unknown };
  const tool = tools.find((t) => t.name === o.name);
  if (!tool || typeof o.arguments !== 'object' || o.arguments === null) throw new HeedError('LLM_OUTPUT_INVALID', 'llm', 'the tool call names no offered tool');
  const args = dropNullOptionals(o.arguments as Record<string, unknown>, tool.parameters);
  const problem = checkJsonSchema(tool.parameters, args);
  if (problem) throw new HeedError('LLM_OUTPUT_INVALID', 'llm', `tool ${tool.name}: ${problem}`);
  return { id: 'call_1', name: tool.name, arguments: args };
}

/** Texts that end a plain-text answer: the model's end-of-sequence string and the common end-of-turn markers. */
function stopStrings(model: LlamaModel): string[] {
  const stops = new Set<string>();
  const eos = model.tokens.eosString;
  if (eos) stops.add(eos);
  for (const s of ['<|im_end|>', '<|eot_id|>', '</s>', '<|end|>']) stops.add(s);
  return [...stops];
}

function firstStop(text: string, stops: readonly string[]): number {
  let best = -1;
  for (const s of stops) {
    const i = text.indexOf(s);
    if (i >= 0 && (best < 0 || i < best)) best = i;
  }
  return best;
}
