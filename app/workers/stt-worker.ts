/** Worker entry: the STT engine bound to the parent port. */
import { parseSlice, sttConfigSchema } from '../core/config.js';
import { FakeStt } from '../engines/stt/fake.js';
import { PocketsphinxStt } from '../engines/stt/pocketsphinx.js';
import type { SttEngine } from '../engines/stt/types.js';
import type { SttContract } from './contracts.js';
import { serveWorker } from './rpc-server.js';

serveWorker<SttContract>('stt', async (data) => {
  const cfg = parseSlice(sttConfigSchema, data, 'stt worker config');
  const engine: SttEngine = cfg.engine === 'fake' ? new FakeStt() : new PocketsphinxStt({ hmm: cfg.hmm, dict: cfg.dict, denoise: cfg.denoise });
  return {
    setSearch: async (source, { signal }) => { await engine.setSearch(source, { signal }); return null; },
    begin: async (_req, { signal }) => { await engine.begin({ signal }); return null; },
    feed: ({ frames }, { signal }) => engine.feed(frames, { signal }),
    end: (_req, { signal }) => engine.end({ signal }),
    recognize: ({ pcm }, { signal }) => engine.recognize(pcm, { signal }),
  };
});
