/** A worker for testing the RPC layer itself: echo, slow (abortable), crash, coded errors, transfer. */
import { HeedError } from '../../../app/core/errors.js';
import { serveWorker } from '../../../app/workers/rpc-server.js';
import { transfer, transferable } from '../../../app/workers/rpc-protocol.js';

export type FixtureContract = {
  echo: { req: { text: string }; res: { text: string; threadInit: number } };
  slow: { req: { ms: number }; res: 'done' | 'aborted' };
  crash: { req: null; res: null };
  fail: { req: null; res: null };
  double: { req: { samples: Float32Array }; res: Float32Array };
};


serveWorker<FixtureContract>('worker', async (workerData, log) => {
  const cfg = workerData as { failInit?: boolean; initStamp: number };
  if (cfg.failInit) throw new HeedError('MODEL_MISSING', 'worker', 'fixture model /nope is missing');
  log.log('info', 'fixture worker ready', { stamp: cfg.initStamp });
  return {
    echo: async ({ text }) => ({ text, threadInit: cfg.initStamp }),
    slow: ({ ms }, { signal }) => new Promise((resolve) => {
      const t = setTimeout(() => resolve('done'), ms);
      signal.addEventListener('abort', () => { clearTimeout(t); resolve('aborted'); }, { once: true });
    }),
    crash: async () => { setImmediate(() => process.exit(7)); return new Promise<null>(() => undefined); },
    fail: async () => { throw new HeedError('STT_FAILED', 'stt', 'fixture failure'); },
    double: async ({ samples }) => {
      const out = samples.map((v) => v * 2);
      return transfer(out, transferable(out));
    },
  };
});
