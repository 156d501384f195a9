/**
 * Chat with a language model: messages (and optionally tools) in, a stream of text deltas and
 * tool calls out, ending with one `done` event. The same interface is served by the local
 * llama.cpp engine (in a worker), the OpenAI-compatible escalation client (hub or cloud) and a fake.
 *
 * Cancellation is an outcome, not an error: when the caller's signal fires the stream ends with
 * `done` whose finishReason is 'aborted'. Failures throw HeedError (LLM_* / ESCALATION_*).
 */

/**
 * The JSON-schema subset a tool's parameters may use: what grammar-constrained decoding
 * (node-llama-cpp's GBNF JSON schema) and OpenAI function definitions both understand.
 */
export type JsonSchema =
  | { type: 'string'; enum?: string[]; description?: string; minLength?: number; maxLength?: number }
  | { type: 'integer' | 'number'; description?: string; minimum?: number; maximum?: number }
  | { type: 'boolean'; description?: string }
  | { type: 'null'; description?: string }
  | { type: 'array'; items: JsonSchema; description?: string; minItems?: number; maxItems?: number }
  | { type: 'object'; properties: Record<string, JsonSchema>; required?: string[]; additionalProperties?: false; description?: string }
  | { enum: Array<string | number | boolean | null>; description?: string }
  | { const: string | number | boolean | null; description?: string }
  | { oneOf: JsonSchema[]; description?: string };

export type ObjectSchema = Extract<JsonSchema, { type: 'object' }>;

export interface ToolSpec {
  /** ^[a-zA-Z_][a-zA-Z0-9_]{0,63}$ */
  name: string;
  description: string;
  parameters: ObjectSchema;
}

export interface ToolCall {
  /** Unique within the response ("call_1" …). */
  id: string;
  name: string;
  /** Parsed and valid against the tool's parameters schema. */
  arguments: Record<string, unknown>;
}

export type ChatMessage =
  | { role: 'system'; content: string }
  | { role: 'user'; content: string }
  | { role: 'assistant'; content: string; toolCalls?: ToolCall[] }
  | { role: 'tool'; toolCallId: string; name: string; content: string };

export interface ChatRequest {
  messages: ChatMessage[];
  tools?: ToolSpec[];
  /** 'auto' (default when tools are given): text or one tool call; 'required': one tool call; 'none': text only. */
  toolChoice?: 'auto' | 'required' | 'none';
  /** Upper bound on generated tokens (default 256). */
  maxTokens?: number;
  /** 0 = greedy (default). */
  temperature?: number;
  seed?: number;
}

export type FinishReason = 'stop' | 'length' | 'tool_calls' | 'aborted';

export interface ChatUsage {
  promptTokens: number;
  completionTokens: number;
  /** Prompt tokens served from a reused KV-cache prefix (not prefilled again); 0 when unknown. */
  cachedPromptTokens: number;
}

export interface ChatTimings {
  /** From the call to the first generated token (prefill included). */
  firstTokenMs: number | null;
  totalMs: number;
}

export type ChatEvent =
  | { type: 'text'; delta: string }
  | { type: 'tool_call'; call: ToolCall }
  | {
      type: 'done';
      finishReason: FinishReason;
      usage: ChatUsage;
      /**
       * How sure the model was, 0..1: the geometric mean of the sampled tokens' probabilities
       * (local engine), or null when the engine cannot tell (most remote servers).
       */
      confidence: number | null;
      timings: ChatTimings;
    };

export interface LlmModelInfo {
  id: string;
  contextSize: number;
}

export interface LlmEngine {
  readonly name: string;
  /** The model this engine answers with. */
  info(opts?: { signal?: AbortSignal }): Promise<LlmModelInfo>;
  chat(req: ChatRequest, opts?: { signal?: AbortSignal }): AsyncIterable<ChatEvent>;
  close(): Promise<void>;
}

/** Collects a whole stream (tests, non-streamed HTTP answers). */
export interface ChatResult {
  text: string;
  toolCalls: ToolCall[];
  finishReason: FinishReason;
  usage: ChatUsage;
  confidence: number | null;
  timings: ChatTimings;
}

export async function collectChat(events: AsyncIterable<ChatEvent>): Promise<ChatResult> {
  let text = '';
  const toolCalls: ToolCall[] = [];
  for await (const e of events) {
    if (e.type === 'text') text += e.delta;
    else if (e.type === 'tool_call') toolCalls.push(e.call);
    else return { text, toolCalls, finishReason: e.finishReason, usage: e.usage, confidence: e.confidence, timings: e.timings };
  }
  throw new Error('chat stream ended without a done event');
}

export const TOOL_NAME_RE = /^[a-zA-Z_][a-zA-Z0-9_]{0,63}$/;

/** The text deltas of a chat stream (for speakStream); `onDone` receives the final event. */
export async function* chatText(events: AsyncIterable<ChatEvent>, onDone?: (done: Extract<ChatEvent, { type: 'done' }>) => void): AsyncGenerator<string> {
  for await (const e of events) {
    if (e.type === 'text') yield e.delta;
    else if (e.type === 'done') onDone?.(e);
  }
}
