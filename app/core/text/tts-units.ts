/**
 * Measurements and percentages: "5 mi" → "five miles", "1 lb" → "one pound", "2-3 hrs" → "two to
 * three hours", "72°F" → "seventy-two degrees Fahrenheit", "5'10\"" → "five feet ten inches",
 * "20%" → "twenty percent". Singular only for exactly 1; a proper fraction reads "of a" ("1/2 lb" →
 * "one half of a pound"). Unit abbreviations are matched case-sensitively ("MB" yes, "mb" no).
 */
import { fractionWords, mixedNumberWords, numberToWords, numberWords } from './spoken-numbers.js';
import { escapeRegExp, rewrite } from './tts-rewrite.js';

/** [written, singular, plural]. "in" and "s" are left out on purpose: "1 in 5", "5 s" are too ambiguous. */
const UNITS: ReadonlyArray<readonly [string, string, string]> = [
  ['mi', 'mile', 'miles'], ['km', 'kilometer', 'kilometers'], ['m', 'meter', 'meters'],
  ['cm', 'centimeter', 'centimeters'], ['mm', 'millimeter', 'millimeters'],
  ['ft', 'foot', 'feet'], ['yd', 'yard', 'yards'], ['yds', 'yard', 'yards'],
  ['sq ft', 'square foot', 'square feet'], ['sq mi', 'square mile', 'square miles'],
  ['kg', 'kilogram', 'kilograms'], ['g', 'gram', 'grams'], ['mg', 'milligram', 'milligrams'],
  ['lb', 'pound', 'pounds'], ['lbs', 'pound', 'pounds'], ['oz', 'ounce', 'ounces'],
  ['fl oz', 'fluid ounce', 'fluid ounces'], ['ml', 'milliliter', 'milliliters'], ['mL', 'milliliter', 'milliliters'],
  ['l', 'liter', 'liters'], ['L', 'liter', 'liters'], ['gal', 'gallon', 'gallons'], ['qt', 'quart', 'quarts'],
  ['min', 'minute', 'minutes'], ['mins', 'minute', 'minutes'], ['hr', 'hour', 'hours'], ['hrs', 'hour', 'hours'],
  ['h', 'hour', 'hours'], ['sec', 'second', 'seconds'], ['secs', 'second', 'seconds'], ['ms', 'millisecond', 'milliseconds'],
  ['mph', 'mile per hour', 'miles per hour'], ['km/h', 'kilometer per hour', 'kilometers per hour'],
  ['kph', 'kilometer per hour', 'kilometers per hour'],
  ['KB', 'kilobyte', 'kilobytes'], ['kB', 'kilobyte', 'kilobytes'], ['MB', 'megabyte', 'megabytes'],
  ['GB', 'gigabyte', 'gigabytes'], ['TB', 'terabyte', 'terabytes'], ['Mbps', 'megabit per second', 'megabits per second'],
  ['cal', 'calorie', 'calories'], ['Cal', 'calorie', 'calories'], ['kcal', 'kilocalorie', 'kilocalories'],
  ['kW', 'kilowatt', 'kilowatts'], ['kWh', 'kilowatt hour', 'kilowatt hours'],
  ['pcs', 'piece', 'pieces'], ['pc', 'piece', 'piece'], ['ct', 'count', 'count'],
  ['°F', 'degree Fahrenheit', 'degrees Fahrenheit'], ['°C', 'degree Celsius', 'degrees Celsius'], ['°', 'degree', 'degrees'],
];

const UNIT_BY_ABBR = new Map(UNITS.map(([abbr, one, many]) => [abbr, { one, many }] as const));

/** Words after a number that make it a count, never a year or a phone number ("1999 calories"). */
const COUNT_WORDS = new Set([
  ...UNITS.map(([abbr]) => abbr), ...UNITS.flatMap(([, one, many]) => [one, many]),
  'calories', 'people', 'persons', 'items', 'points', 'steps', 'orders', 'customers', 'guests', 'words', 'pieces',
  'dollars', 'cents', 'euros', 'pounds', 'units', 'seats', 'rooms', 'votes', 'copies', 'times', 'percent', 'days',
  'weeks', 'months', 'years', 'hours', 'minutes', 'seconds', 'miles', 'feet', 'meters', 'grams', 'kilograms', 'liters',
]);

/** Whether `word` (the word after a number) makes the number a count. */
export function isCountWord(word: string): boolean {
  return COUNT_WORDS.has(word) || COUNT_WORDS.has(word.toLowerCase());
}

/** One number in a measurement: integer, grouped, decimal, fraction or mixed number. */
export const QUANTITY = String.raw`\d+\s\d+\/\d+|\d+\/\d+|(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|\.\d+`;

const UNIT_ALT = [...UNIT_BY_ABBR.keys()].sort((a, b) => b.length - a.length).map(escapeRegExp).join('|');
const RANGE = String.raw`(?:(\s*(?:-|–|—|to)\s*)(-?)(${QUANTITY}))?`;
const UNIT_RE = new RegExp(String.raw`(?<![\w.,/$-])(-?)(${QUANTITY})${RANGE}\s?(${UNIT_ALT})(?![\w°])`, 'g');
const PERCENT_RE = new RegExp(String.raw`(?<![\w.,/$-])(-?)(${QUANTITY})${RANGE}\s?%`, 'g');
const FEET_INCHES_RE = /(?<![\w.'])(\d{1,2})['′]\s?(\d{1,2})(?:["″]|'')/g;

interface QuantityWords { words: string; one: boolean; properFraction: boolean }

/** A QUANTITY token → words, and whether it is exactly one or a proper fraction. */
export function quantityWords(sign: string, token: string): QuantityWords {
  const minus = sign === '-' ? 'minus ' : '';
  const mixed = /^(\d+)\s(\d+)\/(\d+)$/.exec(token);
  const frac = /^(\d+)\/(\d+)$/.exec(token);
  if (mixed || frac) {
    const whole = mixed ? Number(mixed[1]) : 0;
    const n = Number(mixed ? mixed[2] : frac?.[1]);
    const d = Number(mixed ? mixed[3] : frac?.[2]);
    const sane = Number.isSafeInteger(whole) && Number.isSafeInteger(n) && Number.isSafeInteger(d) && d >= 2 && n >= 1;
    if (!sane) return { words: `${minus}${numberWords(token.replace(/\/.*$/, ''))}`, one: false, properFraction: false };
    if (mixed) return { words: `${minus}${mixedNumberWords(whole, n, d)}`, one: false, properFraction: false };
    return { words: `${minus}${fractionWords(n, d)}`, one: false, properFraction: n < d };
  }
  return { words: `${minus}${numberWords(token)}`, one: token === '1', properFraction: false };
}

/** "5 mi", "2-3 hrs", "72°F", "1/2 lb". */
function units(text: string): string {
  return rewrite(text, UNIT_RE, (m) => {
    const unit = UNIT_BY_ABBR.get(m[6] ?? '');
    if (!unit) return null;
    const a = quantityWords(m[1] ?? '', m[2] ?? '');
    if (m[5] !== undefined) {
      const b = quantityWords(m[4] ?? '', m[5]);
      return `${a.words} to ${b.words} ${unit.many}`;
    }
    if (a.properFraction) return `${a.words} of a ${unit.one}`;
    return `${a.words} ${a.one ? unit.one : unit.many}`;
  });
}

/** "20%", "2.5%", "10-15%". */
function percents(text: string): string {
  return rewrite(text, PERCENT_RE, (m) => {
    const a = quantityWords(m[1] ?? '', m[2] ?? '');
    if (m[5] !== undefined) return `${a.words} to ${quantityWords(m[4] ?? '', m[5]).words} percent`;
    return `${a.words} percent`;
  });
}

/** 5'10" → "five feet ten inches". */
function feetAndInches(text: string): string {
  return rewrite(text, FEET_INCHES_RE, (m) => {
    const ft = Number(m[1]);
    const inch = Number(m[2]);
    return `${numberToWords(ft)} ${ft === 1 ? 'foot' : 'feet'} ${numberToWords(inch)} ${inch === 1 ? 'inch' : 'inches'}`;
  });
}

export function speakUnits(text: string): string {
  return percents(units(feetAndInches(text)));
}
