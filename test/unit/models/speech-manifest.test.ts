/**
 * The standard speech models in models/manifest.json: each is a group of per-file entries that
 * `heed models pull <name>` selects together, pinned (https, a commit, sha256, size), and laid out
 * so the engines' file discovery finds exactly the manifest's files once they are installed.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { STANDARD_SPEECH_MODELS } from '../../../app/core/config.js';
import { findSttFiles, findVitsFiles, type SherpaSttKind } from '../../../app/engines/sherpa/model-files.js';
import { entriesNamed, loadManifest, resolveLocation } from '../../../app/models/manifest.js';

const T = { timeout: 10_000 };
const STT: ReadonlyArray<[SherpaSttKind, string]> = [
  ['whisper', 'whisper-tiny.en'], ['whisper', 'whisper-base.en'],
  ['moonshine', 'moonshine-tiny-en-int8'], ['moonshine', 'moonshine-base-en-int8'],
  ['zipformer', 'zipformer-en-2023-06-26'],
];

test('a model name selects its files; an exact entry name selects itself', T, () => {
  const m = loadManifest();
  assert.deepEqual(entriesNamed(m, 'whisper-base.en').map((e) => e.name), ['whisper-base.en/encoder', 'whisper-base.en/decoder', 'whisper-base.en/tokens']);
  assert.deepEqual(entriesNamed(m, 'whisper-base.en/decoder').map((e) => e.name), ['whisper-base.en/decoder']);
  assert.deepEqual(entriesNamed(m, 'whisper-base'), []);
  assert.equal(entriesNamed(m, 'qwen2.5-0.5b-instruct-q4_k_m').length, 1);
});

test('every standard speech file is pinned: https at a 40-hex commit, sha256, size, license, the pull command', T, () => {
  const m = loadManifest();
  const speech = m.models.filter((e) => e.profile === 'standard' && (e.stage === 'stt' || e.stage === 'tts'));
  assert.ok(speech.length >= 20);
  for (const e of speech) {
    assert.match(e.url ?? '', /^https:\/\/huggingface\.co\/[^/]+\/[^/]+\/resolve\/[0-9a-f]{40}\//, e.name);
    assert.match(e.location, /^models:(stt|tts)\//, e.name);
    assert.equal(e.fix, `heed models pull ${e.name.split('/')[0]}`);
    assert.ok(e.license.length > 0);
  }
  for (const model of Object.values(STANDARD_SPEECH_MODELS)) assert.ok(entriesNamed(m, model).length > 0, `${model} (a profile default) is in the manifest`);
});

test('installed where the manifest says, each model is found file for file by the engines', T, () => {
  const dir = mkdtempSync(join(tmpdir(), 'heed-speech-manifest-'));
  process.env['HEED_MODELS_DIR'] = dir;
  try {
    const m = loadManifest();
    for (const e of m.models.filter((x) => x.profile === 'standard' && (x.stage === 'stt' || x.stage === 'tts'))) {
      const p = resolveLocation(e.location);
      mkdirSync(dirname(p), { recursive: true });
      writeFileSync(p, '');
    }
    const paths = (name: string): string[] => entriesNamed(m, name).map((e) => resolveLocation(e.location)).sort();
    for (const [kind, name] of STT) {
      const f = findSttFiles(kind, name);
      const found = Object.entries(f).filter(([k, v]) => k !== 'kind' && k !== 'dir' && typeof v === 'string').map(([, v]) => v as string).sort();
      assert.deepEqual(found, paths(name), name);
    }
    const v = findVitsFiles(STANDARD_SPEECH_MODELS.piper);
    assert.deepEqual([v.model, v.tokens].sort(), paths(STANDARD_SPEECH_MODELS.piper));
  } finally {
    delete process.env['HEED_MODELS_DIR'];
    rmSync(dir, { recursive: true, force: true });
  }
});
