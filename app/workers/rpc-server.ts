/**
 * Worker side of the RPC: binds handlers to the parent port, one AbortController per call,
 * errors serialized as {code, source, recoverable, message}, logs forwarded to the main thread.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { HeedError, type ErrorSource } from '../core/errors.js';
import { Transfer, type FromWorker, type LogLevel, type RpcContract, type ToWorker } from './rpc-protocol.js';

export type Handlers<C extends RpcContract> = {
  [M in keyof C]: (req: C[M]['req'], ctx: { signal: AbortSignal }) => Promise<C[M]['res'] | Transfer<C[M]['res']>>;
};

export interface WorkerLog {
  log(level: LogLevel, msg: string, fields?: Record<string, unknown>): void;
}

/** Runs in a worker entry file: builds the engine from workerData, then serves calls until the port closes. */
export function serveWorker<C extends RpcContract>(
  source: ErrorSource,
  init: (data: unknown, log: WorkerLog) => Promise<Handlers<C>>,
): void {
  const port = parentPort;
  if (!port) throw new Error('serveWorker must run inside a worker thread');
  const post = (m: FromWorker, t: ArrayBuffer[] = []): void => port.postMessage(m, t);
  const log: WorkerLog = { log: (level, msg, fields) => post(fields ? { t: 'log', level, msg, fields } : { t: 'log', level, msg }) };
  const inflight = new Map<number, AbortController>();
  let handlers: Handlers<C> | undefined;
  const queue: ToWorker[] = [];

  const run = async (m: Extract<ToWorker, { t: 'call' }>): Promise<void> => {
    const ac = new AbortController();
    if (m.aborted) ac.abort();
    inflight.set(m.id, ac);
    try {
      const h = handlers?.[m.method as keyof C];
      if (!h) throw new HeedError('INTERNAL', source, `unknown method ${m.method}`);
      const out = await h(m.req as C[keyof C]['req'], { signal: ac.signal });
      if (out instanceof Transfer) post({ t: 'result', id: m.id, value: out.value }, out.transfer);
      else post({ t: 'result', id: m.id, value: out });
    } catch (err) {
      post({ t: 'error', id: m.id, error: HeedError.from(err, source).toJSON() });
    } finally {
      inflight.delete(m.id);
    }
  };

  const onMessage = (m: ToWorker): void => {
    if (m.t === 'cancel') inflight.get(m.id)?.abort();
    else if (!handlers) queue.push(m);
    else void run(m);
  };
  port.on('message', onMessage);

  init(workerData, log).then(
    (h) => {
      handlers = h;
      post({ t: 'ready' });
      for (const m of queue.splice(0)) onMessage(m);
    },
    (err: unknown) => {
      post({ t: 'init-error', error: HeedError.from(err, source).toJSON() });
    },
  );
}
