/**
 * The TTS conformance suite on the Piper (VITS) engine with a generated random-weight voice, in
 * process and through the TTS worker, then what is particular to Piper: one model run per
 * sentence delivered as it is made, the speaking rate, cancelling between sentences, and the
 * voice's own sample rate. The voice's audio is noise: lengths and timing are checked, not sound.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { HeedError } from '../../app/core/errors.js';
import type { ErrorCode } from '../../app/core/error-codes.js';
import { SherpaVitsTts } from '../../app/engines/tts/sherpa-vits.js';
import type { TtsAudio, TtsEngine } from '../../app/engines/tts/types.js';
import { generatedSpeechModels, PIPER_16K_SAMPLE_RATE, PIPER_SAMPLE_RATE } from '../helpers/speech-models.js';
import { ttsInWorker } from '../helpers/worker-engines.js';
import { runTtsConformance } from './tts.conformance.js';

const T = { timeout: 60_000 };
const models = generatedSpeechModels();
/** The voice id: the in-process engine names the voice after its directory, the worker after the config's `voice`. */
const VOICE = 'piper';

runTtsConformance('piper (generated voice)', () => SherpaVitsTts.open({ model: models.piper }));
runTtsConformance('piper in a worker (generated voice)', () => ttsInWorker({ engine: 'piper', voice: VOICE, model: models.piper }));

async function rejectsWith(p: Promise<unknown>, code: ErrorCode): Promise<void> {
  await assert.rejects(p, (err: unknown) => {
    assert.ok(err instanceof HeedError, `expected a HeedError, got ${String(err)}`);
    assert.equal(err.code, code, err.message);
    return true;
  });
}

function concat(chunks: readonly TtsAudio[]): Int16Array {
  const out = new Int16Array(chunks.reduce((n, c) => n + c.pcm.length, 0));
  let o = 0;
  for (const c of chunks) { out.set(c.pcm, o); o += c.pcm.length; }
  return out;
}

async function collect(stream: AsyncIterable<TtsAudio>): Promise<TtsAudio[]> {
  const out: TtsAudio[] = [];
  for await (const c of stream) out.push(c);
  return out;
}

const THREE_SENTENCES = 'Welcome to the kiosk. Two medium fries are ready. Your total is five dollars and forty nine cents.';

function runPiperSpecifics(name: string, open: () => Promise<TtsEngine>): void {
  describe(`Piper specifics: ${name}`, () => {
    let engine: TtsEngine;
    before(async () => { engine = await open(); }, T);
    after(async () => { await engine.close(); }, T);

    test(`the voice is '${VOICE}' at ${PIPER_SAMPLE_RATE} Hz`, T, async () => {
      assert.deepEqual(await engine.voices(), [{ id: VOICE, sampleRate: PIPER_SAMPLE_RATE }]);
      const audio = await engine.synthesize('Hello.', { voice: VOICE });
      assert.equal(audio.sampleRate, PIPER_SAMPLE_RATE);
      assert.ok(audio.pcm.length > 0);
    });

    test('synthesizeStream() yields a chunk per sentence whose concatenation is synthesize()', T, async () => {
      const whole = await engine.synthesize(THREE_SENTENCES);
      const chunks = await collect(engine.synthesizeStream(THREE_SENTENCES));
      assert.ok(chunks.length >= 3, `${chunks.length} chunks for 3 sentences`);
      for (const c of chunks) {
        assert.equal(c.sampleRate, PIPER_SAMPLE_RATE);
        assert.ok(c.pcm.length > 0, 'an empty chunk');
      }
      assert.equal(whole.sampleRate, PIPER_SAMPLE_RATE);
      assert.deepEqual(concat(chunks), whole.pcm, 'the chunks do not add up to synthesize()');
      // Each sentence alone is its chunk: the text is cut at sentence ends, not anywhere else.
      const sentences = ['Welcome to the kiosk.', 'Two medium fries are ready.', 'Your total is five dollars and forty nine cents.'];
      assert.equal(chunks.length, sentences.length);
      for (const [i, sentence] of sentences.entries()) {
        assert.deepEqual((await engine.synthesize(sentence)).pcm, chunks[i]?.pcm, `chunk ${i} is not '${sentence}' alone`);
      }
    });

    test('speed 2 roughly halves the duration, speed 0.5 roughly doubles it', T, async () => {
      const text = 'Two medium fries and a large cheeseburger, please.';
      const normal = (await engine.synthesize(text)).pcm.length;
      const fast = (await engine.synthesize(text, { speed: 2 })).pcm.length;
      const slow = (await engine.synthesize(text, { speed: 0.5 })).pcm.length;
      assert.ok(Math.abs(fast / normal - 0.5) <= 0.5 * 0.2, `speed 2: ${fast} samples against ${normal}`);
      assert.ok(Math.abs(slow / normal - 2) <= 2 * 0.2, `speed 0.5: ${slow} samples against ${normal}`);
    });

    test('an abort after the first chunk ends the stream with ABORTED and no further chunk', T, async () => {
      const reference = await engine.synthesize(THREE_SENTENCES);
      const ac = new AbortController();
      const got: TtsAudio[] = [];
      await rejectsWith((async () => {
        for await (const c of engine.synthesizeStream(THREE_SENTENCES, { signal: ac.signal })) {
          got.push(c);
          ac.abort();
        }
      })(), 'ABORTED');
      assert.equal(got.length, 1, `${got.length} chunks arrived`);
      // Nothing of the abandoned stream is left over: the next request is whole and the same.
      assert.deepEqual((await engine.synthesize(THREE_SENTENCES)).pcm, reference.pcm);
    });

    test('an abort while a sentence is generated is ABORTED at once', T, async () => {
      const long = Array.from({ length: 30 }, (_, i) => `This is sentence number ${i + 1} of a long reply about the menu.`).join(' ');
      const ac = new AbortController();
      const pending = collect(engine.synthesizeStream(long, { signal: ac.signal }));
      await new Promise((r) => setTimeout(r, 5));
      const abortedAt = performance.now();
      ac.abort();
      await rejectsWith(pending, 'ABORTED');
      const ms = performance.now() - abortedAt;
      assert.ok(ms < 1000, `ABORTED ${ms.toFixed(0)} ms after the abort`);
      assert.ok((await engine.synthesize('Yes.')).pcm.length > 0);
    });
  });
}

runPiperSpecifics('in process', () => SherpaVitsTts.open({ model: models.piper }));
runPiperSpecifics('in a worker', () => ttsInWorker({ engine: 'piper', voice: VOICE, model: models.piper }));

describe('Piper: a 16 kHz voice', () => {
  for (const [where, open] of [
    ['in process', () => SherpaVitsTts.open({ model: models.piper16k })],
    ['in a worker', () => ttsInWorker({ engine: 'piper', voice: 'piper-16k', model: models.piper16k })],
  ] as const) {
    test(`reports and speaks at 16000 Hz (${where})`, T, async () => {
      const engine: TtsEngine = await open();
      try {
        assert.deepEqual(await engine.voices(), [{ id: 'piper-16k', sampleRate: PIPER_16K_SAMPLE_RATE }]);
        const audio = await engine.synthesize(THREE_SENTENCES);
        assert.equal(audio.sampleRate, PIPER_16K_SAMPLE_RATE);
        const chunks = await collect(engine.synthesizeStream(THREE_SENTENCES));
        for (const c of chunks) assert.equal(c.sampleRate, PIPER_16K_SAMPLE_RATE);
        assert.deepEqual(concat(chunks), audio.pcm);
        // The same text lasts as long at either rate (10 ms frames): the sample counts scale with the rate.
        const at22k = await SherpaVitsTts.open({ model: models.piper });
        try {
          const seconds22k = (await at22k.synthesize(THREE_SENTENCES)).pcm.length / PIPER_SAMPLE_RATE;
          const seconds16k = audio.pcm.length / PIPER_16K_SAMPLE_RATE;
          assert.ok(Math.abs(seconds16k / seconds22k - 1) < 0.02, `${seconds16k} s at 16 kHz against ${seconds22k} s at 22.05 kHz`);
        } finally {
          await at22k.close();
        }
      } finally {
        await engine.close();
      }
    });
  }
});
