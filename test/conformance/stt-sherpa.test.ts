/**
 * The STT structure suite on every engine: the fake, pocketsphinx, and the sherpa-onnx engines
 * (Whisper, Moonshine, streaming Zipformer) on generated random-weight models, in process and
 * through the STT worker. Then Whisper's edges: a clip longer than its 30 s window, a clip too
 * short to decode, and an abort while a decode is running.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { FakeStt, fakeSpeech } from '../../app/engines/stt/fake.js';
import { PocketsphinxStt } from '../../app/engines/stt/pocketsphinx.js';
import { SherpaOfflineStt } from '../../app/engines/stt/sherpa-offline.js';
import { SherpaStreamingStt } from '../../app/engines/stt/sherpa-streaming.js';
import { STT_SAMPLE_RATE, type SttEngine, type SttHypothesis } from '../../app/engines/stt/types.js';
import type { SttClient } from '../../app/workers/engine-clients.js';
import { generatedSpeechModels } from '../helpers/speech-models.js';
import { copyingStt, sttInWorker } from '../helpers/worker-engines.js';
import {
  checkFinalStructure, fliteSpeech, LONG_PHRASE, rejectsWith, runSttStructureConformance, SHORT_PHRASES, STRUCTURE_GRAMMAR,
} from './stt-structure.conformance.js';

const T = { timeout: 60_000 };
const models = generatedSpeechModels();

runSttStructureConformance('fake', async () => ({ engine: new FakeStt(), streaming: true }), { speak: async (text) => fakeSpeech(text) });
// pocketsphinx adapts (cepstral mean, noise estimate) from one utterance to the next: same text, not the same scores.
runSttStructureConformance('pocketsphinx (flite rms speech)', async () => ({ engine: new PocketsphinxStt(), streaming: true }), { deterministic: false });

const sherpa = { silenceRejected: true } as const;
runSttStructureConformance('whisper (generated model)', async () => ({
  engine: await SherpaOfflineStt.open({ kind: 'whisper', model: models.whisper }), streaming: false,
}), sherpa);
runSttStructureConformance('moonshine (generated model)', async () => ({
  engine: await SherpaOfflineStt.open({ kind: 'moonshine', model: models.moonshine }), streaming: false,
}), sherpa);
runSttStructureConformance('zipformer (generated model)', async () => ({
  engine: await SherpaStreamingStt.open({ model: models.zipformer }), streaming: true,
}), sherpa);
runSttStructureConformance('whisper in a worker (generated model)', async () => ({
  engine: copyingStt(await sttInWorker({ engine: 'whisper', model: models.whisper })), streaming: false,
}), sherpa);
runSttStructureConformance('zipformer in a worker (generated model)', async () => ({
  engine: copyingStt(await sttInWorker({ engine: 'zipformer', model: models.zipformer })), streaming: true,
}), sherpa);

/** `seconds` of flite speech: the long phrase over and over. */
async function speechOf(seconds: number): Promise<Int16Array> {
  const one = await fliteSpeech(LONG_PHRASE);
  const out = new Int16Array(Math.round(seconds * STT_SAMPLE_RATE));
  for (let i = 0; i < out.length; i += one.length) out.set(one.subarray(0, Math.min(one.length, out.length - i)), i);
  return out;
}

const search = { kind: 'jsgf', name: 'structure', text: STRUCTURE_GRAMMAR } as const;

describe('whisper (generated model): long, short and cancelled decodes', () => {
  let whisper: SherpaOfflineStt;
  before(async () => {
    whisper = await SherpaOfflineStt.open({ kind: 'whisper', model: models.whisper });
    await whisper.setSearch(search);
  }, T);
  after(async () => { await whisper.close(); }, T);

  test('a 40 s clip is kept to the last 30 s (the window) and decodes without a crash', T, async () => {
    const pcm = await speechOf(40);
    const lastWindow = pcm.slice(pcm.length - 30 * STT_SAMPLE_RATE);
    const started = performance.now();
    const h = await whisper.recognize(pcm);
    const ms = performance.now() - started;
    checkFinalStructure(h, 30_000, '40 s clip');
    assert.ok(ms < 15_000, `40 s took ${ms.toFixed(0)} ms`);
    // What is decoded is exactly the last 30 s, whether given whole or streamed in chunks.
    assert.deepEqual(h, await whisper.recognize(lastWindow), 'the 40 s clip differs from its last 30 s');
    await whisper.begin();
    for (let i = 0; i < pcm.length; i += 512) await whisper.feed(pcm.subarray(i, i + 512));
    assert.deepEqual(await whisper.end(), h, 'the 40 s clip streamed differs from recognize()');
  });

  // sherpa-onnx decodes at most 2950 feature frames (29.5 s) of a Whisper stream and drops the
  // rest from the END (offline-recognizer-whisper-impl.h, DecodeStream: `num_frames >=
  // max_num_frames - 50`), so a window of the last 30 s loses the utterance's last half second.
  test('the last half second of a 30 s or 40 s utterance is decoded (the window ends where the speech ends)', T, async () => {
    // A lenient guard: the random model's word rate and repetitions are not what this is about.
    const lenient = await SherpaOfflineStt.open({
      kind: 'whisper', model: models.whisper,
      guard: { maxWordsPerSecond: 1000, slackWords: 1000, maxTokensPerSecond: 1000, slackTokens: 1000, maxRepeat: 1000 },
    });
    try {
      const tail = (await fliteSpeech(SHORT_PHRASES[0])).slice(3200, 3200 + 8000);
      const endingIn = (seconds: number): Int16Array => {
        const pcm = new Int16Array(seconds * STT_SAMPLE_RATE);
        pcm.set(tail, pcm.length - tail.length);
        return pcm;
      };
      const short = await lenient.recognize(endingIn(1.5));
      assert.notEqual(short.text, '', `0.5 s of speech after 1 s of silence: ${short.rejected ?? ''}`);
      for (const seconds of [29, 30, 40]) {
        const r = await lenient.recognize(endingIn(seconds));
        assert.notEqual(r.text, '', `${seconds} s ending in 0.5 s of speech decoded to nothing (${r.rejected ?? ''}): the speech was cut off`);
      }
    } finally {
      await lenient.close();
    }
  });

  test('a 0.1 s clip is no_speech, with and without the speech guard', T, async () => {
    const clip = (await fliteSpeech(SHORT_PHRASES[0])).slice(8000, 9600);
    const h = await whisper.recognize(clip);
    checkFinalStructure(h, 100, '0.1 s');
    assert.equal(h.text, '');
    assert.equal(h.rejected, 'no_speech');
    const unguarded = await SherpaOfflineStt.open({ kind: 'whisper', model: models.whisper, guard: { minSpeechMs: 0 } });
    try {
      for (const pcm of [clip, new Int16Array(0), new Int16Array(1)]) {
        const r = await unguarded.recognize(pcm);
        checkFinalStructure(r, (pcm.length / STT_SAMPLE_RATE) * 1000, `${pcm.length} samples, unguarded`);
        assert.equal(r.text, '');
      }
    } finally {
      await unguarded.close();
    }
  });

  test('an abort while a decode runs is ABORTED at once, and the next decode works', T, async () => {
    const pcm = await speechOf(8);
    const reference = await whisper.recognize(pcm);
    for (let round = 0; round < 3; round++) {
      const ac = new AbortController();
      const pending = whisper.recognize(pcm, { signal: ac.signal });
      let abortedAt = 0;
      // The first check phase after the call: the decode has been handed to the runtime by then.
      setImmediate(() => { abortedAt = performance.now(); ac.abort(); });
      await rejectsWith(pending, 'ABORTED', `round ${round}`);
      const ms = performance.now() - abortedAt;
      assert.ok(abortedAt > 0 && ms < 1000, `round ${round}: ABORTED ${ms.toFixed(0)} ms after the abort`);
      assert.deepEqual(await whisper.recognize(pcm), reference, `round ${round}: the decode after the abort`);
    }
  });
});

describe('whisper in a worker (generated model): an abort while the worker decodes', () => {
  let client: SttClient;
  before(async () => {
    client = await sttInWorker({ engine: 'whisper', model: models.whisper });
    await client.setSearch(search);
  }, T);
  after(async () => { await client.close(); }, T);

  test('is ABORTED at once, and the next decode works', T, async () => {
    const pcm = await speechOf(20);
    const reference = await client.recognize(pcm.slice());
    const ac = new AbortController();
    const pending = client.recognize(pcm.slice(), { signal: ac.signal });
    await new Promise((r) => setTimeout(r, 30));
    const abortedAt = performance.now();
    ac.abort();
    await rejectsWith(pending, 'ABORTED');
    const ms = performance.now() - abortedAt;
    assert.ok(ms < 1000, `ABORTED ${ms.toFixed(0)} ms after the abort`);
    assert.deepEqual(await client.recognize(pcm.slice()), reference, 'the decode after the abort');
  });
});

describe('moonshine and zipformer (generated models): short clips', () => {
  test('a 0.1 s clip is no_speech, with and without the speech guard', T, async () => {
    const clip = (await fliteSpeech(SHORT_PHRASES[0])).slice(8000, 9600);
    for (const guard of [{}, { minSpeechMs: 0 }]) {
      const engines: SttEngine[] = [
        await SherpaOfflineStt.open({ kind: 'moonshine', model: models.moonshine, guard }),
        await SherpaStreamingStt.open({ model: models.zipformer, guard }),
      ];
      for (const engine of engines) {
        try {
          await engine.setSearch(search);
          for (const pcm of [clip, new Int16Array(0), new Int16Array(1)]) {
            const what = `${engine.name}, ${pcm.length} samples, guard ${JSON.stringify(guard)}`;
            const r: SttHypothesis = await engine.recognize(pcm);
            checkFinalStructure(r, (pcm.length / STT_SAMPLE_RATE) * 1000, what);
            if (guard.minSpeechMs === undefined) {
              assert.equal(r.text, '', what);
              assert.equal(r.rejected, 'no_speech', what);
            }
          }
        } finally {
          await engine.close();
        }
      }
    }
  });
});
