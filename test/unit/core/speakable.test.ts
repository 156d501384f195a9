import { test } from 'node:test';
import assert from 'node:assert/strict';
import { centsToWords, formatMoney, numberToWords, speakable } from '../../../app/core/speakable.js';
import { normalizeTypedText } from '../../../app/core/dialog/normalize-text.js';

const TIMEOUT = { timeout: 5_000 };

test('numbers to words', TIMEOUT, () => {
  assert.equal(numberToWords(0), 'zero');
  assert.equal(numberToWords(7), 'seven');
  assert.equal(numberToWords(49), 'forty-nine');
  assert.equal(numberToWords(100), 'one hundred');
  assert.equal(numberToWords(1205), 'one thousand two hundred five');
  assert.equal(numberToWords(2_000_019), 'two million nineteen');
  assert.throws(() => numberToWords(1.5), RangeError);
});

test('money', TIMEOUT, () => {
  assert.equal(centsToWords(549), 'five dollars and forty-nine cents');
  assert.equal(centsToWords(100), 'one dollar');
  assert.equal(centsToWords(101), 'one dollar and one cent');
  assert.equal(centsToWords(99), 'ninety-nine cents');
  assert.equal(centsToWords(0), 'zero dollars');
  assert.equal(formatMoney(5.49), '$5.49');
  assert.equal(formatMoney(10), '$10.00');
  assert.equal(formatMoney(0.1 + 0.2), '$0.30');
  assert.equal(formatMoney(1234.5), '$1,234.50');
});

test('speakable rewrites screen text for the voice', TIMEOUT, () => {
  assert.equal(speakable('Your total is $5.49.'), 'Your total is five dollars and forty-nine cents.');
  assert.equal(speakable('$12 even'), 'twelve dollars even');
  assert.equal(speakable('$1,000.05'), 'one thousand dollars and five cents');
  assert.equal(speakable('2 × Cheeseburger and 3x Fries'), 'two Cheeseburger and three Fries');
  assert.equal(speakable('Try the #1 — it is 20% off'), 'Try the number one, it is twenty percent off');
  assert.equal(speakable('Burgers & fries for 2'), 'Burgers and fries for two');
  assert.equal(speakable('version 1.25'), 'version one point two five');
});

test('typed text is normalised to grammar words', TIMEOUT, () => {
  assert.deepEqual(normalizeTypedText("Can I get 2 Cheeseburgers w/o onions, pls!"), ['can', 'i', 'get', 'two', 'cheeseburgers', 'without', 'onions', 'please']);
  assert.deepEqual(normalizeTypedText('#1 and a lg coke'), ['number', 'one', 'and', 'a', 'large', 'coke']);
  assert.deepEqual(normalizeTypedText('thats all'), ["that's", 'all']);
  assert.deepEqual(normalizeTypedText('I’d like 10 fries'), ["i'd", 'like', 'ten', 'fries']);
  assert.deepEqual(normalizeTypedText('   '), []);
});
