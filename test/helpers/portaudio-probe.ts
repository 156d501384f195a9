/**
 * Runs one PortAudio backend scenario against the PulseAudio server named by this process's
 * environment (PortAudio reaches it through ALSA's pulse plugin, which reads PULSE_SERVER /
 * XDG_RUNTIME_DIR when the addon initialises — so the integration test spawns this script with the
 * server's env). Prints one line `RESULT <json>` on stdout and exits: the real addon leaves a
 * threadpool thread behind after a device loss, and it printf()s its own lines to stdout too.
 *
 *   node dist/test/helpers/portaudio-probe.js <devices|capture|playback|stop|recovery> [json args]
 */
import { spawn } from 'node:child_process';
import { createPortAudioBackend } from '../../app/audio/io/portaudio-backend.js';
import type { AudioDeviceEvent } from '../../app/audio/io/types.js';
import { playIntoMic } from './pulse.js';
import { killPulse, restartPulse } from './pulse-restart.js';

const RATE = 16_000;
const env = process.env;
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const frameRms = (f: Float32Array): number => Math.sqrt(f.reduce((s, v) => s + v * v, 0) / f.length);

function tone(seconds: number, freq = 440, amp = 0.5): Int16Array {
  return Int16Array.from({ length: Math.round(seconds * RATE) }, (_, i) => Math.round(amp * 32767 * Math.sin((2 * Math.PI * freq * i) / RATE)));
}

/** Records the "speaker" sink with a low latency request (see audio-io-pulse.test.ts). */
function recordSink(): { ready(): Promise<void>; stop(): Promise<Int16Array>; recordedMs(): number } {
  const child = spawn('parec', ['--device=speaker.monitor', '--raw', `--rate=${RATE}`, '--channels=1', '--format=s16le', '--latency-msec=10'], { env, stdio: ['ignore', 'pipe', 'ignore'] });
  const chunks: Buffer[] = [];
  let bytes = 0;
  child.stdout.on('data', (d: Buffer) => { chunks.push(d); bytes += d.length; });
  const closed = new Promise<void>((resolve) => child.once('close', () => resolve()));
  return {
    recordedMs: () => (bytes / 2 / RATE) * 1000,
    ready: async () => {
      const deadline = Date.now() + 8000;
      while (bytes < 3200) {
        if (Date.now() > deadline) throw new Error('speaker recorder got no data');
        await sleep(20);
      }
    },
    stop: async () => {
      child.kill('SIGTERM');
      await closed;
      const buf = Buffer.concat(chunks);
      const pcm = new Int16Array(Math.floor(buf.length / 2));
      Buffer.from(pcm.buffer).set(buf.subarray(0, pcm.length * 2));
      return pcm;
    },
  };
}

/** 10 ms windows above the noise floor: count, first and last (ms). */
function loudness(pcm: Int16Array): { loudMs: number; firstMs: number; lastMs: number } {
  let loud = 0;
  let first = -1;
  let last = -1;
  for (let o = 0, w = 0; o + 160 <= pcm.length; o += 160, w++) {
    let s = 0;
    for (let i = o; i < o + 160; i++) { const v = (pcm[i] ?? 0) / 32768; s += v * v; }
    if (Math.sqrt(s / 160) > 0.05) { loud++; if (first < 0) first = w; last = w; }
  }
  return { loudMs: loud * 10, firstMs: first * 10, lastMs: last >= 0 ? last * 10 + 10 : -1 };
}

async function waitFor(what: string, cond: () => boolean, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

type Result = Record<string, unknown>;

async function devices(): Promise<Result> {
  const backend = createPortAudioBackend();
  const available = await backend.isAvailable();
  const list = await backend.listDevices();
  let unknownError = '';
  try { await backend.createInput().open({ device: 'no-such-device-xyz', signal: new AbortController().signal }); } catch (err) { unknownError = `${(err as Error).name}:${(err as { code?: string }).code ?? ''}:${(err as Error).message}`; }
  return { available, devices: list, unknownError };
}

async function capture(args: { wav: string }): Promise<Result> {
  const input = createPortAudioBackend().createInput();
  const events: AudioDeviceEvent[] = [];
  input.on('device_lost', (e) => events.push(e));
  input.on('device_restored', (e) => events.push(e));
  const ac = new AbortController();
  const t0 = performance.now();
  await input.open({ signal: ac.signal });
  const openMs = performance.now() - t0;
  const sizes = new Set<number>();
  let frames = 0;
  let loud = 0;
  let maxRms = 0;
  let firstFrameMs = -1;
  const consumer = (async () => {
    for await (const f of input) {
      if (firstFrameMs < 0) firstFrameMs = performance.now() - t0;
      frames++;
      sizes.add(f.length);
      const r = frameRms(f);
      maxRms = Math.max(maxRms, r);
      if (r > 0.02) loud++;
    }
  })();
  await waitFor('first frames', () => frames > 3, 12_000);
  const silentFrames = frames;
  const silentLoud = loud;
  await playIntoMic(env, args.wav);
  await sleep(400);
  ac.abort();
  await consumer;
  await input.close();
  return { openMs, firstFrameMs, frames, sizes: [...sizes], loud, silentFrames, silentLoud, maxRms, deviceRate: input.deviceRate, dropped: input.droppedFrames, events: events.map((e) => e.type) };
}

async function playback(): Promise<Result> {
  const output = createPortAudioBackend().createOutput();
  await output.open({ sampleRate: RATE });
  const rec = recordSink();
  try {
    await rec.ready();
    await sleep(300);
    const pcm = tone(1);
    output.play(pcm.subarray(0, 1234), RATE);
    output.play(pcm.subarray(1234, 8000), RATE);
    output.play(tone(0.5, 440, 0.5).filter((_, i) => i % 2 === 0), RATE / 2);
    const positions: number[] = [];
    const off = output.onPosition((p) => positions.push(p.playedSamples));
    const t0 = performance.now();
    await output.drain();
    const drainMs = performance.now() - t0;
    off();
    await sleep(300);
    const heard = loudness(await rec.stop());
    const monotonic = positions.every((p, i) => i === 0 || p >= (positions[i - 1] ?? 0));
    return { drainMs, heard, playedSamples: output.playedSamples, positions: positions.length, monotonic, underruns: output.position().underruns };
  } finally {
    await output.close();
    await rec.stop().catch(() => undefined);
  }
}

async function stop(): Promise<Result> {
  const output = createPortAudioBackend().createOutput();
  await output.open({ sampleRate: RATE });
  const rec = recordSink();
  try {
    await rec.ready();
    await sleep(300);
    const tRec = performance.now();
    const recAtPlayMs = rec.recordedMs();
    const tPlay = performance.now();
    output.play(tone(3), RATE);
    await sleep(1000);
    const tStop = performance.now();
    const played = output.stop();
    const stopCallMs = performance.now() - tStop;
    // Where the recording was when stop() was called (parec delivers ~10 ms late: a slight overestimate of the latency).
    const recAtStopMs = rec.recordedMs();
    const posAfter = output.position();
    await sleep(700);
    output.play(tone(0.4, 660), RATE);
    await output.drain();
    await sleep(300);
    const pcm = await rec.stop();
    const elapsedMs = tStop - tPlay;
    const all = loudness(pcm);
    const firstBurst = loudness(pcm.subarray(0, Math.round(((all.firstMs + elapsedMs + 450) / 1000) * RATE)));
    const burstMs = firstBurst.lastMs - firstBurst.firstMs;
    return { stopLatencyMs: firstBurst.lastMs - recAtStopMs, startLatencyMs: firstBurst.firstMs - recAtPlayMs, elapsedMs, stopCallMs, playedMs: (played / RATE) * 1000, burstMs, totalLoudMs: all.loudMs, queueAfterStop: posAfter.queueSamples, recStartToPlayMs: tPlay - tRec };
  } finally {
    await output.close();
    await rec.stop().catch(() => undefined);
  }
}

async function recovery(): Promise<Result> {
  const backend = createPortAudioBackend();
  const input = backend.createInput();
  const output = backend.createOutput();
  const events: AudioDeviceEvent[] = [];
  for (const io of [input, output]) {
    io.on('device_lost', (e) => events.push(e));
    io.on('device_restored', (e) => events.push(e));
  }
  const ac = new AbortController();
  await input.open({ signal: ac.signal });
  await output.open({ sampleRate: RATE, signal: ac.signal });
  let frames = 0;
  let loud = 0;
  let consumerError = '';
  const consumer = (async () => {
    try { for await (const f of input) { frames++; if (frameRms(f) > 0.1) loud++; } } catch (err) { consumerError = String(err); }
  })();
  const has = (type: string, dir: string): boolean => events.some((e) => e.type === type && e.direction === dir);
  try {
    await waitFor('first frames', () => frames > 5, 12_000);
    const restoredBefore = events.filter((e) => e.type === 'device_restored').length;
    const lostBefore = events.filter((e) => e.type === 'device_lost').length;
    await killPulse(env);
    const tKilled = Date.now();
    await waitFor('device_lost', () => events.filter((e) => e.type === 'device_lost').length >= lostBefore + 2 && has('device_lost', 'input') && has('device_lost', 'output'), 12_000);
    const lostMs = Date.now() - tKilled;
    const framesAtLoss = frames;
    await sleep(500);
    await restartPulse(env);
    const tBack = Date.now();
    await waitFor('device_restored', () => events.filter((e) => e.type === 'device_restored').length >= restoredBefore + 2
      && events.some((e) => e.type === 'device_restored' && e.direction === 'input' && e.at >= tKilled)
      && events.some((e) => e.type === 'device_restored' && e.direction === 'output' && e.at >= tKilled), 15_000);
    const restored = events.filter((e) => e.type === 'device_restored' && e.at >= tKilled);
    const recoveryMs = Math.max(...restored.map((e) => e.at)) - tBack;
    await waitFor('frames after restore', () => frames > framesAtLoss + 5, 8000);
    await playIntoMic(env, process.argv[3] ? (JSON.parse(process.argv[3]) as { wav: string }).wav : '');
    await waitFor('loud frames after restore', () => loud >= 3, 5000);
    const rec = recordSink();
    await rec.ready();
    await sleep(300);
    output.play(tone(0.5), RATE);
    await output.drain();
    await sleep(300);
    const heard = loudness(await rec.stop());
    return {
      lostMs, recoveryMs, loud, heardMs: heard.loudMs, consumerError,
      events: events.map((e) => ({ type: e.type, direction: e.direction, at: e.at - tKilled, ...(e.type === 'device_restored' ? { downtimeMs: e.downtimeMs, attempts: e.attempts } : { reason: e.reason }) })),
    };
  } finally {
    ac.abort();
    await consumer;
    await input.close();
    await output.close();
  }
}

const scenarios: Record<string, (args: { wav: string }) => Promise<Result>> = { devices, capture, playback, stop, recovery };

async function main(): Promise<void> {
  const name = process.argv[2] ?? '';
  const args = process.argv[3] ? (JSON.parse(process.argv[3]) as { wav: string }) : { wav: '' };
  const scenario = scenarios[name];
  if (!scenario) throw new Error(`unknown scenario ${name}`);
  const result = await scenario(args);
  process.stdout.write(`\nRESULT ${JSON.stringify(result)}\n`);
}

main().then(() => {
  // After a device loss naudiodon keeps a threadpool thread blocked forever (see portaudio-backend.ts),
  // and process.exit() would wait for it: that scenario ends itself with SIGKILL once its result is out.
  if (process.argv[2] === 'recovery') process.kill(process.pid, 'SIGKILL');
  process.exit(0);
}, (err: unknown) => {
  process.stdout.write(`\nRESULT ${JSON.stringify({ error: err instanceof Error ? err.stack ?? err.message : String(err) })}\n`);
  process.kill(process.pid, 'SIGKILL');
});
