/**
 * Turns screen text into text a TTS voice reads well: "$5.49" → "five dollars and forty-nine
 * cents", "2 × Fries" → "two Fries", "#1" → "number one", other numbers → words. `speakable` is the
 * speech normalizer (app/core/text/tts-normalize.ts) without a lexicon; the number and money
 * helpers live in app/core/text/ and are re-exported here for existing callers.
 */
import { normalizeForSpeech } from './text/tts-normalize.js';

export { numberToWords } from './text/spoken-numbers.js';
export { centsToWords } from './text/tts-money.js';

/** Dollars (number) → "$5.49". */
export function formatMoney(dollars: number): string {
  const cents = Math.round(dollars * 100);
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  return `${sign}$${Math.floor(abs / 100).toLocaleString('en-US')}.${String(abs % 100).padStart(2, '0')}`;
}

/** Screen text → spoken text (no digits, no "$"); see normalizeForSpeech for the spoken forms. */
export function speakable(text: string): string {
  return normalizeForSpeech(text);
}
