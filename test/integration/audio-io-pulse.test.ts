/**
 * The PulseAudio audio I/O backend against a private PulseAudio server (null sinks "speaker" and
 * "micfeed"; micfeed.monitor is the default input): capture, playback, barge-in stop latency, and
 * recovery from the server being killed and restarted under a running consumer.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createPulseBackend } from '../../app/audio/io/pulse-backend.js';
import { INPUT_FRAME_SAMPLES, type AudioDeviceEvent } from '../../app/audio/io/types.js';
import { startPulse, type PulseServer } from '../helpers/pulse.js';
import { killPulse, restartPulse } from '../helpers/pulse-restart.js';

const RATE = 16_000;

function tone(seconds: number, freq = 440, amp = 0.5): Int16Array {
  return Int16Array.from({ length: Math.round(seconds * RATE) }, (_, i) => Math.round(amp * 32767 * Math.sin((2 * Math.PI * freq * i) / RATE)));
}

/** Plays PCM into the "micfeed" sink (what the default input hears); resolves when pacat exits. */
function playIntoMicfeed(env: NodeJS.ProcessEnv, pcm: Int16Array): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('pacat', ['-d', 'micfeed', '--raw', `--rate=${RATE}`, '--channels=1', '--format=s16le'], { env, stdio: ['pipe', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d: Buffer) => { err += d.toString(); });
    const t = setTimeout(() => { child.kill('SIGKILL'); }, 10_000);
    child.once('close', (code) => { clearTimeout(t); if (code === 0) resolve(); else reject(new Error(`pacat into micfeed: ${code}: ${err}`)); });
    child.stdin.on('error', () => undefined);
    child.stdin.end(Buffer.from(pcm.buffer, pcm.byteOffset, pcm.byteLength));
  });
}

/**
 * Records the "speaker" sink. Not recordSpeaker() from helpers/pulse.ts: without a latency request parec
 * gets 2 s fragments, so stopping it loses up to 2 s of tail. And an idle null sink only notices a new
 * low-latency client at its next 2 s wake-up, so callers wait for the first data before playing.
 */
function recordSink(env: NodeJS.ProcessEnv): { ready(): Promise<void>; stop(): Promise<Int16Array> } {
  const child = spawn('parec', ['--device=speaker.monitor', '--raw', `--rate=${RATE}`, '--channels=1', '--format=s16le', '--latency-msec=10'], { env, stdio: ['ignore', 'pipe', 'ignore'] });
  const chunks: Buffer[] = [];
  let bytes = 0;
  child.stdout.on('data', (d: Buffer) => { chunks.push(d); bytes += d.length; });
  const closed = new Promise<void>((resolve) => child.once('close', () => resolve()));
  let result: Promise<Int16Array> | undefined;
  return {
    ready: async () => {
      const deadline = Date.now() + 5000;
      while (bytes < 3200) { // 100 ms of audio flowing
        if (Date.now() > deadline) throw new Error('speaker recorder got no data');
        await sleep(20);
      }
    },
    stop: () => {
      result ??= (async () => {
        child.kill('SIGTERM');
        await closed;
        const buf = Buffer.concat(chunks);
        const pcm = new Int16Array(Math.floor(buf.length / 2));
        Buffer.from(pcm.buffer).set(buf.subarray(0, pcm.length * 2));
        return pcm;
      })();
      return result;
    },
  };
}

const frameRms = (f: Float32Array): number => Math.sqrt(f.reduce((s, v) => s + v * v, 0) / f.length);

/** 10 ms windows of the recording above the noise floor, first and last loud window (in ms). */
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

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
/** drain(), bounded: a failed test must still reach its finally (closing the output) instead of hanging the file. */
async function drained(output: { drain(): Promise<void> }, ms = 15_000): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error(`drain() did not resolve within ${ms} ms`)), ms); });
  try { await Promise.race([output.drain(), late]); } finally { clearTimeout(timer); }
}

async function withPulse(fn: (pulse: PulseServer) => Promise<void>): Promise<void> {
  const pulse = await startPulse();
  try { await fn(pulse); } finally { await pulse.stop(); }
}

test('audio io pulse: lists devices by name and marks the defaults', { timeout: 30_000 }, async () => {
  await withPulse(async (pulse) => {
    const backend = createPulseBackend({ env: pulse.env });
    assert.equal(await backend.isAvailable(), true);
    const devices = await backend.listDevices();
    const speaker = devices.find((d) => d.direction === 'output' && d.name === 'speaker');
    const mic = devices.find((d) => d.direction === 'input' && d.name === 'micfeed.monitor');
    assert.ok(speaker?.isDefault, JSON.stringify(devices));
    assert.ok(mic?.isDefault && mic.isMonitor, JSON.stringify(devices));
    assert.equal(speaker.sampleRate, 16000);

    // A device that does not exist: open() still resolves, the loss is reported, close() is clean.
    const input = backend.createInput();
    const lost: string[] = [];
    input.on('device_lost', (e) => lost.push(e.reason));
    const ac = new AbortController();
    await input.open({ device: 'no-such-source', signal: ac.signal });
    ac.abort();
    for await (const _ of input) assert.fail('no frames from a missing device');
    await input.close();
    assert.equal(lost.length, 1);
    assert.match(lost[0] ?? '', /No such entity|exited/);
  });
});

test('audio io pulse: capture hears a tone played into the mic, in exact 512-sample frames', { timeout: 30_000 }, async (t) => {
  await withPulse(async (pulse) => {
    const input = createPulseBackend({ env: pulse.env }).createInput();
    const ac = new AbortController();
    await input.open({ device: 'micfeed.monitor', signal: ac.signal });
    const sizes = new Set<number>();
    let frames = 0;
    let loud = 0;
    const consumer = (async () => {
      for await (const f of input) {
        frames++;
        sizes.add(f.length);
        if (frameRms(f) > 0.1) loud++;
      }
    })();
    const stopAfter = setTimeout(() => ac.abort(), 8000);
    try {
      await sleep(200);
      await playIntoMicfeed(pulse.env, tone(1));
      await sleep(300);
    } finally {
      clearTimeout(stopAfter);
      ac.abort();
      await consumer;
      await input.close();
    }
    t.diagnostic(`capture: ${frames} frames, ${loud} loud (${loud * 32} ms of a 1000 ms tone)`);
    assert.deepEqual([...sizes], [INPUT_FRAME_SAMPLES]);
    assert.ok(loud * 32 >= 800 && loud * 32 <= 1200, `loud frames: ${loud}`);
  });
});

test('audio io pulse: output plays queued chunks that the speaker records, and tracks the position', { timeout: 30_000 }, async (t) => {
  await withPulse(async (pulse) => {
    const output = createPulseBackend({ env: pulse.env }).createOutput();
    await output.open({ device: 'speaker', sampleRate: RATE });
    const rec = recordSink(pulse.env);
    try {
      await rec.ready();
      const pcm = tone(1);
      // Uneven chunk sizes, one at another rate (resampled).
      output.play(pcm.subarray(0, 1234), RATE);
      output.play(pcm.subarray(1234, 8000), RATE);
      output.play(tone(0.5, 440, 0.5).filter((_, i) => i % 2 === 0), RATE / 2);
      const positions: number[] = [];
      const off = output.onPosition((p) => positions.push(p.playedSamples));
      const t0 = performance.now();
      await drained(output);
      const drainMs = performance.now() - t0;
      off();
      await sleep(200);
      const heard = loudness(await rec.stop());
      t.diagnostic(`output: drain after ${Math.round(drainMs)} ms, heard ${heard.loudMs} ms of 1000 ms, played ${output.playedSamples} samples, ${output.position().underruns} underruns`);
      assert.equal(output.playedSamples, 16000);
      assert.ok(heard.loudMs >= 900 && heard.loudMs <= 1100, `heard ${heard.loudMs} ms`);
      assert.ok(positions.length > 10 && positions.every((p, i) => i === 0 || p >= (positions[i - 1] ?? 0)), 'monotonic position updates');
    } finally {
      await output.close();
      await rec.stop().catch(() => undefined);
    }
  });
});

test('audio io pulse: stop() cuts playback at once and reports what was played; the next play works', { timeout: 30_000 }, async (t) => {
  await withPulse(async (pulse) => {
    const output = createPulseBackend({ env: pulse.env }).createOutput();
    await output.open({ sampleRate: RATE });
    const rec = recordSink(pulse.env);
    try {
      await rec.ready();
      const tPlay = performance.now();
      output.play(tone(3), RATE);
      await sleep(1000);
      const tStop = performance.now();
      const played = output.stop();
      const stopCallMs = performance.now() - tStop;
      await sleep(600);
      // After a stop the output takes new audio at once (a fresh stream).
      output.play(tone(0.4, 660), RATE);
      await drained(output);
      await sleep(200);
      const pcm = await rec.stop();
      const elapsedMs = tStop - tPlay;
      const playedMs = (played / RATE) * 1000;
      // The first burst: loud windows until the gap.
      const firstBurst = loudness(pcm.subarray(0, Math.round(((loudness(pcm).firstMs + elapsedMs + 400) / 1000) * RATE)));
      const burstMs = firstBurst.lastMs - firstBurst.firstMs;
      const all = loudness(pcm);
      t.diagnostic(`stop: called ${Math.round(elapsedMs)} ms after play, stop() took ${stopCallMs.toFixed(1)} ms and reported ${Math.round(playedMs)} ms played; ` +
        `the speaker heard ${burstMs} ms → ${Math.round(burstMs - playedMs)} ms beyond the reported position, ${Math.round(burstMs - elapsedMs)} ms beyond the wall-clock play time`);
      assert.ok(played > 0 && playedMs <= elapsedMs + 1, `played ${playedMs} ms`);
      assert.ok(burstMs < elapsedMs + 150, `tone kept playing ${burstMs - elapsedMs} ms after stop()`);
      assert.ok(Math.abs(burstMs - playedMs) < 150, `reported position ${playedMs} vs heard ${burstMs}`);
      assert.ok(all.loudMs >= burstMs + 300, `the tone after stop() was heard too (${all.loudMs - burstMs} ms)`);
    } finally {
      await output.close();
      await rec.stop().catch(() => undefined);
    }
  });
});

test('audio io pulse: recovers input and output when the server is killed and restarted', { timeout: 60_000 }, async (t) => {
  await withPulse(async (pulse) => {
    const backend = createPulseBackend({ env: pulse.env });
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
    let consumerError: unknown;
    const consumer = (async () => {
      try {
        for await (const f of input) { frames++; if (frameRms(f) > 0.1) loud++; }
      } catch (err) { consumerError = err; }
    })();
    const waitFor = async (what: string, cond: () => boolean, ms: number): Promise<void> => {
      const deadline = Date.now() + ms;
      while (!cond()) {
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; events: ${JSON.stringify(events)}`);
        await sleep(20);
      }
    };
    const has = (type: string, dir: string): boolean => events.some((e) => e.type === type && e.direction === dir);
    try {
      await waitFor('first frames', () => frames > 5, 5000);
      await killPulse(pulse.env);
      const tKilled = Date.now();
      await waitFor('device_lost', () => has('device_lost', 'input') && has('device_lost', 'output'), 5000);
      const lostMs = Date.now() - tKilled;
      const framesAtLoss = frames;
      await sleep(500);
      await restartPulse(pulse.env);
      const tBack = Date.now();
      await waitFor('device_restored', () => has('device_restored', 'input') && has('device_restored', 'output'), 10_000);
      const restored = events.filter((e) => e.type === 'device_restored');
      const recoveryMs = Math.max(...restored.map((e) => e.at)) - tBack;
      t.diagnostic(`recovery: lost reported ${lostMs} ms after the kill; after the server was back: ${restored.map((e) => `${e.direction} +${e.at - tBack} ms (down ${e.type === 'device_restored' ? `${e.downtimeMs} ms, ${e.attempts} attempts` : ''})`).join(', ')}`);
      assert.ok(recoveryMs < 5000, `recovered ${recoveryMs} ms after the server came back`);

      // Input: the same loop, never restarted, hears a tone played after the restart.
      await waitFor('frames after restore', () => frames > framesAtLoss + 5, 5000);
      await playIntoMicfeed(pulse.env, tone(0.5));
      await waitFor('loud frames after restore', () => loud >= 10, 5000);
      // Output: the same object plays on the new server.
      const rec = recordSink(pulse.env);
      await rec.ready();
      output.play(tone(0.5), RATE);
      await drained(output);
      await sleep(200);
      const heard = loudness(await rec.stop());
      t.diagnostic(`after recovery: ${loud} loud input frames; speaker heard ${heard.loudMs} ms of a 500 ms tone`);
      assert.ok(heard.loudMs >= 400, `speaker heard ${heard.loudMs} ms`);
      assert.equal(consumerError, undefined);
      assert.equal(events.filter((e) => e.type === 'device_lost').length, 2, 'one loss per direction');
      assert.equal(restored.length, 2, 'one restore per direction');
    } finally {
      ac.abort();
      await consumer;
      await input.close();
      await output.close();
    }
    assert.equal(consumerError, undefined, 'the consumer loop ended normally on abort');
  });
});
