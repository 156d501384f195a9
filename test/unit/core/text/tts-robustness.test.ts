import { test } from 'node:test';
import assert from 'node:assert/strict';
import { normalizeForSpeech } from '../../../../app/core/text/tts-normalize.js';
import type { Lexicon } from '../../../../app/core/text/lexicon.js';

const LEXICON: Lexicon = {
  say: { Heed: 'heed', 'C++': 'see plus plus', '(a|b)*': 'star', 'Big  Mac': 'big mac' },
  spell: ['MIT', 'BBQ'],
  words: ['NASA'],
  pronounce: {},
};

/** A small deterministic PRNG so a failure can be replayed. */
function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const CHARS = '0123456789012345678901234567890123456789 .,:;/-–—+$€£¥¢%#&@()\'"°×x~<>!?aAbBcDdEeFfmMpPsStTrRnN\n\t½²';
const TOKENS = ['Dr.', 'St.', 'Mon', 'Dec', 'May', 'in', 'call', 'dial', '911', 'am', 'pm', 'p.m.', 'NASA', 'MIT', 'lb', 'mi',
  'oz', '°F', 'ext.', 'No.', 'e.g.', 'www.', '.com', '@', 'x', '$', '(555)', '1,000', '12:00', '2026-', '/', 'Est.', 'since',
  'the', 'Heed', 'C++', '1/2', '3-5', '+1', '24:00', '99999999999999999999', '1st', '0.5', '-', '#'];

function randomText(rnd: () => number): string {
  let s = '';
  const len = Math.floor(rnd() * 60);
  for (let i = 0; i < len; i++) {
    if (rnd() < 0.3) s += `${rnd() < 0.5 ? ' ' : ''}${TOKENS[Math.floor(rnd() * TOKENS.length)] ?? ''}${rnd() < 0.5 ? ' ' : ''}`;
    else s += CHARS[Math.floor(rnd() * CHARS.length)] ?? '';
  }
  return s;
}

test('random strings of digits, punctuation and letters never throw and leave no digits or "$"', { timeout: 60_000 }, () => {
  const rnd = prng(20_261_201);
  for (let i = 0; i < 4000; i++) {
    const input = randomText(rnd);
    let out = '';
    assert.doesNotThrow(() => { out = normalizeForSpeech(input, { lexicon: i % 2 === 0 ? LEXICON : undefined }); }, `input ${JSON.stringify(input)}`);
    assert.ok(!/\d|\$/.test(out), `${JSON.stringify(input)} → ${JSON.stringify(out)}`);
  }
});

test('10 000-character inputs finish quickly (no catastrophic backtracking)', { timeout: 60_000 }, () => {
  const pieces = ['1', '1,000,', '1.', '1-', '1/', '1:', ' ', '\n', 'a', 'A', 'A.', 'Dr. ', 'Main St. ', '$1,', '555 ', '(555) ',
    'a1', '$', 'a.', 'www.', '1 ', 'Mon ', 'Mon-', '12:00 ', '1 p', 'Dec 1 ', 'in 1999 ', '+1 ', '&1', '1st', '1 - ', "5'1\"",
    'Heed Big  Mac ', 'C++ ', '9am-', '1 1/', '1%-', 'call 1', ' \n\t', '\u00a0', '((((1))))'];
  const realistic = 'Your total is $4.95. Call (555) 123-4567, Mon–Fri 9am–5pm, at 12 Elm Dr. See Dr. Patel on Dec 1, 2026. ';
  for (const piece of [...pieces, realistic]) {
    const input = piece.repeat(Math.ceil(10_000 / piece.length)).slice(0, 10_000);
    const t0 = performance.now();
    const out = normalizeForSpeech(input, { lexicon: LEXICON });
    const ms = performance.now() - t0;
    assert.ok(ms < 1_000, `${JSON.stringify(piece)} × ${input.length} chars took ${ms.toFixed(0)} ms`);
    assert.ok(!/\d|\$/.test(out), `${JSON.stringify(piece)}: digits left`);
  }
});

test('odd lexicons and odd arguments do not break it', { timeout: 10_000 }, () => {
  assert.equal(normalizeForSpeech('I code in C++ daily', { lexicon: LEXICON }), 'I code in see plus plus daily');
  assert.equal(normalizeForSpeech('a Big   Mac', { lexicon: LEXICON }), 'a big mac');
  assert.equal(normalizeForSpeech('$5', { lexicon: {} }), 'five dollars');
  assert.equal(normalizeForSpeech('$5', { lexicon: { say: { '': 'x', ' ': 'y' }, spell: [''], words: [] } }), 'five dollars');
  assert.equal(normalizeForSpeech('constructor toString __proto__', { lexicon: { say: { Heed: 'heed' } } }), 'constructor toString __proto__');
  assert.equal(normalizeForSpeech('\u0000\u0007 2 \uFEFF'), 'two');
  assert.equal(normalizeForSpeech('１２３'), 'one hundred twenty-three');
});
