#!/usr/bin/env node
/**
 * Which flite voice does pocketsphinx understand best? Synthesizes drive-thru phrases with each
 * voice and decodes them (a) with a small JSGF grammar holding exactly those phrases and (b) with
 * the default en-us n-gram LM. Prints voice, word error rate and synthesis real-time factor.
 * Needs the built addon and TypeScript: npm run build:native && npx tsc -p tsconfig.json
 * Usage: node scripts/measure-voices.mjs [--json]
 */
import { performance } from 'node:perf_hooks';
import { PocketsphinxStt, DEFAULT_LM } from '../dist/app/engines/stt/pocketsphinx.js';
import { FliteTts } from '../dist/app/engines/tts/flite.js';
import { resampleInt16 as resample } from '../dist/app/audio/resample.js';

const PHRASES = [
  "i'd like a large cheeseburger", 'two medium fries please', 'yes', 'no', "that's all",
  'can i get a small coke', 'one chicken sandwich', 'make that a combo', 'three apple pies',
  'no onions please', 'how much is that', 'a vanilla milkshake', 'four chicken nuggets',
  'twenty five', 'cancel my order',
];

const GRAMMAR = `#JSGF V1.0;\ngrammar phrases;\npublic <phrase> = ${PHRASES.join(' | ')};\n`;

/** Word-level Levenshtein distance. */
function editDistance(ref, hyp) {
  const d = Array.from({ length: ref.length + 1 }, (_, i) => [i, ...new Array(hyp.length).fill(0)]);
  for (let j = 1; j <= hyp.length; j++) d[0][j] = j;
  for (let i = 1; i <= ref.length; i++) {
    for (let j = 1; j <= hyp.length; j++) {
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (ref[i - 1] === hyp[j - 1] ? 0 : 1));
    }
  }
  return d[ref.length][hyp.length];
}


function pad(pcm) {
  const out = new Int16Array(pcm.length + 6400);
  out.set(pcm, 3200);
  return out;
}

const tts = new FliteTts();
const stt = new PocketsphinxStt();
await stt.setSearch({ kind: 'jsgf', name: 'phrases', text: GRAMMAR });
await stt.setSearch({ kind: 'ngram', name: 'lm', path: DEFAULT_LM });
const words = PHRASES.reduce((n, p) => n + p.split(' ').length, 0);
const rows = [];
for (const voice of await tts.voices()) {
  let synthMs = 0;
  let audioS = 0;
  const decodeMs = { jsgf: 0, lm: 0 };
  const errors = { jsgf: 0, lm: 0 };
  const misses = [];
  for (const phrase of PHRASES) {
    const t0 = performance.now();
    const { pcm, sampleRate } = await tts.synthesize(phrase, { voice: voice.id });
    synthMs += performance.now() - t0;
    audioS += pcm.length / sampleRate;
    const audio = pad(resample(pcm, sampleRate, 16000));
    const ref = phrase.split(' ');
    for (const search of ['phrases', 'lm']) {
      await stt.setSearch(search === 'phrases'
        ? { kind: 'jsgf', name: 'phrases', text: GRAMMAR }
        : { kind: 'ngram', name: 'lm', path: DEFAULT_LM });
      const kind = search === 'phrases' ? 'jsgf' : 'lm';
      const t1 = performance.now();
      const r = await stt.recognize(audio);
      decodeMs[kind] += performance.now() - t1;
      const hyp = r.text === '' ? [] : r.text.split(' ');
      const e = editDistance(ref, hyp);
      errors[kind] += e;
      if (e > 0 && search === 'lm') misses.push(`${phrase} -> ${r.text}`);
    }
  }
  rows.push({
    voice: voice.id,
    rate: voice.sampleRate,
    werGrammar: errors.jsgf / words,
    werLm: errors.lm / words,
    synthRtf: synthMs / 1000 / audioS,
    decodeRtfGrammar: decodeMs.jsgf / 1000 / audioS,
    decodeRtfLm: decodeMs.lm / 1000 / audioS,
    audioS,
    lmMisses: misses,
  });
}
await stt.close();
await tts.close();

if (process.argv.includes('--json')) {
  console.log(JSON.stringify({ phrases: PHRASES.length, words, rows }, null, 2));
} else {
  const pct = (x) => `${(100 * x).toFixed(1)} %`;
  const total = rows.reduce((n, r) => n + r.audioS, 0) / rows.length;
  console.log(`${PHRASES.length} phrases, ${words} words, ~${total.toFixed(1)} s of speech per voice; WER = word edits / reference words;`);
  console.log('RTF = processing time / audio duration (resampling to 16 kHz excluded from synth time)\n');
  console.log('| voice | Hz | WER grammar | WER en-us LM | synth RTF | decode RTF grammar | decode RTF LM |');
  console.log('|---|---|---|---|---|---|---|');
  for (const r of rows) {
    console.log(`| ${r.voice} | ${r.rate} | ${pct(r.werGrammar)} | ${pct(r.werLm)} | ${r.synthRtf.toFixed(3)} | ${r.decodeRtfGrammar.toFixed(3)} | ${r.decodeRtfLm.toFixed(3)} |`);
  }
  console.log('\nLM misrecognitions:');
  for (const r of rows) for (const m of r.lmMisses) console.log(`  ${r.voice}: ${m}`);
}
