/** Worker used by native.test.ts: loads the addon in its own thread, synthesizes and decodes. */
import { parentPort, workerData } from 'node:worker_threads';
import { loadNative } from '../../app/engines/native.js';

interface FixtureInput { phrases: string[]; grammar: string; rounds: number; voice: string }

const input = workerData as FixtureInput;
const native = loadNative();
const decoder = new native.Decoder({
  hmm: '/usr/share/pocketsphinx/model/en-us/en-us',
  dict: '/usr/share/pocketsphinx/model/en-us/cmudict-en-us.dict',
  jsgf: input.grammar,
});
const texts: string[] = [];
for (let r = 0; r < input.rounds; r++) {
  for (const phrase of input.phrases) {
    const { pcm } = native.synthesize(phrase, input.voice);
    decoder.start();
    for (let i = 0; i < pcm.length; i += 512) decoder.process(pcm.subarray(i, i + 512));
    texts.push(decoder.end().text);
  }
}
let badGrammar = '';
try {
  decoder.setJsgf('bad', '#JSGF V1.0;\ngrammar g;\npublic <a> = hello zzyzxq;');
} catch (err) {
  badGrammar = String((err as Error & { code?: unknown }).code);
}
decoder.close();
parentPort?.postMessage({ texts, badGrammar, voices: native.listVoices().length });
