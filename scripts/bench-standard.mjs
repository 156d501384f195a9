// `npm run bench -- --profile standard`: the standard speech profile's engines (sherpa-onnx).
// For every standard STT model that is installed: WER and real-time factor on a fixed clip set —
// real human speech from Debian's pocketsphinx-testdata (LibriVox, "cards") and the drive-thru
// sentences in four synthetic voices that are not the agent's own — beside pocketsphinx's free
// LM as the embedded baseline. For every installed Piper voice: real-time factor and time to the
// first chunk. Models that are missing are listed with the command that installs them.
// Then the same engines on the generated random-weight models (scripts/write-speech-models.mjs):
// the cost of the plumbing, never accuracy (their words are noise).
import { existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { printTable } from './bench-format.mjs';

const TESTDATA = '/usr/share/pocketsphinx/test/data';
const STT_MODELS = [
  ['whisper', 'whisper-tiny.en'], ['whisper', 'whisper-base.en'],
  ['moonshine', 'moonshine-tiny-en-int8'], ['moonshine', 'moonshine-base-en-int8'],
  ['zipformer', 'zipformer-en-2023-06-26'],
];
const TTS_VOICES = ['piper-en_US-amy-low'];
const TTS_TEXT = "Sure. That's one large fries and a medium cola, for five dollars and nineteen cents. Anything else?";

/** Word error rate: word-level Levenshtein distance over the reference length. */
export function wordErrors(ref, hyp) {
  const r = ref.split(' ').filter(Boolean);
  const h = hyp.split(' ').filter(Boolean);
  let prev = Array.from({ length: h.length + 1 }, (_, j) => j);
  for (let i = 1; i <= r.length; i++) {
    const cur = [i];
    for (let j = 1; j <= h.length; j++) cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (r[i - 1] === h[j - 1] ? 0 : 1));
    prev = cur;
  }
  return { errors: prev[h.length], words: r.length };
}

const pct = (xs, p) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? 0; };

/** The fixed clip set: 16 kHz int16 with reference text in spoken words. */
async function clipSet(root, lib) {
  const { readWavFile } = await import(lib('app/audio/wav.js'));
  const { resampleInt16, floatToInt16 } = await import(lib('app/audio/resample.js')).then(async (m) => ({ ...m, ...(await import(lib('app/audio/pcm.js'))) }));
  const { makeUtterance } = await import(lib('test/helpers/utterances.js'));
  const { SINGLE_TURN } = await import(lib('test/helpers/scenarios.js'));
  const clips = [];
  const load = async (path, text, kind) => {
    const wav = await readWavFile(path);
    const mono = wav.channelData[0];
    clips.push({ kind, text, pcm: resampleInt16(floatToInt16(mono), wav.sampleRate, 16000) });
  };
  const parse = (file) => readFileSync(file, 'utf8').split('\n').map((l) => /^<s>\s*(.*?)\s*<\/s>\s*\((.+)\)$/.exec(l.trim())).filter(Boolean);
  if (existsSync(join(TESTDATA, 'librivox', 'transcription'))) {
    for (const [, text, id] of parse(join(TESTDATA, 'librivox', 'transcription'))) await load(join(TESTDATA, 'librivox', `${id}.wav`), text, 'human (LibriVox)');
    for (const [, text, id] of parse(join(TESTDATA, 'cards', 'cards.transcription'))) await load(join(TESTDATA, 'cards', `${id}.wav`), text, 'human (cards)');
  }
  const voices = ['flite:slt', 'flite:awb', 'festival:kal', 'espeak:en-us'];
  for (const [i, s] of SINGLE_TURN.slice(0, 12).entries()) {
    const path = await makeUtterance({ text: s.text, voice: voices[i % voices.length], snrDb: 30, seed: 100 + i });
    await load(path, s.text, 'synthetic drive-thru');
  }
  return clips;
}

async function benchStt(engine, clips, normalize) {
  const byKind = new Map();
  let decodeMs = 0;
  let audioSec = 0;
  const latencies = [];
  for (const c of clips) {
    const t0 = performance.now();
    const h = await engine.recognize(c.pcm);
    const ms = performance.now() - t0;
    decodeMs += ms;
    latencies.push(ms);
    audioSec += c.pcm.length / 16000;
    const e = wordErrors(normalize(c.text), normalize(h.text));
    const k = byKind.get(c.kind) ?? { errors: 0, words: 0 };
    k.errors += e.errors; k.words += e.words;
    byKind.set(c.kind, k);
  }
  const all = [...byKind.values()].reduce((a, b) => ({ errors: a.errors + b.errors, words: a.words + b.words }), { errors: 0, words: 0 });
  return { byKind, all, rtf: decodeMs / 1000 / audioSec, p50: pct(latencies, 50), p95: pct(latencies, 95) };
}

async function benchTts(tts) {
  const firsts = [];
  let synthMs = 0;
  let audioSec = 0;
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    let first = null;
    for await (const chunk of tts.synthesizeStream(TTS_TEXT)) {
      first ??= performance.now() - t0;
      audioSec += chunk.pcm.length / chunk.sampleRate;
    }
    synthMs += performance.now() - t0;
    firsts.push(first ?? 0);
  }
  return { rtf: synthMs / 1000 / audioSec, first: pct(firsts, 50) };
}

export async function benchStandard({ root }) {
  const lib = (p) => join(root, 'dist', p);
  const { entriesNamed, loadManifest, resolveLocation } = await import(lib('app/models/manifest.js'));
  const { SherpaOfflineStt } = await import(lib('app/engines/stt/sherpa-offline.js'));
  const { SherpaStreamingStt } = await import(lib('app/engines/stt/sherpa-streaming.js'));
  const { SherpaVitsTts } = await import(lib('app/engines/tts/sherpa-vits.js'));
  const { PocketsphinxStt, DEFAULT_LM } = await import(lib('app/engines/stt/pocketsphinx.js'));
  const { transcriptWords } = await import(lib('app/core/dialog/normalize-text.js'));
  const { writtenToSpoken } = await import(lib('app/engines/stt/sherpa-hypothesis.js'));
  const normalize = (t) => transcriptWords(writtenToSpoken(t)).join(' ');

  const manifest = loadManifest();
  const installed = (name) => {
    const entries = entriesNamed(manifest, name);
    return entries.length > 0 && entries.every((e) => { const p = resolveLocation(e.location); return existsSync(p) && statSync(p).size === e.size; });
  };
  const openStt = (kind, model) => (kind === 'zipformer'
    ? SherpaStreamingStt.open({ model })
    : SherpaOfflineStt.open({ kind, model }));

  process.stderr.write('bench (standard): preparing the clip set…\n');
  const clips = await clipSet(root, lib);
  const kinds = [...new Set(clips.map((c) => c.kind))];
  const rows = [['recognizer', ...kinds.map((k) => `WER ${k}`), 'WER all', 'RTF', 'per clip p50 / p95']];
  const row = (name, r) => [name, ...kinds.map((k) => { const x = r.byKind.get(k); return x ? `${((100 * x.errors) / x.words).toFixed(1)} %` : '–'; }),
    `${((100 * r.all.errors) / r.all.words).toFixed(1)} %`, r.rtf.toFixed(3), `${r.p50.toFixed(0)} / ${r.p95.toFixed(0)} ms`];

  const baseline = new PocketsphinxStt();
  await baseline.setSearch({ kind: 'ngram', name: 'en-us', path: DEFAULT_LM });
  rows.push(row('pocketsphinx en-us LM (embedded, free speech)', await benchStt(baseline, clips, normalize)));
  await baseline.close();

  const missing = [];
  for (const [kind, name] of STT_MODELS) {
    if (!installed(name)) { missing.push(name); continue; }
    const engine = await openStt(kind, name);
    try { rows.push(row(`${kind} ${name}`, await benchStt(engine, clips, normalize))); } finally { await engine.close(); }
  }
  const ttsRows = [['voice', 'RTF', 'first chunk p50']];
  for (const name of TTS_VOICES) {
    if (!installed(name)) { missing.push(name); continue; }
    const tts = await SherpaVitsTts.open({ model: name });
    try { const r = await benchTts(tts); ttsRows.push([`piper ${name}`, r.rtf.toFixed(3), `${r.first.toFixed(0)} ms`]); } finally { await tts.close(); }
  }

  console.log(`\nStandard profile — ${clips.length} clips (${kinds.map((k) => `${clips.filter((c) => c.kind === k).length} ${k}`).join(', ')}); WER on spoken-form words\n`);
  printTable(rows);
  if (ttsRows.length > 1) printTable(ttsRows);
  if (missing.length > 0) {
    console.log(`Not installed, so not measured: ${missing.join(', ')}.`);
    console.log(`Install with: heed models pull ${missing.join(' ')}   (offline: heed models import <bundle.tar>)\n`);
  }

  // The plumbing on generated random-weight models: what the runtime, pre-flight, buffering and
  // the worker-free engine cost per second of audio. Their text is noise: no WER.
  const { writeRandomWhisper } = await import(lib('app/models/onnx/whisper-pair.js'));
  const { writeRandomMoonshine } = await import(lib('app/models/onnx/moonshine.js'));
  const { writeRandomStreamingZipformer } = await import(lib('app/models/onnx/zipformer-streaming.js'));
  const { writeRandomVitsVoice } = await import(lib('app/models/onnx/vits-voice.js'));
  const gen = mkdtempSync(join(tmpdir(), 'heed-bench-gen-'));
  const generated = [
    ['whisper', writeRandomWhisper(join(gen, 'whisper')).dir],
    ['moonshine', writeRandomMoonshine(join(gen, 'moonshine')).dir],
    ['zipformer', writeRandomStreamingZipformer(join(gen, 'zipformer')).dir],
  ];
  const plumbing = [['engine on a generated model (plumbing only)', 'load', 'RTF', 'per clip p50 / p95']];
  for (const [kind, dir] of generated) {
    const t0 = performance.now();
    const engine = await openStt(kind, dir);
    const load = performance.now() - t0;
    try {
      const r = await benchStt(engine, clips, normalize);
      plumbing.push([kind, `${load.toFixed(0)} ms`, r.rtf.toFixed(4), `${r.p50.toFixed(1)} / ${r.p95.toFixed(1)} ms`]);
    } finally { await engine.close(); }
  }
  const t0 = performance.now();
  const voice = await SherpaVitsTts.open({ model: writeRandomVitsVoice(join(gen, 'piper')).dir });
  const load = performance.now() - t0;
  const r = await benchTts(voice);
  await voice.close();
  plumbing.push(['piper (first chunk ' + r.first.toFixed(1) + ' ms)', `${load.toFixed(0)} ms`, r.rtf.toFixed(4), '–']);
  printTable(plumbing);
}
