/**
 * A private PulseAudio server for live-audio tests: two null sinks, "speaker" (default output)
 * and "micfeed" whose monitor is the default input. Tests play into micfeed and record speaker.monitor.
 */
import { execFile, spawn, type ChildProcessByStdio } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface PulseServer { env: NodeJS.ProcessEnv; stop(): Promise<void> }

export async function startPulse(timeoutMs = 15_000): Promise<PulseServer> {
  const runtime = mkdtempSync(join(tmpdir(), 'heed-pulse-'));
  const env = { ...process.env, XDG_RUNTIME_DIR: runtime, PULSE_RUNTIME_PATH: join(runtime, 'pulse'), HOME: runtime };
  await launchPulseDaemon(env, timeoutMs);
  return {
    env,
    stop: async () => {
      await run('pulseaudio', ['--kill'], { env, timeout: 5000 }).catch(() => undefined);
      rmSync(runtime, { recursive: true, force: true });
    },
  };
}

/** Starts the daemon in the runtime directory of `env` with the two null sinks and defaults, and waits until it answers. */
export async function launchPulseDaemon(env: NodeJS.ProcessEnv, timeoutMs = 15_000): Promise<void> {
  await run('pulseaudio', [
    '--daemonize=yes', '--exit-idle-time=-1', '--disallow-exit', '--system=false', '-n', '--realtime=no',
    '--high-priority=no', '--no-cpu-limit', '--log-target=stderr',
    '--load=module-native-protocol-unix',
    '--load=module-null-sink sink_name=speaker rate=16000 channels=1',
    '--load=module-null-sink sink_name=micfeed rate=16000 channels=1',
  ], { env, timeout: timeoutMs });
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try { await run('pactl', ['info'], { env, timeout: 2000 }); break; } catch (err) {
      if (Date.now() > deadline) throw err;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  await run('pactl', ['set-default-sink', 'speaker'], { env });
  await run('pactl', ['set-default-source', 'micfeed.monitor'], { env });
}

export interface Recording {
  /** Date.now() when parec was spawned. */
  readonly startedAt: number;
  /** What has been recorded so far. */
  pcm(): Int16Array;
  /** Stops parec and returns the whole recording. */
  stop(timeoutMs?: number): Promise<Int16Array>;
}

const toPcm = (b: Buffer): Int16Array => {
  const pcm = new Int16Array(Math.floor(b.length / 2));
  Buffer.from(pcm.buffer).set(b.subarray(0, pcm.length * 2));
  return pcm;
};

/** Records a PulseAudio source (e.g. "speaker.monitor") as 16 kHz mono int16 until stop(). */
export function recordSource(env: NodeJS.ProcessEnv, source: string): Recording {
  const child: ChildProcessByStdio<null, Readable, null> = spawn('parec', ['-d', source, '--raw', '--rate=16000', '--channels=1', '--format=s16le', '--latency-msec=10'], { env, stdio: ['ignore', 'pipe', 'ignore'] });
  const startedAt = Date.now();
  const chunks: Buffer[] = [];
  let closed = false;
  child.stdout.on('data', (d: Buffer) => chunks.push(d));
  child.on('error', () => { closed = true; });
  const closedP = new Promise<void>((resolve) => child.once('close', () => { closed = true; resolve(); }));
  return {
    startedAt,
    pcm: () => toPcm(Buffer.concat(chunks)),
    stop: async (timeoutMs = 5000) => {
      if (!closed) {
        child.kill('SIGTERM');
        const timer = new Promise<void>((r) => setTimeout(r, timeoutMs).unref());
        await Promise.race([closedP, timer]);
        if (!closed) child.kill('SIGKILL');
      }
      return toPcm(Buffer.concat(chunks));
    },
  };
}

/** Records what is played on the "speaker" sink as 16 kHz mono int16 until stop(). */
export function recordSpeaker(env: NodeJS.ProcessEnv): Recording {
  return recordSource(env, 'speaker.monitor');
}

export async function playIntoMic(env: NodeJS.ProcessEnv, wavPath: string, timeoutMs = 20_000): Promise<void> {
  await run('paplay', ['-d', 'micfeed', wavPath], { env, timeout: timeoutMs });
}
