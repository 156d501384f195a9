/**
 * Builds the understanding chain's LLM stages from config: the local model (node-llama-cpp in its
 * worker; a .gguf path or a manifest name) and the escalation client (hub or cloud). Nothing
 * configured → no chain: the grammar alone, as on the embedded profile.
 */
import { existsSync } from 'node:fs';
import type { UnderstandingConfig } from '../../core/config.js';
import { HeedError } from '../../core/errors.js';
import type { Logger } from '../../core/logger.js';
import { loadApiKey } from '../../engines/llm/api-key.js';
import { createCircuitBreaker } from '../../engines/llm/circuit-breaker.js';
import { createLlamaEngine } from '../../engines/llm/llama-engine.js';
import { createOpenAiClient } from '../../engines/llm/openai-client.js';
import type { LlmEngine } from '../../engines/llm/types.js';
import { loadManifest, resolveLocation } from '../../models/manifest.js';
import { UnderstandingChain, type ChainStage } from './understanding-chain.js';

export interface BuiltChain {
  chain: UnderstandingChain | null;
  engines: LlmEngine[];
  close(): Promise<void>;
}

/** A .gguf path as given, or the file of a manifest LLM entry; MODEL_MISSING names the fixing command. */
export function resolveLlmModel(model: string): string {
  if (model.endsWith('.gguf') || model.includes('/')) {
    if (!existsSync(model)) throw new HeedError('MODEL_MISSING', 'llm', `LLM model file not found: ${model}`, { hint: 'set understanding.local.model to a .gguf file or a name from `heed models list --standard`' });
    return model;
  }
  const entry = loadManifest().models.find((m) => m.name === model && m.stage === 'llm');
  if (!entry) throw new HeedError('CONFIG_INVALID', 'config', `understanding.local.model: no LLM named '${model}' in the manifest (see heed models list --standard)`);
  const path = resolveLocation(entry.location);
  if (!existsSync(path)) throw new HeedError('MODEL_MISSING', 'llm', `${entry.name} is not installed at ${path}`, { hint: entry.fix });
  return path;
}

async function startLocal(modelPath: string, local: NonNullable<UnderstandingConfig['local']>, log?: Logger): Promise<LlmEngine | null> {
  try {
    return await createLlamaEngine({
      modelPath, contextSize: local.contextSize,
      ...(local.threads !== undefined ? { threads: local.threads } : {}), ...(log ? { log } : {}),
    });
  } catch (err) {
    const e = HeedError.from(err, 'llm');
    if (e.code !== 'MODEL_CORRUPT' && e.code !== 'WORKER_UNAVAILABLE') throw e;
    log?.warn({ code: e.code }, `${e.message}: understanding without the local LLM`);
    return null;
  }
}

export async function buildUnderstandingChain(cfg: UnderstandingConfig, log?: Logger): Promise<BuiltChain> {
  const stages: ChainStage[] = [];
  const engines: LlmEngine[] = [];
  const close = async (): Promise<void> => { await Promise.allSettled(engines.map((e) => e.close())); };
  try {
    if (cfg.local) {
      // A kiosk whose model is missing or broken still serves with the grammar: it warns, and doctor says how to fix it.
      let modelPath: string | null = null;
      try {
        modelPath = resolveLlmModel(cfg.local.model);
      } catch (err) {
        if (!(err instanceof HeedError) || err.code !== 'MODEL_MISSING') throw err;
        log?.warn({ code: err.code, fix: err.hint }, `${err.message}: understanding without the local LLM`);
      }
      const engine = modelPath ? await startLocal(modelPath, cfg.local, log) : null;
      if (engine) {
        engines.push(engine);
        stages.push({ name: 'local', engine, minConfidence: cfg.local.minConfidence, maxTokens: cfg.local.maxTokens });
      }
    }
    if (cfg.escalation && cfg.allowEscalation) {
      const e = cfg.escalation;
      const engine = createOpenAiClient({
        baseUrl: e.baseUrl, model: e.model,
        apiKey: loadApiKey({ env: e.apiKeyEnv, ...(e.apiKeyFile ? { file: e.apiKeyFile } : {}) }),
        connectTimeoutMs: e.connectTimeoutMs, readTimeoutMs: e.readTimeoutMs, retries: e.retries,
        breaker: createCircuitBreaker({ failureThreshold: e.breakerFailures, coolDownMs: e.breakerCooldownMs }),
        ...(log ? { log } : {}),
      });
      engines.push(engine);
      stages.push({ name: 'escalation', engine, minConfidence: e.minConfidence, maxTokens: e.maxTokens });
    }
  } catch (err) {
    await close();
    throw err;
  }
  return { chain: stages.length > 0 ? new UnderstandingChain(stages, { turnBudgetMs: cfg.turnBudgetMs }) : null, engines, close };
}
