import { test } from 'node:test';
import assert from 'node:assert/strict';
import { normalizeForSpeech } from '../../../../app/core/text/tts-normalize.js';
import { lexiconSchema, type Lexicon } from '../../../../app/core/text/lexicon.js';

const TIMEOUT = { timeout: 20_000 };

const LEXICON: Lexicon = lexiconSchema.parse({
  say: { Heed: 'heed', Qdoba: 'kew doba', '7-Eleven': 'seven eleven' },
  spell: ['MIT', 'BBQ'],
  words: ['NASA', 'IKEA'],
  pronounce: { zorble: 'Z AO R B AH L' },
});

type Row = readonly [input: string, spoken: string];

const MONEY: Row[] = [
  ['$4.95', 'four dollars and ninety-five cents'],
  ['$1', 'one dollar'],
  ['$0.99', 'ninety-nine cents'],
  ['$1,234.50', 'one thousand two hundred thirty-four dollars and fifty cents'],
  ['$12', 'twelve dollars'],
  ['-$3.00', 'minus three dollars'],
  ['4.95 dollars', 'four dollars and ninety-five cents'],
  ['€5', 'five euros'],
  ['€5.50', 'five euros and fifty cents'],
  ['£3.20', 'three pounds and twenty pence'],
  ['$.99', 'ninety-nine cents'],
  ['$1.01', 'one dollar and one cent'],
  ['$0', 'zero dollars'],
  ['$1.5 million', 'one point five million dollars'],
  ['$2M', 'two million dollars'],
  ['$5k', 'five thousand dollars'],
  ['$5-$10', 'five to ten dollars'],
  ['$5–10', 'five to ten dollars'],
  ['$4.95 to $5.50', 'four dollars and ninety-five cents to five dollars and fifty cents'],
  ['$3/lb', 'three dollars per pound'],
  ['$2 ea.', 'two dollars each'],
  ['99¢', 'ninety-nine cents'],
  ['Your total is $5.49.', 'Your total is five dollars and forty-nine cents.'],
  ['$12 even', 'twelve dollars even'],
  ['$1,000.05', 'one thousand dollars and five cents'],
  ['You saved 15% — that\'s $3.75 off.', 'You saved fifteen percent, that\'s three dollars and seventy-five cents off.'],
];

const TIMES: Row[] = [
  ['8:00', 'eight o\'clock'],
  ['8:05', 'eight oh five'],
  ['3:30 PM', 'three thirty p m'],
  ['3:30pm', 'three thirty p m'],
  ['Ready at 3:30 p.m. today', 'Ready at three thirty p m today'],
  ['15:30', 'three thirty p m'],
  ['12:00 PM', 'noon'],
  ['12 noon', 'noon'],
  ['12:00 AM', 'midnight'],
  ['0:00', 'midnight'],
  ['24:00', 'midnight'],
  ['8:00 AM', 'eight a m'],
  ['08:30', 'eight thirty a m'],
  ['12:30 AM', 'twelve thirty a m'],
  ['at 5pm', 'at five p m'],
  ['Open 9am-5pm', 'Open nine a m to five p m'],
  ['9:00–17:00', 'nine a m to five p m'],
  ['9 to 11am', 'nine to eleven a m'],
  ['Open until 9 p.m. We close early.', 'Open until nine p m. We close early.'],
  ['10:30:15', 'ten thirty and fifteen seconds'],
];

const DATES: Row[] = [
  ['2026-12-01', 'December first, twenty twenty-six'],
  ['12/1/2026', 'December first, twenty twenty-six'],
  ['12/01/26', 'December first, twenty twenty-six'],
  ['31/12/1999', 'December thirty-first, nineteen ninety-nine'],
  ['Dec 1', 'December first'],
  ['December 1st', 'December first'],
  ['Tue, Dec 1', 'Tuesday, December first'],
  ['Sat, Jan 3', 'Saturday, January third'],
  ['December 1, 2026', 'December first, twenty twenty-six'],
  ['Dec. 25th, 2026', 'December twenty-fifth, twenty twenty-six'],
  ['1 December 2026', 'the first of December, twenty twenty-six'],
  ['the 1st of December', 'the first of December'],
  ['December 2026', 'December twenty twenty-six'],
  ['Dec 1–5', 'December first to fifth'],
  ['on 12/25', 'on December twenty-fifth'],
  ['May I help you?', 'May I help you?'],
  ['Pickup on Tue, Dec 1 at 3:30pm.', 'Pickup on Tuesday, December first at three thirty p m.'],
];

const YEARS: Row[] = [
  ['in 1999', 'in nineteen ninety-nine'],
  ['since 2005', 'since two thousand five'],
  ['in 2026', 'in twenty twenty-six'],
  ['in 1905', 'in nineteen oh five'],
  ['in 1900', 'in nineteen hundred'],
  ['in 2000', 'in two thousand'],
  ['in 2010', 'in twenty ten'],
  ['from 1999 to 2005', 'from nineteen ninety-nine to two thousand five'],
  ['1200 calories', 'one thousand two hundred calories'],
  ['in 1500 ml', 'in one thousand five hundred milliliters'],
  ['2026 orders', 'two thousand twenty-six orders'],
  ['the 1990s', 'the nineteen nineties'],
  ['the \'90s', 'the nineties'],
  ['Est. 1999', 'established nineteen ninety-nine'],
  ['In 1999 we opened; by 2005 we had 12 stores.', 'In nineteen ninety-nine we opened; by two thousand five we had twelve stores.'],
];

const PHONES: Row[] = [
  ['555-123-4567', 'five five five, one two three, four five six seven'],
  ['(555) 123-4567', 'five five five, one two three, four five six seven'],
  ['+1 555 123 4567', 'five five five, one two three, four five six seven'],
  ['555.123.4567', 'five five five, one two three, four five six seven'],
  ['+1 (555) 123-4567', 'five five five, one two three, four five six seven'],
  ['1-800-555-0199', 'one, eight hundred, five five five, oh one nine nine'],
  ['+44 20 7946 0958', 'plus four four, two oh, seven nine four six, oh nine five eight'],
  ['555-0199', 'five five five, oh one nine nine'],
  ['555-123-4567 ext. 89', 'five five five, one two three, four five six seven, extension eight nine'],
  ['Call us at (555) 123-4567.', 'Call us at five five five, one two three, four five six seven.'],
  ['call 911', 'call nine-one-one'],
  ['911', 'nine-one-one'],
  ['In an emergency dial 911.', 'In an emergency dial nine-one-one.'],
  ['dial 999', 'dial nine-nine-nine'],
  ['call 112', 'call one-one-two'],
  ['call 311 or 411', 'call three-one-one or four-one-one'],
  ['text 988', 'text nine-eight-eight'],
  ['Room 311', 'Room three hundred eleven'],
];

const ORDINALS: Row[] = [
  ['1st', 'first'],
  ['2nd', 'second'],
  ['3rd', 'third'],
  ['4th', 'fourth'],
  ['11th', 'eleventh'],
  ['12th', 'twelfth'],
  ['21st', 'twenty-first'],
  ['102nd', 'one hundred second'],
  ['1,000th', 'one thousandth'],
  ['the 2nd floor', 'the second floor'],
];

const NUMBERS: Row[] = [
  ['2.5', 'two point five'],
  ['0.5', 'zero point five'],
  ['.5', 'point five'],
  ['3.14159', 'three point one four one five nine'],
  ['version 1.25', 'version one point two five'],
  ['1.2.3', 'one point two point three'],
  ['20%', 'twenty percent'],
  ['2.5%', 'two point five percent'],
  ['10-15%', 'ten to fifteen percent'],
  ['<2%', 'less than two percent'],
  ['-4', 'minus four'],
  ['-0.5', 'minus zero point five'],
  ['1,234', 'one thousand two hundred thirty-four'],
  ['1,234,567', 'one million two hundred thirty-four thousand five hundred sixty-seven'],
  ['1000000', 'one million'],
  ['3-5 days', 'three to five days'],
  ['Open 9 - 5', 'Open nine to five'],
  ['The score was 3-2.', 'The score was three to two.'],
  ['1999-2005', 'nineteen ninety-nine to two thousand five'],
  ['1/2', 'one half'],
  ['3/4', 'three quarters'],
  ['2/3', 'two thirds'],
  ['1/4', 'one quarter'],
  ['5/8', 'five eighths'],
  ['1 1/2', 'one and a half'],
  ['2 3/4', 'two and three quarters'],
  ['1½', 'one and a half'],
  ['12/25', 'December twenty-fifth'],
  ['24/7', 'twenty-four seven'],
  ['50/50', 'fifty fifty'],
  ['007', 'zero zero seven'],
  ['0', 'zero'],
  ['123456789012345678', 'one two three four five six seven eight nine zero one two three four five six seven eight'],
  ['18+', 'eighteen plus'],
  ['~5 min', 'about five minutes'],
  ['3x4', 'three by four'],
  ['Fries x2', 'Fries times two'],
  ['high 5s', 'high fives'],
  ['A1 sauce', 'A one sauce'],
  ['MP3', 'M P three'],
  ['4G', 'four G'],
  ['Get 2-for-1 burgers', 'Get two-for-one burgers'],
  ['COVID-19 rules', 'covid-nineteen rules'],
  ['I have 3,4 and 5', 'I have three, four and five'],
  ['Route 66', 'Route sixty-six'],
];

const UNITS: Row[] = [
  ['5 mi', 'five miles'],
  ['1 mile', 'one mile'],
  ['1 mi', 'one mile'],
  ['10 km', 'ten kilometers'],
  ['2 lbs', 'two pounds'],
  ['1 lb', 'one pound'],
  ['12 oz', 'twelve ounces'],
  ['16oz', 'sixteen ounces'],
  ['500 ml', 'five hundred milliliters'],
  ['30 min', 'thirty minutes'],
  ['1 min', 'one minute'],
  ['2 hrs', 'two hours'],
  ['2-3 hrs', 'two to three hours'],
  ['72°F', 'seventy-two degrees Fahrenheit'],
  ['-5°C', 'minus five degrees Celsius'],
  ['98.6°F', 'ninety-eight point six degrees Fahrenheit'],
  ['5\'10"', 'five feet ten inches'],
  ['20 MB', 'twenty megabytes'],
  ['1.5 GB', 'one point five gigabytes'],
  ['1/2 lb', 'one half of a pound'],
  ['1 1/2 lb', 'one and a half pounds'],
  ['6 pc nuggets', 'six piece nuggets'],
  ['5 mph', 'five miles per hour'],
  ['Our BBQ combo has 1,150 cal.', 'Our B B Q combo has one thousand one hundred fifty calories.'],
  ['1 in 5', 'one in five'],
];

const ABBREVIATIONS: Row[] = [
  ['Dr. Patel', 'Doctor Patel'],
  ['Elm Dr.', 'Elm Drive.'],
  ['Meet Dr. Patel at 12 Elm Dr.', 'Meet Doctor Patel at twelve Elm Drive.'],
  ['St. Louis', 'Saint Louis'],
  ['Main St.', 'Main Street.'],
  ['We are on Main St. We open at 9.', 'We are on Main Street. We open at nine.'],
  ['123 Main St, Springfield', 'one hundred twenty-three Main Street, Springfield'],
  ['1200 Elm St. Springfield', 'one thousand two hundred Elm Street. Springfield'],
  ['45 St. Mary\'s Rd.', 'forty-five Saint Mary\'s Road.'],
  ['Mr. Smith', 'Mister Smith'],
  ['Mrs. Jones', 'Missus Jones'],
  ['Ms. Lee', 'Miz Lee'],
  ['5th Ave.', 'fifth Avenue.'],
  ['Sunset Blvd. is closed', 'Sunset Boulevard is closed'],
  ['Ocean Rd.', 'Ocean Road.'],
  ['Ste. 200', 'Suite two hundred'],
  ['Apt. 4B', 'Apartment four B'],
  ['Apt #4', 'Apartment number four'],
  ['No. 5', 'number five'],
  ['approx. 5 min', 'approximately five minutes'],
  ['fries, shakes, etc.', 'fries, shakes, et cetera.'],
  ['sides, e.g. fries', 'sides, for example fries'],
  ['i.e. the burger', 'that is the burger'],
  ['Heat vs. Lakers', 'Heat versus Lakers'],
  ['John Smith Jr.', 'John Smith Junior.'],
  ['123 N Main St', 'one hundred twenty-three North Main Street'],
  ['w/ cheese', 'with cheese'],
  ['w/o onions', 'without onions'],
  ['Mon–Fri 9–5', 'Monday to Friday nine to five'],
  ['Mon-Sat 7am-10pm', 'Monday to Saturday seven a m to ten p m'],
  ['Sat & Sun 10-4', 'Saturday and Sunday ten to four'],
  ['Closed Sun.', 'Closed Sunday.'],
  ['Mon, Wed, Fri', 'Monday, Wednesday, Friday'],
  ['We\'re open Mon–Fri 7:30am–9pm, Sat 8–10 and closed Sun.', 'We\'re open Monday to Friday seven thirty a m to nine p m, Saturday eight to ten and closed Sunday.'],
];

const ACRONYMS_AND_BRANDS: Row[] = [
  ['MIT', 'M I T'],
  ['FAQ', 'F A Q'],
  ['ATM', 'A T M'],
  ['We have 3 ATMs.', 'We have three A T M\'s.'],
  ['NASA', 'nasa'],
  ['IKEA', 'ikea'],
  ['USA', 'U S A'],
  ['ID', 'I D'],
  ['TV', 'T V'],
  ['PIN', 'pin'],
  ['BBQ', 'B B Q'],
  ['XL', 'X L'],
  ['OK', 'okay'],
  ['FREE FRIES', 'FREE FRIES'],
  ['Meet at NASA HQ.', 'Meet at nasa H Q.'],
  ['U.S.A.', 'U S A.'],
  ['the U.S. team', 'the U S team'],
  ['AT&T', 'A T and T'],
  ['Heed', 'heed'],
  ['HEED', 'heed'],
  ['Qdoba', 'kew doba'],
  ['qdoba', 'kew doba'],
  ['Welcome to Heed Burgers!', 'Welcome to heed Burgers!'],
  ['Meet me at 7-Eleven', 'Meet me at seven eleven'],
  ['Heedless', 'Heedless'],
];

const SPEAKABLE_AND_SYMBOLS: Row[] = [
  ['2 × Fries', 'two Fries'],
  ['2 × Cheeseburger and 3x Fries', 'two Cheeseburger and three Fries'],
  ['#1', 'number one'],
  ['Your order #42 is ready', 'Your order number forty-two is ready'],
  ['Try the #1 — it is 20% off', 'Try the number one, it is twenty percent off'],
  ['Burgers & fries for 2', 'Burgers and fries for two'],
  ['info@heed.com', 'info at heed dot com'],
  ['www.heed.com/menu', 'w w w dot heed dot com slash menu'],
  ['Visit heed.com.', 'Visit heed dot com.'],
  ['Fries — large', 'Fries, large'],
  ['Is that all?', 'Is that all?'],
  ['Anything else?', 'Anything else?'],
  ['Your order: 2 × Large Fries $5.98; 1 × Cola $1.49. Total $7.47.',
    'Your order: two Large Fries five dollars and ninety-eight cents; one Cola one dollar and forty-nine cents. Total seven dollars and forty-seven cents.'],
  ['Delivery in 30–45 min; free over $25!', 'Delivery in thirty to forty-five minutes; free over twenty-five dollars!'],
  ['It\'s 72°F and sunny.', 'It\'s seventy-two degrees Fahrenheit and sunny.'],
  ['Call 911 or (555) 123-4567 by Dec 1 at 3:30pm — $4.95 at MIT, NASA.',
    'Call nine-one-one or five five five, one two three, four five six seven by December first at three thirty p m, four dollars and ninety-five cents at M I T, nasa.'],
];

const TABLE: Row[] = [
  ...MONEY, ...TIMES, ...DATES, ...YEARS, ...PHONES, ...ORDINALS, ...NUMBERS, ...UNITS, ...ABBREVIATIONS,
  ...ACRONYMS_AND_BRANDS, ...SPEAKABLE_AND_SYMBOLS,
];

const say = (text: string): string => normalizeForSpeech(text, { lexicon: LEXICON });

test('the table has at least 150 distinct rows', TIMEOUT, () => {
  assert.ok(TABLE.length >= 150, `only ${TABLE.length} rows`);
  assert.equal(new Set(TABLE.map(([input]) => input)).size, TABLE.length, 'every input appears once');
});

test('written text → spoken text, row by row', TIMEOUT, () => {
  const wrong: string[] = [];
  for (const [input, spoken] of TABLE) {
    const got = say(input);
    if (got !== spoken) wrong.push(`${JSON.stringify(input)}\n    want ${JSON.stringify(spoken)}\n    got  ${JSON.stringify(got)}`);
  }
  assert.equal(wrong.length, 0, `${wrong.length} of ${TABLE.length} rows differ:\n  ${wrong.join('\n  ')}`);
});

test('no digits and no "$" are left for the voice', TIMEOUT, () => {
  for (const [input] of TABLE) {
    const got = say(input);
    assert.ok(!/\d|\$/.test(got), `${JSON.stringify(input)} → ${JSON.stringify(got)}`);
  }
});

test('normalizing is idempotent over the whole table', TIMEOUT, () => {
  for (const [input] of TABLE) {
    const once = say(input);
    assert.equal(say(once), once, `normalizing ${JSON.stringify(input)} twice`);
  }
});

test('without a lexicon the built-in acronym rules still spell MIT and say NASA as a word', TIMEOUT, () => {
  assert.equal(normalizeForSpeech('MIT and NASA'), 'M I T and nasa');
  assert.equal(normalizeForSpeech('Heed at Qdoba'), 'Heed at Qdoba');
  assert.equal(normalizeForSpeech('ZZ Top'), 'Z Z Top');
});

test('the lexicon decides: say beats spell beats words; words lists are case-insensitive', TIMEOUT, () => {
  const lexicon = lexiconSchema.parse({ say: { NASA: 'the space agency' }, spell: ['IKEA', 'Heed'], words: ['FAQ'] });
  assert.equal(normalizeForSpeech('NASA, IKEA, FAQ, heed, Heed', { lexicon }), 'the space agency, I K E A, faq, heed, H E E D');
  assert.equal(normalizeForSpeech('Ikea', { lexicon: { words: ['IKEA'] } }), 'ikea');
});

test('sentence punctuation and line breaks survive for prosody', TIMEOUT, () => {
  assert.equal(say('Hi! Your total is $5.\nAnything else?'), 'Hi! Your total is five dollars.\nAnything else?');
  assert.equal(say('  Two   spaces\tand a tab  '), 'Two spaces and a tab');
  assert.equal(say(''), '');
});
