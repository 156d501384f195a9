/** Worker-backed engines for conformance runs: the same suites, through the RPC and a real worker thread. */
import type { SttConfig, TtsConfig, VadConfig } from '../../app/core/config.js';
import { sttConfigSchema, ttsConfigSchema, vadConfigSchema } from '../../app/core/config.js';
import type { SttContract, TtsContract, VadContract } from '../../app/workers/contracts.js';
import { SttClient, TtsClient, VadClient } from '../../app/workers/engine-clients.js';
import { WorkerHost } from '../../app/workers/worker-host.js';
import type { VadEngine } from '../../app/engines/vad/types.js';
import type { SttEngine } from '../../app/engines/stt/types.js';

const entry = (name: string): URL => new URL(`../../app/workers/${name}-worker.js`, import.meta.url);

export async function vadInWorker(cfg: Partial<VadConfig> = {}): Promise<VadEngine> {
  const client = new VadClient(new WorkerHost<VadContract>({ name: 'vad', source: 'vad', entry: entry('vad'), workerData: vadConfigSchema.parse(cfg), timeoutMs: 20_000 }));
  await client.host.start();
  // The client transfers (moves) the caller's buffer; the suites reuse their inputs, so hand it a copy.
  return {
    name: 'vad-worker',
    process: (samples, opts) => client.process(samples.slice(), opts),
    reset: () => client.reset(),
    close: () => client.close(),
  };
}

export async function sttInWorker(cfg: Partial<SttConfig> = {}): Promise<SttClient> {
  const client = new SttClient(new WorkerHost<SttContract>({ name: 'stt', source: 'stt', entry: entry('stt'), workerData: sttConfigSchema.parse(cfg), timeoutMs: 20_000 }));
  await client.host.start();
  return client;
}

export async function ttsInWorker(cfg: Partial<TtsConfig> = {}): Promise<TtsClient> {
  const client = new TtsClient(new WorkerHost<TtsContract>({ name: 'tts', source: 'tts', entry: entry('tts'), workerData: ttsConfigSchema.parse(cfg), timeoutMs: 20_000 }));
  await client.host.start();
  return client;
}

/** The STT client moves (transfers) the caller's buffer; suites reuse their audio, so this passes copies. */
export function copyingStt(client: SttClient): SttEngine {
  return {
    name: client.name,
    setSearch: (s, o) => client.setSearch(s, o),
    begin: (o) => client.begin(o),
    feed: (f, o) => client.feed(f.slice(), o),
    end: (o) => client.end(o),
    recognize: (p, o) => client.recognize(p.slice(), o),
    close: () => client.close(),
  };
}
