import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  cardinalWords, decadeWords, decimalWords, digitWords, fractionWords, mixedNumberWords, numberToWords, ordinalWords, yearWords,
} from '../../../../app/core/text/spoken-numbers.js';
import { timeWords } from '../../../../app/core/text/tts-times.js';
import { serviceNumberWords } from '../../../../app/core/text/tts-phone.js';
import { dateWords } from '../../../../app/core/text/tts-dates.js';

const TIMEOUT = { timeout: 5_000 };

test('cardinals, including grouped and very long digit strings', TIMEOUT, () => {
  assert.equal(numberToWords(0), 'zero');
  assert.equal(numberToWords(-12), 'minus twelve');
  assert.equal(cardinalWords('1,234'), 'one thousand two hundred thirty-four');
  assert.equal(cardinalWords('0042'), 'forty-two');
  assert.equal(cardinalWords('1234567890123456'), 'one two three four five six seven eight nine zero one two three four five six');
  assert.equal(cardinalWords(''), '');
  assert.equal(digitWords('5550100', 'oh'), 'five five five oh one oh oh');
});

test('ordinals', TIMEOUT, () => {
  const cases: Array<[string, string]> = [['1', 'first'], ['2', 'second'], ['3', 'third'], ['5', 'fifth'], ['8', 'eighth'],
    ['9', 'ninth'], ['12', 'twelfth'], ['20', 'twentieth'], ['21', 'twenty-first'], ['100', 'one hundredth'], ['102', 'one hundred second']];
  for (const [n, w] of cases) assert.equal(ordinalWords(n), w, n);
});

test('years and decades', TIMEOUT, () => {
  const cases: Array<[number, string]> = [[1999, 'nineteen ninety-nine'], [2005, 'two thousand five'], [2026, 'twenty twenty-six'],
    [1905, 'nineteen oh five'], [1900, 'nineteen hundred'], [2000, 'two thousand'], [2010, 'twenty ten'], [1066, 'ten sixty-six']];
  for (const [y, w] of cases) assert.equal(yearWords(y), w, String(y));
  assert.equal(decadeWords('1990'), 'nineteen nineties');
  assert.equal(decadeWords('80'), 'eighties');
});

test('decimals and fractions', TIMEOUT, () => {
  assert.equal(decimalWords('2', '05'), 'two point zero five');
  assert.equal(decimalWords('', '5'), 'point five');
  assert.equal(fractionWords(1, 2), 'one half');
  assert.equal(fractionWords(3, 2), 'three halves');
  assert.equal(fractionWords(3, 4), 'three quarters');
  assert.equal(fractionWords(1, 3), 'one third');
  assert.equal(fractionWords(7, 16), 'seven sixteenths');
  assert.equal(mixedNumberWords(1, 1, 2), 'one and a half');
  assert.equal(mixedNumberWords(2, 3, 4), 'two and three quarters');
});

test('clock times, dates and service numbers', TIMEOUT, () => {
  assert.equal(timeWords(8, 0, undefined), 'eight o\'clock');
  assert.equal(timeWords(8, 5, undefined), 'eight oh five');
  assert.equal(timeWords(15, 30, undefined), 'three thirty p m');
  assert.equal(timeWords(12, 0, 'p'), 'noon');
  assert.equal(timeWords(12, 0, 'a'), 'midnight');
  assert.equal(timeWords(0, 0, undefined), 'midnight');
  assert.equal(timeWords(0, 15, undefined), 'twelve fifteen a m');
  assert.equal(timeWords(7, 75, undefined), null);
  assert.equal(timeWords(25, 0, undefined), null);
  assert.equal(dateWords(12, 1, 2026), 'December first, twenty twenty-six');
  assert.equal(dateWords(7, 4), 'July fourth');
  assert.equal(serviceNumberWords('911'), 'nine-one-one');
});
