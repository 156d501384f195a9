/**
 * The pack's intents as LLM tools. Each intent of the compiled grammar (the brain's and the
 * universal ones) becomes a tool whose one argument is the request rewritten in the shop's own
 * words, with example sentences sampled from that intent's grammar. The answer is then parsed by
 * the same grammar as speech, so a model's tool call reaches the database only through the
 * deterministic path — the same brain, the same zod-typed tools, the same confirmation rules.
 */
import type { Grammar, GrammarNode } from '../../core/grammar/ast.js';
import { sampleSentences } from '../../core/grammar/ngram-corpus.js';
import type { ToolSpec } from '../../engines/llm/types.js';

/** The tool a model calls when nothing fits: the agent asks again. */
export const NOT_SURE_TOOL = 'not_sure';

const UNIVERSAL_DESCRIPTIONS: Readonly<Record<string, string>> = {
  yes: 'The customer agrees or confirms.',
  no: 'The customer disagrees or declines.',
  cancel: 'The customer wants to cancel what is in progress.',
  start_over: 'The customer wants to start over.',
  repeat: 'The customer wants the last answer repeated.',
  help: 'The customer asks what they can say or do.',
  handoff: 'The customer wants a member of staff.',
};

export interface IntentToolSet {
  tools: ToolSpec[];
  /** Tool name → intent name (tool names are sanitized intent names). */
  intentOf: ReadonlyMap<string, string>;
}

export function intentTools(g: Grammar, opts: { examples?: number; seed?: number } = {}): IntentToolSet {
  const root = g.rules.get(g.root)?.node;
  const options = root?.kind === 'alt' ? root.options : root ? [root] : [];
  const tools: ToolSpec[] = [];
  const intentOf = new Map<string, string>();
  for (const o of options) {
    if (o.kind !== 'tag' || !o.tag.startsWith('intent=')) continue;
    const intent = o.tag.slice('intent='.length);
    const name = intent.replace(/[^a-zA-Z0-9_]/g, '_').slice(0, 60);
    const examples = sampleIntent(g, o.node, opts.examples ?? 3, opts.seed ?? 7);
    const what = UNIVERSAL_DESCRIPTIONS[intent] ?? `The customer's request is "${intent.replace(/_/g, ' ')}".`;
    tools.push({
      name,
      description: `${what} Examples: ${examples.map((e) => `"${e}"`).join(', ')}.`,
      parameters: {
        type: 'object', additionalProperties: false, required: ['sentence'],
        properties: { sentence: { type: 'string', minLength: 1, maxLength: 160, description: 'The request, in the words of the examples.' } },
      },
    });
    intentOf.set(name, intent);
  }
  tools.push({
    name: NOT_SURE_TOOL,
    description: 'Nothing above fits, or the request is unclear: the kiosk will ask again.',
    parameters: { type: 'object', additionalProperties: false, properties: {} },
  });
  return { tools, intentOf };
}

function sampleIntent(g: Grammar, node: GrammarNode, count: number, seed: number): string[] {
  const rules = new Map(g.rules);
  rules.set('__intent', { name: '__intent', isPublic: true, node });
  const sub: Grammar = { name: g.name, root: '__intent', rules };
  const seen = new Set<string>();
  for (const s of sampleSentences(sub, { count: count * 4, seed, maxWords: 14 })) {
    if (seen.size >= count) break;
    seen.add(s);
  }
  return [...seen];
}
