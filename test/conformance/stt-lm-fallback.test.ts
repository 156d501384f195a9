/**
 * The domain n-gram LM with the real pocketsphinx decoder: an ARPA model built from a small
 * drive-thru grammar loads and transcribes speech, and as the free-form fallback of a grammar it
 * turns an utterance the grammar cannot parse into LM text (`source: 'lm'`).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { floatToInt16, int16ToFloat, toMono } from '../../app/audio/pcm.js';
import { parseWav } from '../../app/audio/wav.js';
import { HeedError } from '../../app/core/errors.js';
import { makeGrammar, optional, phrases, ref, repeat, seq, word } from '../../app/core/grammar/ast.js';
import { compileDomainLm } from '../../app/core/grammar/domain-lm.js';
import { Listener } from '../../app/core/pipeline/listener.js';
import { FakeStt, fakeSpeech } from '../../app/engines/stt/fake.js';
import { arpaWords, PocketsphinxStt } from '../../app/engines/stt/pocketsphinx.js';
import { FALLBACK_MAX_CONFIDENCE, type SttEngine, type SttHypothesis } from '../../app/engines/stt/types.js';
import { FakeVad } from '../../app/engines/vad/fake.js';
import { sttInWorker } from '../helpers/worker-engines.js';
import { makeUtterance, type VoiceId } from '../helpers/utterances.js';

const T = { timeout: 60_000 };

/** A drive-thru-like ordering grammar; every word is in cmudict. */
const ORDERING = makeGrammar('mini_order', 'order', [
  { name: 'order', isPublic: true, node: seq(optional(phrases(['i would like', 'can i get', 'i want', 'give me'])), ref('line'), repeat(seq(word('and'), ref('line')), 0), optional(word('please'))) },
  { name: 'line', isPublic: false, node: seq(optional(ref('qty')), optional(ref('size')), ref('item')) },
  { name: 'qty', isPublic: false, node: phrases(['a', 'one', 'two', 'three']) },
  { name: 'size', isPublic: false, node: phrases(['small', 'medium', 'large']) },
  { name: 'item', isPublic: false, node: phrases(['cheeseburger', 'cheeseburgers', 'hamburger', 'fries', 'coke', 'cokes', 'chicken sandwich', 'milkshake', 'water']) },
]);
const ARPA = compileDomainLm(ORDERING);
const LM_WORDS = new Set(arpaWords(ARPA));

/**
 * A grammar that cannot parse a short order by construction: its one sentence has 217 phones,
 * more than a 2.5 s utterance has frames for, so no path reaches its end. (A small grammar such
 * as yes | no is no good here: pocketsphinx stretches "no" over "i would like a large coke" and
 * returns it with confidence 1, so the fallback never runs; nor is "where is the bathroom", which
 * parses or not depending on the decoder's running cepstral mean.)
 */
const LONG_SENTENCE = 'excuse me could you please tell me where i can find the bathroom and whether the restaurant is open on sunday morning because my whole family would like to come back for breakfast next week after the soccer game and we would also like to know if you take reservations for a large group of about twelve people thank you very much';
const LONG = `#JSGF V1.0;\ngrammar help;\npublic <help> = ${LONG_SENTENCE};\n`;
const BATHROOM = '#JSGF V1.0;\ngrammar bathroom;\npublic <help> = where is the bathroom;\n';
const UNPARSED = ['i would like a large coke', 'give me a hamburger'];

async function speech(text: string, voice: VoiceId = 'flite:slt'): Promise<Int16Array> {
  const wav = parseWav(readFileSync(await makeUtterance({ text, voice })));
  return floatToInt16(toMono(wav.channelData));
}

/** How many of the said words were heard (as a multiset). */
function wordsRight(said: string, heard: string): number {
  const left = heard.split(' ');
  let n = 0;
  for (const w of said.split(' ')) {
    const i = left.indexOf(w);
    if (i >= 0) { n++; left.splice(i, 1); }
  }
  return n;
}

function checkFallback(h: SttHypothesis, said: string): void {
  assert.equal(h.final, true);
  assert.equal(h.source, 'lm', `"${said}" → "${h.text}" from ${h.source ?? '?'}`);
  assert.notEqual(h.text, '');
  assert.ok(h.confidence >= 0 && h.confidence <= FALLBACK_MAX_CONFIDENCE, `confidence ${h.confidence}`);
  assert.equal(h.words.map((w) => w.word).join(' '), h.text);
  for (const w of h.words) assert.ok(LM_WORDS.has(w.word), `${w.word} is an LM word`);
  assert.ok(wordsRight(said, h.text) >= 2, `"${said}" → "${h.text}"`);
}

async function timed<R>(fn: () => Promise<R>): Promise<[R, number]> {
  const t0 = performance.now();
  const r = await fn();
  return [r, performance.now() - t0];
}

describe('the domain LM with pocketsphinx', () => {
  let stt: PocketsphinxStt;
  let dir: string;
  before(() => {
    stt = new PocketsphinxStt();
    dir = mkdtempSync(join(tmpdir(), 'heed-lm-test-'));
  });
  after(async () => {
    await stt.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('an ARPA LM built from the grammar loads as an n-gram search and transcribes an order', T, async (t) => {
    const path = join(dir, 'order.lm');
    writeFileSync(path, ARPA);
    await stt.setSearch({ kind: 'ngram', name: 'order-lm', path });
    for (const said of ['can i get two cheeseburgers and a milkshake', 'three medium fries please']) {
      const h = await stt.recognize(await speech(said));
      t.diagnostic(`LM search: "${said}" → "${h.text}"`);
      assert.equal(h.source, 'lm');
      assert.ok(wordsRight(said, h.text) >= said.split(' ').length - 2, `"${said}" → "${h.text}"`);
    }
  });

  test('without a fallback LM an unparsable utterance is empty, with one it is LM text', T, async (t) => {
    for (const said of UNPARSED) {
      const pcm = await speech(said);
      await stt.setSearch({ kind: 'jsgf', name: 'help', text: LONG });
      const [plain, plainMs] = await timed(() => stt.recognize(pcm));
      assert.equal(plain.text, '', `the grammar alone: "${said}" → "${plain.text}"`);
      assert.equal(plain.source, 'grammar');

      const [, loadMs] = await timed(() => stt.setSearch({ kind: 'jsgf', name: 'help', text: LONG, fallbackLmArpa: ARPA }));
      const [h, fallbackMs] = await timed(() => stt.recognize(pcm));
      checkFallback(h, said);
      t.diagnostic(`fallback: "${said}" → "${h.text}" (confidence ${h.confidence.toFixed(3)})`);
      t.diagnostic(`${(pcm.length / 16000).toFixed(2)} s of audio: ${plainMs.toFixed(0)} ms grammar only, ${fallbackMs.toFixed(0)} ms with the fallback (+${(fallbackMs - plainMs).toFixed(0)} ms); LM load ${loadMs.toFixed(0)} ms`);
    }
  });

  test('a parse stays the grammar result and the grammar is selected again after a fallback', T, async () => {
    await stt.setSearch({ kind: 'jsgf', name: 'help', text: LONG, fallbackLmArpa: ARPA });
    checkFallback(await stt.recognize(await speech(UNPARSED[0] as string)), UNPARSED[0] as string);
    const h = await stt.recognize(await speech(LONG_SENTENCE));
    assert.equal(h.text, LONG_SENTENCE);
    assert.equal(h.source, 'grammar');
    assert.equal(h.confidence, 1);
    // Silence: the LM hears nothing in it either.
    const silent = await stt.recognize(new Int16Array(16000));
    assert.equal(silent.text, '');
    assert.deepEqual(silent.words, []);
    // Another grammar with the same LM: an utterance it parses is the grammar's.
    await stt.setSearch({ kind: 'jsgf', name: 'bathroom', text: BATHROOM, fallbackLmArpa: ARPA });
    const b = await stt.recognize(await speech('where is the bathroom'));
    assert.deepEqual({ text: b.text, source: b.source }, { text: 'where is the bathroom', source: 'grammar' });
  });

  test('streaming in 512-sample chunks falls back like recognize()', T, async () => {
    await stt.setSearch({ kind: 'jsgf', name: 'help', text: LONG, fallbackLmArpa: ARPA });
    const said = UNPARSED[1] as string;
    const pcm = await speech(said);
    checkFallback(await stt.recognize(pcm), said);
    await stt.begin();
    let partials = 0;
    for (let i = 0; i < pcm.length; i += 512) {
      const p = await stt.feed(pcm.subarray(i, i + 512));
      if (p) { partials++; assert.equal(p.source, 'grammar', 'partials come from the grammar'); }
    }
    assert.ok(partials > 0);
    // (Not necessarily the same words as above: the decoder's cepstral mean moved on.)
    checkFallback(await stt.end(), said);
  });

  test('a bad ARPA is GRAMMAR_INVALID and the previous search stays', T, async () => {
    await stt.setSearch({ kind: 'jsgf', name: 'help', text: LONG });
    await assert.rejects(
      stt.setSearch({ kind: 'jsgf', name: 'other', text: BATHROOM, fallbackLmArpa: 'not an lm\n' }),
      (e: unknown) => e instanceof HeedError && e.code === 'GRAMMAR_INVALID' && /fallback LM/.test(e.message),
    );
    const h = await stt.recognize(await speech(UNPARSED[0] as string));
    assert.deepEqual({ text: h.text, source: h.source }, { text: '', source: 'grammar' }, 'the long grammar, no fallback');
  });
});

test('the fallback works through the STT worker', T, async () => {
  const stt: SttEngine = await sttInWorker();
  try {
    await stt.setSearch({ kind: 'jsgf', name: 'help', text: LONG, fallbackLmArpa: ARPA });
    const said = UNPARSED[0] as string;
    checkFallback(await stt.recognize(await speech(said)), said);
    const h = await stt.recognize(await speech(LONG_SENTENCE));
    assert.deepEqual({ text: h.text, source: h.source }, { text: LONG_SENTENCE, source: 'grammar' });
  } finally {
    await stt.close();
  }
});

test('the fake engine mirrors the fallback', T, async () => {
  const stt = new FakeStt();
  const yesNo = '#JSGF V1.0;\ngrammar yn;\npublic <a> = yes | no;\n';
  await stt.setSearch({ kind: 'jsgf', name: 'yn', text: yesNo });
  assert.equal((await stt.recognize(fakeSpeech('a large coke'))).text, '');
  await stt.setSearch({ kind: 'jsgf', name: 'yn', text: yesNo, fallbackLmArpa: ARPA });
  const h = await stt.recognize(fakeSpeech('a large zebra coke'));
  assert.deepEqual({ text: h.text, source: h.source }, { text: 'a large coke', source: 'lm' });
  assert.ok(h.confidence <= FALLBACK_MAX_CONFIDENCE);
  const y = await stt.recognize(fakeSpeech('yes'));
  assert.deepEqual({ text: y.text, source: y.source, confidence: y.confidence }, { text: 'yes', source: 'grammar', confidence: 1 });
  await assert.rejects(stt.setSearch({ kind: 'jsgf', name: 'yn', text: yesNo, fallbackLmArpa: '\\data\\\nngram 1=3\n\n\\1-grams:\n-1 a\n\n\\end\\\n' }),
    (e: unknown) => e instanceof HeedError && e.code === 'GRAMMAR_INVALID');
  await stt.close();
});

test('the listener passes a fallback transcript on as the turn', T, async () => {
  const yesNo = '#JSGF V1.0;\ngrammar yn;\npublic <a> = yes | no;\n';
  const heard = async (fallbackLmArpa?: string): Promise<SttHypothesis | undefined> => {
    const stt = new FakeStt();
    await stt.setSearch({ kind: 'jsgf', name: 'yn', text: yesNo, ...(fallbackLmArpa ? { fallbackLmArpa } : {}) });
    // Speech on a VAD window boundary, no pre-roll (see respond-pipeline.test.ts).
    const listener = new Listener({ vad: new FakeVad(), stt, segmenter: { threshold: 0.5, minSpeechMs: 100, minSilenceMs: 300, speechPadMs: 0 } });
    const audio = int16ToFloat(fakeSpeech('a large coke', { leadMs: 480, tailMs: 800 }));
    const turn = (await listener.push(audio)) ?? (await listener.finish());
    await stt.close();
    return turn?.hypothesis;
  };
  const lm = await heard(ARPA);
  assert.deepEqual({ text: lm?.text, source: lm?.source }, { text: 'a large coke', source: 'lm' });
  assert.ok((lm?.confidence ?? 1) <= FALLBACK_MAX_CONFIDENCE);
  const plain = await heard();
  assert.deepEqual({ text: plain?.text, source: plain?.source }, { text: '', source: 'grammar' });
});
