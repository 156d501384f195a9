/**
 * Audio helpers for tests: seeded noise, tones, tone measurement, a WAV builder for every layout
 * the parser should handle, and speech from the flite CLI (or real speech from pocketsphinx's
 * Debian test data when present).
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { concatFloat32, toMono } from '../../app/audio/pcm.js';
import { resample } from '../../app/audio/resample.js';
import { parseWav } from '../../app/audio/wav.js';
import { seededRandom } from '../../app/core/seeded-random.js';

const run = promisify(execFile);

/** Small seeded PRNG (mulberry32): uniform in [0, 1). */
export const mulberry32 = seededRandom;

/** Seeded Gaussian white noise with the given RMS level. */
export function whiteNoise(n: number, rmsLevel: number, seed = 1): Float32Array {
  const rnd = mulberry32(seed);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i += 2) {
    const u = Math.max(rnd(), 1e-12);
    const v = rnd();
    const r = Math.sqrt(-2 * Math.log(u)) * rmsLevel;
    out[i] = r * Math.cos(2 * Math.PI * v);
    if (i + 1 < n) out[i + 1] = r * Math.sin(2 * Math.PI * v);
  }
  return out;
}

export function sine(freqHz: number, sampleRate: number, n: number, amplitude = 0.5, phase = 0): Float32Array {
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = amplitude * Math.sin((2 * Math.PI * freqHz * i) / sampleRate + phase);
  return out;
}

/** Amplitude of the component at freqHz over [start, end) (Hann-windowed single-bin DFT). */
export function toneAmplitude(x: Float32Array, freqHz: number, sampleRate: number, start = 0, end = x.length): number {
  let re = 0;
  let im = 0;
  let wsum = 0;
  const n = end - start;
  for (let i = 0; i < n; i++) {
    const w = 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / (n - 1));
    const v = (x[start + i] as number) * w;
    const ph = (2 * Math.PI * freqHz * (start + i)) / sampleRate;
    re += v * Math.cos(ph);
    im -= v * Math.sin(ph);
    wsum += w;
  }
  return (2 * Math.hypot(re, im)) / wsum;
}

/** Frequency (Hz) estimated from the zero-crossing rate: a quick pitch check for a pure tone. */
export function zeroCrossingFrequency(x: Float32Array, sampleRate: number, start = 0, end = x.length): number {
  let crossings = 0;
  for (let i = start + 1; i < end; i++) if (((x[i - 1] as number) < 0) !== ((x[i] as number) < 0)) crossings++;
  return (crossings / 2) * (sampleRate / (end - start));
}

export interface WavSpec {
  formatTag?: number;
  channels?: number;
  sampleRate?: number;
  bitsPerSample?: number;
  /** Interleaved sample bytes. */
  data: Uint8Array;
  /** Wrap the format as WAVE_FORMAT_EXTENSIBLE with this sub-format tag. */
  extensibleSubFormat?: number;
  /** Chunks written before fmt, between fmt and data, and after data. */
  before?: Array<{ id: string; body: Uint8Array }>;
  between?: Array<{ id: string; body: Uint8Array }>;
  after?: Array<{ id: string; body: Uint8Array }>;
  /** Override the data chunk's size field (e.g. 0, 0xFFFFFFFF, or larger than the data). */
  dataSizeField?: number;
  riffId?: string;
}

function chunk(id: string, body: Uint8Array, sizeField = body.length): Buffer {
  const head = Buffer.alloc(8);
  head.write(id, 0, 'ascii');
  head.writeUInt32LE(sizeField >>> 0, 4);
  const pad = body.length & 1 ? Buffer.alloc(1) : Buffer.alloc(0);
  return Buffer.concat([head, body, pad]);
}

export function makeWav(spec: WavSpec): Buffer {
  const channels = spec.channels ?? 1;
  const rate = spec.sampleRate ?? 16000;
  const bits = spec.bitsPerSample ?? 16;
  const blockAlign = (channels * bits) / 8;
  let fmt: Buffer;
  if (spec.extensibleSubFormat !== undefined) {
    fmt = Buffer.alloc(40);
    fmt.writeUInt16LE(0xfffe, 0);
    fmt.writeUInt16LE(22, 16);
    fmt.writeUInt16LE(bits, 18);
    fmt.writeUInt32LE(channels === 2 ? 3 : 4, 20);
    fmt.writeUInt16LE(spec.extensibleSubFormat, 24);
    Buffer.from([0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xaa, 0x00, 0x38, 0x9b, 0x71]).copy(fmt, 26);
  } else {
    fmt = Buffer.alloc(16);
    fmt.writeUInt16LE(spec.formatTag ?? 1, 0);
  }
  fmt.writeUInt16LE(channels, 2);
  fmt.writeUInt32LE(rate, 4);
  fmt.writeUInt32LE(rate * blockAlign, 8);
  fmt.writeUInt16LE(blockAlign, 12);
  fmt.writeUInt16LE(bits, 14);
  const parts = [
    ...(spec.before ?? []).map((c) => chunk(c.id, c.body)),
    chunk('fmt ', fmt),
    ...(spec.between ?? []).map((c) => chunk(c.id, c.body)),
    chunk('data', spec.data, spec.dataSizeField ?? spec.data.length),
    ...(spec.after ?? []).map((c) => chunk(c.id, c.body)),
  ];
  const body = Buffer.concat(parts);
  const head = Buffer.alloc(12);
  head.write(spec.riffId ?? 'RIFF', 0, 'ascii');
  head.writeUInt32LE(body.length + 4, 4);
  head.write('WAVE', 8, 'ascii');
  return Buffer.concat([head, body]);
}

export function hasCommand(cmd: string): boolean {
  return ['/usr/bin', '/bin', '/usr/local/bin'].some((d) => existsSync(join(d, cmd)));
}

/** Speaks `text` with the flite CLI; returns mono samples at flite's rate (16 kHz for slt). */
export async function synthSpeechCli(text: string, voice = 'slt'): Promise<{ samples: Float32Array; sampleRate: number }> {
  const dir = await mkdtemp(join(tmpdir(), 'heed-flite-'));
  try {
    const file = join(dir, 'speech.wav');
    await run('flite', ['-voice', voice, '-t', text, '-o', file], { timeout: 20_000 });
    const wav = parseWav(await readFile(file));
    return { samples: toMono(wav.channelData), sampleRate: wav.sampleRate };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** flite speech resampled to 16 kHz. */
export async function synthSpeech16k(text: string, voice = 'slt'): Promise<Float32Array> {
  const { samples, sampleRate } = await synthSpeechCli(text, voice);
  return resample(samples, sampleRate, 16000);
}

/** A real human speech recording from Debian's pocketsphinx test data, if installed. */
export const HUMAN_SPEECH_WAV = '/usr/share/pocketsphinx/test/data/librivox/sense_and_sensibility_01_austen_64kb-0880.wav';

/** Concatenates arrays (test convenience). */
export function concat(...parts: Float32Array[]): Float32Array {
  return concatFloat32(parts);
}
