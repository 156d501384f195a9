/**
 * The standard profile end to end through the real CLI: `profile: "standard"` with each sherpa-onnx
 * recognizer and a Piper voice, on generated random-weight models (their words are gibberish:
 * structure only), the fallback to the embedded engines when the models are not installed, and
 * `heed doctor` naming the one command that installs them.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeRandomMoonshine } from '../../app/models/onnx/moonshine.js';
import { writeRandomVitsVoice } from '../../app/models/onnx/vits-voice.js';
import { writeRandomWhisper } from '../../app/models/onnx/whisper-pair.js';
import { writeRandomStreamingZipformer } from '../../app/models/onnx/zipformer-streaming.js';
import { heed, parseJsonLine } from '../helpers/cli.js';
import { makeUtterance } from '../helpers/utterances.js';

const dir = mkdtempSync(join(tmpdir(), 'heed-standard-'));
const models = {
  whisper: writeRandomWhisper(join(dir, 'whisper'), { seed: 3 }).dir,
  moonshine: writeRandomMoonshine(join(dir, 'moonshine'), { seed: 3 }).dir,
  zipformer: writeRandomStreamingZipformer(join(dir, 'zipformer'), { seed: 3 }).dir,
  piper: writeRandomVitsVoice(join(dir, 'piper'), { seed: 3 }).dir,
};
/** An empty models directory: no standard model is installed, whatever this machine has. */
const emptyModels = mkdtempSync(join(tmpdir(), 'heed-no-models-'));

function config(name: string, body: unknown): string {
  const path = join(dir, `${name}.json`);
  writeFileSync(path, JSON.stringify(body));
  return path;
}

function wavRate(path: string): number { return readFileSync(path).readUInt32LE(24); }

interface Respond { transcript: string; intent: string; reply: string }

for (const engine of ['whisper', 'moonshine', 'zipformer'] as const) {
  test(`standard profile: ${engine} + piper answer a recording through the CLI (structure only)`, { timeout: 180_000 }, async () => {
    const wav = await makeUtterance({ text: 'can i get a large fries', voice: 'flite:slt', snrDb: 30, seed: 5 });
    const cfg = config(engine, { profile: 'standard', stt: { engine, model: models[engine] }, tts: { model: models.piper } });
    const out = join(dir, `${engine}.reply.wav`);
    const r = await heed(['respond', wav, out, '--config', cfg, '--db', join(dir, `${engine}.db`), '--json'], { timeoutMs: 150_000 });
    assert.equal(r.code, 0, r.stderr);
    assert.doesNotMatch(r.stderr, /instead/, 'the standard engines must not have fallen back');
    const j = parseJsonLine<Respond>(r.stdout);
    assert.equal(typeof j.transcript, 'string');
    assert.match(j.reply, /\S/);
    assert.equal(wavRate(out), 22050, 'the reply is in the Piper voice (22050 Hz), not flite');
  });
}

test('standard profile without its models: listens with pocketsphinx and speaks with flite, and says why', { timeout: 180_000 }, async () => {
  const wav = await makeUtterance({ text: 'can i get a large fries', voice: 'flite:slt', snrDb: 30, seed: 6 });
  const cfg = config('missing', { profile: 'standard' });
  const out = join(dir, 'missing.reply.wav');
  const r = await heed(['respond', wav, out, '--config', cfg, '--db', join(dir, 'missing.db'), '--json'], { timeoutMs: 150_000, env: { HEED_MODELS_DIR: emptyModels } });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /listening with pocketsphinx instead/);
  assert.match(r.stderr, /speaking with flite instead/);
  const j = parseJsonLine<Respond>(r.stdout);
  assert.equal(j.transcript, 'can i get a large fries');
  assert.equal(wavRate(out), 16000);
});

test('heed doctor names what the standard profile lacks and the one command that installs it', { timeout: 120_000 }, async () => {
  const cfg = config('doctor', { profile: 'standard' });
  const r = await heed(['doctor', '--config', cfg], { timeoutMs: 100_000, env: { HEED_MODELS_DIR: emptyModels } });
  assert.notEqual(r.code, 0);
  assert.match(r.stdout, /FAIL stt whisper whisper-base\.en/);
  assert.match(r.stdout, /FAIL tts piper piper-en_US-amy-low/);
  assert.match(r.stdout, /fix: heed models pull whisper-base\.en piper-en_US-amy-low/);

  const ok = await heed(['doctor', '--config', config('doctor-dirs', { profile: 'standard', stt: { model: models.whisper }, tts: { model: models.piper } })], { timeoutMs: 100_000 });
  assert.match(ok.stdout, /ok {3}stt whisper .*structure ok/);
  assert.match(ok.stdout, /ok {3}tts piper .*structure ok/);
});
