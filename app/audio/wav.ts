/**
 * WAV (RIFF/WAVE) reading and writing. Reads PCM 8/16/24/32-bit, IEEE float 32/64 and
 * WAVE_FORMAT_EXTENSIBLE wrappers of those; everything else is a clear WAV_UNSUPPORTED.
 * Samples come back as float32 in [-1, 1], one array per channel.
 */
import { open, readFile, stat } from 'node:fs/promises';
import { HeedError, throwIfAborted } from '../core/errors.js';

export type WavFormat = 'pcm8' | 'pcm16' | 'pcm24' | 'pcm32' | 'float32' | 'float64';

export interface WavAudio {
  sampleRate: number;
  channels: number;
  format: WavFormat;
  channelData: Float32Array[];
  durationSec: number;
}

export interface WavHeader {
  sampleRate: number;
  channels: number;
  format: WavFormat;
  /** Byte offset of the first sample and number of sample bytes (whole frames only). */
  dataOffset: number;
  dataBytes: number;
  frames: number;
  durationSec: number;
}

export interface ParseWavOptions {
  /** Longest accepted recording; default 60 s. */
  maxSeconds?: number | undefined;
}

export const DEFAULT_MAX_WAV_SECONDS = 60;
export const MIN_WAV_RATE = 8000;
export const MAX_WAV_RATE = 48000;
export const MAX_WAV_CHANNELS = 8;

const TAG_PCM = 0x0001;
const TAG_FLOAT = 0x0003;
const TAG_EXTENSIBLE = 0xfffe;
/** Bytes 2..15 of the KSDATAFORMAT_SUBTYPE_* GUIDs; bytes 0..1 carry the plain format tag. */
const GUID_TAIL = [0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xaa, 0x00, 0x38, 0x9b, 0x71];

const KNOWN_TAGS: Readonly<Record<number, string>> = {
  0x0002: 'Microsoft ADPCM', 0x0006: 'A-law', 0x0007: 'µ-law', 0x0011: 'IMA ADPCM',
  0x0031: 'GSM 6.10', 0x0040: 'G.721 ADPCM', 0x0050: 'MPEG', 0x0055: 'MP3', 0x00ff: 'AAC',
  0x1610: 'HE-AAC', 0xf1ac: 'FLAC',
};

const bad = (code: 'WAV_INVALID' | 'WAV_TRUNCATED' | 'WAV_EMPTY' | 'WAV_UNSUPPORTED' | 'WAV_TOO_LONG', msg: string): HeedError =>
  new HeedError(code, 'audio', msg);

function fourcc(b: Uint8Array, off: number): string {
  return String.fromCharCode(b[off] ?? 0, b[off + 1] ?? 0, b[off + 2] ?? 0, b[off + 3] ?? 0);
}

function formatName(tag: number): string {
  const name = KNOWN_TAGS[tag];
  return name ? `${name} (format tag 0x${tag.toString(16).padStart(4, '0')})` : `format tag 0x${tag.toString(16).padStart(4, '0')}`;
}

interface Fmt { tag: number; channels: number; sampleRate: number; bits: number }

function readFmt(view: DataView, off: number, size: number): Fmt {
  if (size < 16) throw bad('WAV_INVALID', `not a WAV file: fmt chunk is ${size} bytes, expected at least 16`);
  let tag = view.getUint16(off, true);
  const channels = view.getUint16(off + 2, true);
  const sampleRate = view.getUint32(off + 4, true);
  const bits = view.getUint16(off + 14, true);
  if (tag === TAG_EXTENSIBLE) {
    if (size < 40) throw bad('WAV_INVALID', 'not a WAV file: WAVE_FORMAT_EXTENSIBLE fmt chunk is too short');
    const guid = new Uint8Array(view.buffer, view.byteOffset + off + 24, 16);
    const tailOk = GUID_TAIL.every((v, i) => guid[i + 2] === v);
    tag = view.getUint16(off + 24, true);
    if (!tailOk) throw bad('WAV_UNSUPPORTED', `unsupported WAV encoding: extensible sub-format GUID is not a standard one (${formatName(tag)})`);
  }
  return { tag, channels, sampleRate, bits };
}

function pickFormat(f: Fmt): WavFormat {
  if (f.tag === TAG_PCM) {
    if (f.bits === 8) return 'pcm8';
    if (f.bits === 16) return 'pcm16';
    if (f.bits === 24) return 'pcm24';
    if (f.bits === 32) return 'pcm32';
    throw bad('WAV_UNSUPPORTED', `unsupported WAV encoding: ${f.bits}-bit PCM`);
  }
  if (f.tag === TAG_FLOAT) {
    if (f.bits === 32) return 'float32';
    if (f.bits === 64) return 'float64';
    throw bad('WAV_UNSUPPORTED', `unsupported WAV encoding: ${f.bits}-bit IEEE float`);
  }
  throw bad('WAV_UNSUPPORTED', `unsupported WAV encoding: ${formatName(f.tag)}; only PCM and IEEE float are read`);
}

const BYTES: Readonly<Record<WavFormat, number>> = { pcm8: 1, pcm16: 2, pcm24: 3, pcm32: 4, float32: 4, float64: 8 };

/**
 * Reads the header of a WAV file. `totalSize` is the size of the whole file when `buf` holds only
 * its beginning (used to check the duration before reading megabytes of samples).
 */
export function parseWavHeader(buf: Uint8Array, opts: ParseWavOptions & { totalSize?: number } = {}): WavHeader {
  const total = opts.totalSize ?? buf.length;
  const maxSeconds = opts.maxSeconds ?? DEFAULT_MAX_WAV_SECONDS;
  if (buf.length < 12) throw bad('WAV_INVALID', buf.length === 0 ? 'not a WAV file: the file is empty' : 'not a WAV file: too short for a RIFF header');
  const riff = fourcc(buf, 0);
  if (riff === 'RF64' || riff === 'BW64') throw bad('WAV_UNSUPPORTED', `unsupported WAV container: ${riff} (64-bit WAV); convert to a plain RIFF WAV`);
  if (riff === 'RIFX') throw bad('WAV_UNSUPPORTED', 'unsupported WAV container: RIFX (big-endian WAV)');
  if (riff !== 'RIFF' || fourcc(buf, 8) !== 'WAVE') throw bad('WAV_INVALID', 'not a WAV file: missing RIFF/WAVE header');
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);

  let fmt: Fmt | undefined;
  let dataOffset = -1;
  let dataBytes = 0;
  let off = 12;
  while (off + 8 <= buf.length) {
    const id = fourcc(buf, off);
    const size = view.getUint32(off + 4, true);
    const body = off + 8;
    if (id === 'data') {
      dataOffset = body;
      const streamed = size === 0 || size === 0xffffffff; // a streamed writer never patched the size
      dataBytes = streamed ? Math.max(0, total - body) : size;
      if (streamed || fmt || body + dataBytes + (dataBytes & 1) > buf.length) break;
    } else if (id === 'fmt ') {
      if (body + size > buf.length) {
        throw body + size > total ? bad('WAV_TRUNCATED', 'WAV file is truncated inside its fmt chunk') : bad('WAV_INVALID', 'not a WAV file: fmt chunk is not where expected');
      }
      fmt = readFmt(view, body, size);
    }
    off = body + size + (size & 1); // chunks are padded to even sizes
  }
  if (!fmt || dataOffset < 0) {
    if (total > buf.length && !fmt) throw bad('WAV_INVALID', 'not a WAV file: no fmt chunk near the start');
    throw bad('WAV_INVALID', `not a WAV file: no ${fmt ? 'data' : 'fmt'} chunk`);
  }
  const format = pickFormat(fmt);
  if (fmt.channels === 0) throw bad('WAV_INVALID', 'not a WAV file: header says 0 channels');
  if (fmt.channels > MAX_WAV_CHANNELS) throw bad('WAV_UNSUPPORTED', `unsupported WAV: ${fmt.channels} channels (at most ${MAX_WAV_CHANNELS})`);
  if (fmt.sampleRate < MIN_WAV_RATE || fmt.sampleRate > MAX_WAV_RATE) {
    throw bad('WAV_UNSUPPORTED', `unsupported WAV sample rate ${fmt.sampleRate} Hz (supported: ${MIN_WAV_RATE}–${MAX_WAV_RATE} Hz)`);
  }
  const frameBytes = BYTES[format] * fmt.channels;
  const frames = Math.floor(dataBytes / frameBytes);
  const durationSec = frames / fmt.sampleRate;
  if (durationSec > maxSeconds) {
    throw bad('WAV_TOO_LONG', `recording is ${durationSec.toFixed(1)} s long; at most ${maxSeconds} s is accepted`);
  }
  if (dataOffset + dataBytes > total) {
    throw bad('WAV_TRUNCATED', `WAV file is truncated: header declares ${dataBytes} bytes of audio, the file holds ${Math.max(0, total - dataOffset)}`);
  }
  if (frames === 0) throw bad('WAV_EMPTY', 'WAV file holds no audio samples');
  return { sampleRate: fmt.sampleRate, channels: fmt.channels, format, dataOffset, dataBytes: frames * frameBytes, frames, durationSec };
}

/** Parses a whole WAV file held in memory. */
export function parseWav(buf: Uint8Array, opts: ParseWavOptions = {}): WavAudio {
  const h = parseWavHeader(buf, { maxSeconds: opts.maxSeconds });
  const view = new DataView(buf.buffer, buf.byteOffset + h.dataOffset, h.dataBytes);
  const { channels, frames, format } = h;
  const out: Float32Array[] = [];
  for (let c = 0; c < channels; c++) out.push(new Float32Array(frames));
  const bps = BYTES[format];
  for (let c = 0; c < channels; c++) {
    const ch = out[c] as Float32Array;
    let p = c * bps;
    const step = channels * bps;
    switch (format) {
      case 'pcm8':
        for (let i = 0; i < frames; i++, p += step) ch[i] = (view.getUint8(p) - 128) / 128;
        break;
      case 'pcm16':
        for (let i = 0; i < frames; i++, p += step) ch[i] = view.getInt16(p, true) / 32768;
        break;
      case 'pcm24':
        for (let i = 0; i < frames; i++, p += step) {
          const v = view.getUint8(p) | (view.getUint8(p + 1) << 8) | (view.getInt8(p + 2) << 16);
          ch[i] = v / 8388608;
        }
        break;
      case 'pcm32':
        for (let i = 0; i < frames; i++, p += step) ch[i] = view.getInt32(p, true) / 2147483648;
        break;
      case 'float32':
        for (let i = 0; i < frames; i++, p += step) { const v = view.getFloat32(p, true); ch[i] = Number.isFinite(v) ? v : 0; }
        break;
      case 'float64':
        for (let i = 0; i < frames; i++, p += step) { const v = view.getFloat64(p, true); ch[i] = Number.isFinite(v) ? v : 0; }
        break;
    }
  }
  return { sampleRate: h.sampleRate, channels, format, channelData: out, durationSec: h.durationSec };
}

const HEADER_PROBE_BYTES = 64 * 1024;

/** Reads and parses a WAV file; the duration is checked from the header before the samples are read. */
export async function readWavFile(path: string, opts: ParseWavOptions & { signal?: AbortSignal | undefined } = {}): Promise<WavAudio> {
  throwIfAborted(opts.signal, 'audio');
  let size: number;
  try {
    const st = await stat(path);
    if (st.isDirectory()) throw new HeedError('FILE_NOT_FOUND', 'audio', `${path} is a directory, not a WAV file`);
    if (!st.isFile()) throw new HeedError('FILE_NOT_FOUND', 'audio', `${path} is not a regular file`);
    size = st.size;
  } catch (err) {
    throw fileError(err, path);
  }
  try {
    if (size > HEADER_PROBE_BYTES) {
      const fh = await open(path, 'r');
      try {
        const probe = new Uint8Array(HEADER_PROBE_BYTES);
        const { bytesRead } = await fh.read(probe, 0, probe.length, 0);
        parseWavHeader(probe.subarray(0, bytesRead), { maxSeconds: opts.maxSeconds, totalSize: size });
      } catch (err) {
        // A header that is merely not inside the probe is looked at again on the whole file.
        if (!(err instanceof HeedError) || err.code !== 'WAV_INVALID') throw err;
      } finally {
        await fh.close();
      }
    }
    throwIfAborted(opts.signal, 'audio');
    const buf = await readFile(path, { signal: opts.signal });
    return parseWav(buf, opts);
  } catch (err) {
    throw fileError(err, path);
  }
}

function fileError(err: unknown, path: string): HeedError {
  if (err instanceof HeedError) return err;
  const e = err as NodeJS.ErrnoException;
  if (e?.name === 'AbortError') return new HeedError('ABORTED', 'audio', 'aborted', { cause: err });
  switch (e?.code) {
    case 'ENOENT': return new HeedError('FILE_NOT_FOUND', 'audio', `file not found: ${path}`, { cause: err });
    case 'EISDIR': return new HeedError('FILE_NOT_FOUND', 'audio', `${path} is a directory, not a WAV file`, { cause: err });
    case 'EACCES': case 'EPERM': return new HeedError('FILE_NOT_FOUND', 'audio', `cannot read ${path}: permission denied`, { cause: err });
    default: return new HeedError('FILE_NOT_FOUND', 'audio', `cannot read ${path}: ${e?.message ?? String(err)}`, { cause: err });
  }
}

function header(dataBytes: number, tag: number, channels: number, sampleRate: number, bits: number): Buffer {
  const out = Buffer.alloc(44 + dataBytes);
  const blockAlign = channels * (bits / 8);
  out.write('RIFF', 0, 'ascii');
  out.writeUInt32LE(36 + dataBytes, 4);
  out.write('WAVE', 8, 'ascii');
  out.write('fmt ', 12, 'ascii');
  out.writeUInt32LE(16, 16);
  out.writeUInt16LE(tag, 20);
  out.writeUInt16LE(channels, 22);
  out.writeUInt32LE(sampleRate, 24);
  out.writeUInt32LE(sampleRate * blockAlign, 28);
  out.writeUInt16LE(blockAlign, 32);
  out.writeUInt16LE(bits, 34);
  out.write('data', 36, 'ascii');
  out.writeUInt32LE(dataBytes, 40);
  return out;
}

/** Mono 16-bit PCM WAV. */
export function encodeWav(pcm: Int16Array, sampleRate: number): Buffer {
  const out = header(pcm.length * 2, TAG_PCM, 1, sampleRate, 16);
  for (let i = 0; i < pcm.length; i++) out.writeInt16LE(pcm[i] ?? 0, 44 + i * 2);
  return out;
}

/** 32-bit IEEE float WAV; `samples` is interleaved when channels > 1. */
export function encodeWavFloat(samples: Float32Array, sampleRate: number, channels = 1): Buffer {
  const out = header(samples.length * 4, TAG_FLOAT, channels, sampleRate, 32);
  for (let i = 0; i < samples.length; i++) out.writeFloatLE(samples[i] ?? 0, 44 + i * 4);
  return out;
}
