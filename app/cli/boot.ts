/**
 * Brings the agent up: checks models, starts the engine workers in parallel, opens the domain
 * (SQLite store) and loads the grammar compiled from its data into the recognizer.
 */
import { effectiveUnderstanding, type HeedConfig } from '../core/config.js';
import { HeedError } from '../core/errors.js';
import { rootLogger } from '../core/logger.js';
import type { DomainAgent } from '../core/turn.js';
import type { SegmenterConfig } from '../engines/vad/types.js';
import { assertModels } from '../models/manifest.js';
import { openDomainAgent } from '../brain/open-agent.js';
import { spawnEngineWorkers, type EngineWorkers } from '../workers/spawn.js';
import { buildUnderstandingChain, type BuiltChain } from '../brain/llm/build-chain.js';
import type { UnderstandingChain } from '../brain/llm/understanding-chain.js';
import type { Logger } from '../core/logger.js';

export interface Runtime extends EngineWorkers {
  config: HeedConfig;
  agent: DomainAgent;
  segmenter: SegmenterConfig;
  /** Loads the grammar compiled from the current data into the recognizer (after data changes). */
  reloadGrammar(signal?: AbortSignal): Promise<void>;
  /** Reloads the recognizer's grammar only if the data changed it (cheap when nothing changed). */
  refreshGrammar(signal?: AbortSignal): Promise<boolean>;
  coldStartMs: number;
}

export function segmenterConfig(cfg: HeedConfig): SegmenterConfig {
  return { threshold: cfg.vad.threshold, negThreshold: cfg.vad.negThreshold, minSpeechMs: cfg.vad.minSpeechMs, minSilenceMs: cfg.vad.minSilenceMs, speechPadMs: cfg.vad.speechPadMs };
}

export function openAgent(cfg: HeedConfig, understanding?: UnderstandingChain | null, log?: Logger): DomainAgent {
  return openDomainAgent({
    dbPath: cfg.dbPath, domainDir: cfg.domainDir, dictPath: cfg.stt.dict, conversation: cfg.conversation,
    ...(understanding ? { understanding } : {}), ...(log ? { log } : {}), checkPartialParses: cfg.understanding.checkPartialParses,
  });
}

/** The agent with its LLM stages (when configured); close() stops both. */
export async function openAgentWithChain(cfg: HeedConfig, log?: Logger): Promise<{ agent: DomainAgent; chain: BuiltChain; close(): Promise<void> }> {
  const chain = await buildUnderstandingChain(effectiveUnderstanding(cfg), log);
  try {
    const agent = openAgent(cfg, chain.chain, log);
    // In the background: the first turn waits for it only if it comes before the prefill ends.
    void agent.warmUp?.();
    return { agent, chain, close: async () => { agent.close(); await chain.close(); } };
  } catch (err) {
    await chain.close();
    throw err;
  }
}

export async function bootRuntime(requested: HeedConfig, signal?: AbortSignal): Promise<Runtime> {
  let cfg = requested;
  const t0 = performance.now();
  const logger = rootLogger(cfg.logLevel);
  const stages = [cfg.vad.engine === 'silero' ? 'vad' : null, cfg.stt.engine === 'pocketsphinx' ? 'stt' : null].filter((s): s is 'vad' | 'stt' => s !== null);
  await assertModels('embedded', stages, signal);
  // The engine workers and the LLM stages start in parallel.
  const [w, c] = await Promise.allSettled([spawnWithSpeechFallback(cfg, logger), buildUnderstandingChain(effectiveUnderstanding(cfg), logger)]);
  if (w.status === 'rejected' || c.status === 'rejected') {
    if (w.status === 'fulfilled') await w.value.workers.close();
    if (c.status === 'fulfilled') await c.value.close();
    throw w.status === 'rejected' ? w.reason : (c as PromiseRejectedResult).reason;
  }
  const workers: EngineWorkers = w.value.workers;
  cfg = w.value.config;
  const chain = c.value;
  let agent: DomainAgent;
  try {
    agent = openAgent(cfg, chain.chain, logger);
    void agent.warmUp?.();
  } catch (err) {
    await workers.close();
    await chain.close();
    throw err;
  }
  let loadedJsgf = '';
  const reloadGrammar = async (s?: AbortSignal): Promise<void> => {
    // With the free-form fallback on, the grammar comes with its domain n-gram LM.
    const g = cfg.stt.fallbackLm && cfg.stt.engine === 'pocketsphinx' && agent.recognitionGrammar ? agent.recognitionGrammar() : agent.grammar();
    loadedJsgf = g.jsgf;
    if (g.unknownWords.length > 0) logger.warn({ words: g.unknownWords }, 'menu words not in the dictionary: pronounced by letter-to-sound rules');
    const source = { kind: 'jsgf', name: g.name, text: g.jsgf, pronounceUnknown: true, ...(g.biasPhrases ? { biasPhrases: g.biasPhrases } : {}) } as const;
    if (g.lmArpa === undefined) {
      await workers.stt.setSearch(source, { signal: s });
      return;
    }
    // The free-form fallback LM is optional: one the recognizer refuses must not cost the grammar.
    try {
      await workers.stt.setSearch({ ...source, fallbackLmArpa: g.lmArpa }, { signal: s });
    } catch (err) {
      if (!(err instanceof HeedError) || err.code !== 'GRAMMAR_INVALID') throw err;
      logger.warn({ err: err.message }, 'the fallback language model was refused: recognizing with the grammar alone');
      await workers.stt.setSearch(source, { signal: s });
    }
  };
  try {
    await reloadGrammar(signal);
  } catch (err) {
    agent.close();
    await workers.close();
    await chain.close();
    throw err;
  }
  return {
    ...workers,
    config: cfg,
    agent,
    segmenter: segmenterConfig(cfg),
    reloadGrammar,
    refreshGrammar: async (s?: AbortSignal): Promise<boolean> => {
      if (agent.grammar().jsgf === loadedJsgf) return false;
      logger.info('the store data changed the grammar: reloading the recognizer');
      await reloadGrammar(s);
      return true;
    },
    coldStartMs: performance.now() - t0,
    close: async () => { agent.close(); await workers.close(); await chain.close(); },
  };
}

const SPEECH_MODEL_FAILURES: ReadonlySet<string> = new Set(['MODEL_MISSING', 'MODEL_CORRUPT', 'NATIVE_MISSING', 'STT_FAILED', 'TTS_FAILED']);

/**
 * The engine workers; when a standard-profile recognizer or voice cannot load (not downloaded,
 * corrupt, runtime missing), that stage falls back to its embedded engine (pocketsphinx, flite)
 * with a warning naming the fix, so the kiosk still listens and speaks. `config` is what runs.
 */
export async function spawnWithSpeechFallback(cfg: HeedConfig, logger: Logger): Promise<{ workers: EngineWorkers; config: HeedConfig }> {
  let current = cfg;
  for (let attempt = 0; ; attempt++) {
    try {
      return { workers: await spawnEngineWorkers(current, logger), config: current };
    } catch (err) {
      const e = err instanceof HeedError ? err : null;
      if (!e || attempt >= 2 || !SPEECH_MODEL_FAILURES.has(e.code)) throw err;
      if (e.source === 'stt' && current.stt.engine !== 'pocketsphinx' && current.stt.engine !== 'fake') {
        logger.warn({ engine: current.stt.engine, model: current.stt.model, err: e.message, fix: e.hint }, 'the recognizer cannot load: listening with pocketsphinx instead');
        current = { ...current, stt: { ...current.stt, engine: 'pocketsphinx' } };
      } else if (e.source === 'tts' && current.tts.engine === 'piper') {
        logger.warn({ engine: 'piper', model: current.tts.model, err: e.message, fix: e.hint }, 'the voice cannot load: speaking with flite instead');
        current = { ...current, tts: { ...current.tts, engine: 'flite', voice: 'rms' } };
      } else {
        throw err;
      }
    }
  }
}
