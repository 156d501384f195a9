import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HeedError } from '../../../app/core/errors.js';
import type { ErrorCode } from '../../../app/core/error-codes.js';
import { encodeWav, encodeWavFloat, parseWav, readWavFile } from '../../../app/audio/wav.js';
import { makeWav } from '../../helpers/audio.js';

const T = { timeout: 10_000 };

function isHeed(code: ErrorCode, re?: RegExp): (e: unknown) => boolean {
  return (e: unknown) => {
    assert.ok(e instanceof HeedError, `expected HeedError, got ${String(e)}`);
    assert.equal(e.code, code, e.message);
    assert.equal(e.source, 'audio');
    if (re) assert.match(e.message, re);
    return true;
  };
}

function approx(actual: ArrayLike<number>, expected: number[], tol = 1e-6): void {
  assert.equal(actual.length, expected.length);
  for (let i = 0; i < expected.length; i++) {
    assert.ok(Math.abs((actual[i] as number) - (expected[i] as number)) <= tol, `sample ${i}: ${actual[i]} vs ${expected[i]}`);
  }
}

const VALUES = [0, 0.5, -0.5, -1, 0.25];

function bytes(fill: (v: DataView) => void, n: number): Uint8Array {
  const b = new Uint8Array(n);
  fill(new DataView(b.buffer));
  return b;
}

const ENCODED = {
  pcm8: { tag: 1, bits: 8, data: Uint8Array.from(VALUES.map((v) => Math.round(v * 128 + 128))) },
  pcm16: { tag: 1, bits: 16, data: bytes((d) => VALUES.forEach((v, i) => d.setInt16(i * 2, v * 32768, true)), 10) },
  pcm24: {
    tag: 1, bits: 24, data: bytes((d) => VALUES.forEach((v, i) => {
      const s = Math.round(v * 8388608) & 0xffffff;
      d.setUint8(i * 3, s & 0xff); d.setUint8(i * 3 + 1, (s >> 8) & 0xff); d.setUint8(i * 3 + 2, (s >> 16) & 0xff);
    }), 15),
  },
  pcm32: { tag: 1, bits: 32, data: bytes((d) => VALUES.forEach((v, i) => d.setInt32(i * 4, v * 2147483648, true)), 20) },
  float32: { tag: 3, bits: 32, data: bytes((d) => VALUES.forEach((v, i) => d.setFloat32(i * 4, v, true)), 20) },
  float64: { tag: 3, bits: 64, data: bytes((d) => VALUES.forEach((v, i) => d.setFloat64(i * 8, v, true)), 40) },
} as const;

for (const [format, e] of Object.entries(ENCODED)) {
  test(`parses ${format} mono`, T, () => {
    const wav = parseWav(makeWav({ formatTag: e.tag, bitsPerSample: e.bits, data: e.data, sampleRate: 22050 }));
    assert.equal(wav.format, format);
    assert.equal(wav.sampleRate, 22050);
    assert.equal(wav.channels, 1);
    assert.equal(wav.durationSec, 5 / 22050);
    approx(wav.channelData[0] as Float32Array, VALUES);
  });

  test(`parses ${format} inside WAVE_FORMAT_EXTENSIBLE`, T, () => {
    const wav = parseWav(makeWav({ extensibleSubFormat: e.tag, bitsPerSample: e.bits, data: e.data }));
    assert.equal(wav.format, format);
    approx(wav.channelData[0] as Float32Array, VALUES);
  });
}

test('stereo 16-bit is de-interleaved', T, () => {
  const d = bytes((v) => [0.5, -0.25, 0.125, 1 - 1 / 32768].forEach((x, i) => v.setInt16(i * 2, Math.round(x * 32768), true)), 8);
  const wav = parseWav(makeWav({ channels: 2, data: d, sampleRate: 44100 }));
  assert.equal(wav.channels, 2);
  approx(wav.channelData[0] as Float32Array, [0.5, 0.125]);
  approx(wav.channelData[1] as Float32Array, [-0.25, 1 - 1 / 32768]);
  assert.equal(wav.durationSec, 2 / 44100);
});

test('6-channel float32 extensible', T, () => {
  const d = bytes((v) => { for (let i = 0; i < 12; i++) v.setFloat32(i * 4, i / 16, true); }, 48);
  const wav = parseWav(makeWav({ channels: 6, extensibleSubFormat: 3, bitsPerSample: 32, data: d, sampleRate: 48000 }));
  assert.equal(wav.channelData.length, 6);
  approx(wav.channelData[5] as Float32Array, [5 / 16, 11 / 16]);
});

test('skips unknown chunks, odd sizes with their pad byte, and chunks after data', T, () => {
  const odd = Uint8Array.from([1, 2, 3]);
  const pcm8 = Uint8Array.from([128, 192, 64]); // odd data size: padded too
  const wav = parseWav(makeWav({
    formatTag: 1, bitsPerSample: 8, data: pcm8,
    before: [{ id: 'JUNK', body: odd }],
    between: [{ id: 'fact', body: Uint8Array.from([3, 0, 0, 0]) }, { id: 'LIST', body: new Uint8Array(7) }],
    after: [{ id: 'LIST', body: new Uint8Array(5) }],
  }));
  approx(wav.channelData[0] as Float32Array, [0, 0.5, -0.5]);
});

test('a data size of 0 or 0xFFFFFFFF (streamed writers) means "to end of file"', T, () => {
  for (const size of [0, 0xffffffff]) {
    const wav = parseWav(makeWav({ data: ENCODED.pcm16.data, dataSizeField: size }));
    approx(wav.channelData[0] as Float32Array, VALUES);
  }
});

test('a trailing partial frame is ignored', T, () => {
  const data = new Uint8Array(11);
  const wav = parseWav(makeWav({ data, channels: 1 }));
  assert.equal(wav.channelData[0]?.length, 5);
});

test('encodeWav / encodeWavFloat round-trip', T, () => {
  const pcm = Int16Array.from([0, 1000, -1000, 32767, -32768]);
  const a = parseWav(encodeWav(pcm, 16000));
  assert.equal(a.format, 'pcm16');
  approx(a.channelData[0] as Float32Array, Array.from(pcm, (v) => v / 32768));
  const f = Float32Array.from([0.1, -0.2, 0.3, -0.4]);
  const b = parseWav(encodeWavFloat(f, 8000, 2));
  assert.equal(b.format, 'float32');
  assert.equal(b.channels, 2);
  approx(b.channelData[1] as Float32Array, [-0.2, -0.4]);
});

test('not a WAV: garbage, empty file, RIFF without WAVE, missing chunks → WAV_INVALID', T, () => {
  const garbage = Buffer.from('this is certainly not a wave file, just some text bytes');
  assert.throws(() => parseWav(garbage), isHeed('WAV_INVALID', /not a WAV file/));
  assert.throws(() => parseWav(new Uint8Array(0)), isHeed('WAV_INVALID', /empty/));
  assert.throws(() => parseWav(Buffer.from('RIFF')), isHeed('WAV_INVALID'));
  const avi = makeWav({ data: new Uint8Array(4) });
  avi.write('AVI ', 8, 'ascii');
  assert.throws(() => parseWav(avi), isHeed('WAV_INVALID', /not a WAV file/));
  const noData = makeWav({ data: new Uint8Array(4) }).subarray(0, 36);
  assert.throws(() => parseWav(noData), isHeed('WAV_INVALID', /no data chunk/));
  const noFmt = Buffer.concat([Buffer.from('RIFF\x10\x00\x00\x00WAVEdata\x04\x00\x00\x00', 'latin1'), Buffer.alloc(4)]);
  assert.throws(() => parseWav(noFmt), isHeed('WAV_INVALID', /no fmt chunk/));
});

test('declared data larger than the file → WAV_TRUNCATED', T, () => {
  const b = makeWav({ data: new Uint8Array(100), dataSizeField: 1000 });
  assert.throws(() => parseWav(b), isHeed('WAV_TRUNCATED', /1000 bytes/));
  const cut = encodeWav(new Int16Array(1000), 16000).subarray(0, 1000);
  assert.throws(() => parseWav(cut), isHeed('WAV_TRUNCATED'));
});

test('zero samples → WAV_EMPTY', T, () => {
  assert.throws(() => parseWav(makeWav({ data: new Uint8Array(0) })), isHeed('WAV_EMPTY'));
  assert.throws(() => parseWav(encodeWav(new Int16Array(0), 16000)), isHeed('WAV_EMPTY'));
  assert.throws(() => parseWav(makeWav({ data: new Uint8Array(3), channels: 2 })), isHeed('WAV_EMPTY'));
});

test('unsupported encodings and layouts → WAV_UNSUPPORTED naming them', T, () => {
  const d = new Uint8Array(16);
  assert.throws(() => parseWav(makeWav({ formatTag: 7, bitsPerSample: 8, data: d })), isHeed('WAV_UNSUPPORTED', /µ-law/));
  assert.throws(() => parseWav(makeWav({ formatTag: 6, bitsPerSample: 8, data: d })), isHeed('WAV_UNSUPPORTED', /A-law/));
  assert.throws(() => parseWav(makeWav({ formatTag: 2, bitsPerSample: 4, data: d })), isHeed('WAV_UNSUPPORTED', /ADPCM/));
  assert.throws(() => parseWav(makeWav({ formatTag: 0x11, bitsPerSample: 4, data: d })), isHeed('WAV_UNSUPPORTED', /IMA ADPCM/));
  assert.throws(() => parseWav(makeWav({ extensibleSubFormat: 7, bitsPerSample: 8, data: d })), isHeed('WAV_UNSUPPORTED', /µ-law/));
  assert.throws(() => parseWav(makeWav({ formatTag: 1, bitsPerSample: 12, data: d })), isHeed('WAV_UNSUPPORTED', /12-bit/));
  assert.throws(() => parseWav(makeWav({ sampleRate: 96000, data: d })), isHeed('WAV_UNSUPPORTED', /96000/));
  assert.throws(() => parseWav(makeWav({ sampleRate: 4000, data: d })), isHeed('WAV_UNSUPPORTED', /4000/));
  assert.throws(() => parseWav(makeWav({ channels: 9, data: new Uint8Array(18) })), isHeed('WAV_UNSUPPORTED', /9 channels/));
  assert.throws(() => parseWav(makeWav({ riffId: 'RF64', data: d })), isHeed('WAV_UNSUPPORTED', /RF64/));
});

test('longer than maxSeconds → WAV_TOO_LONG, decided from the header alone', T, () => {
  // A 10-minute header over a few bytes: rejected as too long before anything is decoded.
  const tenMin = makeWav({ data: new Uint8Array(64), dataSizeField: 600 * 16000 * 2 });
  assert.throws(() => parseWav(tenMin), isHeed('WAV_TOO_LONG', /600\.0 s/));
  const twoSec = encodeWav(new Int16Array(32000), 16000);
  assert.throws(() => parseWav(twoSec, { maxSeconds: 1 }), isHeed('WAV_TOO_LONG', /at most 1 s/));
  assert.equal(parseWav(twoSec, { maxSeconds: 2 }).durationSec, 2);
});

test('readWavFile: reads, and names the path when missing, a directory, or too long', T, async () => {
  const dir = await mkdtemp(join(tmpdir(), 'heed-wav-'));
  try {
    const ok = join(dir, 'ok.wav');
    await writeFile(ok, encodeWav(Int16Array.from([0, 16384]), 16000));
    approx((await readWavFile(ok)).channelData[0] as Float32Array, [0, 0.5]);

    const missing = join(dir, 'nope.wav');
    await assert.rejects(readWavFile(missing), (e: unknown) => {
      assert.ok(e instanceof HeedError && e.code === 'FILE_NOT_FOUND');
      assert.ok(e.message.includes(missing));
      return true;
    });
    await assert.rejects(readWavFile(dir), isHeed('FILE_NOT_FOUND', /directory/));

    // 70 s at 8 kHz (1.1 MB): the header probe rejects it before the whole file is read.
    const long = join(dir, 'long.wav');
    await writeFile(long, encodeWav(new Int16Array(70 * 8000), 8000));
    await assert.rejects(readWavFile(long), isHeed('WAV_TOO_LONG'));
    assert.equal((await readWavFile(long, { maxSeconds: 80 })).durationSec, 70);

    const garbage = join(dir, 'garbage.wav');
    await writeFile(garbage, Buffer.alloc(100_000, 0x41));
    await assert.rejects(readWavFile(garbage), isHeed('WAV_INVALID'));

    const ac = new AbortController();
    ac.abort();
    await assert.rejects(readWavFile(ok, { signal: ac.signal }), (e: unknown) => e instanceof HeedError && e.code === 'ABORTED');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
