import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  formatPhone, parseCardinal, parseDate, parseDateTime, parseOrdinal, parsePhone, parsePrice, parseQuantity, parseSpelled, parseTime,
} from '../../../../app/core/text/itn.js';

const TIMEOUT = { timeout: 10_000 };
/** Wednesday, June 11th 2025 (local calendar). */
const TODAY = new Date(2025, 5, 11, 15, 42);
const w = (s: string): string[] => (s.length === 0 ? [] : s.split(' '));

type Case = [string, unknown];

const CARDINALS: Case[] = [
  ['zero', 0], ['seven', 7], ['twelve', 12], ['twenty', 20], ['twenty five', 25], ['ninety nine', 99],
  ['a hundred', 100], ['one hundred', 100], ['one hundred five', 105], ['one hundred and five', 105],
  ['nine hundred ninety nine', 999], ['twelve hundred', 1200], ['twenty five hundred and six', 2506],
  ['a thousand', 1000], ['a thousand and one', 1001], ['two thousand twenty six', 2026],
  ['nine hundred ninety nine thousand nine hundred ninety nine', 999_999], ['a hundred thousand', 100_000],
  ['one million two hundred thousand', 1_200_000],
  ['', null], ['five five', null], ['twenty twenty', null], ['hundred', null], ['one oh five', null], ['a', null],
  ['one hundred and', null], ['five twenty', null], ['two thousand twelve hundred', null], ['zero zero', null], ['banana', null],
];

const QUANTITIES: Case[] = [
  ['a', 1], ['an', 1], ['one', 1], ['two', 2], ['twenty', 20], ['ninety nine', 99], ['a couple', 2], ['a couple of', 2],
  ['a dozen', 12], ['half a dozen', 6], ['zero', null], ['a hundred', null], ['couple', null],
];

const ORDINALS: Case[] = [
  ['first', 1], ['second', 2], ['twelfth', 12], ['twentieth', 20], ['twenty first', 21], ['thirty first', 31], ['the fifth', 5],
  ['ninety ninth', 99], ['hundredth', 100], ['one hundredth', 100], ['one hundred and second', 102], ['twenty', null], ['first first', null],
];

const PRICES: Case[] = [
  ['two ninety nine', 2.99], ['four dollars and ninety five cents', 4.95], ['ninety nine cents', 0.99], ['twelve dollars', 12],
  ['twelve fifty', 12.5], ['a dollar fifty', 1.5], ['one oh five', 1.05], ['ten bucks', 10], ['a dollar', 1], ['one cent', 0.01],
  ['four dollars ninety five', 4.95], ['four dollars and five cents', 4.05], ['twelve', 12], ['two hundred fifty', 250],
  ['one twenty', 1.2], ['twenty twenty', 20.2], ['twenty five fifty', 25.5], ['a hundred oh five', 100.05], ['a buck fifty', 1.5],
  ['twelve bucks and fifty cents', 12.5], ['dollars', null], ['cents', null], ['four dollars and', null], ['a fifty', null],
  ['two ninety nine cents', null], ['one hundred cents', null], ['five five', null],
];

const PHONES: Case[] = [
  ['five five five one two three four', '5551234'], ['five five five one two three four five six seven', '5551234567'],
  ['oh five five one two three four', '0551234'], ['double five five one two three four', '5551234'],
  ['triple seven one two three four', '7771234'], ['five fifty five twelve thirty four', '5551234'],
  ['five five five twelve hundred', '5551200'], ['nine one one', '911'], ['nine eleven', '911'],
  ['one eight hundred five five five one two three four', '18005551234'],
  ['four one five five five five twelve thirty four', '4155551234'], ['fifty five five one two three four', '5551234'],
  ['five five five oh oh oh one', '5550001'], ['five five five five thousand', '5555000'],
  ['five five five one two three', null], ['one two three', null], ['five five five one two three four five', null],
  ['two five five five one two three four five six seven', null], ['five five five one two three banana', null], ['double', null],
];

const TIMES: Case[] = [
  ['three thirty p m', { hour: 15, minute: 30, ambiguous: false }], ['three thirty pm', { hour: 15, minute: 30, ambiguous: false }],
  ['half past three', { hour: 3, minute: 30, ambiguous: true }], ['quarter to five', { hour: 4, minute: 45, ambiguous: true }],
  ['a quarter to five', { hour: 4, minute: 45, ambiguous: true }], ['quarter past nine', { hour: 9, minute: 15, ambiguous: true }],
  ['noon', { hour: 12, minute: 0, ambiguous: false }], ['twelve noon', { hour: 12, minute: 0, ambiguous: false }],
  ['midnight', { hour: 0, minute: 0, ambiguous: false }], ["ten o'clock", { hour: 10, minute: 0, ambiguous: true }],
  ['eleven fifteen', { hour: 11, minute: 15, ambiguous: true }], ['two in the afternoon', { hour: 14, minute: 0, ambiguous: false }],
  ['nine in the morning', { hour: 9, minute: 0, ambiguous: false }], ['nine a m', { hour: 9, minute: 0, ambiguous: false }],
  ['twelve a m', { hour: 0, minute: 0, ambiguous: false }], ['twelve p m', { hour: 12, minute: 0, ambiguous: false }],
  ['quarter to one', { hour: 12, minute: 45, ambiguous: true }], ['ten past midnight', { hour: 0, minute: 10, ambiguous: false }],
  ['quarter to midnight', { hour: 23, minute: 45, ambiguous: false }], ['eleven at night', { hour: 23, minute: 0, ambiguous: false }],
  ['one at night', { hour: 1, minute: 0, ambiguous: false }], ['eight tonight', { hour: 20, minute: 0, ambiguous: false }],
  ['twenty five minutes to six p m', { hour: 17, minute: 35, ambiguous: false }], ['fourteen thirty', { hour: 14, minute: 30, ambiguous: false }],
  ['twenty one fifteen', { hour: 21, minute: 15, ambiguous: false }], ['one oh five p m', { hour: 13, minute: 5, ambiguous: false }],
  ['a quarter after ten a m', { hour: 10, minute: 15, ambiguous: false }], ['twelve thirty', { hour: 12, minute: 30, ambiguous: true }],
  ['half past twelve a m', { hour: 0, minute: 30, ambiguous: false }], ['seven in the evening', { hour: 19, minute: 0, ambiguous: false }],
  ['half to three', null], ['thirteen p m', null], ['seven sixty', null], ['quarter past', null], ['fifteen', null], ['noon p m', null],
];

const DATES: Case[] = [
  ['today', '2025-06-11'], ['tomorrow', '2025-06-12'], ['the day after tomorrow', '2025-06-13'], ['monday', '2025-06-16'],
  ['wednesday', '2025-06-18'], ['this wednesday', '2025-06-11'], ['this friday', '2025-06-13'], ['next tuesday', '2025-06-17'],
  ['next friday', '2025-06-20'], ['this coming monday', '2025-06-16'], ['on friday', '2025-06-13'], ['december fifth', '2025-12-05'],
  ['the fifth of december', '2025-12-05'], ['december the twenty first', '2025-12-21'], ['june tenth', '2026-06-10'],
  ['june eleventh', '2025-06-11'], ['the fifth', '2025-07-05'], ['the fifteenth', '2025-06-15'], ['the thirty first', '2025-07-31'],
  ['december fifth twenty twenty six', '2026-12-05'], ['march first two thousand and twenty seven', '2027-03-01'],
  ['the first of january twenty oh nine', '2009-01-01'], ['february twenty ninth', '2028-02-29'], ['december five', '2025-12-05'],
  ['february twenty ninth twenty twenty five', null], ['february thirtieth', null], ['the fifth of', null], ['next', null],
  ['december', null], ['thirty second', null],
];

const SPELLED: Case[] = [
  ['j o h n', 'John'], ['b i double l', 'Bill'], ['double l', 'Ll'], ['j as in juliet o h n', 'John'], ['x ray', 'X'],
  ['alpha bravo charlie', 'Abc'], ['m c double e', 'Mcee'], ['k a y', 'Kay'], ['see are why', 'Cry'], ['zulu', 'Z'],
  ['j as in banana', null], ['hello', null], ['double', null], ['a b c d e f g h i j k l m n o p q r s t u', null],
];

const suites: Array<[string, Case[], (words: string[]) => unknown]> = [
  ['parseCardinal', CARDINALS, parseCardinal],
  ['parseQuantity', QUANTITIES, parseQuantity],
  ['parseOrdinal', ORDINALS, parseOrdinal],
  ['parsePrice', PRICES, parsePrice],
  ['parsePhone', PHONES, parsePhone],
  ['parseTime', TIMES, parseTime],
  ['parseDate', DATES, (words) => parseDate(words, TODAY)],
  ['parseSpelled', SPELLED, parseSpelled],
];

for (const [name, cases, fn] of suites) {
  test(`${name}: ${cases.length} spoken forms`, TIMEOUT, () => {
    for (const [said, want] of cases) assert.deepEqual(fn(w(said)), want, `${name}("${said}")`);
  });
}

test('the case table is large enough to mean something', TIMEOUT, () => {
  assert.ok(suites.reduce((n, [, cases]) => n + cases.length, 0) >= 80);
});

test('parseDateTime splits at "at", or reads a time before the date', TIMEOUT, () => {
  assert.deepEqual(parseDateTime(w('next tuesday at half past three'), TODAY), { date: '2025-06-17', hour: 3, minute: 30, ambiguous: true });
  assert.deepEqual(parseDateTime(w('tomorrow at noon'), TODAY), { date: '2025-06-12', hour: 12, minute: 0, ambiguous: false });
  assert.deepEqual(parseDateTime(w('three p m on friday'), TODAY), { date: '2025-06-13', hour: 15, minute: 0, ambiguous: false });
  assert.deepEqual(parseDateTime(w('at seven thirty tomorrow'), TODAY), { date: '2025-06-12', hour: 7, minute: 30, ambiguous: true });
  assert.deepEqual(parseDateTime(w('december fifth at eleven at night'), TODAY), { date: '2025-12-05', hour: 23, minute: 0, ambiguous: false });
  assert.equal(parseDateTime(w('tomorrow at'), TODAY), null);
  assert.equal(parseDateTime(w('tomorrow'), TODAY), null);
  assert.equal(parseDateTime(w('at noon'), TODAY), null);
});

test('formatPhone groups by length', TIMEOUT, () => {
  assert.equal(formatPhone('5551234567'), '555-123-4567');
  assert.equal(formatPhone('5551234'), '555-1234');
  assert.equal(formatPhone('18005551234'), '1-800-555-1234');
  assert.equal(formatPhone('911'), '911');
  assert.equal(formatPhone('12ab'), '12ab');
});

test('no parser throws on arbitrary words', TIMEOUT, () => {
  const vocab = ['a', 'and', 'the', 'at', 'on', 'of', 'to', 'past', 'half', 'quarter', 'double', 'hundred', 'thousand', 'million', 'oh', 'zero',
    'one', 'five', 'twelve', 'twenty', 'ninety', 'first', 'thirty', 'dollars', 'cents', 'p', 'm', "o'clock", 'noon', 'next', 'friday',
    'december', 'as', 'in', 'x', 'ray', 'tomorrow', '', 'constructor', '__proto__', 'toString'];
  let seed = 7;
  const rnd = (): number => ((seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648);
  for (let i = 0; i < 3000; i++) {
    const words = Array.from({ length: Math.floor(rnd() * 14) }, () => vocab[Math.floor(rnd() * vocab.length)] as string);
    for (const [, , fn] of suites) fn(words);
    parseDateTime(words, TODAY);
    parseDate(words, new Date(Number.NaN));
  }
});
