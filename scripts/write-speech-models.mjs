#!/usr/bin/env node
// Writes small random-weight speech models that sherpa-onnx loads and runs, for tests and for
// trying the standard profile's plumbing without downloads. Their output is noise or gibberish.
//   node scripts/write-speech-models.mjs <out-dir> [--seed N]      (build first: npm run build)
// Layout: <out>/piper (22050 Hz voice), <out>/piper-16k, <out>/whisper, <out>/moonshine,
// <out>/zipformer — each a directory the engines take as `model`, e.g.
//   { "stt": { "engine": "whisper", "model": "<out>/whisper" }, "tts": { "engine": "piper", "model": "<out>/piper" } }
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const lib = (name) => join(root, 'dist', 'app', 'models', 'onnx', `${name}.js`);
const usage = 'usage: node scripts/write-speech-models.mjs <out-dir> [--seed N]';

const argv = process.argv.slice(2);
const seedAt = argv.indexOf('--seed');
const seed = Number(seedAt >= 0 ? argv[seedAt + 1] : '1');
const rest = argv.filter((_, i) => seedAt < 0 || (i !== seedAt && i !== seedAt + 1));
if (rest.length !== 1 || rest[0]?.startsWith('--') || !Number.isInteger(seed)) {
  console.error(usage);
  process.exit(2);
}
if (!existsSync(lib('vits-voice'))) {
  console.error('write-speech-models: build first (npm run build)');
  process.exit(1);
}
const out = rest[0];
const { writeRandomVitsVoice } = await import(lib('vits-voice'));
const { writeRandomWhisper } = await import(lib('whisper-pair'));
const { writeRandomMoonshine } = await import(lib('moonshine'));
const { writeRandomStreamingZipformer } = await import(lib('zipformer-streaming'));

const written = [
  ...writeRandomVitsVoice(join(out, 'piper'), { seed }).files,
  ...writeRandomVitsVoice(join(out, 'piper-16k'), { seed, sampleRate: 16000 }).files,
  ...writeRandomWhisper(join(out, 'whisper'), { seed }).files,
  ...writeRandomMoonshine(join(out, 'moonshine'), { seed }).files,
  ...writeRandomStreamingZipformer(join(out, 'zipformer'), { seed }).files,
];
for (const f of written) console.log(`${f.sha256.slice(0, 16)}  ${String(f.bytes).padStart(9)}  ${f.path}`);
