/**
 * Brings the agent up: checks models, starts the engine workers in parallel, opens the domain
 * (SQLite store) and loads the grammar compiled from its data into the recognizer.
 */
import type { HeedConfig } from '../core/config.js';
import { rootLogger } from '../core/logger.js';
import type { DomainAgent } from '../core/turn.js';
import type { SegmenterConfig } from '../engines/vad/types.js';
import { assertModels } from '../models/manifest.js';
import { openDomainAgent } from '../tools/agent.js';
import { spawnEngineWorkers, type EngineWorkers } from '../workers/spawn.js';

export interface Runtime extends EngineWorkers {
  config: HeedConfig;
  agent: DomainAgent;
  segmenter: SegmenterConfig;
  /** Loads the grammar compiled from the current data into the recognizer (after data changes). */
  reloadGrammar(signal?: AbortSignal): Promise<void>;
  coldStartMs: number;
}

export function segmenterConfig(cfg: HeedConfig): SegmenterConfig {
  return { threshold: cfg.vad.threshold, negThreshold: cfg.vad.negThreshold, minSpeechMs: cfg.vad.minSpeechMs, minSilenceMs: cfg.vad.minSilenceMs, speechPadMs: cfg.vad.speechPadMs };
}

export function openAgent(cfg: HeedConfig): DomainAgent {
  return openDomainAgent({ dbPath: cfg.dbPath, domainDir: cfg.domainDir, dictPath: cfg.stt.dict });
}

export async function bootRuntime(cfg: HeedConfig, signal?: AbortSignal): Promise<Runtime> {
  const t0 = performance.now();
  const logger = rootLogger(cfg.logLevel);
  const stages = [cfg.vad.engine === 'silero' ? 'vad' : null, cfg.stt.engine === 'pocketsphinx' ? 'stt' : null].filter((s): s is 'vad' | 'stt' => s !== null);
  await assertModels('embedded', stages, signal);
  const agent = openAgent(cfg);
  let workers: EngineWorkers;
  try {
    workers = await spawnEngineWorkers(cfg, logger);
  } catch (err) {
    agent.close();
    throw err;
  }
  const reloadGrammar = async (s?: AbortSignal): Promise<void> => {
    const g = agent.grammar();
    if (g.unknownWords.length > 0) logger.warn({ words: g.unknownWords }, 'menu words not in the dictionary: pronounced by letter-to-sound rules');
    await workers.stt.setSearch({ kind: 'jsgf', name: g.name, text: g.jsgf, pronounceUnknown: true }, { signal: s });
  };
  try {
    await reloadGrammar(signal);
  } catch (err) {
    agent.close();
    await workers.close();
    throw err;
  }
  return {
    ...workers,
    config: cfg,
    agent,
    segmenter: segmenterConfig(cfg),
    reloadGrammar,
    coldStartMs: performance.now() - t0,
    close: async () => { agent.close(); await workers.close(); },
  };
}
