/**
 * Generated test utterances: text spoken by voices that are not the agent's own (other flite
 * voices, festival, espeak-ng), optionally sped up or slowed (sox tempo), mixed with seeded
 * noise at a given SNR, and written in various WAV encodings. Cached by content hash.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parseWav } from '../../app/audio/wav.js';
import { toMono } from '../../app/audio/pcm.js';
import { resample } from '../../app/audio/resample.js';
import { repoRoot } from '../../app/core/paths.js';
import { mulberry32 } from './audio.js';

const run = promisify(execFile);

export type VoiceId = `flite:${'slt' | 'awb' | 'kal16' | 'kal' | 'rms'}` | 'festival:kal' | `espeak:${string}`;

export interface UtteranceSpec {
  text: string;
  voice: VoiceId;
  /** sox tempo factor (1 = unchanged). */
  tempo?: number;
  /** Mix seeded noise at this SNR (dB); pink (the default) is closer to a street or a dining room than white. */
  snrDb?: number;
  noise?: 'white' | 'pink' | 'brown';
  seed?: number;
  /** Output encoding. */
  sampleRate?: number;
  channels?: 1 | 2;
  format?: 'pcm16' | 'float32';
  /** Silence added before and after the speech, ms. */
  padMs?: number;
}

export function fixturesDir(): string {
  const d = join(repoRoot(), 'test', 'fixtures', 'generated');
  mkdirSync(d, { recursive: true });
  return d;
}

/** Speaks the text with an external voice into a WAV file; returns its path (cached). */
export async function makeUtterance(spec: UtteranceSpec): Promise<string> {
  const key = createHash('sha256').update(JSON.stringify({ v: 3, noise: 'pink', ...spec })).digest('hex').slice(0, 16);
  const out = join(fixturesDir(), `${key}.wav`);
  if (existsSync(out)) return out;
  const tmp = join(fixturesDir(), `${key}.tmp`);
  mkdirSync(tmp, { recursive: true });
  try {
    const raw = join(tmp, 'raw.wav');
    await speak(spec.text, spec.voice, raw, tmp);
    let src = raw;
    if (spec.tempo && spec.tempo !== 1) {
      src = join(tmp, 'tempo.wav');
      await run('sox', ['-R', '-D', raw, src, 'tempo', '-s', String(spec.tempo)]); // -R: seeded, -D: no dither (repeatable)
    }
    const wav = parseWav(readFileSync(src));
    let mono = resample(toMono(wav.channelData), wav.sampleRate, spec.sampleRate ?? 16000);
    const rate = spec.sampleRate ?? 16000;
    mono = pad(normalize(mono, 0.5), Math.round(((spec.padMs ?? 400) / 1000) * rate));
    if (spec.snrDb !== undefined) mono = addNoise(mono, spec.snrDb, spec.seed ?? 1, spec.noise ?? 'pink');
    writeFileSync(`${out}.part`, encode(mono, rate, spec.channels ?? 1, spec.format ?? 'pcm16'));
    renameSync(`${out}.part`, out);
    return out;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

async function speak(text: string, voice: VoiceId, out: string, tmp: string): Promise<void> {
  const [engine, name = ''] = voice.split(':');
  if (engine === 'flite') await run('flite', ['-voice', name, '-t', text, '-o', out]);
  else if (engine === 'festival') {
    const txt = join(tmp, 'in.txt');
    writeFileSync(txt, text);
    await run('text2wave', ['-o', out, txt]);
  } else if (engine === 'espeak') await run('espeak-ng', ['-v', name, '-s', '150', '-w', out, text]);
  else throw new Error(`unknown voice ${voice}`);
}

function normalize(x: Float32Array, peak: number): Float32Array {
  let m = 0;
  for (const v of x) m = Math.max(m, Math.abs(v));
  if (m === 0) return x;
  const g = peak / m;
  return x.map((v) => v * g);
}

function pad(x: Float32Array, n: number): Float32Array {
  const out = new Float32Array(x.length + 2 * n);
  out.set(x, n);
  return out;
}

/** Seeded unit-variance noise: white, pink (Paul Kellet's filter) or brown (leaky integrator). */
export function noise(n: number, seed: number, color: 'white' | 'pink' | 'brown'): Float32Array {
  const r = mulberry32(seed);
  const out = new Float32Array(n);
  let b0 = 0, b1 = 0, b2 = 0, b3 = 0, b4 = 0, b5 = 0, b6 = 0, brown = 0;
  for (let i = 0; i < n; i++) {
    const w = (r() + r() + r() + r() - 2) * Math.sqrt(3); // ≈ Gaussian
    if (color === 'white') out[i] = w;
    else if (color === 'brown') { brown = 0.995 * brown + w * 0.1; out[i] = brown; }
    else {
      b0 = 0.99886 * b0 + w * 0.0555179; b1 = 0.99332 * b1 + w * 0.0750759; b2 = 0.969 * b2 + w * 0.153852;
      b3 = 0.8665 * b3 + w * 0.3104856; b4 = 0.55 * b4 + w * 0.5329522; b5 = -0.7616 * b5 - w * 0.016898;
      out[i] = b0 + b1 + b2 + b3 + b4 + b5 + b6 + w * 0.5362;
      b6 = w * 0.115926;
    }
  }
  let p = 0;
  for (const v of out) p += v * v;
  const g = 1 / Math.sqrt(p / Math.max(1, n) || 1);
  return out.map((v) => v * g);
}

/** Adds noise at the given SNR relative to the speech's power (computed over non-silent samples). */
export function addNoise(x: Float32Array, snrDb: number, seed: number, color: 'white' | 'pink' | 'brown' = 'pink'): Float32Array {
  let p = 0;
  let n = 0;
  for (const v of x) if (Math.abs(v) > 1e-4) { p += v * v; n++; }
  const speechPower = n ? p / n : 1e-6;
  const noiseRms = Math.sqrt(speechPower / 10 ** (snrDb / 10));
  const z = noise(x.length, seed, color);
  const out = new Float32Array(x.length);
  for (let i = 0; i < x.length; i++) out[i] = Math.max(-1, Math.min(1, (x[i] ?? 0) + (z[i] ?? 0) * noiseRms));
  return out;
}

function encode(mono: Float32Array, rate: number, channels: 1 | 2, format: 'pcm16' | 'float32'): Buffer {
  const bps = format === 'pcm16' ? 2 : 4;
  const frames = mono.length;
  const data = Buffer.alloc(frames * channels * bps);
  for (let i = 0; i < frames; i++) {
    const v = mono[i] ?? 0;
    for (let c = 0; c < channels; c++) {
      const o = (i * channels + c) * bps;
      if (format === 'pcm16') data.writeInt16LE(Math.max(-32768, Math.min(32767, Math.round(v * 32767))), o);
      else data.writeFloatLE(v, o);
    }
  }
  const h = Buffer.alloc(44);
  h.write('RIFF', 0); h.writeUInt32LE(36 + data.length, 4); h.write('WAVE', 8);
  h.write('fmt ', 12); h.writeUInt32LE(16, 16); h.writeUInt16LE(format === 'pcm16' ? 1 : 3, 20);
  h.writeUInt16LE(channels, 22); h.writeUInt32LE(rate, 24); h.writeUInt32LE(rate * channels * bps, 28);
  h.writeUInt16LE(channels * bps, 32); h.writeUInt16LE(bps * 8, 34);
  h.write('data', 36); h.writeUInt32LE(data.length, 40);
  return Buffer.concat([h, data]);
}
