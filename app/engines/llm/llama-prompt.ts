/**
 * Renders a chat for a local model with its own chat template (node-llama-cpp's chat wrapper
 * resolved from the GGUF), the offered tools documented as node-llama-cpp function definitions,
 * and the model's turn opened for generation. Also trims old turns so the prompt fits the context.
 */
import type { ChatHistoryItem, ChatModelFunctionCall, ChatModelFunctions, ChatWrapper, GbnfJsonSchema, LlamaText } from 'node-llama-cpp';
import { toolPrompt } from './tool-decision.js';
import type { ChatMessage, ToolSpec } from './types.js';

export function toModelFunctions(tools: readonly ToolSpec[]): ChatModelFunctions {
  const out: Record<string, { description: string; params: GbnfJsonSchema }> = {};
  for (const t of tools) out[t.name] = { description: t.description, params: t.parameters as GbnfJsonSchema };
  return out;
}

export function toHistory(messages: readonly ChatMessage[], tools: readonly ToolSpec[], listTools = false): ChatHistoryItem[] {
  const history: ChatHistoryItem[] = [];
  const results = new Map<string, string>();
  for (const m of messages) if (m.role === 'tool') results.set(m.toolCallId, m.content);
  const instruction = tools.length > 0 ? toolPrompt(tools, listTools) : null;
  let instructed = false;
  for (const m of messages) {
    switch (m.role) {
      case 'system':
        history.push({ type: 'system', text: instruction && !instructed ? `${m.content}\n\n${instruction}` : m.content });
        instructed = true;
        break;
      case 'user':
        history.push({ type: 'user', text: m.content });
        break;
      case 'assistant': {
        const calls = (m.toolCalls ?? []).map((c): ChatModelFunctionCall => ({ type: 'functionCall', name: c.name, params: c.arguments, result: results.get(c.id) ?? null }));
        history.push({ type: 'model', response: m.content ? [m.content, ...calls] : calls });
        break;
      }
      case 'tool':
        // Rendered with its call above; a result whose call is missing is shown as a note.
        if (!messages.some((x) => x.role === 'assistant' && x.toolCalls?.some((c) => c.id === m.toolCallId))) {
          history.push({ type: 'user', text: `(result of ${m.name}: ${m.content})` });
        }
        break;
    }
  }
  if (instruction && !instructed) history.unshift({ type: 'system', text: instruction });
  history.push({ type: 'model', response: [] });
  return history;
}

export function buildPrompt(wrapper: ChatWrapper, messages: readonly ChatMessage[], tools: readonly ToolSpec[]): LlamaText {
  if (tools.length === 0) return wrapper.generateContextState({ chatHistory: toHistory(messages, tools) }).contextText;
  const render = (listTools: boolean): LlamaText => wrapper.generateContextState({
    chatHistory: toHistory(messages, tools, listTools), availableFunctions: toModelFunctions(tools), documentFunctionParams: true,
  }).contextText;
  // The tools are documented once, by the wrapper; a wrapper that left some out gets the plain list.
  const documented = render(false);
  const text = documented.toString();
  return tools.every((t) => text.includes(t.name)) ? documented : render(true);
}

/**
 * The longest tail of the conversation that fits `budget` tokens: system messages stay, the
 * oldest other messages go first, and the kept part starts with a user message. Null when even
 * the system messages and the last user message do not fit.
 */
export function fitHistory(messages: readonly ChatMessage[], count: (m: readonly ChatMessage[]) => number, budget: number): ChatMessage[] | null {
  if (count(messages) <= budget) return [...messages];
  const system = messages.filter((m) => m.role === 'system');
  const rest = messages.filter((m) => m.role !== 'system');
  for (let start = 1; start < rest.length; start++) {
    if (rest[start]?.role !== 'user') continue;
    const tried = [...system, ...rest.slice(start)];
    if (count(tried) <= budget) return tried;
  }
  return null;
}
