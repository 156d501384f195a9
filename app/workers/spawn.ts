/** Starts the three engine workers (in parallel) and returns engine-interface clients over them. */
import type { SttConfig, TtsConfig, VadConfig } from '../core/config.js';
import type { Logger } from '../core/logger.js';
import type { SttContract, TtsContract, VadContract } from './contracts.js';
import { SttClient, TtsClient, VadClient } from './engine-clients.js';
import { WorkerHost } from './worker-host.js';

export interface EngineWorkers { vad: VadClient; stt: SttClient; tts: TtsClient; close(): Promise<void> }

export async function spawnEngineWorkers(
  cfg: { vad: VadConfig; stt: SttConfig; tts: TtsConfig; workerTimeoutMs: number },
  logger?: Logger,
): Promise<EngineWorkers> {
  const vad = new VadClient(new WorkerHost<VadContract>({
    name: 'vad', source: 'vad', entry: new URL('./vad-worker.js', import.meta.url), workerData: cfg.vad, logger, timeoutMs: cfg.workerTimeoutMs,
  }));
  // After a restart the STT worker has lost its grammar: re-send the last one before anything else.
  const sttHost = new WorkerHost<SttContract>({
    name: 'stt', source: 'stt', entry: new URL('./stt-worker.js', import.meta.url), workerData: cfg.stt, logger, timeoutMs: cfg.workerTimeoutMs,
    onReady: async (host) => {
      const search = stt.currentSearch;
      if (search) await host.callWhenStarting('setSearch', search);
    },
  });
  const stt = new SttClient(sttHost);
  const tts = new TtsClient(new WorkerHost<TtsContract>({
    name: 'tts', source: 'tts', entry: new URL('./tts-worker.js', import.meta.url), workerData: cfg.tts, logger, timeoutMs: cfg.workerTimeoutMs,
  }));
  const hosts = [vad.host, sttHost, tts.host];
  const started = await Promise.allSettled(hosts.map((h) => h.start()));
  const failed = started.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) {
    await Promise.allSettled(hosts.map((h) => h.close()));
    throw failed.reason;
  }
  return {
    vad, stt, tts,
    close: async () => { await Promise.allSettled(hosts.map((h) => h.close())); },
  };
}
