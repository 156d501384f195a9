/**
 * How a local model answers when tools are on offer: exactly one JSON object
 * `{"name": "<tool>", "arguments": {...}}` (the Hermes/Qwen tool-call shape), decoded under a
 * grammar built from the tools' JSON schemas, so every call parses and validates. In 'auto' mode a
 * built-in `say` tool carries a plain reply, whose text is streamed as it is decoded.
 */
import type { JsonSchema, ObjectSchema, ToolSpec } from './types.js';

export const SAY_TOOL = 'say';

export const sayTool: ToolSpec = {
  name: SAY_TOOL,
  description: 'Reply to the customer in words, when no other tool fits.',
  parameters: { type: 'object', properties: { text: { type: 'string', maxLength: 400 } }, required: ['text'], additionalProperties: false },
};

/** The tools a decision may name: the caller's, plus `say` unless a call is required. */
export function decisionTools(tools: readonly ToolSpec[], choice: 'auto' | 'required'): ToolSpec[] {
  if (tools.some((t) => t.name === SAY_TOOL)) throw new Error(`a tool may not be named '${SAY_TOOL}': the engine reserves it`);
  return choice === 'required' ? [...tools] : [...tools, sayTool];
}

/** One JSON schema for the whole decision: oneOf {name: const, arguments: params}. */
export function decisionSchema(tools: readonly ToolSpec[]): JsonSchema {
  const alt = (t: ToolSpec): JsonSchema => ({
    type: 'object',
    properties: { name: { const: t.name }, arguments: constrainObject(t.parameters) },
    required: ['name', 'arguments'],
    additionalProperties: false,
  });
  const alts = tools.map(alt);
  return alts.length === 1 ? (alts[0] as JsonSchema) : { oneOf: alts };
}

/**
 * Grammar-constrained decoding emits every listed property; optional ones become nullable so a
 * model is never forced to invent a value. Strings get a length cap so a runaway model ends.
 */
function constrainObject(s: ObjectSchema): JsonSchema {
  const required = new Set(s.required ?? []);
  const properties: Record<string, JsonSchema> = {};
  for (const [k, v] of Object.entries(s.properties)) {
    const c = constrain(v);
    properties[k] = required.has(k) ? c : { oneOf: [c, { type: 'null' }] };
  }
  return { type: 'object', properties, required: Object.keys(properties), additionalProperties: false };
}

function constrain(s: JsonSchema): JsonSchema {
  if ('type' in s) {
    if (s.type === 'object') return constrainObject(s);
    if (s.type === 'array') return { ...s, items: constrain(s.items), maxItems: Math.min(s.maxItems ?? 16, 16) };
    if (s.type === 'string' && !s.enum) return { ...s, maxLength: Math.min(s.maxLength ?? 200, 200) };
    // The JSON grammar cannot bound a number; a small integer range becomes an enum so it can.
    if (s.type === 'integer' && s.minimum !== undefined && s.maximum !== undefined && s.maximum - s.minimum <= 100) {
      const values: number[] = [];
      for (let v = Math.ceil(s.minimum); v <= s.maximum; v++) values.push(v);
      return { enum: values, ...(s.description ? { description: s.description } : {}) };
    }
    return s;
  }
  if ('oneOf' in s) return { ...s, oneOf: s.oneOf.map(constrain) };
  return s;
}

/**
 * Drops the nulls that stand for omitted optional properties, clamps numbers the grammar could not
 * bound into their range, and cuts strings to their maxLength (the grammar counts characters as it
 * decodes them, but a model's invalid UTF-8 bytes become one U+FFFD each), so arguments match the
 * tool's own schema.
 */
export function dropNullOptionals(args: Record<string, unknown>, s: ObjectSchema): Record<string, unknown> {
  const required = new Set(s.required ?? []);
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(args)) {
    if (v === null && !required.has(k)) continue;
    const sub = s.properties[k];
    if (sub && 'type' in sub && sub.type === 'object' && typeof v === 'object' && v !== null && !Array.isArray(v)) out[k] = dropNullOptionals(v as Record<string, unknown>, sub);
    else if (sub && 'type' in sub && (sub.type === 'integer' || sub.type === 'number') && typeof v === 'number') out[k] = clamp(sub.type === 'integer' ? Math.round(v) : v, sub.minimum, sub.maximum);
    else if (sub && 'type' in sub && sub.type === 'string' && sub.maxLength !== undefined && typeof v === 'string') out[k] = [...v].slice(0, sub.maxLength).join('');
    else out[k] = v;
  }
  return out;
}

/**
 * The answer-format instruction for the system prompt. The tools themselves are documented by the
 * model's chat wrapper (node-llama-cpp function definitions); `listTools` adds a plain list for a
 * wrapper that does not document them.
 */
export function toolPrompt(tools: readonly ToolSpec[], listTools = false): string {
  const head = 'Answer with exactly one JSON object {"name": <function name>, "arguments": {...}} that calls one of the available functions.';
  if (!listTools) return head;
  const lines = tools.map((t) => `- ${t.name}: ${t.description} Arguments: ${JSON.stringify(t.parameters.properties)}`);
  return [head, ...lines].join('\n');
}

function clamp(v: number, min: number | undefined, max: number | undefined): number {
  return Math.min(max ?? Infinity, Math.max(min ?? -Infinity, v));
}
