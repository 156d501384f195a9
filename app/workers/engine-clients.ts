/**
 * Engine interfaces implemented over a worker: the rest of the app cannot tell a worker-backed
 * engine from an in-process one, and the conformance suites run against both.
 */
import { HeedError } from '../core/errors.js';
import type { SttEngine, SttHypothesis, RecognitionSource } from '../engines/stt/types.js';
import type { TtsAudio, TtsEngine, TtsOptions, TtsVoice } from '../engines/tts/types.js';
import type { VadEngine } from '../engines/vad/types.js';
import type { SttContract, TtsContract, VadContract } from './contracts.js';
import { transferable } from './rpc-protocol.js';
import type { WorkerHost } from './worker-host.js';

type Opts = { signal?: AbortSignal | undefined };

/**
 * The deadline of a setSearch that loads a fallback LM: pocketsphinx takes seconds to set up an
 * n-gram search (measured 2-10 s on a busy 2-core machine), more than a usual call's deadline allows for.
 */
export const LM_SEARCH_TIMEOUT_MS = 120_000;

export class VadClient implements VadEngine {
  readonly name: string;
  constructor(readonly host: WorkerHost<VadContract>, name = 'vad-worker') { this.name = name; }
  /** The samples' buffer is transferred to the worker: callers must not reuse it. */
  process(samples: Float32Array, opts: Opts = {}): Promise<Float32Array> {
    return this.host.call('process', { samples }, { signal: opts.signal, transfer: transferable(samples) });
  }
  async reset(): Promise<void> { await this.host.call('reset', null); }
  close(): Promise<void> { return this.host.close(); }
}

export class SttClient implements SttEngine {
  readonly name: string;
  #search: RecognitionSource | undefined;
  #closed = false;
  constructor(readonly host: WorkerHost<SttContract>, name = 'stt-worker') { this.name = name; }
  /** The last search, re-sent by the host's onReady after a worker restart. */
  get currentSearch(): RecognitionSource | undefined { return this.#search; }
  /** Same contract as an in-process recognizer: use after close is DECODER_STATE. */
  #open(): void {
    if (this.#closed) throw new HeedError('DECODER_STATE', 'stt', 'the recognizer is closed');
  }
  async setSearch(source: RecognitionSource, opts: Opts = {}): Promise<void> {
    this.#open();
    const withLm = source.kind === 'jsgf' && source.fallbackLmArpa !== undefined;
    await this.host.call('setSearch', source, withLm ? { signal: opts.signal, timeoutMs: LM_SEARCH_TIMEOUT_MS } : { signal: opts.signal });
    this.#search = source;
  }
  async begin(opts: Opts = {}): Promise<void> { this.#open(); await this.host.call('begin', null, { signal: opts.signal }); }
  async feed(frames: Int16Array, opts: Opts = {}): Promise<SttHypothesis | null> {
    this.#open();
    return this.host.call('feed', { frames }, { signal: opts.signal, transfer: transferable(frames) });
  }
  async end(opts: Opts = {}): Promise<SttHypothesis> { this.#open(); return this.host.call('end', null, { signal: opts.signal }); }
  async recognize(pcm: Int16Array, opts: Opts = {}): Promise<SttHypothesis> {
    this.#open();
    return this.host.call('recognize', { pcm }, { signal: opts.signal, transfer: transferable(pcm) });
  }
  close(): Promise<void> { this.#closed = true; return this.host.close(); }
}

export class TtsClient implements TtsEngine {
  readonly name: string;
  constructor(readonly host: WorkerHost<TtsContract>, name = 'tts-worker') { this.name = name; }
  voices(opts: Opts = {}): Promise<TtsVoice[]> { return this.host.call('voices', null, { signal: opts.signal }); }
  synthesize(text: string, opts: TtsOptions = {}): Promise<TtsAudio> {
    return this.host.call('synthesize', { text, voice: opts.voice, speed: opts.speed }, { signal: opts.signal });
  }

  /** Pulls the worker's chunks as they are generated; an abort or an early exit stops the worker's stream too. */
  async *synthesizeStream(text: string, opts: TtsOptions = {}): AsyncGenerator<TtsAudio> {
    const signal = opts.signal;
    if (signal?.aborted) throw new HeedError('ABORTED', 'tts', 'aborted');
    const stream = await this.host.call('streamOpen', { text, voice: opts.voice, speed: opts.speed }, { signal });
    let done = false;
    try {
      while (!done) {
        if (signal?.aborted) throw new HeedError('ABORTED', 'tts', 'aborted');
        const batch = await this.host.call('streamNext', { stream }, { signal });
        done = batch.done;
        for (const chunk of batch.items) {
          if (signal?.aborted) throw new HeedError('ABORTED', 'tts', 'aborted');
          yield chunk;
        }
      }
    } finally {
      if (!done) void this.host.call('streamStop', { stream }).catch(() => undefined);
    }
  }

  close(): Promise<void> { return this.host.close(); }
}
