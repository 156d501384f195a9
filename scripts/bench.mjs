#!/usr/bin/env node
// `npm run bench`: the whole respond loop over generated utterances in voices that are not the
// agent's own (flite slt/awb/kal16, festival, espeak-ng), with pink noise and speed changes.
// Prints per-stage p50/p95, end-of-speech → first reply audio, real-time factors, peak RSS,
// cold start and utterance accuracy (the right order in the DB).
// Then the live full-duplex `heed start` through a private PulseAudio server, on recordings
// (scripts/bench-live.mjs: end of speech → first audio, barge-in reaction, backchannel false stops,
// self-interruptions with a speaker → mic echo path; --no-live skips it, --live-runs N repeats),
// then per-pack utterance, slot and scenario accuracy (scripts/bench-packs.mjs), then the local LLM
// (scripts/bench-llm.mjs: decode speed, tool-call TTFT, abort latency, serve-llm throughput).
// `npm run bench -- --profile standard` measures the standard speech profile instead (scripts/bench-standard.mjs).
//   npm run bench [-- --count 36 --voices flite:slt,espeak:en-us --no-live --live-runs 12 --no-packs --no-scenarios --no-llm --runs 10 --json]
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { existsSync } from 'node:fs';
import { printTable } from './bench-format.mjs';

const root = new URL('..', import.meta.url).pathname;
if (!existsSync(join(root, 'dist', 'app', 'cli', 'boot.js'))) {
  console.error('bench: build first (npm run build)');
  process.exit(1);
}
const argv = process.argv.slice(2);
const opt = (name, dflt) => { const i = argv.indexOf(`--${name}`); return i >= 0 ? argv[i + 1] : dflt; };
if (opt('profile', 'embedded') === 'standard') {
  const { benchStandard } = await import('./bench-standard.mjs');
  await benchStandard({ root, argv });
  process.exit(0);
}
const count = Number(opt('count', '36'));

const { bootRuntime } = await import(join(root, 'dist/app/cli/boot.js'));
const { loadConfig } = await import(join(root, 'dist/app/cli/options.js'));
const { parseArgs } = await import(join(root, 'dist/app/cli/args.js'));
const { respondToRecording } = await import(join(root, 'dist/app/core/pipeline/respond.js'));
const { readWavFile } = await import(join(root, 'dist/app/audio/wav.js'));
const { makeUtterance } = await import(join(root, 'dist/test/helpers/utterances.js'));
const { variants, SINGLE_TURN, BENCH_VOICES, orderMatches } = await import(join(root, 'dist/test/helpers/scenarios.js'));

const voices = opt('voices') ? opt('voices').split(',') : BENCH_VOICES;
const cases = variants(SINGLE_TURN, voices, count);
process.stderr.write(`bench: generating ${cases.length} utterances…\n`);
const files = [];
for (const c of cases) files.push(await makeUtterance(c.spec));

const dbPath = join(mkdtempSync(join(tmpdir(), 'heed-bench-')), 'bench.db');
const cfg = loadConfig(parseArgs(['--db', dbPath], { options: ['db'] }));
const t0 = performance.now();
const rt = await bootRuntime(cfg);
const coldStartMs = performance.now() - t0;

const rows = [];
let right = 0;
const perVoice = new Map();
try {
  for (const [i, c] of cases.entries()) {
    const wav = await readWavFile(files[i]);
    const session = `bench-${i}`;
    const r = await respondToRecording({ channelData: wav.channelData, sampleRate: wav.sampleRate }, session, {
      vad: rt.vad, stt: rt.stt, tts: rt.tts, agent: rt.agent, segmenter: rt.segmenter, voice: cfg.tts.voice,
    });
    const ok = orderMatches(rt.agent.order(session), c.scenario.lines);
    if (ok) right++;
    const v = perVoice.get(c.spec.voice) ?? { n: 0, ok: 0 };
    v.n++; if (ok) v.ok++;
    perVoice.set(c.spec.voice, v);
    rows.push({
      ...r.timings,
      audioSec: wav.durationSec,
      speechSec: r.speech ? (r.speech.endMs - r.speech.startMs) / 1000 : 0,
      replySec: r.audio.pcm.length / r.audio.sampleRate,
    });
    process.stderr.write(ok ? '.' : 'x');
  }
} finally {
  await rt.close();
}
process.stderr.write('\n');

const pct = (xs, p) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? 0; };
const col = (k) => rows.map((r) => r[k]);
const sum = (xs) => xs.reduce((a, b) => a + b, 0);
const ms = (x) => `${x.toFixed(1)} ms`;
const line = (name, xs) => [name, ms(pct(xs, 50)), ms(pct(xs, 95))];
const table = [
  ['stage', 'p50', 'p95'],
  line('VAD (whole utterance)', col('vadMs')),
  line('STT (fed while speaking + final)', col('sttMs')),
  line('understanding', col('understandMs')),
  line('TTS first audio', col('ttsFirstAudioMs')),
  line('end of speech → first reply audio', col('endOfSpeechToFirstAudioMs')),
  ['  + endpointing silence wait', ms(cfg.vad.minSilenceMs), ms(cfg.vad.minSilenceMs)],
];
const rtf = [
  ['engine', 'real-time factor'],
  ['VAD (Silero v6.2)', (sum(col('vadMs')) / 1000 / sum(col('audioSec'))).toFixed(4)],
  ['STT (pocketsphinx, grammar)', (sum(col('sttMs')) / 1000 / sum(col('speechSec'))).toFixed(4)],
  ['TTS (flite ' + cfg.tts.voice + ')', (sum(col('ttsTotalMs')) / 1000 / sum(col('replySec'))).toFixed(4)],
];
const rss = process.resourceUsage().maxRSS / 1024;
console.log(`\nHeed bench — ${cases.length} utterances, voices: ${voices.join(', ')}; pink noise SNR 35/30/25 dB; tempo 0.9/1/1.1\n`);
printTable(table);
printTable(rtf);
printTable([
  ['measure', 'value'],
  ['peak RSS, whole agent (main + 3 workers)', `${rss.toFixed(0)} MB`],
  ['cold start to ready (models + workers + grammar)', ms(coldStartMs)],
  ['utterance accuracy (right order in the DB)', `${right}/${cases.length} (${((100 * right) / cases.length).toFixed(0)}%)`],
  ...[...perVoice].map(([v, s]) => [`  ${v}`, `${s.ok}/${s.n}`]),
]);
let live = null;
if (!argv.includes('--no-live')) {
  const { benchLive } = await import('./bench-live.mjs');
  try {
    live = await benchLive({ root, argv: argv.filter((a) => a !== '--json') });
  } catch (err) {
    console.log(`live: failed: ${err.message}\n`);
  }
}
let packs = null;
if (!argv.includes('--no-packs')) {
  const { benchPacks, packTable } = await import('./bench-packs.mjs');
  packs = await benchPacks({ root, voices, scenarios: !argv.includes('--no-scenarios') });
  console.log('Per-pack accuracy (each distinct customer utterance of the pack scenarios; voices rotate, pink noise 35/30/25 dB):\n');
  printTable(packTable(packs));
}
if (!argv.includes('--no-llm')) {
  const { benchLlm } = await import('./bench-llm.mjs');
  await benchLlm({ root, argv });
}
if (argv.includes('--json')) console.log(JSON.stringify({ rows, coldStartMs, rssMb: rss, right, total: cases.length, packs, live: live?.live ?? null }));
