/**
 * The PortAudio backend with the REAL naudiodon addon against a private PulseAudio server, reached
 * through ALSA's pulse plugin. The plugin takes the server from the environment when the addon
 * initialises PortAudio, so each scenario runs in a child process (test/helpers/portaudio-probe.ts)
 * started with the server's env; this file asserts on the numbers it reports.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { startPulse, type PulseServer } from '../helpers/pulse.js';
import { makeUtterance } from '../helpers/utterances.js';

const PROBE = fileURLToPath(new URL('../helpers/portaudio-probe.js', import.meta.url));

interface Probe { result: Record<string, unknown>; stdout: string; stderr: string }

/** Runs a probe scenario with the server's env; kills it after `timeoutMs`. */
function probe(pulse: PulseServer, scenario: string, args: Record<string, unknown>, timeoutMs: number): Promise<Probe> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [PROBE, scenario, JSON.stringify(args)], { env: pulse.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
    child.stderr.on('data', (d: Buffer) => { stderr = (stderr + d.toString()).slice(-4000); });
    const timer = setTimeout(() => { child.kill('SIGKILL'); }, timeoutMs);
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      const line = stdout.split('\n').find((l) => l.startsWith('RESULT '));
      if (!line) { reject(new Error(`probe ${scenario} gave no result (${signal ?? code}); stderr: ${stderr}`)); return; }
      const result = JSON.parse(line.slice('RESULT '.length)) as Record<string, unknown>;
      if (typeof result['error'] === 'string') { reject(new Error(`probe ${scenario} failed: ${result['error']}`)); return; }
      // Every stream was quit: the process exits normally (no segfault, nothing left running) — except after a
      // device loss, where naudiodon keeps a threadpool thread and the probe kills itself (see the probe).
      if (scenario !== 'recovery' && code !== 0) { reject(new Error(`probe ${scenario} exited ${signal ?? code}; stderr: ${stderr}`)); return; }
      resolve({ result, stdout, stderr });
    });
  });
}

async function withPulse(fn: (pulse: PulseServer) => Promise<void>): Promise<void> {
  const pulse = await startPulse();
  try { await fn(pulse); } finally { await pulse.stop(); }
}

const num = (v: unknown): number => (typeof v === 'number' ? v : NaN);

const speech = (): Promise<string> => makeUtterance({ text: 'I would like a large coffee with oat milk please', voice: 'flite:slt', padMs: 300 });

test('audio io portaudio: lists the ALSA devices, marks the default, rejects an unknown name', { timeout: 60_000 }, async (t) => {
  await withPulse(async (pulse) => {
    const { result } = await probe(pulse, 'devices', {}, 45_000);
    const devices = result['devices'] as Array<{ name: string; direction: string; isDefault: boolean }>;
    t.diagnostic(`devices: ${devices.map((d) => `${d.name}/${d.direction}${d.isDefault ? '*' : ''}`).join(', ')}`);
    assert.equal(result['available'], true);
    assert.ok(devices.some((d) => d.direction === 'input' && d.isDefault), 'a default input');
    assert.ok(devices.some((d) => d.direction === 'output' && d.isDefault), 'a default output');
    assert.ok(devices.some((d) => d.name === 'pulse' || d.name === 'default'), 'the pulse/default ALSA devices');
    assert.equal(devices.filter((d) => d.direction === 'input' && d.isDefault).length, 1);
    assert.match(String(result['unknownError']), /^HeedError:AUDIO_DEVICE_MISSING:.*no-such-device-xyz.*known input devices: .*"(pulse|default)"/);
  });
});

test('audio io portaudio: speech played into the mic arrives as 512-sample frames with energy', { timeout: 90_000 }, async (t) => {
  const wav = await speech();
  await withPulse(async (pulse) => {
    const { result } = await probe(pulse, 'capture', { wav }, 75_000);
    t.diagnostic(`capture: open ${Math.round(num(result['openMs']))} ms, first frame ${Math.round(num(result['firstFrameMs']))} ms, ${String(result['frames'])} frames (${String(result['silentFrames'])} before the speech, ${String(result['silentLoud'])} of them loud), ${String(result['loud'])} loud, max rms ${num(result['maxRms']).toFixed(3)}, device rate ${String(result['deviceRate'])}, events ${JSON.stringify(result['events'])}`);
    assert.deepEqual(result['sizes'], [512]);
    assert.equal(result['silentLoud'], 0, 'silence before the speech is quiet');
    // The utterance is ~2-3 s of speech: a good share of its 32 ms frames carry energy.
    assert.ok(num(result['loud']) >= 20, `loud frames: ${String(result['loud'])}`);
    assert.ok(num(result['maxRms']) > 0.05, `max rms ${String(result['maxRms'])}`);
    assert.ok(num(result['firstFrameMs']) < 12_000, 'first frame in bounded time');
  });
});

test('audio io portaudio: output plays queued chunks that the speaker records, with a monotonic position', { timeout: 60_000 }, async (t) => {
  await withPulse(async (pulse) => {
    const { result } = await probe(pulse, 'playback', {}, 45_000);
    const heard = result['heard'] as { loudMs: number };
    t.diagnostic(`playback: drain after ${Math.round(num(result['drainMs']))} ms, heard ${heard.loudMs} ms of 1000 ms, played ${String(result['playedSamples'])} samples, ${String(result['positions'])} position updates, ${String(result['underruns'])} underruns`);
    assert.equal(result['playedSamples'], 16_000);
    assert.ok(heard.loudMs >= 900 && heard.loudMs <= 1100, `heard ${heard.loudMs} ms`);
    assert.equal(result['monotonic'], true);
    assert.ok(num(result['positions']) > 10);
    assert.ok(num(result['drainMs']) >= 900 && num(result['drainMs']) < 3000, `drain ${String(result['drainMs'])} ms`);
  });
});

test('audio io portaudio: stop() silences the speaker within a bound and reports what was played', { timeout: 60_000 }, async (t) => {
  await withPulse(async (pulse) => {
    const { result } = await probe(pulse, 'stop', {}, 45_000);
    const elapsedMs = num(result['elapsedMs']);
    const playedMs = num(result['playedMs']);
    const burstMs = num(result['burstMs']);
    const stopLatencyMs = num(result['stopLatencyMs']);
    t.diagnostic(`stop: called ${Math.round(elapsedMs)} ms after play, stop() took ${num(result['stopCallMs']).toFixed(1)} ms, reported ${Math.round(playedMs)} ms played, ` +
      `speaker heard ${burstMs} ms (${Math.round(burstMs - playedMs)} ms beyond the reported position); silent ${Math.round(stopLatencyMs)} ms after stop(), sound began ${Math.round(num(result['startLatencyMs']))} ms after play()`);
    assert.ok(num(result['stopCallMs']) < 20, 'stop() returns at once');
    assert.ok(playedMs > 0 && playedMs <= elapsedMs + 1, `played ${playedMs} ms`);
    assert.equal(result['queueAfterStop'], 0);
    assert.ok(stopLatencyMs < 400, `the tone kept playing ${stopLatencyMs} ms after stop()`);
    assert.ok(Math.abs(burstMs - playedMs) < 200, `reported position ${playedMs} vs heard ${burstMs}`);
    assert.ok(num(result['totalLoudMs']) >= burstMs + 300, 'the tone played after stop() was heard too');
  });
});

test('audio io portaudio: recovers input and output when the server is killed and restarted', { timeout: 120_000 }, async (t) => {
  const wav = await speech();
  await withPulse(async (pulse) => {
    const { result } = await probe(pulse, 'recovery', { wav }, 100_000);
    const events = result['events'] as Array<{ type: string; direction: string; at: number; downtimeMs?: number; attempts?: number; reason?: string }>;
    t.diagnostic(`recovery: lost reported ${String(result['lostMs'])} ms after the kill, restored ${String(result['recoveryMs'])} ms after the server was back; ` +
      `events ${events.map((e) => `${e.direction} ${e.type} +${e.at} ms${e.downtimeMs !== undefined ? ` (down ${e.downtimeMs} ms, ${String(e.attempts)} attempts)` : ` (${String(e.reason)})`}`).join('; ')}; after: ${String(result['loud'])} loud input frames, speaker heard ${String(result['heardMs'])} ms of 500`);
    const after = events.filter((e) => e.at >= 0);
    for (const dir of ['input', 'output']) {
      const lost = after.findIndex((e) => e.direction === dir && e.type === 'device_lost');
      const restored = after.findIndex((e) => e.direction === dir && e.type === 'device_restored');
      assert.ok(lost >= 0 && restored > lost, `${dir}: device_lost then device_restored`);
    }
    assert.ok(num(result['recoveryMs']) < 8000, `recovered ${String(result['recoveryMs'])} ms after the server came back`);
    assert.equal(result['consumerError'], '');
    assert.ok(num(result['loud']) >= 3, 'the same input loop hears speech after the restart');
    assert.ok(num(result['heardMs']) >= 400, `the same output plays after the restart (${String(result['heardMs'])} ms)`);
  });
});
