/**
 * The understanding chain after the grammar: the local LLM (when configured), then the hub or
 * cloud LLM (when configured, allowed and reachable). Each stage is asked for one intent tool call;
 * its sentence must parse with the pack grammar to the intent it named, and its confidence must
 * reach the stage's threshold. The chain runs inside one per-turn time budget, writes nothing, and
 * returns every step with its reason so the decision can be logged.
 */
import { HeedError } from '../../core/errors.js';
import { collectChat, type ChatMessage, type LlmEngine } from '../../engines/llm/types.js';
import { NOT_SURE_TOOL, type IntentToolSet } from './intent-tools.js';

export type StageName = 'local' | 'escalation';

export interface ChainStage {
  name: StageName;
  engine: LlmEngine;
  minConfidence: number;
  maxTokens: number;
}

export type StepOutcome = 'accepted' | 'low_confidence' | 'not_sure' | 'unparsable' | 'intent_mismatch' | 'error' | 'timeout';

export interface ChainStep {
  stage: StageName;
  outcome: StepOutcome;
  /** The tool the model called, the error code, or what did not parse. Never the customer's words. */
  detail: string;
  confidence: number | null;
  ms: number;
  /** Prompt tokens, and how many of them came from the reused KV prefix (0 when unknown or on failure). */
  promptTokens: number;
  cachedTokens: number;
}

export interface ChainInput<P> {
  /** The customer's words as heard or typed. */
  text: string;
  system: string;
  /** Earlier turns of this session (already redacted by the caller if they leave the device). */
  history?: ChatMessage[];
  tools: IntentToolSet;
  /** The grammar's reading of a sentence, or null when it does not parse. */
  parse(sentence: string): P | null;
  /**
   * Applied to every message before it leaves the device (the escalation stage): masks what the
   * session knows is personal (a booking's name) on top of the client's own redaction.
   */
  redactForRemote?: (text: string) => string;
  intentName(parsed: P): string;
}

export interface ChainResult<P> {
  accepted: { stage: StageName; parsed: P; confidence: number | null } | null;
  steps: ChainStep[];
}

export class UnderstandingChain {
  readonly #stages: readonly ChainStage[];
  readonly #budgetMs: number;

  constructor(stages: readonly ChainStage[], opts: { turnBudgetMs: number }) {
    this.#stages = stages;
    this.#budgetMs = opts.turnBudgetMs;
  }

  get stages(): readonly StageName[] {
    return this.#stages.map((s) => s.name);
  }

  /**
   * Prefills the local stage's KV cache with the system prompt and the tool schemas (one token
   * generated), so the first customer turn only pays for its own words. Never throws.
   */
  async warm(input: { system: string; tools: IntentToolSet }, signal?: AbortSignal): Promise<number | null> {
    const local = this.#stages.find((s) => s.name === 'local');
    if (!local) return null;
    try {
      const r = await collectChat(local.engine.chat({
        messages: [{ role: 'system', content: input.system }, { role: 'user', content: 'hello' }],
        tools: input.tools.tools, toolChoice: 'required', maxTokens: 1, temperature: 0,
      }, signal ? { signal } : {}));
      return r.usage.promptTokens;
    } catch {
      return null;
    }
  }

  async decide<P>(input: ChainInput<P>, signal?: AbortSignal): Promise<ChainResult<P>> {
    const steps: ChainStep[] = [];
    const budget = AbortSignal.timeout(this.#budgetMs);
    const all = signal ? AbortSignal.any([signal, budget]) : budget;
    for (const stage of this.#stages) {
      if (all.aborted) break;
      const t0 = performance.now();
      let usage = { promptTokens: 0, cachedPromptTokens: 0 };
      const step = (outcome: StepOutcome, detail: string, confidence: number | null): ChainStep => {
        const s = { stage: stage.name, outcome, detail, confidence, ms: Math.round(performance.now() - t0), promptTokens: usage.promptTokens, cachedTokens: usage.cachedPromptTokens };
        steps.push(s);
        return s;
      };
      try {
        const own = (m: ChatMessage): ChatMessage => (stage.name === 'escalation' && input.redactForRemote && m.role !== 'system' && m.role !== 'tool'
          ? { ...m, content: input.redactForRemote(m.content) } : m);
        const r = await collectChat(stage.engine.chat({
          messages: [{ role: 'system', content: input.system }, ...(input.history ?? []), { role: 'user', content: input.text }].map((m) => own(m as ChatMessage)),
          tools: input.tools.tools, toolChoice: 'required', maxTokens: stage.maxTokens, temperature: 0,
        }, { signal: all }));
        usage = r.usage;
        if (r.finishReason === 'aborted') { step('timeout', budget.aborted ? `budget ${this.#budgetMs} ms` : 'aborted', null); break; }
        const call = r.toolCalls[0];
        if (!call) { step('unparsable', `no tool call (${r.finishReason})`, r.confidence); continue; }
        if (call.name === NOT_SURE_TOOL) { step('not_sure', call.name, r.confidence); continue; }
        if (r.confidence !== null && r.confidence < stage.minConfidence) { step('low_confidence', `${call.name} ${r.confidence.toFixed(2)} < ${stage.minConfidence}`, r.confidence); continue; }
        const sentence = typeof call.arguments.sentence === 'string' ? call.arguments.sentence : '';
        const parsed = input.parse(sentence);
        if (parsed === null) { step('unparsable', `${call.name}: the sentence does not parse`, r.confidence); continue; }
        const wanted = input.tools.intentOf.get(call.name);
        const got = input.intentName(parsed);
        if (wanted !== got) { step('intent_mismatch', `${call.name} vs ${got}`, r.confidence); continue; }
        step('accepted', call.name, r.confidence);
        return { accepted: { stage: stage.name, parsed, confidence: r.confidence }, steps };
      } catch (err) {
        const e = HeedError.from(err, 'dialog', 'LLM_FAILED');
        if (e.code === 'ABORTED' || all.aborted) { step('timeout', budget.aborted ? `budget ${this.#budgetMs} ms` : 'aborted', null); break; }
        step('error', e.code, null);
      }
    }
    return { accepted: null, steps };
  }
}
