/** Worker entry: the VAD engine bound to the parent port. */
import { parseSlice, vadConfigSchema } from '../core/config.js';
import { FakeVad } from '../engines/vad/fake.js';
import { SileroVad } from '../engines/vad/silero.js';
import type { VadEngine } from '../engines/vad/types.js';
import type { VadContract } from './contracts.js';
import { serveWorker } from './rpc-server.js';
import { transfer, transferable } from './rpc-protocol.js';

serveWorker<VadContract>('vad', async (data) => {
  const cfg = parseSlice(vadConfigSchema, data, 'vad worker config');
  const engine: VadEngine = cfg.engine === 'fake' ? new FakeVad() : await SileroVad.create(cfg.modelPath ? { modelPath: cfg.modelPath } : {});
  return {
    process: async ({ samples }, { signal }) => {
      const probs = await engine.process(samples, { signal });
      return transfer(probs, transferable(probs));
    },
    reset: async () => { await engine.reset(); return null; },
  };
});
