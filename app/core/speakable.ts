/**
 * Turns screen text into text a TTS voice reads well: "$5.49" → "five dollars and forty-nine
 * cents", "2 × Fries" → "two Fries", "#1" → "number one", other numbers → words.
 */
const ONES = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten',
  'eleven', 'twelve', 'thirteen', 'fourteen', 'fifteen', 'sixteen', 'seventeen', 'eighteen', 'nineteen'];
const TENS = ['', '', 'twenty', 'thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety'];
const SCALES: Array<[number, string]> = [[1e12, 'trillion'], [1e9, 'billion'], [1e6, 'million'], [1e3, 'thousand']];

/** Integer → English words: 49 → "forty-nine", 1205 → "one thousand two hundred five". */
export function numberToWords(n: number): string {
  if (!Number.isFinite(n) || !Number.isInteger(n)) throw new RangeError(`numberToWords needs an integer, got ${n}`);
  if (n < 0) return `minus ${numberToWords(-n)}`;
  if (n < 20) return ONES[n] as string;
  if (n < 100) return `${TENS[Math.floor(n / 10)] as string}${n % 10 ? `-${ONES[n % 10] as string}` : ''}`;
  if (n < 1000) return `${ONES[Math.floor(n / 100)] as string} hundred${n % 100 ? ` ${numberToWords(n % 100)}` : ''}`;
  for (const [scale, word] of SCALES) {
    if (n >= scale) {
      const rest = n % scale;
      return `${numberToWords(Math.floor(n / scale))} ${word}${rest ? ` ${numberToWords(rest)}` : ''}`;
    }
  }
  return String(n);
}

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

/** Dollars (number) → "$5.49". */
export function formatMoney(dollars: number): string {
  const cents = Math.round(dollars * 100);
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  return `${sign}$${Math.floor(abs / 100).toLocaleString('en-US')}.${String(abs % 100).padStart(2, '0')}`;
}

export function speakable(text: string): string {
  return text
    // Money: $1,234.56, $5, $0.99
    .replace(/(-?)\$(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d{1,2}))?\b/g, (_m, sign: string, whole: string, frac: string | undefined) => {
      const cents = Number(whole.replace(/,/g, '')) * 100 + (frac ? Number(frac.padEnd(2, '0')) : 0);
      return `${sign ? 'minus ' : ''}${centsToWords(cents)}`;
    })
    // Quantities: "2 × Fries", "2x Fries", "2 x Fries"
    .replace(/\b(\d+)\s*[x×]\s+/gi, (_m, n: string) => `${numberToWords(Number(n))} `)
    .replace(/#\s?(\d+)\b/g, (_m, n: string) => `number ${numberToWords(Number(n))}`)
    .replace(/\b(\d+)%/g, (_m, n: string) => `${numberToWords(Number(n))} percent`)
    .replace(/\b(\d+)\.(\d+)\b/g, (_m, a: string, b: string) => `${numberToWords(Number(a))} point ${[...b].map((d) => ONES[Number(d)] as string).join(' ')}`)
    .replace(/\b\d{1,15}\b/g, (n) => numberToWords(Number(n)))
    .replace(/\s*&\s*/g, ' and ')
    .replace(/\s*[—–]\s*/g, ', ')
    .replace(/[ \t]+/g, ' ')
    .trim();
}
