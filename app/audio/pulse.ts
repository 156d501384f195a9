/**
 * Live audio through PulseAudio's own tools: parec for the microphone, pacat for the speaker.
 * Child processes keep native audio code out of the agent process (no device crash can take it down).
 */
import { spawn, type ChildProcessByStdio } from 'node:child_process';
import type { Readable, Writable } from 'node:stream';
import { HeedError } from '../core/errors.js';

/** 16 kHz mono float32 chunks from the default source, until the signal aborts or the recorder dies. */
export async function* captureMic(opts: { signal: AbortSignal; rate?: number; device?: string | undefined }): AsyncGenerator<Float32Array> {
  const rate = opts.rate ?? 16000;
  const args = ['--raw', `--rate=${rate}`, '--channels=1', '--format=float32le', '--latency-msec=32'];
  if (opts.device) args.push(`--device=${opts.device}`);
  const child = spawn('parec', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
  const kill = (): void => { child.kill('SIGTERM'); };
  opts.signal.addEventListener('abort', kill, { once: true });
  let carry: Buffer = Buffer.alloc(0);
  try {
    for await (const data of child.stdout as AsyncIterable<Buffer>) {
      const buf = carry.length ? Buffer.concat([carry, data]) : data;
      const usable = buf.length - (buf.length % 4);
      carry = buf.subarray(usable);
      if (usable === 0) continue;
      const copy = new Float32Array(usable / 4);
      Buffer.from(copy.buffer).set(buf.subarray(0, usable));
      yield copy;
    }
    if (!opts.signal.aborted) throw new HeedError('AUDIO_DEVICE_FAILED', 'audio', `microphone recorder stopped: ${stderr.trim() || 'no reason given'}`);
  } finally {
    opts.signal.removeEventListener('abort', kill);
    kill();
  }
}

/** Plays 16-bit mono PCM on the default sink at a fixed rate. */
export class Speaker {
  readonly #rate: number;
  readonly #device: string | undefined;
  #child: ChildProcessByStdio<Writable, null, Readable> | undefined;

  constructor(rate: number, device?: string) {
    this.#rate = rate;
    this.#device = device;
  }

  #ensure(): ChildProcessByStdio<Writable, null, Readable> {
    if (this.#child && this.#child.exitCode === null) return this.#child;
    const args = ['--raw', `--rate=${this.#rate}`, '--channels=1', '--format=s16le', '--latency-msec=60'];
    if (this.#device) args.push(`--device=${this.#device}`);
    const child = spawn('pacat', args, { stdio: ['pipe', 'ignore', 'pipe'] });
    child.stdin.on('error', () => undefined);
    child.stderr.resume();
    this.#child = child;
    return child;
  }

  /** Queues PCM; resolves when it has been handed to the audio server and its play time has passed. */
  async play(pcm: Int16Array, signal?: AbortSignal): Promise<void> {
    if (pcm.length === 0) return;
    const child = this.#ensure();
    const bytes = Buffer.from(pcm.buffer, pcm.byteOffset, pcm.byteLength);
    const started = performance.now();
    await new Promise<void>((resolve) => { if (child.stdin.write(bytes)) resolve(); else child.stdin.once('drain', resolve); });
    const remaining = (pcm.length / this.#rate) * 1000 - (performance.now() - started);
    if (remaining > 0) {
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, remaining);
        signal?.addEventListener('abort', () => { clearTimeout(t); resolve(); }, { once: true });
      });
    }
  }

  /** Stops at once: whatever is still buffered is dropped with the player process. */
  stop(): void {
    this.#child?.kill('SIGKILL');
    this.#child = undefined;
  }

  async close(): Promise<void> {
    const child = this.#child;
    this.#child = undefined;
    if (!child) return;
    child.stdin.end();
    await new Promise<void>((resolve) => {
      const t = setTimeout(() => { child.kill('SIGKILL'); resolve(); }, 1500);
      child.once('exit', () => { clearTimeout(t); resolve(); });
    });
  }
}
