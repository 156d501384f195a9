/**
 * The OpenAI-compatible chat-completions wire format (the subset Heed speaks and serves), as zod
 * schemas, and conversions to and from the engine's ChatRequest / ChatEvent. Shared by the
 * escalation client and `heed serve-llm`, so both ends agree by construction.
 */
import { z } from 'zod';
import type { ChatMessage, ChatRequest, FinishReason, JsonSchema, ToolCall, ToolSpec } from './types.js';

const wireToolCall = z.object({
  id: z.string(),
  type: z.literal('function'),
  function: z.object({ name: z.string(), arguments: z.string() }),
});

export const wireMessageSchema = z.discriminatedUnion('role', [
  z.object({ role: z.literal('system'), content: z.string() }),
  z.object({ role: z.literal('user'), content: z.string() }),
  z.object({ role: z.literal('assistant'), content: z.string().nullable().optional(), tool_calls: z.array(wireToolCall).optional() }),
  z.object({ role: z.literal('tool'), tool_call_id: z.string(), name: z.string().optional(), content: z.string() }),
]);
export type WireMessage = z.infer<typeof wireMessageSchema>;

const wireTool = z.object({
  type: z.literal('function'),
  function: z.object({
    name: z.string().regex(/^[a-zA-Z_][a-zA-Z0-9_]{0,63}$/),
    description: z.string().default(''),
    // Checked structurally by the server before use (json-schema subset); passed through here.
    parameters: z.record(z.unknown()).default({ type: 'object', properties: {} }),
  }),
});

export const chatCompletionRequestSchema = z.object({
  model: z.string().optional(),
  messages: z.array(wireMessageSchema).min(1).max(512),
  tools: z.array(wireTool).max(64).optional(),
  tool_choice: z.union([z.enum(['auto', 'required', 'none']), z.object({ type: z.literal('function'), function: z.object({ name: z.string() }) })]).optional(),
  stream: z.boolean().optional(),
  max_tokens: z.number().int().positive().max(8192).optional(),
  max_completion_tokens: z.number().int().positive().max(8192).optional(),
  temperature: z.number().min(0).max(2).optional(),
  seed: z.number().int().optional(),
  user: z.string().optional(),
}).passthrough();
export type ChatCompletionRequest = z.infer<typeof chatCompletionRequestSchema>;

const usageSchema = z.object({
  prompt_tokens: z.number().int().nonnegative(),
  completion_tokens: z.number().int().nonnegative(),
  total_tokens: z.number().int().nonnegative().optional(),
  prompt_tokens_details: z.object({ cached_tokens: z.number().int().nonnegative().optional() }).passthrough().nullable().optional(),
}).passthrough();

const finishSchema = z.enum(['stop', 'length', 'tool_calls', 'content_filter', 'function_call']).nullable();

export const chatCompletionSchema = z.object({
  id: z.string(),
  object: z.literal('chat.completion'),
  created: z.number(),
  model: z.string(),
  choices: z.array(z.object({
    index: z.number().int(),
    message: z.object({ role: z.literal('assistant'), content: z.string().nullable(), tool_calls: z.array(wireToolCall).optional() }).passthrough(),
    finish_reason: finishSchema,
    /** Heed extension: geometric-mean token probability, when the server knows it. */
    heed_confidence: z.number().min(0).max(1).nullable().optional(),
  }).passthrough()).min(1),
  usage: usageSchema.optional(),
}).passthrough();
export type ChatCompletion = z.infer<typeof chatCompletionSchema>;

export const chatCompletionChunkSchema = z.object({
  id: z.string(),
  object: z.literal('chat.completion.chunk'),
  created: z.number(),
  model: z.string(),
  choices: z.array(z.object({
    index: z.number().int(),
    delta: z.object({
      role: z.literal('assistant').optional(),
      content: z.string().nullable().optional(),
      tool_calls: z.array(z.object({
        index: z.number().int(),
        id: z.string().optional(),
        type: z.literal('function').optional(),
        function: z.object({ name: z.string().optional(), arguments: z.string().optional() }).optional(),
      })).optional(),
    }).passthrough(),
    finish_reason: finishSchema.optional(),
    heed_confidence: z.number().min(0).max(1).nullable().optional(),
  }).passthrough()),
  usage: usageSchema.nullable().optional(),
}).passthrough();
export type ChatCompletionChunk = z.infer<typeof chatCompletionChunkSchema>;

export const modelListSchema = z.object({
  object: z.literal('list'),
  data: z.array(z.object({ id: z.string(), object: z.literal('model'), created: z.number().optional(), owned_by: z.string().optional() }).passthrough()),
}).passthrough();

/** OpenAI error body: {"error": {"message", "type", "code"}}. */
export const errorBodySchema = z.object({ error: z.object({ message: z.string(), type: z.string().optional(), code: z.union([z.string(), z.number()]).nullable().optional() }).passthrough() });

export function toWireMessages(messages: readonly ChatMessage[]): WireMessage[] {
  return messages.map((m): WireMessage => {
    switch (m.role) {
      case 'system': case 'user': return { role: m.role, content: m.content };
      case 'assistant': return m.toolCalls && m.toolCalls.length > 0
        ? { role: 'assistant', content: m.content || null, tool_calls: m.toolCalls.map(toWireToolCall) }
        : { role: 'assistant', content: m.content };
      case 'tool': return { role: 'tool', tool_call_id: m.toolCallId, name: m.name, content: m.content };
    }
  });
}

export function toWireToolCall(c: ToolCall): z.infer<typeof wireToolCall> {
  return { id: c.id, type: 'function', function: { name: c.name, arguments: JSON.stringify(c.arguments) } };
}

export function toWireTools(tools: readonly ToolSpec[]): Array<z.infer<typeof wireTool>> {
  return tools.map((t) => ({ type: 'function', function: { name: t.name, description: t.description, parameters: t.parameters as unknown as Record<string, unknown> } }));
}

/** A wire request → the engine's request. Tool parameter schemas are cast: the caller checks them with isToolParameters. */
export function fromWireRequest(r: ChatCompletionRequest): ChatRequest {
  const messages = r.messages.map((m): ChatMessage => {
    switch (m.role) {
      case 'system': case 'user': return { role: m.role, content: m.content };
      case 'assistant': {
        const calls = (m.tool_calls ?? []).map((c) => ({ id: c.id, name: c.function.name, arguments: parseArgs(c.function.arguments) }));
        return calls.length > 0 ? { role: 'assistant', content: m.content ?? '', toolCalls: calls } : { role: 'assistant', content: m.content ?? '' };
      }
      case 'tool': return { role: 'tool', toolCallId: m.tool_call_id, name: m.name ?? '', content: m.content };
    }
  });
  const req: ChatRequest = { messages };
  if (r.tools) req.tools = r.tools.map((t) => ({ name: t.function.name, description: t.function.description, parameters: t.function.parameters as unknown as ToolSpec['parameters'] }));
  if (r.tool_choice !== undefined) req.toolChoice = typeof r.tool_choice === 'string' ? r.tool_choice : 'required';
  const max = r.max_completion_tokens ?? r.max_tokens;
  if (max !== undefined) req.maxTokens = max;
  if (r.temperature !== undefined) req.temperature = r.temperature;
  if (r.seed !== undefined) req.seed = r.seed;
  return req;
}

function parseArgs(s: string): Record<string, unknown> {
  try {
    const v: unknown = JSON.parse(s);
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** Whether a value is a JSON schema in the subset Heed can constrain decoding with (an object schema at the top). */
export function isToolParameters(v: unknown): v is ToolSpec['parameters'] {
  return isSchema(v, 0) && (v as { type?: unknown }).type === 'object';
}

function isSchema(v: unknown, depth: number): v is JsonSchema {
  if (depth > 8 || typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const s = v as Record<string, unknown>;
  if ('const' in s) return ['string', 'number', 'boolean'].includes(typeof s.const) || s.const === null;
  if (!('type' in s) && Array.isArray(s.enum)) return s.enum.every((e) => e === null || ['string', 'number', 'boolean'].includes(typeof e));
  if (Array.isArray(s.oneOf)) return s.oneOf.length > 0 && s.oneOf.every((x) => isSchema(x, depth + 1));
  switch (s.type) {
    case 'string': return s.enum === undefined || (Array.isArray(s.enum) && s.enum.every((e) => typeof e === 'string'));
    case 'integer': case 'number': case 'boolean': case 'null': return true;
    case 'array': return isSchema(s.items, depth + 1);
    case 'object': {
      const props = s.properties ?? {};
      if (typeof props !== 'object' || props === null || Array.isArray(props)) return false;
      if (s.required !== undefined && !(Array.isArray(s.required) && s.required.every((k) => typeof k === 'string'))) return false;
      return Object.values(props).every((x) => isSchema(x, depth + 1));
    }
    default: return false;
  }
}

export function toWireFinish(f: FinishReason): 'stop' | 'length' | 'tool_calls' {
  return f === 'aborted' ? 'stop' : f;
}
