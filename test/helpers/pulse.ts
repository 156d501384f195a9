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

/** Records what is played on the "speaker" sink as 16 kHz mono int16 until stop(). */
export function recordSpeaker(env: NodeJS.ProcessEnv): { stop(): Promise<Int16Array> } {
  const child: ChildProcessByStdio<null, Readable, null> = spawn('parec', ['-d', 'speaker.monitor', '--raw', '--rate=16000', '--channels=1', '--format=s16le'], { env, stdio: ['ignore', 'pipe', 'ignore'] });
  const chunks: Buffer[] = [];
  child.stdout.on('data', (d: Buffer) => chunks.push(d));
  return {
    stop: () => new Promise((resolve) => {
      child.once('close', () => {
        const buf = Buffer.concat(chunks);
        const pcm = new Int16Array(Math.floor(buf.length / 2));
        Buffer.from(pcm.buffer).set(buf.subarray(0, pcm.length * 2));
        resolve(pcm);
      });
      child.kill('SIGTERM');
    }),
  };
}

export async function playIntoMic(env: NodeJS.ProcessEnv, wavPath: string, timeoutMs = 20_000): Promise<void> {
  await run('paplay', ['-d', 'micfeed', wavPath], { env, timeout: timeoutMs });
}
