/** The native addon directly: several threads at once, and every error path coded, no crash. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Worker } from 'node:worker_threads';
import { HeedError } from '../../app/core/errors.js';
import { callNative, describeLoadFailure, loadNative, nativeError, type NativeDecoder } from '../../app/engines/native.js';

const HMM = '/usr/share/pocketsphinx/model/en-us/en-us';
const DICT = '/usr/share/pocketsphinx/model/en-us/cmudict-en-us.dict';
const H = '#JSGF V1.0;\ngrammar g;\n';
const GRAMMAR = `${H}public <a> = i'd like a large cheeseburger | two medium fries please | yes | that's all;\n`;
const PHRASES = ["i'd like a large cheeseburger", 'two medium fries please', "that's all"];
const FIXTURE = new URL('./native-worker-fixture.js', import.meta.url);
const T = { timeout: 60_000 };

function code(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    return `${String((err as Error & { code?: unknown }).code)}: ${(err as Error).message}`;
  }
  return 'no error';
}

function decode(d: NativeDecoder, pcm: Int16Array): string {
  d.start();
  d.process(pcm);
  return d.end().text;
}

interface FixtureResult { texts: string[]; badGrammar: string; voices: number }

function runWorker(voice: string, rounds: number): Promise<FixtureResult> {
  return new Promise((resolve, reject) => {
    const w = new Worker(FIXTURE, { workerData: { phrases: PHRASES, grammar: GRAMMAR, rounds, voice } });
    w.once('message', (m: FixtureResult) => resolve(m));
    w.once('error', reject);
    w.once('exit', (c) => { if (c !== 0) reject(new Error(`worker exited with ${c}`)); });
  });
}

describe('native addon', () => {
  test('decodes and synthesizes in two worker threads and the main thread at once', T, async () => {
    const native = loadNative();
    const d = new native.Decoder({ hmm: HMM, dict: DICT, jsgf: GRAMMAR });
    const workers = Promise.all([runWorker('rms', 2), runWorker('slt', 2)]);
    const mine = PHRASES.map((p) => decode(d, native.synthesize(p, 'rms').pcm));
    const results = await workers;
    d.close();
    assert.deepEqual(mine, PHRASES);
    for (const r of results) {
      assert.deepEqual(r.texts, [...PHRASES, ...PHRASES]);
      assert.equal(r.badGrammar, 'GRAMMAR_INVALID');
      assert.ok(r.voices >= 5);
    }
  });

  test('a worker terminated mid-decode does not take the process down', T, async () => {
    const w = new Worker(FIXTURE, { workerData: { phrases: PHRASES, grammar: GRAMMAR, rounds: 50, voice: 'rms' } });
    await new Promise((r) => setTimeout(r, 400));
    await w.terminate();
    const r = await runWorker('kal16', 1);
    assert.deepEqual(r.texts, PHRASES);
  });

  test('loadNative is memoised', T, () => {
    assert.equal(loadNative(), loadNative());
  });

  test('grammar errors are GRAMMAR_INVALID naming the problem', T, () => {
    const d = new (loadNative().Decoder)({ hmm: HMM, dict: DICT });
    assert.match(code(() => d.setJsgf('x', `${H}public <a> = ( yes | no ;`)), /^GRAMMAR_INVALID: .*syntax error/);
    assert.match(code(() => d.setJsgf('x', `${H}public <a> = hello zzyzxq;`)), /^GRAMMAR_INVALID: .*not in the pronunciation dictionary: 'zzyzxq'/);
    assert.match(code(() => d.setJsgf('x', `${H}public <a> = Hello;`)), /^GRAMMAR_INVALID: .*'Hello' \(the dictionary has 'hello'/);
    assert.match(code(() => d.setJsgf('x', `${H}public <a> = yes | <nothing>;`)), /^GRAMMAR_INVALID: .*Undefined rule.*nothing/);
    assert.match(code(() => d.setJsgf('x', `${H}<a> = yes;`)), /^GRAMMAR_INVALID: .*no public rule/);
    assert.match(code(() => d.setJsgf('x', 'not a grammar')), /^GRAMMAR_INVALID: .*#JSGF/);
    assert.match(code(() => d.setKeyphrases('k', 'large blarghh /1e-20/')), /^GRAMMAR_INVALID: .*'blarghh'/);
    assert.match(code(() => d.setKeyphrases('k', '\n')), /^GRAMMAR_INVALID: .*empty/);
    assert.match(code(() => d.setLm('l', '/etc/hostname')), /^GRAMMAR_INVALID: /);
    d.setJsgf('x', `${H}public <a> = yes | no;`);
    d.useSearch('x');
    assert.equal(decode(d, loadNative().synthesize('yes', 'rms').pcm), 'yes');
    d.close();
  });

  test('missing models are MODEL_MISSING naming the path', T, () => {
    const { Decoder } = loadNative();
    assert.match(code(() => new Decoder({ hmm: '/nope/en-us', dict: DICT })), /^MODEL_MISSING: .*\/nope\/en-us/);
    assert.match(code(() => new Decoder({ hmm: '/tmp', dict: DICT })), /^MODEL_MISSING: .*\/tmp\/mdef/);
    assert.match(code(() => new Decoder({ hmm: HMM, dict: '/nope/dict' })), /^MODEL_MISSING: .*\/nope\/dict/);
    assert.match(code(() => new Decoder({ hmm: HMM, dict: DICT, lm: '/nope/lm.bin' })), /^MODEL_MISSING: .*\/nope\/lm\.bin/);
    assert.match(code(() => new Decoder({ hmm: HMM, dict: DICT, args: { '-nosuchflag': '1' } })), /^NATIVE_ERROR: .*nosuchflag/);
  });

  test('out-of-order calls are DECODER_STATE', T, () => {
    const { Decoder, synthesize } = loadNative();
    const d = new Decoder({ hmm: HMM, dict: DICT });
    assert.match(code(() => d.start()), /^DECODER_STATE: .*no search/);
    d.setJsgf('g', GRAMMAR);
    assert.match(code(() => d.process(new Int16Array(512))), /^DECODER_STATE/);
    assert.match(code(() => d.end()), /^DECODER_STATE/);
    assert.match(code(() => d.useSearch('nope')), /^DECODER_STATE: .*nope/);
    d.useSearch('g');
    d.start();
    assert.match(code(() => d.start()), /^DECODER_STATE/);
    assert.match(code(() => d.setJsgf('g', GRAMMAR)), /^DECODER_STATE: .*active search/);
    assert.match(code(() => d.useSearch('g')), /^DECODER_STATE/);
    d.setJsgf('other', `${H}public <a> = no;`);
    assert.equal(d.end().text, '');
    assert.match(code(() => d.end()), /^DECODER_STATE/);
    // Replacing the active search while idle takes effect at once.
    d.setJsgf('g', `${H}public <a> = yes | no;`);
    assert.equal(decode(d, synthesize('no', 'rms').pcm), 'no');
    assert.match(code(() => d.process([1, 2] as unknown as Int16Array)), /TypeError|expects an Int16Array/);
    d.close();
    d.close();
    assert.match(code(() => d.start()), /^DECODER_STATE: .*close/);
    assert.match(code(() => d.setJsgf('g', GRAMMAR)), /^DECODER_STATE/);
  });

  test('results: exact text, word timings in 10 ms frames, no fillers or (NULL)', T, () => {
    const { Decoder, synthesize } = loadNative();
    const g = `${H}public <a> = [i'd like] [a | two] [large | medium] (cheeseburger | fries) [please];`;
    const d = new Decoder({ hmm: HMM, dict: DICT, jsgf: g });
    const pcm = synthesize('two medium fries please', 'rms').pcm;
    d.start();
    const partials: string[] = [];
    for (let i = 0; i < pcm.length; i += 512) {
      const p = d.process(pcm.subarray(i, i + 512));
      if (p) partials.push(p.text);
    }
    const r = d.end();
    assert.equal(r.text, 'two medium fries please');
    assert.ok(partials.length > 0 && partials.every((p) => !p.includes('(NULL)')));
    assert.deepEqual(r.words.map((w) => w.word), ['two', 'medium', 'fries', 'please']);
    for (const w of r.words) assert.ok(w.startMs % 10 === 0 && w.endMs > w.startMs && w.endMs <= (pcm.length / 16000) * 1000 + 10);
    assert.ok(r.confidence >= 0 && r.confidence <= 1);
    d.close();
  });

  test('synthesis: voices, rates, empty text, unknown voice', T, () => {
    const { listVoices, synthesize } = loadNative();
    const voices = listVoices();
    for (const id of ['rms', 'slt', 'awb', 'kal', 'kal16']) assert.ok(voices.some((v) => v.id === id), id);
    assert.equal(voices.find((v) => v.id === 'kal')?.sampleRate, 8000);
    assert.equal(voices.find((v) => v.id === 'rms')?.sampleRate, 16000);
    assert.equal(synthesize(' \n', 'rms').pcm.length, 0);
    assert.equal(synthesize('hello', 'kal').sampleRate, 8000);
    assert.match(code(() => synthesize('hello', 'nope')), /^VOICE_UNKNOWN: .*nope/);
    assert.ok(synthesize('ünïcödé ☃ 123 $4.50 !!!', 'rms').pcm.length > 0);
  });

  test('errors become HeedErrors', T, () => {
    const e = Object.assign(new Error('bad'), { code: 'GRAMMAR_INVALID' });
    const h = nativeError(e, 'stt');
    assert.ok(h instanceof HeedError);
    assert.equal(h.code, 'GRAMMAR_INVALID');
    assert.equal(h.source, 'stt');
    assert.equal(nativeError(new Error('?'), 'tts').code, 'NATIVE_ERROR');
    assert.throws(() => callNative('tts', () => loadNative().synthesize('x', 'nope')), (err: unknown) => err instanceof HeedError && err.code === 'VOICE_UNKNOWN');
    const lib = describeLoadFailure(new Error('libflite_cmu_us_rms.so.1: cannot open shared object file: No such file or directory'), '/x/heed_native.node');
    assert.equal(lib.code, 'NATIVE_MISSING');
    assert.match(lib.message, /libflite_cmu_us_rms\.so\.1.*apt-get install libflite1.*scripts\/setup\.sh/);
    const missing = describeLoadFailure(Object.assign(new Error("Cannot find module '/x/heed_native.node'"), { code: 'MODULE_NOT_FOUND' }), '/x/heed_native.node');
    assert.match(missing.message, /not built: \/x\/heed_native\.node is missing.*npm run build:native/);
  });
});
