import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sentenceEnd, sentencesFrom } from '../../../app/core/pipeline/sentence-stream.js';
import { speakStream } from '../../../app/core/pipeline/speak.js';
import { FakeTts } from '../../../app/engines/tts/fake.js';

async function* chunks(text: string, size: number, delayMs = 0): AsyncGenerator<string> {
  for (let i = 0; i < text.length; i += size) {
    if (delayMs) await new Promise((r) => setTimeout(r, delayMs));
    yield text.slice(i, i + size);
  }
}

async function all(it: AsyncIterable<string>): Promise<string[]> {
  const out: string[] = [];
  for await (const s of it) out.push(s);
  return out;
}

const TEXT = 'A burger is $5.49 today. Dr. Lee is in at 3.30 on Main St. next week! Want fries? Sure\nthanks';
const EXPECTED = ['A burger is $5.49 today.', 'Dr. Lee is in at 3.30 on Main St. next week!', 'Want fries?', 'Sure', 'thanks'];

test('sentences end at . ! ? and line breaks, not in prices, decimals or abbreviations', { timeout: 5000 }, async () => {
  assert.deepEqual(await all(sentencesFrom(chunks(TEXT, TEXT.length))), EXPECTED);
});

test('the same sentences whatever the chunk boundaries', { timeout: 5000 }, async () => {
  for (const size of [1, 2, 3, 5, 7, 13]) assert.deepEqual(await all(sentencesFrom(chunks(TEXT, size))), EXPECTED, `chunks of ${size}`);
});

test('a sentence is released before the text stream ends', { timeout: 5000 }, async () => {
  let finished = false;
  async function* deltas(): AsyncGenerator<string> {
    yield 'First one. Sec';
    await new Promise((r) => setTimeout(r, 20));
    yield 'ond one.';
    finished = true;
  }
  for await (const s of sentencesFrom(deltas())) {
    assert.equal(s, 'First one.');
    assert.equal(finished, false);
    break;
  }
  assert.equal(sentenceEnd('no end yet'), -1);
  assert.deepEqual(await all(sentencesFrom(chunks('', 1))), []);
  assert.deepEqual(await all(sentencesFrom(chunks('   ', 1))), []);
});

test('speakStream synthesizes each sentence as it completes, and stops on abort', { timeout: 5000 }, async () => {
  const tts = new FakeTts();
  const got: string[] = [];
  const r = await speakStream(tts, chunks(TEXT, 4, 1), { onAudio: (a, i, s) => { assert.ok(a.pcm.length > 0); assert.equal(i, got.length); got.push(s); } });
  assert.deepEqual(got, EXPECTED);
  assert.equal(r.sentences, EXPECTED.length);
  assert.ok(r.firstAudioMs !== null && r.firstAudioMs >= 0);
  const ac = new AbortController();
  const heard: string[] = [];
  await speakStream(tts, chunks(TEXT, 4, 1), { signal: ac.signal, onAudio: (_a, _i, s) => { heard.push(s); ac.abort(); } });
  assert.deepEqual(heard, [EXPECTED[0]]);
});
