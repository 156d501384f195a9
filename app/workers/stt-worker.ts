/** Worker entry: the STT engine bound to the parent port. */
import { parseSlice, sttConfigSchema, type SttConfig } from '../core/config.js';
import { HeedError } from '../core/errors.js';
import { FakeStt } from '../engines/stt/fake.js';
import { PocketsphinxStt } from '../engines/stt/pocketsphinx.js';
import { SherpaOfflineStt } from '../engines/stt/sherpa-offline.js';
import { SherpaStreamingStt } from '../engines/stt/sherpa-streaming.js';
import type { SttEngine } from '../engines/stt/types.js';
import type { SttContract } from './contracts.js';
import { serveWorker } from './rpc-server.js';

async function openSttEngine(cfg: SttConfig): Promise<SttEngine> {
  const guard = { minSpeechMs: cfg.minSpeechMs, maxWordsPerSecond: cfg.maxWordsPerSecond };
  const model = (): string => {
    if (cfg.model === undefined) throw new HeedError('CONFIG_INVALID', 'config', `stt.model is needed for the ${cfg.engine} engine`);
    return cfg.model;
  };
  switch (cfg.engine) {
    case 'fake': return new FakeStt();
    case 'pocketsphinx': return new PocketsphinxStt({ hmm: cfg.hmm, dict: cfg.dict, denoise: cfg.denoise });
    case 'whisper':
    case 'moonshine':
      return SherpaOfflineStt.open({ kind: cfg.engine, model: model(), threads: cfg.threads, language: cfg.language, bias: cfg.bias, guard });
    case 'zipformer':
      return SherpaStreamingStt.open({ model: model(), threads: cfg.threads, hotwordScore: cfg.bias ? cfg.hotwordScore : 0, guard });
  }
}

serveWorker<SttContract>('stt', async (data) => {
  const cfg = parseSlice(sttConfigSchema, data, 'stt worker config');
  const engine = await openSttEngine(cfg);
  return {
    setSearch: async (source, { signal }) => { await engine.setSearch(source, { signal }); return null; },
    begin: async (_req, { signal }) => { await engine.begin({ signal }); return null; },
    feed: ({ frames }, { signal }) => engine.feed(frames, { signal }),
    end: (_req, { signal }) => engine.end({ signal }),
    recognize: ({ pcm }, { signal }) => engine.recognize(pcm, { signal }),
  };
});
