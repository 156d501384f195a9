/**
 * Prices for the voice. "$4.95" → "four dollars and ninety-five cents", "$1" → "one dollar",
 * "$0.99" → "ninety-nine cents", "$1,234.50" → "one thousand two hundred thirty-four dollars and
 * fifty cents", "-$3.00" → "minus three dollars", "$5–10" → "five to ten dollars",
 * "$1.5 million" / "$2M" → "one point five million dollars" / "two million dollars",
 * "$3/lb" → "three dollars per pound", "4.95 dollars" → as "$4.95", "99¢" → "ninety-nine cents",
 * "€5.50" → "five euros and fifty cents", "£2" → "two pounds", "¥500" → "five hundred yen".
 */
import { cardinalWords, decimalWords, MAX_CARDINAL_DIGITS, numberToWords, numberWords } from './spoken-numbers.js';
import { rewrite } from './tts-rewrite.js';

/** Whole cents → "five dollars and forty-nine cents", "one dollar", "ninety-nine cents", "zero dollars". */
export function centsToWords(cents: number): string {
  const c = Math.round(Math.abs(cents));
  const dollars = Math.floor(c / 100);
  const rest = c % 100;
  const d = `${numberToWords(dollars)} ${dollars === 1 ? 'dollar' : 'dollars'}`;
  const r = `${numberToWords(rest)} ${rest === 1 ? 'cent' : 'cents'}`;
  const sign = cents < 0 ? 'minus ' : '';
  if (dollars > 0 && rest > 0) return `${sign}${d} and ${r}`;
  if (rest > 0) return `${sign}${r}`;
  return `${sign}${d}`;
}

interface Currency { one: string; many: string; subOne?: string; subMany?: string }

const CURRENCIES = new Map<string, Currency>([
  ['$', { one: 'dollar', many: 'dollars', subOne: 'cent', subMany: 'cents' }],
  ['€', { one: 'euro', many: 'euros', subOne: 'cent', subMany: 'cents' }],
  ['£', { one: 'pound', many: 'pounds', subOne: 'penny', subMany: 'pence' }],
  ['¥', { one: 'yen', many: 'yen' }],
]);
const NAMED = new Map([['dollars', '$'], ['bucks', '$'], ['euros', '€'], ['pounds', '£']]);

/** Whole part (digits, may hold commas) and the digits after the point → the spoken amount. */
export function amountWords(whole: string, fraction: string, cur: Currency): string {
  const digits = whole.replace(/\D/g, '').replace(/^0+(?=\d)/, '');
  if (fraction.length > 2 || (fraction !== '' && !cur.subMany)) return `${decimalWords(digits || '0', fraction)} ${cur.many}`;
  const cents = fraction === '' ? 0 : Number(fraction.padEnd(2, '0'));
  const isZero = digits === '' || /^0+$/.test(digits);
  const main = `${cardinalWords(digits || '0')} ${digits === '1' ? cur.one : cur.many}`;
  if (cents === 0 || !cur.subMany) return main;
  const sub = `${numberToWords(cents)} ${cents === 1 ? cur.subOne ?? '' : cur.subMany}`;
  return isZero ? sub : `${main} and ${sub}`;
}

const SCALES = new Map([['k', 'thousand'], ['K', 'thousand'], ['M', 'million'], ['MM', 'million'], ['mn', 'million'],
  ['B', 'billion'], ['bn', 'billion'], ['thousand', 'thousand'], ['million', 'million'], ['billion', 'billion'], ['trillion', 'trillion']]);
const PER = new Map([['ea', 'each'], ['each', 'each'], ['lb', 'per pound'], ['oz', 'per ounce'], ['kg', 'per kilogram'],
  ['g', 'per gram'], ['hr', 'per hour'], ['h', 'per hour'], ['hour', 'per hour'], ['mo', 'per month'], ['month', 'per month'],
  ['yr', 'per year'], ['year', 'per year'], ['day', 'per day'], ['wk', 'per week'], ['week', 'per week'],
  ['person', 'per person'], ['pp', 'per person'], ['night', 'per night'], ['min', 'per minute'], ['item', 'per item'],
  ['piece', 'per piece'], ['pc', 'per piece'], ['dozen', 'a dozen'], ['doz', 'a dozen'], ['gal', 'per gallon'],
  ['slice', 'per slice'], ['serving', 'per serving'], ['mile', 'per mile'], ['mi', 'per mile'], ['visit', 'per visit']]);

const SYM = '[$€£¥]';
const AMT = String.raw`(?=\.?\d)(\d{1,3}(?:,\d{3})+|\d+)?(?:\.(\d+))?`;
const AMT2 = String.raw`(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?`;
const MONEY_RE = new RegExp(String.raw`(?<![\w$€£¥.,])(-\s?)?(${SYM})\s?${AMT}` +
  String.raw`(?:\s?(thousand|million|billion|trillion)(?![A-Za-z])|(k|K|MM|M|B|bn|mn)(?![A-Za-z]))?` +
  String.raw`(?:(?:\s*[-–—]\s*${SYM}?|\s+to\s+${SYM})\s?${AMT2})?` +
  String.raw`(?:(?:\s?\/\s?|\s+per\s+)([A-Za-z]+)\b|\s+(ea)\.?(?![\w]))?`, 'g');
const NAMED_RE = /(?<![\w.,$])(\d{1,3}(?:,\d{3})+|\d+)\.(\d{2})\s+(dollars|bucks|euros|pounds)\b/g;
const CENTS_SIGN_RE = /(?<![\w.,])(\d+)\s?¢/g;

function perWords(unit: string | undefined): string {
  if (unit === undefined) return '';
  return ` ${PER.get(unit) ?? PER.get(unit.toLowerCase()) ?? `per ${unit}`}`;
}

export function speakMoney(text: string): string {
  let t = rewrite(text, MONEY_RE, (m) => {
    const cur = CURRENCIES.get(m[2] ?? '');
    if (!cur) return null;
    const sign = m[1] ? 'minus ' : '';
    const whole = m[3] ?? '';
    const frac = m[4] ?? '';
    const per = perWords(m[9] ?? m[10]);
    const scale = SCALES.get(m[5] ?? m[6] ?? '');
    if (scale) {
      const n = `${whole.replace(/,/g, '') || '0'}${frac ? `.${frac}` : ''}`;
      return `${sign}${numberWords(n)} ${scale} ${cur.many}${per}`;
    }
    if (m[7] !== undefined) {
      const frac2 = m[8] ?? '';
      const roundA = frac === '' || /^0+$/.test(frac);
      const roundB = frac2 === '' || /^0+$/.test(frac2);
      if (roundA && roundB) return `${sign}${cardinalWords(whole || '0')} to ${cardinalWords(m[7])} ${cur.many}${per}`;
      return `${sign}${amountWords(whole, frac, cur)} to ${amountWords(m[7], frac2, cur)}${per}`;
    }
    return `${sign}${amountWords(whole, frac, cur)}${per}`;
  });
  t = rewrite(t, NAMED_RE, (m) => {
    const cur = CURRENCIES.get(NAMED.get(m[3] ?? '') ?? '');
    return cur ? amountWords(m[1] ?? '', m[2] ?? '', cur) : null;
  });
  return rewrite(t, CENTS_SIGN_RE, (m) => {
    const digits = m[1] ?? '';
    if (digits.length > MAX_CARDINAL_DIGITS) return null;
    return `${cardinalWords(digits)} ${digits.replace(/^0+(?=\d)/, '') === '1' ? 'cent' : 'cents'}`;
  });
}
