/**
 * What every SttEngine must do whatever it hears: well-formed final hypotheses, streaming that
 * agrees with whole-utterance recognition, partials from streaming engines, the call-order
 * contract, aborts and close. Nothing here looks at the words recognised, so it runs on engines
 * with random weights (the generated sherpa-onnx models) as well as on real ones.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { HeedError } from '../../app/core/errors.js';
import type { ErrorCode } from '../../app/core/error-codes.js';
import { STT_SAMPLE_RATE, type RecognitionSource, type SttEngine, type SttHypothesis } from '../../app/engines/stt/types.js';
import { FliteTts } from '../../app/engines/tts/flite.js';
import { paddedForStt } from './stt.conformance.js';

export interface SttStructureHarness {
  engine: SttEngine;
  /** The engine returns partial hypotheses from feed(); a non-streaming one returns none. */
  streaming: boolean;
}

export interface SttStructureOptions {
  /**
   * Silence comes back with `rejected: 'no_speech'` (the sherpa engines' guard). Otherwise the
   * field may be absent (pocketsphinx, the fake) but, when present, must still be 'no_speech'.
   */
  silenceRejected?: boolean;
  /** 16 kHz audio the engine takes for speech (default: flite rms speech, 200 ms padding each side). */
  speak?: (text: string) => Promise<Int16Array>;
  /** begin/feed/end gives exactly recognize()'s hypothesis (default true). */
  deterministic?: boolean;
  /** Per-test timeout (default 60 s). */
  timeoutMs?: number;
}

/** Phrases of 1-3 s when spoken by flite rms. */
export const SHORT_PHRASES = ['two medium fries please', "i'd like a large cheeseburger"] as const;
/** About 3 s or more of speech: enough for a streaming engine's partials. */
export const LONG_PHRASE = "yes i'd like a large cheeseburger and two medium fries please";

export const STRUCTURE_GRAMMAR = `#JSGF V1.0;
grammar structure;
public <order> = [yes] [i'd like] [a | one | two] [small | medium | large] (cheeseburger | fries | coke) [and <item>] [please];
<item> = [a | one | two] [small | medium | large] (cheeseburger | fries | coke);
`;

const PLAIN_SEARCH: RecognitionSource = { kind: 'jsgf', name: 'structure', text: STRUCTURE_GRAMMAR };
const BIASED_SEARCH: RecognitionSource = {
  kind: 'jsgf', name: 'structure-biased', text: STRUCTURE_GRAMMAR, biasPhrases: ['large cheeseburger', 'medium fries', 'zorbleburger'],
};

const CHUNK = 512;

let flite: FliteTts | undefined;
const fliteCache = new Map<string, Int16Array>();

/** Flite rms speech at 16 kHz with 200 ms of silence either side (cached; callers get a copy). */
export async function fliteSpeech(text: string): Promise<Int16Array> {
  let pcm = fliteCache.get(text);
  if (!pcm) {
    flite ??= new FliteTts({ defaultVoice: 'rms' });
    const audio = await flite.synthesize(text);
    pcm = paddedForStt(audio.pcm, audio.sampleRate);
    fliteCache.set(text, pcm);
  }
  return pcm.slice();
}

export async function rejectsWith(p: Promise<unknown>, code: ErrorCode, what = ''): Promise<void> {
  await assert.rejects(p, (err: unknown) => {
    assert.ok(err instanceof HeedError, `${what}: expected a HeedError, got ${String(err)}`);
    assert.equal(err.code, code, `${what}: ${err.message}`);
    return true;
  }, what);
}

const audioMsOf = (pcm: Int16Array): number => (pcm.length / STT_SAMPLE_RATE) * 1000;

/**
 * A final hypothesis's shape: final, confidence in [0, 1], a finite score, words that join to the
 * text, word timings in order and inside the audio (one 10 ms frame of slack for rounding).
 */
export function checkFinalStructure(h: SttHypothesis, audioMs: number, what: string): void {
  assert.equal(h.final, true, `${what}: final`);
  assert.equal(typeof h.text, 'string', what);
  assert.equal(h.text, h.text.trim(), `${what}: text has surrounding blanks: ${JSON.stringify(h.text)}`);
  assert.ok(h.confidence >= 0 && h.confidence <= 1, `${what}: confidence ${h.confidence}`);
  assert.ok(Number.isFinite(h.score), `${what}: score ${h.score}`);
  assert.equal(h.words.map((w) => w.word).join(' '), h.text, `${what}: words do not join to the text`);
  if (h.rejected !== undefined) assert.equal(h.text, '', `${what}: rejected (${h.rejected}) but text '${h.text}'`);
  let prevStart = 0;
  let prevEnd = 0;
  for (const w of h.words) {
    assert.match(w.word, /^\S+$/, `${what}: word ${JSON.stringify(w.word)}`);
    assert.ok(Number.isFinite(w.startMs) && Number.isFinite(w.endMs), `${what}: ${w.word} timings ${w.startMs}-${w.endMs}`);
    assert.ok(w.startMs >= prevStart, `${what}: ${w.word} starts (${w.startMs}) before the previous word (${prevStart})`);
    assert.ok(w.startMs >= prevEnd - 10, `${what}: ${w.word} starts (${w.startMs}) inside the previous word (ends ${prevEnd})`);
    assert.ok(w.endMs >= w.startMs, `${what}: ${w.word} ends (${w.endMs}) before it starts (${w.startMs})`);
    assert.ok(w.endMs <= audioMs + 10, `${what}: ${w.word} ends at ${w.endMs} ms, after the audio (${audioMs} ms)`);
    assert.ok(w.confidence >= 0 && w.confidence <= 1, `${what}: ${w.word} confidence ${w.confidence}`);
    prevStart = w.startMs;
    prevEnd = w.endMs;
  }
}

function checkPartial(p: SttHypothesis, what: string): void {
  assert.equal(p.final, false, `${what}: a partial with final: true`);
  assert.notEqual(p.text.trim(), '', `${what}: an empty partial`);
  assert.ok(p.confidence >= 0 && p.confidence <= 1, `${what}: partial confidence ${p.confidence}`);
}

/** begin, feed in 512-sample chunks (collecting partials), end. */
async function streamed(engine: SttEngine, pcm: Int16Array): Promise<{ final: SttHypothesis; partials: SttHypothesis[] }> {
  await engine.begin();
  const partials: SttHypothesis[] = [];
  for (let i = 0; i < pcm.length; i += CHUNK) {
    const p = await engine.feed(pcm.subarray(i, i + CHUNK));
    if (p) partials.push(p);
  }
  return { final: await engine.end(), partials };
}

/** The engine's hotwords, when it exposes them (the in-process streaming Zipformer). */
function hotwordsOf(engine: SttEngine): string | undefined {
  if (!('hotwords' in engine)) return undefined;
  const value: unknown = engine.hotwords;
  return typeof value === 'string' ? value : undefined;
}

export function runSttStructureConformance(
  name: string,
  factory: () => Promise<SttStructureHarness>,
  opts: SttStructureOptions = {},
): void {
  const T = { timeout: opts.timeoutMs ?? 60_000 };
  const speak = opts.speak ?? fliteSpeech;
  const deterministic = opts.deterministic ?? true;

  describe(`SttEngine structure: ${name}`, () => {
    let h: SttStructureHarness;
    let closed = false;
    before(async () => {
      h = await factory();
      await h.engine.setSearch(PLAIN_SEARCH);
    }, T);
    after(async () => { if (!closed) await h.engine.close(); }, T);

    /** The same final as `reference`: all of it for deterministic engines, else the text. */
    const same = (got: SttHypothesis, reference: SttHypothesis, what: string): void => {
      if (deterministic) assert.deepEqual(got, reference, what);
      else assert.equal(got.text, reference.text, what);
    };

    test('recognize() on 1-3 s of speech gives a well-formed final hypothesis', T, async () => {
      for (const phrase of SHORT_PHRASES) {
        const pcm = await speak(phrase);
        const seconds = pcm.length / STT_SAMPLE_RATE;
        assert.ok(seconds >= 1 && seconds <= 3.5, `'${phrase}' is ${seconds.toFixed(2)} s`);
        checkFinalStructure(await h.engine.recognize(pcm), audioMsOf(pcm), `'${phrase}'`);
      }
    });

    test('begin / feed (512-sample chunks) / end gives what recognize() gives', T, async () => {
      for (const phrase of [...SHORT_PHRASES, LONG_PHRASE]) {
        const pcm = await speak(phrase);
        const whole = await h.engine.recognize(pcm);
        const { final, partials } = await streamed(h.engine, pcm);
        checkFinalStructure(final, audioMsOf(pcm), `streamed '${phrase}'`);
        same(final, whole, `streamed '${phrase}' differs from recognize()`);
        for (const p of partials) checkPartial(p, phrase);
        if (!h.streaming) assert.equal(partials.length, 0, `a non-streaming engine returned ${partials.length} partials`);
      }
    });

    test('partials on 3 s of speech: at least one from a streaming engine, none from a whole-utterance one', T, async () => {
      const pcm = await speak(LONG_PHRASE);
      assert.ok(pcm.length >= 3 * STT_SAMPLE_RATE, `${pcm.length / STT_SAMPLE_RATE} s`);
      const { final, partials } = await streamed(h.engine, pcm);
      if (h.streaming) assert.ok(partials.length > 0, 'no partial hypothesis');
      else assert.equal(partials.length, 0, 'a whole-utterance engine returned partials');
      for (const p of partials) checkPartial(p, LONG_PHRASE);
      checkFinalStructure(final, audioMsOf(pcm), 'final after partials');
    });

    test('setSearch() takes a JSGF source with biasPhrases (hotwords, where the engine has them)', T, async () => {
      const before = hotwordsOf(h.engine);
      if (before !== undefined) assert.equal(before, '', 'hotwords without biasPhrases');
      await h.engine.setSearch(BIASED_SEARCH);
      const hotwords = hotwordsOf(h.engine);
      if (hotwords !== undefined) {
        assert.notEqual(hotwords.trim(), '', 'biasPhrases gave no hotwords');
        assert.match(hotwords.toLowerCase(), /large cheeseburger/);
      }
      for (const phrase of [SHORT_PHRASES[0], LONG_PHRASE]) {
        const pcm = await speak(phrase);
        const whole = await h.engine.recognize(pcm);
        checkFinalStructure(whole, audioMsOf(pcm), `biased '${phrase}'`);
        const { final, partials } = await streamed(h.engine, pcm);
        same(final, whole, `biased, streamed '${phrase}' differs from recognize()`);
        for (const p of partials) checkPartial(p, phrase);
      }
      await h.engine.setSearch(PLAIN_SEARCH);
      if (hotwords !== undefined) assert.equal(hotwordsOf(h.engine), '', 'hotwords stay after a search without biasPhrases');
    });

    test('1 s of silence is empty text', T, async () => {
      for (const run of ['recognize', 'streamed'] as const) {
        const silence = new Int16Array(STT_SAMPLE_RATE);
        const r = run === 'recognize' ? await h.engine.recognize(silence) : (await streamed(h.engine, silence)).final;
        checkFinalStructure(r, 1000, `silence (${run})`);
        assert.equal(r.text, '', `silence (${run})`);
        assert.deepEqual(r.words, [], `silence (${run})`);
        if (opts.silenceRejected) assert.equal(r.rejected, 'no_speech', `silence (${run})`);
        else if (r.rejected !== undefined) assert.equal(r.rejected, 'no_speech', `silence (${run})`);
      }
    });

    test('out-of-order calls are DECODER_STATE', T, async () => {
      await rejectsWith(h.engine.end(), 'DECODER_STATE', 'end() before begin()');
      await rejectsWith(h.engine.feed(new Int16Array(CHUNK)), 'DECODER_STATE', 'feed() before begin()');
      await h.engine.begin();
      await rejectsWith(h.engine.begin(), 'DECODER_STATE', 'begin() twice');
      await h.engine.feed(new Int16Array(CHUNK));
      checkFinalStructure(await h.engine.end(), 32, 'end() after begin() twice');
      await rejectsWith(h.engine.end(), 'DECODER_STATE', 'end() twice');
      await rejectsWith(h.engine.feed(new Int16Array(CHUNK)), 'DECODER_STATE', 'feed() after end()');
    });

    test('an aborted signal is ABORTED on recognize / feed / end and leaves the engine usable', T, async () => {
      const pcm = await speak(SHORT_PHRASES[0]);
      const reference = await h.engine.recognize(pcm);
      const ac = new AbortController();
      ac.abort();
      const signal = ac.signal;

      await rejectsWith(h.engine.recognize(pcm, { signal }), 'ABORTED', 'recognize(aborted)');
      same(await h.engine.recognize(pcm), reference, 'recognize() after an aborted recognize()');

      await rejectsWith(h.engine.begin({ signal }), 'ABORTED', 'begin(aborted)');
      await rejectsWith(h.engine.feed(pcm.subarray(0, CHUNK)), 'DECODER_STATE', 'feed() after an aborted begin()');

      // An abort mid-utterance abandons it: begin() works again at once, nothing of it is left.
      await h.engine.begin();
      await h.engine.feed(pcm.subarray(0, pcm.length >> 1));
      await rejectsWith(h.engine.feed(pcm.subarray(pcm.length >> 1), { signal }), 'ABORTED', 'feed(aborted)');
      await rejectsWith(h.engine.end(), 'DECODER_STATE', 'end() after an aborted feed()');
      same((await streamed(h.engine, pcm)).final, reference, 'the utterance after an aborted feed()');

      await h.engine.begin();
      await h.engine.feed(pcm);
      await rejectsWith(h.engine.end({ signal }), 'ABORTED', 'end(aborted)');
      await rejectsWith(h.engine.end(), 'DECODER_STATE', 'end() after an aborted end()');
      same(await h.engine.recognize(pcm), reference, 'recognize() after an aborted end()');
    });

    test('use after close is DECODER_STATE', T, async () => {
      await h.engine.close();
      closed = true;
      const pcm = new Int16Array(STT_SAMPLE_RATE);
      await rejectsWith(h.engine.begin(), 'DECODER_STATE', 'begin() after close()');
      await rejectsWith(h.engine.feed(pcm), 'DECODER_STATE', 'feed() after close()');
      await rejectsWith(h.engine.end(), 'DECODER_STATE', 'end() after close()');
      await rejectsWith(h.engine.recognize(pcm), 'DECODER_STATE', 'recognize() after close()');
      await rejectsWith(h.engine.setSearch(PLAIN_SEARCH), 'DECODER_STATE', 'setSearch() after close()');
    });
  });
}
