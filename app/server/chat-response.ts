/**
 * The engine's answer in the OpenAI wire shapes (chatCompletionSchema, chatCompletionChunkSchema),
 * and the check that what the engine produced is something the request allowed.
 */
import { randomUUID } from 'node:crypto';
import { checkJsonSchema } from '../engines/llm/json-schema-check.js';
import { toWireFinish, toWireToolCall, type ChatCompletion, type ChatCompletionChunk } from '../engines/llm/openai-wire.js';
import type { ChatRequest, ChatResult, ChatUsage, FinishReason, ToolCall } from '../engines/llm/types.js';

/** What every chunk of one answer shares. */
export interface AnswerMeta {
  id: string;
  created: number;
  model: string;
}

export function answerMeta(model: string): AnswerMeta {
  return { id: `chatcmpl-${randomUUID()}`, created: Math.floor(Date.now() / 1000), model };
}

type WireUsage = NonNullable<ChatCompletion['usage']>;

export function wireUsage(u: ChatUsage): WireUsage {
  return {
    prompt_tokens: u.promptTokens,
    completion_tokens: u.completionTokens,
    total_tokens: u.promptTokens + u.completionTokens,
    prompt_tokens_details: { cached_tokens: u.cachedPromptTokens },
  };
}

/** Confidence as the wire allows it: within 0..1, or null. */
export function wireConfidence(c: number | null): number | null {
  return c === null || !Number.isFinite(c) ? null : Math.min(1, Math.max(0, c));
}

type Delta = ChatCompletionChunk['choices'][number]['delta'];

function chunk(meta: AnswerMeta, delta: Delta, extra: Record<string, unknown> = {}): ChatCompletionChunk {
  return { id: meta.id, object: 'chat.completion.chunk', created: meta.created, model: meta.model, choices: [{ index: 0, delta, ...extra }] };
}

export function roleChunk(meta: AnswerMeta): ChatCompletionChunk {
  return chunk(meta, { role: 'assistant', content: '' }, { finish_reason: null });
}

export function textChunk(meta: AnswerMeta, delta: string): ChatCompletionChunk {
  return chunk(meta, { content: delta }, { finish_reason: null });
}

/** One whole tool call in one delta: id, type, name and the complete arguments JSON. */
export function toolCallChunk(meta: AnswerMeta, index: number, call: ToolCall): ChatCompletionChunk {
  const wire = toWireToolCall(call);
  return chunk(meta, { tool_calls: [{ index, id: wire.id, type: 'function', function: wire.function }] }, { finish_reason: null });
}

export function finishChunk(meta: AnswerMeta, finish: FinishReason, confidence: number | null): ChatCompletionChunk {
  return chunk(meta, {}, { finish_reason: toWireFinish(finish), heed_confidence: wireConfidence(confidence) });
}

/** The trailing usage chunk (no choices), as OpenAI sends with stream_options.include_usage. */
export function usageChunk(meta: AnswerMeta, usage: ChatUsage): ChatCompletionChunk {
  return { id: meta.id, object: 'chat.completion.chunk', created: meta.created, model: meta.model, choices: [], usage: wireUsage(usage) };
}

export function completion(meta: AnswerMeta, r: ChatResult): ChatCompletion {
  const message: ChatCompletion['choices'][number]['message'] = {
    role: 'assistant',
    content: r.text === '' && r.toolCalls.length > 0 ? null : r.text,
  };
  if (r.toolCalls.length > 0) message.tool_calls = r.toolCalls.map(toWireToolCall);
  return {
    id: meta.id,
    object: 'chat.completion',
    created: meta.created,
    model: meta.model,
    choices: [{ index: 0, message, finish_reason: toWireFinish(r.finishReason), heed_confidence: wireConfidence(r.confidence) }],
    usage: wireUsage(r.usage),
  };
}

/**
 * Whether the engine's tool call is one the request allowed: tools offered, the name among them,
 * the arguments valid against its parameters. Returns the problem (paths only, no values) or null.
 */
export function toolCallProblem(req: ChatRequest, call: ToolCall): string | null {
  if (req.toolChoice === 'none') return `the engine called ${call.name} although tool_choice is none`;
  const spec = req.tools?.find((t) => t.name === call.name);
  if (!spec) return `the engine called a tool that was not offered (${call.name})`;
  const problem = checkJsonSchema(spec.parameters, call.arguments);
  return problem === null ? null : `the engine's ${call.name} arguments do not validate: ${problem}`;
}
