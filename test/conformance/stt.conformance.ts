import { resampleInt16 } from '../../app/audio/resample.js';
/**
 * The behaviour every SttEngine must show, run against the fake and the real engine.
 * The factory supplies the engine and a `speak(text)` that makes 16 kHz audio it can hear.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { HeedError } from '../../app/core/errors.js';
import type { ErrorCode } from '../../app/core/error-codes.js';
import type { SttEngine, SttHypothesis } from '../../app/engines/stt/types.js';

export interface SttHarness {
  engine: SttEngine;
  /** 16 kHz mono int16 audio of `text` that this engine can recognise. */
  speak(text: string): Promise<Int16Array>;
}

const T = { timeout: 30_000 };

export const ORDER_GRAMMAR = `#JSGF V1.0;
grammar order;
public <order> = <item> | yes | no | that's all;
<item> = [i'd like] [a | one | two] [small | medium | large] (cheeseburger | fries | coke) [please];
`;

export const HELP_GRAMMAR = `#JSGF V1.0;
grammar help;
public <help> = where is the bathroom | cancel my order | talk to a person;
`;

const INVALID_GRAMMARS: ReadonlyArray<[string, string]> = [
  ['no header', 'public <a> = yes | no;'],
  ['unbalanced brackets', '#JSGF V1.0;\ngrammar g;\npublic <a> = ( yes | no ;'],
  ['undefined rule', '#JSGF V1.0;\ngrammar g;\npublic <a> = yes | <nothing>;'],
  ['uppercase word', '#JSGF V1.0;\ngrammar g;\npublic <a> = YES | no;'],
  ['no public rule', '#JSGF V1.0;\ngrammar g;\n<a> = yes | no;'],
];

async function rejectsWith(p: Promise<unknown>, code: ErrorCode): Promise<void> {
  await assert.rejects(p, (err: unknown) => {
    assert.ok(err instanceof HeedError, `expected a HeedError, got ${String(err)}`);
    assert.equal(err.code, code, err.message);
    return true;
  });
}

function checkFinal(h: SttHypothesis, text: string): void {
  assert.equal(h.text, text);
  assert.equal(h.final, true);
  assert.ok(h.confidence >= 0 && h.confidence <= 1, `confidence ${h.confidence}`);
  assert.equal(h.words.map((w) => w.word).join(' '), text);
  let prevStart = -1;
  for (const w of h.words) {
    assert.ok(w.startMs >= prevStart, `word ${w.word} starts before the previous one`);
    assert.ok(w.endMs >= w.startMs, `word ${w.word} ends before it starts`);
    assert.ok(w.confidence >= 0 && w.confidence <= 1, `word confidence ${w.confidence}`);
    prevStart = w.startMs;
  }
}

export function runSttConformance(name: string, factory: () => Promise<SttHarness>): void {
  describe(`SttEngine conformance: ${name}`, () => {
    let h: SttHarness;
    before(async () => { h = await factory(); });
    after(async () => { await h.engine.close(); });

    test('recognises in-grammar phrases exactly, with word timings', T, async () => {
      await h.engine.setSearch({ kind: 'jsgf', name: 'order', text: ORDER_GRAMMAR });
      for (const phrase of ["i'd like a large cheeseburger", 'two medium fries please', "that's all"]) {
        checkFinal(await h.engine.recognize(await h.speak(phrase)), phrase);
      }
    });

    test('streams partials in 512-sample chunks and ends on the same final', T, async () => {
      await h.engine.setSearch({ kind: 'jsgf', name: 'order', text: ORDER_GRAMMAR });
      const phrase = "i'd like a large cheeseburger";
      const pcm = await h.speak(phrase);
      const whole = await h.engine.recognize(pcm);
      await h.engine.begin();
      const partials: SttHypothesis[] = [];
      for (let i = 0; i < pcm.length; i += 512) {
        const p = await h.engine.feed(pcm.subarray(i, i + 512));
        if (p) partials.push(p);
      }
      const final = await h.engine.end();
      assert.ok(partials.length > 0, 'no partial hypothesis');
      for (const p of partials) {
        assert.equal(p.final, false);
        assert.notEqual(p.text, '');
      }
      checkFinal(final, phrase);
      assert.equal(final.text, whole.text);
    });

    test('swaps grammars at run time', T, async () => {
      await h.engine.setSearch({ kind: 'jsgf', name: 'help', text: HELP_GRAMMAR });
      checkFinal(await h.engine.recognize(await h.speak('cancel my order')), 'cancel my order');
      await h.engine.setSearch({ kind: 'jsgf', name: 'order', text: ORDER_GRAMMAR });
      checkFinal(await h.engine.recognize(await h.speak('two medium fries please')), 'two medium fries please');
    });

    test('spots keyphrases', T, async () => {
      await h.engine.setSearch({ kind: 'keyphrase', name: 'kws', phrases: [{ phrase: 'large cheeseburger', threshold: 1e-20 }] });
      const r = await h.engine.recognize(await h.speak("i'd like a large cheeseburger"));
      assert.equal(r.text, 'large cheeseburger');
      await h.engine.setSearch({ kind: 'jsgf', name: 'order', text: ORDER_GRAMMAR });
    });

    test('rejects invalid grammars with GRAMMAR_INVALID and keeps the previous search', T, async () => {
      await h.engine.setSearch({ kind: 'jsgf', name: 'order', text: ORDER_GRAMMAR });
      for (const [why, text] of INVALID_GRAMMARS) {
        await rejectsWith(h.engine.setSearch({ kind: 'jsgf', name: `bad`, text }), 'GRAMMAR_INVALID').catch((e: unknown) => {
          throw new Error(`${why}: ${String(e)}`);
        });
      }
      checkFinal(await h.engine.recognize(await h.speak('yes')), 'yes');
    });

    test('out-of-order calls are DECODER_STATE', T, async () => {
      await rejectsWith(h.engine.end(), 'DECODER_STATE');
      await rejectsWith(h.engine.feed(new Int16Array(512)), 'DECODER_STATE');
      await h.engine.begin();
      await rejectsWith(h.engine.begin(), 'DECODER_STATE');
      await h.engine.end();
      await rejectsWith(h.engine.end(), 'DECODER_STATE');
    });

    test('an aborted signal is ABORTED and leaves the engine usable', T, async () => {
      const ac = new AbortController();
      ac.abort();
      const pcm = await h.speak('yes');
      await rejectsWith(h.engine.recognize(pcm, { signal: ac.signal }), 'ABORTED');
      await rejectsWith(h.engine.setSearch({ kind: 'jsgf', name: 'order', text: ORDER_GRAMMAR }, { signal: ac.signal }), 'ABORTED');
      await h.engine.begin();
      await h.engine.feed(pcm.subarray(0, 512));
      await rejectsWith(h.engine.feed(pcm.subarray(512), { signal: ac.signal }), 'ABORTED');
      checkFinal(await h.engine.recognize(pcm), 'yes');
      await h.engine.begin();
      await rejectsWith(h.engine.end({ signal: ac.signal }), 'ABORTED');
      checkFinal(await h.engine.recognize(pcm), 'yes');
    });

    test('silence is empty text', T, async () => {
      const r = await h.engine.recognize(new Int16Array(16000));
      assert.equal(r.text, '');
      assert.deepEqual(r.words, []);
      assert.equal(r.final, true);
    });

    test('use after close is DECODER_STATE', T, async () => {
      await h.engine.close();
      await rejectsWith(h.engine.begin(), 'DECODER_STATE');
    });
  });
}

/** TTS output made ready for a recognizer: 16 kHz, with 200 ms of silence either side. */
export function paddedForStt(pcm: Int16Array, sampleRate: number): Int16Array {
  const speech = resampleInt16(pcm, sampleRate, 16000);
  const out = new Int16Array(speech.length + 6400);
  out.set(speech, 3200);
  return out;
}
