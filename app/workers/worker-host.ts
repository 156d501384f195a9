/**
 * Main-thread side of the RPC and the supervisor of one worker: starts it, forwards calls and
 * cancellations, fails in-flight calls cleanly when the worker dies, and restarts it (bounded).
 */
import { Worker } from 'node:worker_threads';
import { HeedError, type ErrorSource } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import type { FromWorker, RpcContract, ToWorker } from './rpc-protocol.js';

export interface WorkerHostOptions<C extends RpcContract> {
  name: string;
  source: ErrorSource;
  entry: URL;
  workerData: unknown;
  logger?: Logger | undefined;
  /** Per-call deadline unless the call gives its own. */
  timeoutMs?: number | undefined;
  /** Restarts allowed inside `restartWindowMs` before giving up. */
  maxRestarts?: number | undefined;
  restartWindowMs?: number | undefined;
  /** Runs after every (re)start, before queued calls, e.g. to re-send a grammar. */
  onReady?: ((host: WorkerHost<C>) => Promise<void>) | undefined;
}

export interface CallOptions {
  signal?: AbortSignal | undefined;
  transfer?: ArrayBuffer[] | undefined;
  timeoutMs?: number | undefined;
}

interface Pending {
  resolve: (v: unknown) => void;
  reject: (e: HeedError) => void;
  cleanup: () => void;
}

export class WorkerHost<C extends RpcContract> {
  readonly #o: WorkerHostOptions<C>;
  #worker: Worker | undefined;
  #ready: Promise<void> | undefined;
  #pending = new Map<number, Pending>();
  #nextId = 1;
  #restarts: number[] = [];
  #closed = false;
  #failed: HeedError | undefined;
  #restartCount = 0;

  constructor(opts: WorkerHostOptions<C>) {
    this.#o = opts;
  }

  /** Restarts after crashes so far. */
  get restartCount(): number {
    return this.#restartCount;
  }

  get threadId(): number | undefined {
    return this.#worker?.threadId;
  }

  /** Starts the worker and resolves once its engine is loaded; an init failure rejects (no restart). */
  start(): Promise<void> {
    this.#ready ??= this.#spawn();
    return this.#ready;
  }

  #spawn(): Promise<void> {
    const w = new Worker(this.#o.entry, { workerData: this.#o.workerData, stdout: false, stderr: false });
    this.#worker = w;
    const ready = new Promise<void>((resolve, reject) => {
      w.on('message', (m: FromWorker) => {
        switch (m.t) {
          case 'ready': resolve(); break;
          case 'init-error': {
            const err = HeedError.fromShape(m.error);
            this.#failed = err;
            reject(err);
            void w.terminate();
            break;
          }
          case 'result': this.#settle(m.id, (p) => p.resolve(m.value)); break;
          case 'error': this.#settle(m.id, (p) => p.reject(HeedError.fromShape(m.error))); break;
          case 'log': this.#o.logger?.[m.level]({ worker: this.#o.name, ...m.fields }, m.msg); break;
        }
      });
      w.on('error', (err) => {
        this.#o.logger?.error({ worker: this.#o.name, err: err.message }, 'worker error');
        reject(new HeedError('WORKER_CRASHED', this.#o.source, `${this.#o.name} worker crashed: ${err.message}`));
      });
      w.on('exit', (code) => {
        if (this.#worker !== w) return;
        this.#worker = undefined;
        reject(new HeedError('WORKER_CRASHED', this.#o.source, `${this.#o.name} worker exited (${code}) while starting`));
        if (this.#failed) this.#failPending(this.#failed);
        else if (!this.#closed) this.#onCrash(code);
      });
    });
    const onReady = this.#o.onReady;
    if (!onReady) return ready;
    // A worker whose onReady hook failed (e.g. the grammar could not be re-sent) is not usable:
    // kill it so the crash path restarts it (bounded) instead of leaving start() rejected forever.
    return ready.then(() => onReady(this)).catch(async (err: unknown) => {
      if (!this.#failed && this.#worker === w) await w.terminate();
      throw err;
    });
  }

  #onCrash(code: number): void {
    this.#failPending(new HeedError('WORKER_CRASHED', this.#o.source, `${this.#o.name} worker stopped (exit ${code}); the request was not completed`));
    const now = Date.now();
    const windowMs = this.#o.restartWindowMs ?? 60_000;
    this.#restarts = this.#restarts.filter((t) => now - t < windowMs);
    if (this.#restarts.length >= (this.#o.maxRestarts ?? 3)) {
      this.#failed = new HeedError('WORKER_UNAVAILABLE', this.#o.source, `${this.#o.name} worker crashed ${this.#restarts.length + 1} times; giving up`);
      this.#ready = Promise.reject(this.#failed);
      this.#ready.catch(() => undefined);
      return;
    }
    this.#restarts.push(now);
    this.#restartCount += 1;
    this.#o.logger?.warn({ worker: this.#o.name, restarts: this.#restartCount }, 'restarting worker');
    this.#ready = this.#spawn();
    this.#ready.catch(() => undefined);
  }

  #failPending(err: HeedError): void {
    for (const [id, p] of this.#pending) { this.#pending.delete(id); p.cleanup(); p.reject(err); }
  }

  #settle(id: number, fn: (p: Pending) => void): void {
    const p = this.#pending.get(id);
    if (!p) return;
    this.#pending.delete(id);
    p.cleanup();
    fn(p);
  }

  /** Calls a method in the worker. Abort sends a cancel and rejects at once with ABORTED. */
  async call<M extends keyof C & string>(method: M, req: C[M]['req'], opts: CallOptions = {}): Promise<C[M]['res']> {
    if (this.#closed) throw new HeedError('WORKER_UNAVAILABLE', this.#o.source, `${this.#o.name} worker is closed`);
    if (this.#failed) throw this.#failed;
    // An already-aborted call is still delivered (flagged): the engine must see the abort exactly as
    // an in-process engine would (e.g. the recognizer abandons its open utterance).
    await this.start();
    return this.callWhenStarting(method, req, opts);
  }

  /** Like call, without waiting for readiness: only for onReady hooks, which run before queued calls. */
  callWhenStarting<M extends keyof C & string>(method: M, req: C[M]['req'], opts: CallOptions = {}): Promise<C[M]['res']> {
    const w = this.#worker;
    if (!w) return Promise.reject(new HeedError('WORKER_CRASHED', this.#o.source, `${this.#o.name} worker is not running`));
    const id = this.#nextId++;
    const { signal } = opts;
    const timeoutMs = opts.timeoutMs ?? this.#o.timeoutMs ?? 30_000;
    return new Promise<C[M]['res']>((resolve, reject) => {
      const onAbort = (): void => {
        this.#settle(id, (p) => p.reject(new HeedError('ABORTED', this.#o.source, 'aborted')));
        this.#post({ t: 'cancel', id });
      };
      const timer = setTimeout(() => {
        this.#settle(id, (p) => p.reject(new HeedError('WORKER_TIMEOUT', this.#o.source, `${this.#o.name}.${method} took longer than ${timeoutMs} ms`)));
        this.#post({ t: 'cancel', id });
      }, timeoutMs);
      timer.unref();
      signal?.addEventListener('abort', onAbort, { once: true });
      this.#pending.set(id, {
        resolve: resolve as (v: unknown) => void,
        reject,
        cleanup: () => { clearTimeout(timer); signal?.removeEventListener('abort', onAbort); },
      });
      this.#post(signal?.aborted ? { t: 'call', id, method, req, aborted: true } : { t: 'call', id, method, req }, opts.transfer ?? []);
    });
  }

  #post(m: ToWorker, transfer: ArrayBuffer[] = []): void {
    this.#worker?.postMessage(m, transfer);
  }

  /**
   * Kills the worker as a crash would (requests in flight fail with WORKER_CRASHED) and waits for
   * its replacement: for an operator recycling a worker, and for testing the supervision itself.
   */
  async recycle(): Promise<void> {
    const w = this.#worker;
    if (!w || this.#closed) return;
    await w.terminate();
    await this.start();
  }

  async close(): Promise<void> {
    this.#closed = true;
    const w = this.#worker;
    this.#worker = undefined;
    this.#failPending(new HeedError('ABORTED', this.#o.source, `${this.#o.name} worker closed`));
    if (w) await w.terminate();
  }
}
