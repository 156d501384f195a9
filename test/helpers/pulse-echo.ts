/**
 * An acoustic echo path on the private PulseAudio server of test/helpers/pulse.ts: what the agent
 * plays on "speaker" comes back into the microphone ("micfeed", whose monitor is Heed's input)
 * after a delay and attenuated, as a kiosk's loudspeaker leaks into its microphone.
 *
 * module-loopback copies speaker.monitor into micfeed with `latency_msec` of buffering (its real
 * delay is close to that, plus a block); the attenuation is the loopback stream's volume
 * (pactl set-sink-input-volume, in dB). Customer speech played with playIntoMic mixes with it in
 * micfeed, as a voice and the echo mix in the air.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface EchoPathOptions {
  /** Speaker → microphone delay. Default 60 ms. */
  delayMs?: number | undefined;
  /** Echo level relative to the speaker signal, in dB (negative: quieter). Default −6 dB. */
  gainDb?: number | undefined;
}

export interface EchoPath {
  /** The loopback module's index. */
  readonly module: number;
  remove(): Promise<void>;
}

export async function addEchoPath(env: NodeJS.ProcessEnv, opts: EchoPathOptions = {}): Promise<EchoPath> {
  const delayMs = opts.delayMs ?? 60;
  const gainDb = opts.gainDb ?? -6;
  const { stdout } = await run('pactl', [
    'load-module', 'module-loopback', 'source=speaker.monitor', 'sink=micfeed', `latency_msec=${delayMs}`,
    'source_dont_move=true', 'sink_dont_move=true', 'remix=false', 'adjust_time=0',
  ], { env, timeout: 5000 });
  const module = Number(stdout.trim());
  if (!Number.isInteger(module)) throw new Error(`module-loopback did not load: ${stdout}`);
  // The loopback's sink input names the module as its owner ("Owner Module: N"); set its volume in dB.
  const deadline = Date.now() + 5000;
  for (;;) {
    const { stdout: list } = await run('pactl', ['list', 'sink-inputs'], { env, timeout: 5000 });
    const block = list.split(/^Sink Input #/m).find((b) => new RegExp(`^\\s*Owner Module: ${module}$`, 'm').test(b));
    const index = block === undefined ? undefined : /^(\d+)/.exec(block)?.[1];
    if (index !== undefined) {
      await run('pactl', ['set-sink-input-volume', index, `${gainDb}dB`], { env, timeout: 5000 });
      break;
    }
    if (Date.now() > deadline) throw new Error(`module-loopback ${module} has no sink input`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    module,
    remove: async () => { await run('pactl', ['unload-module', String(module)], { env, timeout: 5000 }).catch(() => undefined); },
  };
}
