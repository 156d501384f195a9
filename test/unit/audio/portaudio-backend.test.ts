import { test } from 'node:test';
import assert from 'node:assert/strict';
import { HeedError } from '../../../app/core/errors.js';
import { audioBackends, openAudioBackend } from '../../../app/audio/io/backends.js';
import type { PaDeviceInfo, PaHostApis, PaInputStream, PaOutputStream, PaStreamOptions, PortAudioAddon } from '../../../app/audio/io/naudiodon-addon.js';
import { createPortAudioBackend } from '../../../app/audio/io/portaudio-backend.js';
import { InputFramer, PlayoutModel, mapDevices, matchDevice } from '../../../app/audio/io/portaudio-support.js';
import type { AudioDeviceEvent } from '../../../app/audio/io/types.js';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function dev(id: number, name: string, inCh: number, outCh: number, rate = 44100): PaDeviceInfo {
  return { id, name, maxInputChannels: inCh, maxOutputChannels: outCh, defaultSampleRate: rate, hostAPIName: 'ALSA' };
}

const DEVICES = [dev(0, 'USB Audio Device: - (hw:1,0)', 1, 2, 48000), dev(1, 'pulse', 32, 32), dev(2, 'default', 32, 32), dev(3, 'HDMI 0 (hw:0,3)', 0, 8)];
const APIS: PaHostApis = { defaultHostAPI: 0, HostAPIs: [{ id: 0, name: 'ALSA', deviceCount: 4, defaultInput: 2, defaultOutput: 2 }, { id: 1, name: 'OSS', deviceCount: 0, defaultInput: 0xffff_ffff, defaultOutput: 0xffff_ffff }] };

class FakeInput implements PaInputStream {
  data: ((c: Buffer) => void) | undefined;
  started = false;
  quits = 0;
  constructor(readonly opts: PaStreamOptions) {}
  onData(l: (c: Buffer) => void): void { this.data = l; }
  onError(): void { /* never errs */ }
  start(): void { this.started = true; }
  quit(): Promise<void> { this.quits++; return Promise.resolve(); }
  /** Delivers `samples` 16-bit samples of a constant value. */
  emit(samples: number, value = 1000): void {
    const b = Buffer.alloc(samples * 2);
    for (let i = 0; i < samples; i++) b.writeInt16LE(value, i * 2);
    this.data?.(b);
  }
}

class FakeOutput implements PaOutputStream {
  written: Buffer[] = [];
  quits = 0;
  constructor(readonly opts: PaStreamOptions) {}
  write(chunk: Buffer, done: (err?: Error | null) => void): void { this.written.push(Buffer.from(chunk)); setImmediate(() => done(null)); }
  get pendingBytes(): number { return 0; }
  onError(): void { /* never errs */ }
  start(): void { /* nothing */ }
  quit(): Promise<void> { this.quits++; return Promise.resolve(); }
  /** Samples written that are not silence. */
  get loudSamples(): number { return this.written.reduce((n, b) => { let k = 0; for (let i = 0; i + 1 < b.length; i += 2) if (b.readInt16LE(i) !== 0) k++; return n + k; }, 0); }
}

class FakeAddon implements PortAudioAddon {
  inputs: FakeInput[] = [];
  outputs: FakeOutput[] = [];
  /** Rates openInput refuses (PortAudio: "Format not supported"). */
  refuseRates = new Set<number>();
  constructor(public devices: PaDeviceInfo[] = DEVICES) {}
  getDevices(): PaDeviceInfo[] { return this.devices; }
  getHostApis(): PaHostApis { return APIS; }
  openInput(opts: PaStreamOptions): PaInputStream {
    if (this.refuseRates.has(opts.sampleRate)) throw new Error('Format not supported: Invalid sample rate');
    const s = new FakeInput(opts);
    this.inputs.push(s);
    return s;
  }
  openOutput(opts: PaStreamOptions): PaOutputStream {
    const s = new FakeOutput(opts);
    this.outputs.push(s);
    return s;
  }
}

test('portaudio: devices map per direction and mark the default host API defaults', { timeout: 5000 }, () => {
  const list = mapDevices(DEVICES, APIS);
  assert.deepEqual(list.map((d) => `${d.name}/${d.direction}${d.isDefault ? '*' : ''}`), [
    'USB Audio Device: - (hw:1,0)/input', 'USB Audio Device: - (hw:1,0)/output', 'pulse/input', 'pulse/output', 'default/input*', 'default/output*', 'HDMI 0 (hw:0,3)/output',
  ]);
  assert.equal(list[0]?.sampleRate, 48000);
  assert.equal(list[0]?.channels, 1);
  // No default device at all (PortAudio's unsigned -1).
  const none = mapDevices(DEVICES, { defaultHostAPI: 1, HostAPIs: APIS.HostAPIs });
  assert.ok(none.every((d) => !d.isDefault));
});

test('portaudio: device names match exactly, then case-insensitively by substring, per direction', { timeout: 5000 }, () => {
  assert.equal(matchDevice(DEVICES, 'pulse', 'input').id, 1);
  assert.equal(matchDevice(DEVICES, 'usb audio', 'input').id, 0);
  assert.equal(matchDevice(DEVICES, 'hdmi', 'output').id, 3);
  // An exact name wins over an earlier substring match.
  const devices = [dev(0, 'default mixer', 2, 2), dev(1, 'default', 2, 2)];
  assert.equal(matchDevice(devices, 'default', 'output').id, 1);
  assert.throws(() => matchDevice(DEVICES, 'hdmi', 'input'), (err: unknown) => {
    assert.ok(err instanceof HeedError);
    assert.equal(err.code, 'AUDIO_DEVICE_MISSING');
    assert.match(err.message, /no PortAudio input device matches "hdmi".*"USB Audio Device: - \(hw:1,0\)", "pulse", "default"/);
    return true;
  });
});

test('portaudio: input chunks of any size become exact 512-sample frames, in order', { timeout: 5000 }, () => {
  const framer = new InputFramer(16000);
  const all: Float32Array[] = [];
  let next = 0;
  // Odd byte counts too: a half sample is carried into the next chunk.
  for (const bytes of [1023, 1, 300, 1777, 2048, 5, 3]) {
    const b = Buffer.alloc(bytes);
    for (let i = 0; i < bytes; i++) {
      const sample = Math.floor((next + i) / 2);
      b[i] = (next + i) % 2 === 0 ? sample & 0xff : (sample >> 8) & 0xff;
    }
    next += bytes;
    all.push(...framer.push(b));
  }
  const total = Math.floor(next / 2);
  assert.equal(all.length, Math.floor(total / 512));
  assert.ok(all.every((f) => f.length === 512));
  all.forEach((f, k) => f.forEach((v, i) => assert.equal(v, (k * 512 + i) / 32768)));
  framer.reset();
  assert.equal(framer.push(Buffer.alloc(1022)).length, 0, 'a partial frame does not survive reset()');
});

test('portaudio: a 48 kHz device is resampled to 16 kHz frames', { timeout: 5000 }, () => {
  const framer = new InputFramer(48000);
  const frames: Float32Array[] = [];
  for (let k = 0; k < 30; k++) frames.push(...framer.push(Buffer.alloc(1536 * 2)));
  // 30 × 1536 samples at 48 kHz = 15360 at 16 kHz = 30 frames, less the filter's look-ahead.
  assert.ok(frames.length >= 28 && frames.length <= 30, `${frames.length} frames`);
  assert.ok(frames.every((f) => f.length === 512));
});

test('portaudio: the play-out model plays writes in real time after the latency, silence uncounted', { timeout: 5000 }, () => {
  const m = new PlayoutModel(16000, 40);
  m.write(0, 512); // silence
  m.write(0, 512, 0); // jitter-buffer block 0..512
  m.write(10, 512, 512);
  assert.equal(m.ahead(0), 40 + 96);
  assert.equal(m.playedAt(40), 0);
  assert.equal(m.playedAt(72), 0, 'the silence plays first');
  assert.equal(m.playedAt(88), 256, 'half of the first block');
  assert.equal(m.playedAt(104), 512);
  assert.equal(m.playedAt(90), 512, 'monotonic');
  assert.equal(m.rewind(120), 768);
  assert.equal(m.ahead(120), 0);
  m.write(200, 512, 768);
  assert.equal(m.playedAt(240 + 32), 1280, 'a write after a gap starts at its own time + latency');
});

test('portaudio: input delivers frames, and a stalled stream is reopened (device_lost → device_restored)', { timeout: 10_000 }, async () => {
  const addon = new FakeAddon();
  const input = createPortAudioBackend({ addon, inputStallMs: 150, inputFirstDataMs: 150, minBackoffMs: 20 }).createInput();
  const events: AudioDeviceEvent[] = [];
  input.on('device_lost', (e) => events.push(e));
  input.on('device_restored', (e) => events.push(e));
  const ac = new AbortController();
  const opening = input.open({ device: 'pulse', signal: ac.signal });
  await sleep(5);
  const first = addon.inputs[0];
  assert.ok(first?.started);
  assert.equal(first.opts.deviceId, 1);
  assert.equal(first.opts.sampleRate, 16000);
  assert.equal(first.opts.framesPerBuffer, 512);
  first.emit(700);
  await opening;
  const frames: Float32Array[] = [];
  const consumer = (async () => { for await (const f of input) frames.push(f); })();
  first.emit(700);
  await sleep(10);
  assert.equal(frames.length, 2);
  // The stream stops delivering: lost after the stall time, reopened, restored when data flows.
  await sleep(250);
  assert.equal(events[0]?.type, 'device_lost');
  assert.match(events[0]?.type === 'device_lost' ? events[0].reason : '', /no audio for 150 ms/);
  assert.equal(first.quits, 1, 'the stalled stream was quit');
  const second = addon.inputs[addon.inputs.length - 1];
  assert.ok(second && second !== first);
  second.emit(512);
  await sleep(10);
  assert.equal(events[events.length - 1]?.type, 'device_restored');
  assert.equal(frames.length, 3, 'the partial frame from before the stall was dropped');
  ac.abort();
  await consumer;
  await input.close();
  assert.equal(second.quits, 1);
});

test('portaudio: input falls back to the device rate when 16 kHz is refused', { timeout: 5000 }, async () => {
  const addon = new FakeAddon();
  addon.refuseRates.add(16000);
  const input = createPortAudioBackend({ addon }).createInput();
  const ac = new AbortController();
  const opening = input.open({ device: 'USB', signal: ac.signal });
  await sleep(5);
  const s = addon.inputs[0];
  assert.equal(s?.opts.sampleRate, 48000);
  assert.equal(s.opts.framesPerBuffer, 1536);
  for (let i = 0; i < 4; i++) s.emit(1536, 3000);
  await opening;
  assert.equal(input.deviceRate, 48000);
  ac.abort();
  const frames: Float32Array[] = [];
  for await (const f of input) frames.push(f);
  assert.ok(frames.length >= 2 && frames.every((f) => f.length === 512));
  await input.close();
});

test('portaudio: an unknown device name is a clear AUDIO_DEVICE_MISSING at open()', { timeout: 5000 }, async () => {
  const backend = createPortAudioBackend({ addon: new FakeAddon() });
  await assert.rejects(backend.createInput().open({ device: 'nope', signal: new AbortController().signal }), /AUDIO_DEVICE_MISSING|no PortAudio input device matches "nope"/);
  await assert.rejects(backend.createOutput().open({ device: 'nope' }), (err: unknown) => err instanceof HeedError && err.code === 'AUDIO_DEVICE_MISSING');
});

test('portaudio: output plays through the pacing loop, stop() is immediate and the stream reopens lazily', { timeout: 10_000 }, async () => {
  const addon = new FakeAddon();
  const output = createPortAudioBackend({ addon, outputLatencyMs: 20, outputLeadMs: 32 }).createOutput();
  await output.open({ sampleRate: 16000, prebufferMs: 0 });
  const first = addon.outputs[0];
  assert.ok(first);
  await sleep(60);
  assert.ok(first.written.length >= 1 && first.loudSamples === 0, 'silence keeps the device fed while idle');
  const positions: number[] = [];
  output.onPosition((p) => positions.push(p.playedSamples));
  output.play(new Int16Array(8000).fill(1000), 16000); // 500 ms
  await sleep(250);
  const played = output.stop();
  assert.ok(played > 0 && played < 8000, `played ${played}`);
  assert.equal(output.position().queueSamples, 0);
  assert.equal(first.quits, 1, 'the stream is cut at once');
  assert.ok(positions.every((p, i) => i === 0 || p >= (positions[i - 1] ?? 0)));
  const writtenBefore = first.written.length;
  await sleep(50);
  assert.equal(first.written.length, writtenBefore, 'nothing more goes to the stopped stream');
  assert.equal(addon.outputs.length, 1, 'no new stream until there is audio');
  output.play(new Int16Array(1600).fill(500), 16000);
  const t0 = performance.now();
  await output.drain();
  assert.equal(addon.outputs.length, 2, 'a fresh stream for the next play()');
  assert.equal(addon.outputs[1]?.loudSamples, 1600);
  assert.ok(performance.now() - t0 >= 90, 'drain waits for the audio to play out');
  assert.equal(output.playedSamples, played + 1600);
  await output.close();
  assert.equal(addon.outputs[1]?.quits, 1, 'close() quits the stream');
});

test('portaudio: availability never throws; backends come in preference order', { timeout: 5000 }, async () => {
  const broken = createPortAudioBackend({ addon: () => { throw new Error('no addon'); } });
  assert.equal(await broken.isAvailable(), false);
  assert.equal(await createPortAudioBackend({ addon: new FakeAddon([]) }).isAvailable(), false);
  assert.equal(await createPortAudioBackend({ addon: new FakeAddon() }).isAvailable(), true);
  assert.deepEqual(audioBackends({}).map((b) => b.name), ['pulse', 'portaudio']);
  const chosen = await openAudioBackend('portaudio', { portaudio: { addon: new FakeAddon() } });
  assert.equal(chosen.name, 'portaudio');
  await assert.rejects(openAudioBackend('portaudio', { portaudio: { addon: new FakeAddon([]) } }), /not available/);
});
