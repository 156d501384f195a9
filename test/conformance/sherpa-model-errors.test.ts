/**
 * A bad sherpa-onnx model is a clear HeedError naming the file, never a crash: sherpa-onnx ends
 * the whole process on a model it cannot use (exit() on a missing metadata key, abort() on an
 * unparsable file or an uncaught onnxruntime exception), so the engines pre-flight their files.
 * Each case damages a copy of a generated model in one way. The cases the pre-flight does not
 * catch yet would kill this process, so those run in a child process (the last group).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { HeedError } from '../../app/core/errors.js';
import type { ErrorCode } from '../../app/core/error-codes.js';
import { SherpaOfflineStt } from '../../app/engines/stt/sherpa-offline.js';
import { SherpaStreamingStt } from '../../app/engines/stt/sherpa-streaming.js';
import { SherpaVitsTts } from '../../app/engines/tts/sherpa-vits.js';
import { piperTokensText } from '../../app/models/onnx/vits-voice.js';
import { generatedSpeechModels } from '../helpers/speech-models.js';
import { sttInWorker, ttsInWorker } from '../helpers/worker-engines.js';

const T = { timeout: 60_000 };
const models = generatedSpeechModels();
const work = mkdtempSync(join(tmpdir(), 'heed-bad-models-'));
after(() => { rmSync(work, { recursive: true, force: true }); });

type Family = 'whisper' | 'moonshine' | 'zipformer' | 'piper';

async function open(family: Family, model: string): Promise<{ close(): Promise<void> }> {
  switch (family) {
    case 'whisper':
    case 'moonshine': return SherpaOfflineStt.open({ kind: family, model });
    case 'zipformer': return SherpaStreamingStt.open({ model });
    case 'piper': return SherpaVitsTts.open({ model });
  }
}

/** Opening `model` as `family` is a HeedError with one of `codes` whose message holds every one of `names`. */
async function refused(family: Family, model: string, codes: ErrorCode | readonly ErrorCode[], names: readonly string[]): Promise<HeedError> {
  const want: readonly ErrorCode[] = typeof codes === 'string' ? [codes] : codes;
  let error: unknown;
  try {
    const engine = await open(family, model);
    await engine.close();
  } catch (err) { error = err; }
  assert.ok(error instanceof HeedError, `${family} ${model}: expected a HeedError, got ${error === undefined ? 'an opened engine' : String(error)}`);
  assert.ok(want.includes(error.code), `${family} ${model}: ${error.code} (wanted ${want.join(' or ')}): ${error.message}`);
  for (const name of names) assert.ok(error.message.includes(name), `the message does not name ${name}: ${error.message}`);
  return error;
}

let cases = 0;
/** A fresh copy of a generated model's directory. */
function copyOf(dir: string): string {
  const out = join(work, `case-${cases++}`);
  cpSync(dir, out, { recursive: true });
  return out;
}
function emptyDir(): string {
  const out = join(work, `case-${cases++}`);
  mkdirSync(out, { recursive: true });
  return out;
}
/** The one file in `dir` whose name matches. */
function fileIn(dir: string, name: RegExp): string {
  const found = readdirSync(dir).filter((f) => name.test(f));
  assert.equal(found.length, 1, `${String(name)} in ${dir}: ${found.join(', ')}`);
  return join(dir, found[0] ?? '');
}

function truncate(path: string): void {
  const bytes = readFileSync(path);
  writeFileSync(path, bytes.subarray(0, bytes.length >> 1));
}

/** Deterministic pseudo-random bytes. */
function garbage(length: number, seed = 12345): Buffer {
  const out = Buffer.alloc(length);
  let s = seed >>> 0;
  for (let i = 0; i < length; i++) { s = (Math.imul(s, 1103515245) + 12345) >>> 0; out[i] = s >>> 24; }
  return out;
}

/** Replaces every occurrence of an ASCII string of the same length (an op type, say), keeping the protobuf framing. */
function replaceBytes(path: string, from: string, to: string): void {
  assert.equal(from.length, to.length);
  const text = readFileSync(path).toString('latin1');
  assert.ok(text.includes(from), `${path} holds no '${from}'`);
  writeFileSync(path, Buffer.from(text.split(from).join(to), 'latin1'));
}

// ---- ModelProto metadata_props (field 14) editing: the top level of the wire format only ----

function readVarint(b: Uint8Array, pos: number): [number, number] {
  let value = 0;
  let scale = 1;
  for (let p = pos; p < b.length; p++) {
    const byte = b[p] ?? 0;
    value += (byte & 0x7f) * scale;
    scale *= 128;
    if (byte < 0x80) return [value, p + 1];
  }
  throw new Error('a varint runs past the end');
}

function varint(value: number): Buffer {
  const out: number[] = [];
  let v = value;
  while (v >= 0x80) { out.push((v % 128) | 0x80); v = Math.floor(v / 128); }
  out.push(v);
  return Buffer.from(out);
}

const lengthDelimited = (field: number, payload: Buffer): Buffer => Buffer.concat([varint(field * 8 + 2), varint(payload.length), payload]);

/** Rewrites an ONNX file's metadata: `edit` returns the new value, or null to drop the key. */
function editMetadata(path: string, edit: (key: string, value: string) => string | null): void {
  const b = readFileSync(path);
  const parts: Buffer[] = [];
  let p = 0;
  while (p < b.length) {
    const start = p;
    const [tag, afterTag] = readVarint(b, p);
    p = afterTag;
    const field = Math.floor(tag / 8);
    const wire = tag % 8;
    if (wire === 0) p = readVarint(b, p)[1];
    else if (wire === 1) p += 8;
    else if (wire === 5) p += 4;
    else if (wire === 2) {
      const [length, afterLength] = readVarint(b, p);
      const body = b.subarray(afterLength, afterLength + length);
      p = afterLength + length;
      if (field === 14) {
        let key = '';
        let value = '';
        for (let q = 0; q < body.length;) {
          const [t, q1] = readVarint(body, q);
          const [l, q2] = readVarint(body, q1);
          const text = body.subarray(q2, q2 + l).toString('utf8');
          q = q2 + l;
          if (Math.floor(t / 8) === 1) key = text;
          else if (Math.floor(t / 8) === 2) value = text;
        }
        const next = edit(key, value);
        if (next !== null) parts.push(lengthDelimited(14, Buffer.concat([lengthDelimited(1, Buffer.from(key)), lengthDelimited(2, Buffer.from(next))])));
        continue;
      }
    } else throw new Error(`${path}: wire type ${wire} at the top level`);
    parts.push(b.subarray(start, p));
  }
  writeFileSync(path, Buffer.concat(parts));
}

const dropKey = (drop: string) => (key: string, value: string): string | null => (key === drop ? null : value);
const setKey = (set: string, to: string) => (key: string, value: string): string => (key === set ? to : value);

/** A generated model copied with `damage` applied to it. */
function damaged(dir: string, damage: (copy: string) => void): string {
  const copy = copyOf(dir);
  damage(copy);
  return copy;
}

const NOT_A_DIR = (): string => join(work, 'no-such-model');

describe('missing models are MODEL_MISSING, naming what is missing', () => {
  const savedModelsDir = process.env['HEED_MODELS_DIR'];
  before(() => { process.env['HEED_MODELS_DIR'] = emptyDir(); });
  after(() => {
    if (savedModelsDir === undefined) delete process.env['HEED_MODELS_DIR'];
    else process.env['HEED_MODELS_DIR'] = savedModelsDir;
  });

  for (const family of ['whisper', 'moonshine', 'zipformer', 'piper'] as const) {
    test(`${family}: a directory that does not exist`, T, async () => {
      await refused(family, NOT_A_DIR(), 'MODEL_MISSING', [NOT_A_DIR()]);
    });
  }

  test('a name neither in the manifest nor a directory', T, async () => {
    await refused('whisper', 'whisper-huge.xx', 'MODEL_MISSING', ["'whisper-huge.xx'"]);
    await refused('piper', 'piper-xx_XX-nobody', 'MODEL_MISSING', ["'piper-xx_XX-nobody'"]);
  });

  test('a manifest model that is not installed names its directory and the pull command', T, async () => {
    const standard: ReadonlyArray<[Family, string]> = [
      ['whisper', 'whisper-base.en'], ['moonshine', 'moonshine-tiny-en-int8'], ['zipformer', 'zipformer-en-2023-06-26'], ['piper', 'piper-en_US-amy-low'],
    ];
    for (const [family, name] of standard) {
      const err = await refused(family, name, 'MODEL_MISSING', [process.env['HEED_MODELS_DIR'] ?? '', name, `heed models pull ${name}`]);
      assert.equal(err.hint, `heed models pull ${name}`);
    }
  });

  test('a directory without one of the files: the role and the directory are named', T, async () => {
    const without = (dir: string, file: RegExp): string => damaged(dir, (d) => rmSync(fileIn(d, file)));
    const cases: ReadonlyArray<[Family, string, string]> = [
      ['whisper', without(models.whisper, /decoder/), 'Whisper decoder'],
      ['whisper', without(models.whisper, /encoder/), 'Whisper encoder'],
      ['whisper', without(models.whisper, /tokens/), 'tokens.txt'],
      ['moonshine', without(models.moonshine, /^cached_decode/), 'Moonshine cached decoder'],
      ['moonshine', without(models.moonshine, /^preprocess/), 'Moonshine preprocessor'],
      ['zipformer', without(models.zipformer, /^decoder/), 'transducer decoder'],
      ['zipformer', without(models.zipformer, /^joiner/), 'transducer joiner'],
      ['piper', without(models.piper, /^tokens\.txt$/), 'tokens.txt'],
      ['piper', without(models.piper, /\.onnx$/), 'voice model'],
    ];
    for (const [family, dir, role] of cases) await refused(family, dir, 'MODEL_MISSING', [dir, role]);
  });
});

describe('damaged files are MODEL_CORRUPT, naming the file', () => {
  const files: ReadonlyArray<[Family, string, RegExp]> = [
    ['whisper', models.whisper, /encoder/], ['whisper', models.whisper, /decoder/],
    ['moonshine', models.moonshine, /^encode/], ['moonshine', models.moonshine, /^uncached_decode/],
    ['zipformer', models.zipformer, /^encoder/], ['zipformer', models.zipformer, /^joiner/],
    ['piper', models.piper, /\.onnx$/],
  ];

  test('a truncated .onnx (cut in half)', T, async () => {
    for (const [family, dir, file] of files) {
      const copy = damaged(dir, (d) => truncate(fileIn(d, file)));
      await refused(family, copy, 'MODEL_CORRUPT', [fileIn(copy, file)]);
    }
  });

  test('garbage bytes as the .onnx', T, async () => {
    for (const [family, dir, file] of files) {
      const copy = damaged(dir, (d) => writeFileSync(fileIn(d, file), garbage(4096)));
      await refused(family, copy, 'MODEL_CORRUPT', [fileIn(copy, file)]);
    }
  });

  test('an empty .onnx', T, async () => {
    for (const [family, dir, file] of files) {
      const copy = damaged(dir, (d) => writeFileSync(fileIn(d, file), ''));
      await refused(family, copy, 'MODEL_CORRUPT', [fileIn(copy, file)]);
    }
  });

  test('a metadata key the runtime needs is missing or not a number', T, async () => {
    const cases: ReadonlyArray<[Family, string, RegExp, (k: string, v: string) => string | null, string]> = [
      ['whisper', models.whisper, /encoder/, dropKey('n_text_ctx'), 'n_text_ctx'],
      ['whisper', models.whisper, /encoder/, dropKey('sot_sequence'), 'sot_sequence'],
      ['whisper', models.whisper, /encoder/, setKey('n_mels', 'eighty'), 'n_mels'],
      ['zipformer', models.zipformer, /^encoder/, dropKey('encoder_dims'), 'encoder_dims'],
      ['zipformer', models.zipformer, /^decoder/, dropKey('vocab_size'), 'vocab_size'],
      ['piper', models.piper, /\.onnx$/, dropKey('sample_rate'), 'sample_rate'],
      ['piper', models.piper, /\.onnx$/, dropKey('voice'), 'voice'],
      ['piper', models.piper, /\.onnx$/, setKey('voice', 'xx-nowhere'), 'xx-nowhere'],
    ];
    for (const [family, dir, file, edit, key] of cases) {
      const copy = damaged(dir, (d) => editMetadata(fileIn(d, file), edit));
      await refused(family, copy, 'MODEL_CORRUPT', [fileIn(copy, file), key]);
    }
  });

  test('a graph onnxruntime refuses (an unknown op) is an error naming the file, not a crash', T, async () => {
    // Not checked by the pre-flight; sherpa-onnx's asynchronous loaders turn onnxruntime's refusal into an error.
    const cases: ReadonlyArray<[Family, string, RegExp, string, string]> = [
      ['whisper', models.whisper, /encoder/, 'MatMul', 'MatMux'],
      ['whisper', models.whisper, /decoder/, 'MatMul', 'MatMux'],
      ['moonshine', models.moonshine, /^encode/, 'MatMul', 'MatMux'],
      ['piper', models.piper, /\.onnx$/, 'Tanh', 'Tanx'],
    ];
    for (const [family, dir, file, from, to] of cases) {
      const copy = damaged(dir, (d) => replaceBytes(fileIn(d, file), from, to));
      await refused(family, copy, ['MODEL_CORRUPT', family === 'piper' ? 'TTS_FAILED' : 'STT_FAILED'], [fileIn(copy, file)]);
    }
  });
});

describe('a model of another family is refused', () => {
  test('a generated directory passed as another family', T, async () => {
    const cases: ReadonlyArray<[Family, string, ErrorCode, string]> = [
      ['whisper', models.piper, 'MODEL_MISSING', 'Whisper encoder'],
      ['moonshine', models.piper, 'MODEL_MISSING', 'Moonshine preprocessor'],
      ['zipformer', models.piper, 'MODEL_MISSING', 'transducer encoder'],
      ['whisper', models.zipformer, 'MODEL_CORRUPT', join(models.zipformer, 'encoder.onnx')],
      ['whisper', models.moonshine, 'MODEL_MISSING', 'Whisper encoder'],
      ['zipformer', models.whisper, 'MODEL_MISSING', 'transducer encoder'],
      ['moonshine', models.whisper, 'MODEL_MISSING', 'Moonshine preprocessor'],
      ['piper', models.whisper, 'MODEL_MISSING', 'tokens.txt'],
      ['piper', models.zipformer, 'MODEL_CORRUPT', join(models.zipformer, 'decoder.onnx')],
    ];
    for (const [family, dir, code, name] of cases) await refused(family, dir, code, [name]);
  });

  test('a Piper voice under the file names of a recognizer', T, async () => {
    const voice = fileIn(models.piper, /\.onnx$/);
    const as = (names: readonly string[]): string => {
      const dir = emptyDir();
      for (const name of names) cpSync(voice, join(dir, name));
      cpSync(join(models.piper, 'tokens.txt'), join(dir, 'tokens.txt'));
      return dir;
    };
    const whisper = as(['x-encoder.onnx', 'x-decoder.onnx']);
    await refused('whisper', whisper, 'MODEL_CORRUPT', [join(whisper, 'x-encoder.onnx'), 'n_text_ctx']);
    const moonshine = as(['preprocess.onnx', 'encode.onnx', 'uncached_decode.onnx', 'cached_decode.onnx']);
    await refused('moonshine', moonshine, 'MODEL_CORRUPT', [join(moonshine, 'preprocess.onnx')]);
    const zipformer = as(['encoder.onnx', 'decoder.onnx', 'joiner.onnx']);
    await refused('zipformer', zipformer, 'MODEL_CORRUPT', [join(zipformer, 'encoder.onnx'), 'encoder_dims']);
  });

  test('a Whisper encoder as a Piper voice', T, async () => {
    const dir = emptyDir();
    cpSync(fileIn(models.whisper, /encoder/), join(dir, 'voice.onnx'));
    writeFileSync(join(dir, 'tokens.txt'), piperTokensText());
    await refused('piper', dir, 'MODEL_CORRUPT', [join(dir, 'voice.onnx'), 'sample_rate']);
  });

  test('files swapped inside a model', T, async () => {
    const whisper = damaged(models.whisper, (d) => cpSync(fileIn(models.whisper, /encoder/), fileIn(d, /decoder/)));
    await refused('whisper', whisper, 'MODEL_CORRUPT', [fileIn(whisper, /decoder/)]);
    const moonshine = damaged(models.moonshine, (d) => cpSync(fileIn(models.moonshine, /^uncached_decode/), fileIn(d, /^cached_decode/)));
    await refused('moonshine', moonshine, 'MODEL_CORRUPT', [fileIn(moonshine, /^cached_decode/)]);
    const zipformer = damaged(models.zipformer, (d) => cpSync(fileIn(models.zipformer, /^decoder/), fileIn(d, /^joiner/)));
    await refused('zipformer', zipformer, 'MODEL_CORRUPT', [fileIn(zipformer, /^joiner/)]);
  });
});

describe('bad tokens.txt files are MODEL_CORRUPT, naming the file', () => {
  const editTokens = (dir: string, file: RegExp, edit: (text: string) => string): string =>
    damaged(dir, (d) => { const path = fileIn(d, file); writeFileSync(path, edit(readFileSync(path, 'utf8'))); });
  const lines = (text: string): string[] => text.split('\n').filter((l) => l !== '');

  test("a Piper tokens.txt without '^'", T, async () => {
    const dir = editTokens(models.piper, /^tokens\.txt$/, (t) => `${lines(t).filter((l) => !l.startsWith('^ ')).join('\n')}\n`);
    await refused('piper', dir, 'MODEL_CORRUPT', [join(dir, 'tokens.txt'), "'^'"]);
  });

  test('a Piper tokens.txt with a symbol twice', T, async () => {
    const dir = editTokens(models.piper, /^tokens\.txt$/, (t) => `${t}a ${lines(t).length}\n`);
    await refused('piper', dir, 'MODEL_CORRUPT', [join(dir, 'tokens.txt'), "'a'"]);
  });

  test('a Piper tokens.txt with a symbol of two characters', T, async () => {
    const dir = editTokens(models.piper, /^tokens\.txt$/, (t) => `${t}ab ${lines(t).length}\n`);
    await refused('piper', dir, 'MODEL_CORRUPT', [join(dir, 'tokens.txt'), "'ab'"]);
  });

  test('a Zipformer tokens.txt missing an id the joiner can emit', T, async () => {
    const dir = editTokens(models.zipformer, /^tokens\.txt$/, (t) => `${lines(t).filter((_, i) => i !== 5).join('\n')}\n`);
    await refused('zipformer', dir, 'MODEL_CORRUPT', [join(dir, 'tokens.txt'), 'token id 5']);
  });

  test('a Whisper tokens.txt that is empty or has a line without an id', T, async () => {
    const bad = editTokens(models.whisper, /tokens/, (t) => `${t}this is not a token line\n`);
    await refused('whisper', bad, 'MODEL_CORRUPT', [fileIn(bad, /tokens/)]);
    const empty = editTokens(models.whisper, /tokens/, () => '');
    await refused('whisper', empty, 'MODEL_CORRUPT', [fileIn(empty, /tokens/)]);
  });
});

describe('a bad model given to a worker is the same error, from the worker', () => {
  test('a truncated Whisper encoder, a missing Zipformer, a Piper tokens.txt without ^', T, async () => {
    const whisper = damaged(models.whisper, (d) => truncate(fileIn(d, /encoder/)));
    await assert.rejects(sttInWorker({ engine: 'whisper', model: whisper }), (err: unknown) => {
      assert.ok(err instanceof HeedError, String(err));
      assert.equal(err.code, 'MODEL_CORRUPT', err.message);
      assert.ok(err.message.includes(fileIn(whisper, /encoder/)), err.message);
      return true;
    });
    await assert.rejects(sttInWorker({ engine: 'zipformer', model: NOT_A_DIR() }), (err: unknown) => {
      assert.ok(err instanceof HeedError, String(err));
      assert.equal(err.code, 'MODEL_MISSING', err.message);
      assert.ok(err.message.includes(NOT_A_DIR()), err.message);
      return true;
    });
    const piper = damaged(models.piper, (d) => {
      const path = join(d, 'tokens.txt');
      writeFileSync(path, readFileSync(path, 'utf8').split('\n').filter((l) => !l.startsWith('^ ')).join('\n'));
    });
    await assert.rejects(ttsInWorker({ engine: 'piper', voice: 'piper', model: piper }), (err: unknown) => {
      assert.ok(err instanceof HeedError, String(err));
      assert.equal(err.code, 'MODEL_CORRUPT', err.message);
      assert.ok(err.message.includes(join(piper, 'tokens.txt')), err.message);
      return true;
    });
  });
});

/**
 * Opens the model in a fresh node and feeds it a second of sound: the child prints the HeedError
 * (or 'ok') and exits normally, or sherpa-onnx ends it (abort/exit) and the status says so.
 */
function inChild(family: Family, model: string): { status: number | null; signal: string | null; stdout: string; stderr: string } {
  const modules = {
    offline: new URL('../../app/engines/stt/sherpa-offline.js', import.meta.url).href,
    streaming: new URL('../../app/engines/stt/sherpa-streaming.js', import.meta.url).href,
    vits: new URL('../../app/engines/tts/sherpa-vits.js', import.meta.url).href,
  };
  const script = `
    const family = ${JSON.stringify(family)}, model = ${JSON.stringify(model)};
    try {
      let engine;
      if (family === 'piper') { engine = await (await import(${JSON.stringify(modules.vits)})).SherpaVitsTts.open({ model }); await engine.synthesize('Hello there.'); }
      else {
        engine = family === 'zipformer'
          ? await (await import(${JSON.stringify(modules.streaming)})).SherpaStreamingStt.open({ model })
          : await (await import(${JSON.stringify(modules.offline)})).SherpaOfflineStt.open({ kind: family, model });
        const pcm = new Int16Array(16000);
        for (let i = 0; i < pcm.length; i++) pcm[i] = Math.round(8000 * Math.sin(i * 0.05) * Math.sin(i * 0.0007 + 1));
        await engine.recognize(pcm);
      }
      await engine.close();
      console.log('RESULT ok');
    } catch (err) { console.log('RESULT ' + (err && err.code) + ' ' + (err && err.message)); }
  `;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', timeout: 50_000 });
  return { status: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr };
}

describe('models the runtime cannot run are refused, not a crash (checked in a child process)', () => {
  /** The child must end normally with the HeedError `code` naming `name`. */
  function refusedInChild(family: Family, model: string, code: ErrorCode, name: string): void {
    const r = inChild(family, model);
    const tail = r.stderr.split('\n').filter((l) => l.trim() !== '').slice(-3).join(' | ');
    assert.ok(r.status === 0 && r.signal === null, `${family} ${model}: the process died (status ${r.status}, signal ${r.signal}): ${tail}`);
    const result = /^RESULT (.*)$/m.exec(r.stdout)?.[1] ?? '';
    assert.ok(result.startsWith(`${code} `), `${family} ${model}: ${result || r.stdout}`);
    assert.ok(result.includes(name), `the message does not name ${name}: ${result}`);
  }

  test('control: a good model runs in the child', T, () => {
    const r = inChild('zipformer', models.zipformer);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^RESULT ok$/m);
  });

  test('a Zipformer encoder with an op onnxruntime does not know', T, () => {
    const dir = damaged(models.zipformer, (d) => replaceBytes(join(d, 'encoder.onnx'), 'MatMul', 'MatMux'));
    refusedInChild('zipformer', dir, 'MODEL_CORRUPT', join(dir, 'encoder.onnx'));
  });

  test("a Zipformer decoder whose context_size is not its input's width", T, () => {
    const dir = damaged(models.zipformer, (d) => editMetadata(join(d, 'decoder.onnx'), setKey('context_size', '3')));
    refusedInChild('zipformer', dir, 'MODEL_CORRUPT', join(dir, 'decoder.onnx'));
  });

  test("a Zipformer encoder whose encoder_dims do not match its state inputs", T, () => {
    const dir = damaged(models.zipformer, (d) => editMetadata(join(d, 'encoder.onnx'), setKey('encoder_dims', '24')));
    refusedInChild('zipformer', dir, 'MODEL_CORRUPT', join(dir, 'encoder.onnx'));
  });

  test("a Zipformer encoder whose left_context_len does not match its state inputs", T, () => {
    const dir = damaged(models.zipformer, (d) => editMetadata(join(d, 'encoder.onnx'), setKey('left_context_len', '64')));
    refusedInChild('zipformer', dir, 'MODEL_CORRUPT', join(dir, 'encoder.onnx'));
  });
});
