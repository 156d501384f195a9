/**
 * An incoming `POST /v1/chat/completions` body → the engine's ChatRequest, or the 400 answer that
 * says which field is wrong (the zod path). Tool parameter schemas must be in the subset the
 * engine can constrain decoding with (isToolParameters).
 */
import { chatCompletionRequestSchema, fromWireRequest, isToolParameters } from '../engines/llm/openai-wire.js';
import type { ChatRequest } from '../engines/llm/types.js';
import type { ApiError } from './http-util.js';

export type ParsedChatRequest =
  | { ok: true; request: ChatRequest; stream: boolean; model: string | undefined }
  | { ok: false; error: ApiError };

const utf8 = new TextDecoder('utf-8', { fatal: true });

function invalid(message: string, code: string, param?: string): { ok: false; error: ApiError } {
  const error: ApiError = { status: 400, type: 'invalid_request_error', code, message };
  if (param !== undefined) error.param = param;
  return { ok: false, error };
}

export function parseChatRequest(body: Uint8Array): ParsedChatRequest {
  let json: unknown;
  try {
    json = JSON.parse(utf8.decode(body));
  } catch {
    return invalid('the request body is not valid JSON (UTF-8)', 'invalid_json');
  }
  const parsed = chatCompletionRequestSchema.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues;
    const first = issues[0];
    const path = first && first.path.length > 0 ? first.path.join('.') : '(body)';
    const more = issues.length > 1 ? ` (and ${issues.length - 1} more problem${issues.length > 2 ? 's' : ''})` : '';
    return invalid(`${path}: ${first?.message ?? 'invalid'}${more}`, 'invalid_request', path);
  }
  const wire = parsed.data;
  const names = new Set<string>();
  for (const [i, tool] of (wire.tools ?? []).entries()) {
    if (!isToolParameters(tool.function.parameters)) {
      return invalid(
        `tools.${i}.function.parameters: not a supported JSON schema (an object schema using type, properties, required, items, enum, const, oneOf)`,
        'invalid_tool_parameters', `tools.${i}.function.parameters`,
      );
    }
    if (names.has(tool.function.name)) return invalid(`tools.${i}.function.name: duplicate tool name`, 'invalid_request', `tools.${i}.function.name`);
    names.add(tool.function.name);
  }
  const request = fromWireRequest(wire);
  const choice = wire.tool_choice;
  if (typeof choice === 'object') {
    // A named function: offer only that tool, and require it.
    const tool = request.tools?.find((t) => t.name === choice.function.name);
    if (!tool) return invalid('tool_choice.function.name: not one of the given tools', 'invalid_request', 'tool_choice.function.name');
    request.tools = [tool];
  }
  if (request.toolChoice === 'required' && (request.tools ?? []).length === 0) {
    return invalid('tool_choice: a tool call is required but no tools were given', 'invalid_request', 'tool_choice');
  }
  return { ok: true, request, stream: wire.stream === true, model: wire.model };
}
