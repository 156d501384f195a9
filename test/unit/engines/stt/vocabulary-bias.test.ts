/** Hotwords files for sherpa-onnx transducers and the conservative snapping of Whisper text to the domain phrases. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { editDistance, hotwordsFileText, phoneticKey, snapToVocabulary } from '../../../../app/engines/stt/vocabulary-bias.js';

const T = { timeout: 10_000 };

test('hotwords: one PHRASE :score line per phrase, upper-cased for upper-case models', T, () => {
  assert.equal(hotwordsFileText(['cheeseburger', 'spicy chicken sandwich'], { score: 1.5, upperCase: true }), 'CHEESEBURGER :1.5\nSPICY CHICKEN SANDWICH :1.5\n');
  assert.equal(hotwordsFileText(['cheeseburger', "new year's eve"], { score: 2, upperCase: false }), "cheeseburger :2\nnew year's eve :2\n");
  assert.equal(hotwordsFileText([], { score: 1.5, upperCase: true }), '');
});

test('hotwords: whitespace and case normalized, duplicates once', T, () => {
  assert.equal(hotwordsFileText(['  Diet   Coke ', 'diet coke', 'DIET COKE'], { score: 1.5, upperCase: true }), 'DIET COKE :1.5\n');
});

test('hotwords: phrases with characters a BPE model cannot take are dropped, not fatal', T, () => {
  const text = hotwordsFileText(['7 up', 'café', 'b&q', 'follow-up', 'x:1', 'ok', '...', 'apple pie'], { score: 1.5, upperCase: true });
  assert.equal(text, 'CAFÉ :1.5\nOK :1.5\nAPPLE PIE :1.5\n');
});

test('hotwords: a word canEncode rejects drops its phrase', T, () => {
  const canEncode = (w: string): boolean => /^[a-z']+$/.test(w) && w !== 'zorbleburger';
  const seen: string[] = [];
  const text = hotwordsFileText(['zorbleburger', 'café latte', 'apple pie'], { score: 1, upperCase: false, canEncode: (w) => { seen.push(w); return canEncode(w); } });
  assert.equal(text, 'apple pie :1\n');
  assert.ok(seen.every((w) => w === w.toLowerCase()), 'canEncode gets lower-case words');
});

test('hotwords: a score that is not a positive number is an error', T, () => {
  assert.throws(() => hotwordsFileText(['a b'], { score: 0, upperCase: true }), RangeError);
  assert.throws(() => hotwordsFileText(['a b'], { score: Number.NaN, upperCase: true }), RangeError);
  assert.equal(hotwordsFileText(['apple pie'], { score: 1.234567, upperCase: true }), 'APPLE PIE :1.23\n');
});

test('editDistance and phoneticKey', T, () => {
  assert.equal(editDistance('kitten', 'sitting'), 3);
  assert.equal(editDistance('', 'abc'), 3);
  assert.equal(editDistance('same', 'same'), 0);
  assert.equal(phoneticKey('chees burger'), phoneticKey('cheeseburger'));
  assert.equal(phoneticKey('zorbel'), phoneticKey('zorble'));
  assert.equal(phoneticKey('okafor'), phoneticKey('okefore'));
  assert.equal(phoneticKey('fone'), phoneticKey('phone'));
  assert.notEqual(phoneticKey('cola'), phoneticKey('coffee'));
  assert.equal(phoneticKey(''), '');
});

/** A drive-thru / clinic vocabulary; `words` holds what is correct as it is (grammar words and common English). */
const PHRASES = [
  'cheeseburger', 'cheeseburgers', 'hamburger', 'zorbleburger', 'chicken sandwich', 'spicy chicken sandwich', 'chicken nuggets', 'nuggets',
  'french fries', 'fries', 'onion rings', 'diet coke', 'lemonade', 'apple pie', 'cheese', 'onions', 'pickles', 'small', 'medium', 'large',
  'number one combo', 'doctor okafor', 'okafor', 'maria lopez', 'lopez', 'physiotherapy', 'acupuncture', 'pickup',
];
const WORDS = new Set([
  ...PHRASES.flatMap((p) => p.split(' ')),
  'i', 'a', 'an', 'the', 'can', 'get', 'want', 'would', 'like', "i'd", 'and', 'with', 'no', 'please', 'thanks', 'to', 'see', 'my', 'is',
  'burger', 'chess', 'cheap', 'pick', 'up', 'order', 'make', 'it', 'two', 'for', 'appointment', 'have', 'an', 'doctor', 'large', 'pie',
  'coke', 'diet', 'also', 'some', 'dr', 'hello', 'at', 'nine', 'tomorrow', 'book', 'chicken', 'sandwich', 'ring', 'rings',
]);
const VOCAB = { phrases: PHRASES, words: WORDS };
const snap = (text: string, maxDistance?: number): ReturnType<typeof snapToVocabulary> => snapToVocabulary(text, VOCAB, maxDistance === undefined ? {} : { maxDistance });

test('snaps near misses of domain phrases', T, () => {
  assert.deepEqual(snap('zorble burger'), { text: 'zorbleburger', replaced: [{ from: 'zorble burger', to: 'zorbleburger' }] });
  assert.deepEqual(snap('chees burger'), { text: 'cheeseburger', replaced: [{ from: 'chees burger', to: 'cheeseburger' }] });
  assert.equal(snap('i want a zorbel burger please').text, 'i want a zorbleburger please');
  assert.equal(snap('can i get a chees burger and fries').text, 'can i get a cheeseburger and fries');
  assert.equal(snap('two chees burgers').text, 'two cheeseburgers');
  assert.equal(snap('a hamburgr').text, 'a hamburger');
  assert.equal(snap('spicy chiken sandwich').text, 'spicy chicken sandwich');
  assert.equal(snap('an order of chiken nuggets').text, 'an order of chicken nuggets');
  assert.equal(snap('I have an appointment with doctor okafur').text, 'I have an appointment with doctor okafor');
  assert.equal(snap('acupunture tomorrow at nine').text, 'acupuncture tomorrow at nine');
  assert.equal(snap('large lemonaid').text, 'large lemonade');
});

test('keeps punctuation and the case of what it replaces', T, () => {
  assert.deepEqual(snap('Can I get a Chees burger, please?'), { text: 'Can I get a Cheeseburger, please?', replaced: [{ from: 'Chees burger', to: 'cheeseburger' }] });
  assert.equal(snap('Zorble burger.').text, 'Zorbleburger.');
  assert.equal(snap('LEMONAID').text, 'LEMONADE');
  assert.equal(snap('with Maria Lopes').text, 'with Maria Lopez', 'every word capitalized: the phrase too');
  // A window does not reach across punctuation.
  assert.equal(snap('chees, burger').text, 'cheese, burger');
});

test('leaves correct text alone, exactly as written', T, () => {
  for (const t of ['doctor okafor', 'I have an appointment with Doctor Okafor.', 'a cheeseburger and fries', 'spicy chicken sandwich', 'maria lopez',
    'can i get a large diet coke', '  spaced   out  text ', '', 'no onions no pickles']) {
    assert.deepEqual(snap(t), { text: t, replaced: [] }, t);
  }
});

test('leaves unrelated words alone', T, () => {
  for (const t of ['hello there', 'what is the weather like', 'i would like to speak to a manager', 'xylophone', 'supercalifragilistic']) {
    assert.deepEqual(snap(t).replaced, [], t);
  }
});

test('never touches digits or number words', T, () => {
  assert.equal(snap('number 1 combo').text, 'number 1 combo');
  assert.equal(snap('number one combo').text, 'number one combo');
  assert.equal(snap('2 cheeseburger').text, '2 cheeseburger');
  assert.equal(snap('nine').text, 'nine');
  // A number word stays even with a phrase one letter away and no known words at all.
  assert.deepEqual(snapToVocabulary('ninety seven', { phrases: ['minety', 'ninety sevens'], words: new Set() }).replaced, []);
  assert.deepEqual(snapToVocabulary('hundredth', { phrases: ['hundreds'], words: new Set() }).replaced, []);
});

test('never replaces a known word or a short word on its own', T, () => {
  assert.equal(snap('chess').text, 'chess', 'a common word, though one letter from "cheese"');
  assert.equal(snap('cheap pie').text, 'cheap pie');
  assert.equal(snap('pick up my order').text, 'pick up my order', 'known words are not glued into "pickup"');
  assert.equal(snap('ryngs').text, 'ryngs', 'alone it is near nothing long enough');
  assert.equal(snapToVocabulary('sam', { phrases: ['sammy'], words: new Set() }).text, 'sam', '3 letters or fewer: never');
  assert.equal(snapToVocabulary('samy', { phrases: ['sammy'], words: new Set() }).text, 'sammy', '4 letters and unknown: may snap');
});

test('a known or short word at a window edge is not swallowed', T, () => {
  // "a" and "no" stay; only the misheard word changes.
  assert.equal(snap('a chees').text, 'a cheese');
  assert.equal(snap('no chees please').text, 'no cheese please');
  assert.equal(snap('no pickels').text, 'no pickles');
});

test('ambiguity: a window equally close to two phrases is left alone', T, () => {
  const v = { phrases: ['sander', 'sanders', 'slander'], words: new Set<string>() };
  // "sandes" is one edit from "sander" and one from "sanders".
  assert.deepEqual(snapToVocabulary('sandes', v), { text: 'sandes', replaced: [] });
  // "sandrs" is one edit from "sanders", two from "sander": not a tie.
  assert.equal(snapToVocabulary('sandrs', v).text, 'sanders');
});

test('maxDistance: tighter means fewer corrections', T, () => {
  assert.equal(snap('lemonaid', 0.25).text, 'lemonade');
  // Two edits in eight letters: within 0.25, and within 0.4 by sound (same key) for "pickels".
  assert.equal(snap('lemonaid', 0.1).text, 'lemonaid');
  assert.equal(snap('no pickels', 0.1).text, 'no pickels');
});
