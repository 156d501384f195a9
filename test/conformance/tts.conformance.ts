/** The behaviour every TtsEngine must show, run against the fake and the real engine. */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { HeedError } from '../../app/core/errors.js';
import type { ErrorCode } from '../../app/core/error-codes.js';
import type { TtsAudio, TtsEngine } from '../../app/engines/tts/types.js';

const T = { timeout: 30_000 };

async function rejectsWith(p: Promise<unknown>, code: ErrorCode): Promise<void> {
  await assert.rejects(p, (err: unknown) => {
    assert.ok(err instanceof HeedError, `expected a HeedError, got ${String(err)}`);
    assert.equal(err.code, code, err.message);
    return true;
  });
}

function rms(pcm: Int16Array): number {
  let sum = 0;
  for (const s of pcm) sum += s * s;
  return pcm.length === 0 ? 0 : Math.sqrt(sum / pcm.length);
}

export function runTtsConformance(name: string, factory: () => Promise<TtsEngine>): void {
  describe(`TtsEngine conformance: ${name}`, () => {
    let engine: TtsEngine;
    before(async () => { engine = await factory(); });
    after(async () => { await engine.close(); });

    test('lists voices with their sample rates', T, async () => {
      const voices = await engine.voices();
      assert.ok(voices.length > 0);
      const ids = new Set<string>();
      for (const v of voices) {
        assert.match(v.id, /\S/);
        assert.ok(!ids.has(v.id), `duplicate voice ${v.id}`);
        ids.add(v.id);
        assert.ok(Number.isInteger(v.sampleRate) && v.sampleRate >= 8000 && v.sampleRate <= 48000, `${v.id}: ${v.sampleRate}`);
      }
    });

    test('every voice speaks non-empty int16 audio at its own rate', T, async () => {
      for (const v of await engine.voices()) {
        const audio = await engine.synthesize('two medium fries please', { voice: v.id });
        assert.ok(audio.pcm instanceof Int16Array);
        assert.equal(audio.sampleRate, v.sampleRate, v.id);
        const seconds = audio.pcm.length / audio.sampleRate;
        assert.ok(seconds > 0.3 && seconds < 10, `${v.id}: ${seconds}s`);
        assert.ok(rms(audio.pcm) > 100, `${v.id} is (nearly) silent`);
      }
    });

    test('the default voice is used when none is given', T, async () => {
      const audio = await engine.synthesize('yes');
      assert.ok(audio.pcm.length > 0);
    });

    // Flite's clustergen voices (rms, slt) excite with random noise: samples differ run to run,
    // the duration does not.
    test('duration grows with text length and is stable for the same text', T, async () => {
      const short = await engine.synthesize('yes');
      const long = await engine.synthesize("yes, i'd like a large cheeseburger and two medium fries please");
      assert.ok(long.pcm.length / long.sampleRate > 2 * (short.pcm.length / short.sampleRate));
      const again = await engine.synthesize('yes');
      assert.equal(again.pcm.length, short.pcm.length);
    });

    test('empty or blank text is empty audio', T, async () => {
      for (const text of ['', '   ', '\n\t']) {
        const audio = await engine.synthesize(text);
        assert.equal(audio.pcm.length, 0);
        assert.ok(audio.sampleRate > 0);
      }
    });

    test('an unknown voice is VOICE_UNKNOWN', T, async () => {
      await rejectsWith(engine.synthesize('hello', { voice: 'no-such-voice' }), 'VOICE_UNKNOWN');
    });

    test('streams one or more chunks per sentence at the voice rate, about as long as the whole', T, async () => {
      const text = "Yes. I'd like a large cheeseburger. And two medium fries please.";
      const whole = await engine.synthesize(text);
      const chunks: TtsAudio[] = [];
      for await (const c of engine.synthesizeStream(text)) chunks.push(c);
      assert.ok(chunks.length >= 3, `${chunks.length} chunks for 3 sentences`);
      let samples = 0;
      for (const c of chunks) {
        assert.ok(c.pcm instanceof Int16Array);
        assert.equal(c.sampleRate, whole.sampleRate);
        assert.ok(c.pcm.length > 0, 'an empty chunk');
        samples += c.pcm.length;
      }
      const ratio = samples / whole.pcm.length;
      assert.ok(ratio > 0.75 && ratio < 1.33, `streamed ${samples} samples against ${whole.pcm.length}`);
    });

    test('an abort mid-stream ends it with ABORTED and no further chunk', T, async () => {
      const ac = new AbortController();
      const got: number[] = [];
      await rejectsWith((async () => {
        for await (const c of engine.synthesizeStream('One. Two. Three. Four. Five.', { signal: ac.signal })) {
          got.push(c.pcm.length);
          ac.abort();
        }
      })(), 'ABORTED');
      assert.equal(got.length, 1);
      const pre = new AbortController();
      pre.abort();
      await rejectsWith((async () => { for await (const c of engine.synthesizeStream('Yes.', { signal: pre.signal })) got.push(c.pcm.length); })(), 'ABORTED');
      assert.equal(got.length, 1);
    });

    test('a consumer that stops early leaves the engine usable', T, async () => {
      for await (const c of engine.synthesizeStream('One. Two. Three.')) { assert.ok(c.pcm.length > 0); break; }
      assert.ok((await engine.synthesize('yes')).pcm.length > 0);
    });

    test('an aborted signal is ABORTED', T, async () => {
      const ac = new AbortController();
      ac.abort();
      await rejectsWith(engine.synthesize('hello', { signal: ac.signal }), 'ABORTED');
      await rejectsWith(engine.voices({ signal: ac.signal }), 'ABORTED');
      assert.ok((await engine.synthesize('hello')).pcm.length > 0);
    });
  });
}
