/**
 * Kill and restart the private PulseAudio server from test/helpers/pulse.ts in place: same runtime
 * directory (so the same socket path clients reconnect to), same two null sinks and defaults.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { launchPulseDaemon } from './pulse.js';

const run = promisify(execFile);

async function serverUp(env: NodeJS.ProcessEnv): Promise<boolean> {
  try { await run('pactl', ['info'], { env, timeout: 2000 }); return true; } catch { return false; }
}

/** Stops the server (all its clients are disconnected) and waits until it is really gone. */
export async function killPulse(env: NodeJS.ProcessEnv, timeoutMs = 5000): Promise<void> {
  await run('pulseaudio', ['--kill'], { env, timeout: timeoutMs }).catch(() => undefined);
  const deadline = Date.now() + timeoutMs;
  while (await serverUp(env)) {
    if (Date.now() > deadline) throw new Error('pulseaudio did not exit');
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Starts a server again in the runtime directory of `env`, as startPulse() configured it. */
export async function restartPulse(env: NodeJS.ProcessEnv, timeoutMs = 15_000): Promise<void> {
  await launchPulseDaemon(env, timeoutMs);
}
