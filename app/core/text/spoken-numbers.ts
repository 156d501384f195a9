/**
 * Numbers as English words: cardinals ("forty-nine"), ordinals ("twenty-first"), years
 * ("nineteen ninety-nine"), decades, decimals ("two point five"), fractions ("three quarters")
 * and digit-by-digit readings ("five five five"). Every function takes digit strings or
 * integers and never throws except `numberToWords` on a non-integer (its historic contract).
 */
const ONES = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten',
  'eleven', 'twelve', 'thirteen', 'fourteen', 'fifteen', 'sixteen', 'seventeen', 'eighteen', 'nineteen'];
const TENS = ['', '', 'twenty', 'thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety'];
const SCALES: Array<[number, string]> = [[1e12, 'trillion'], [1e9, 'billion'], [1e6, 'million'], [1e3, 'thousand']];

/** Longer digit strings are read digit by digit (they are codes, not quantities, and exceed exact doubles). */
export const MAX_CARDINAL_DIGITS = 15;

/** Integer → English words: 49 → "forty-nine", 1205 → "one thousand two hundred five". */
export function numberToWords(n: number): string {
  if (!Number.isFinite(n) || !Number.isInteger(n)) throw new RangeError(`numberToWords needs an integer, got ${n}`);
  if (n < 0) return `minus ${numberToWords(-n)}`;
  if (n < 20) return ONES[n] ?? '';
  if (n < 100) return `${TENS[Math.floor(n / 10)] ?? ''}${n % 10 ? `-${ONES[n % 10] ?? ''}` : ''}`;
  if (n < 1000) return `${ONES[Math.floor(n / 100)] ?? ''} hundred${n % 100 ? ` ${numberToWords(n % 100)}` : ''}`;
  for (const [scale, word] of SCALES) {
    if (n >= scale) {
      const rest = n % scale;
      return `${numberToWords(Math.floor(n / scale))} ${word}${rest ? ` ${numberToWords(rest)}` : ''}`;
    }
  }
  return String(n);
}

/** "5551234" → "five five five one two three four"; `zero` picks "zero" or "oh" for 0. */
export function digitWords(digits: string, zero: 'zero' | 'oh' = 'zero'): string {
  const out: string[] = [];
  for (const c of digits) {
    if (c >= '0' && c <= '9') out.push(c === '0' ? zero : ONES[Number(c)] ?? '');
  }
  return out.join(' ');
}

/** "1,234" → "one thousand two hundred thirty-four"; leading zeros are ignored; very long strings go digit by digit. */
export function cardinalWords(raw: string): string {
  const digits = raw.replace(/\D/g, '');
  if (digits === '') return '';
  const trimmed = digits.replace(/^0+(?=\d)/, '');
  if (trimmed.length > MAX_CARDINAL_DIGITS) return digitWords(digits);
  return numberToWords(Number(trimmed));
}

const IRREGULAR_ORDINALS = new Map([['one', 'first'], ['two', 'second'], ['three', 'third'], ['five', 'fifth'],
  ['eight', 'eighth'], ['nine', 'ninth'], ['twelve', 'twelfth']]);

/** Cardinal words → ordinal words: "twenty-one" → "twenty-first", "one hundred" → "one hundredth". */
export function ordinalize(cardinal: string): string {
  const m = /[a-z]+$/.exec(cardinal);
  if (!m) return cardinal;
  const last = m[0];
  const head = cardinal.slice(0, cardinal.length - last.length);
  const irregular = IRREGULAR_ORDINALS.get(last);
  if (irregular) return head + irregular;
  return head + (last.endsWith('y') ? `${last.slice(0, -1)}ieth` : `${last}th`);
}

/** "21" → "twenty-first", "1,000" → "one thousandth". */
export function ordinalWords(raw: string): string {
  const digits = raw.replace(/\D/g, '');
  if (digits.replace(/^0+(?=\d)/, '').length > MAX_CARDINAL_DIGITS) return `number ${digitWords(digits)}`;
  return ordinalize(cardinalWords(digits));
}

/**
 * A year as people say it: 1999 → "nineteen ninety-nine", 1905 → "nineteen oh five",
 * 1900 → "nineteen hundred", 2000 → "two thousand", 2005 → "two thousand five", 2026 → "twenty twenty-six".
 */
export function yearWords(year: number): string {
  if (!Number.isInteger(year) || year < 1000 || year > 9999) return Number.isInteger(year) ? numberToWords(year) : '';
  const hi = Math.floor(year / 100);
  const lo = year % 100;
  if (lo === 0) return hi % 10 === 0 ? numberToWords(year) : `${numberToWords(hi)} hundred`;
  if (hi % 10 === 0 && lo < 10) return numberToWords(year);
  if (lo < 10) return `${numberToWords(hi)} oh ${numberToWords(lo)}`;
  return `${numberToWords(hi)} ${numberToWords(lo)}`;
}

/** Plural of a number's last word: "ninety" → "nineties", "hundred" → "hundreds". */
export function pluralizeLastWord(words: string): string {
  const m = /[a-z]+$/.exec(words);
  if (!m) return words;
  const last = m[0];
  const head = words.slice(0, words.length - last.length);
  if (last === 'six') return `${head}sixes`;
  return head + (last.endsWith('y') ? `${last.slice(0, -1)}ies` : `${last}s`);
}

/** "1990" → "nineteen nineties", "90" → "nineties", "2000" → "two thousands". */
export function decadeWords(digits: string): string {
  const n = Number(digits);
  return pluralizeLastWord(digits.length === 4 ? yearWords(n) : numberToWords(n));
}

/** "2", "5" → "two point five"; "", "5" → "point five". Digits after the point are read one by one. */
export function decimalWords(whole: string, fraction: string): string {
  const w = whole.replace(/\D/g, '');
  return `${w === '' ? '' : `${cardinalWords(w)} `}point ${digitWords(fraction)}`;
}

/** "-1,234.5", ".5", "42" → words; a leading "-" is "minus". */
export function numberWords(token: string): string {
  let t = token.trim();
  let sign = '';
  if (t.startsWith('-')) { sign = 'minus '; t = t.slice(1); }
  const dot = t.indexOf('.');
  if (dot >= 0) return sign + decimalWords(t.slice(0, dot), t.slice(dot + 1));
  return sign + cardinalWords(t);
}

/** The denominator word: 2 → "half"/"halves", 4 → "quarter"/"quarters", 8 → "eighth"/"eighths". */
function denominatorWord(d: number, plural: boolean): string {
  if (d === 2) return plural ? 'halves' : 'half';
  if (d === 4) return plural ? 'quarters' : 'quarter';
  const ord = ordinalize(numberToWords(d));
  return plural ? `${ord}s` : ord;
}

/** 1/2 → "one half", 3/4 → "three quarters", 2/3 → "two thirds". Both must be safe integers, d ≥ 2. */
export function fractionWords(n: number, d: number): string {
  return `${numberToWords(n)} ${denominatorWord(d, n !== 1)}`;
}

/** 1 1/2 → "one and a half", 2 3/4 → "two and three quarters". */
export function mixedNumberWords(whole: number, n: number, d: number): string {
  return `${numberToWords(whole)} and ${n === 1 ? 'a' : numberToWords(n)} ${denominatorWord(d, n !== 1)}`;
}

/** A plain digit string read as a quantity, or digit by digit when it is a code ("007", very long strings). */
export function integerTokenWords(digits: string): string {
  if (digits.length > 1 && digits.startsWith('0')) return digitWords(digits);
  return cardinalWords(digits);
}
