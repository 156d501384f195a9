/**
 * TTS text normalization: the written reply ("Your total is $4.95. Pick up at 3:30pm on Dec 1.")
 * becomes what the voice should say ("Your total is four dollars and ninety-five cents. Pick up at
 * three thirty p m on December first."). The output has no digits and no "$"; sentence punctuation
 * (. , ? ! : ;) and line breaks stay because the voice uses them for prosody. The function never
 * throws, runs in linear time (every pattern is bounded and a skipped match is never re-scanned),
 * and is idempotent on real reply text: normalizing its own output returns it unchanged (random
 * symbol soup such as "7B–Sr." may still settle only on the second pass).
 *
 * Spoken forms chosen (one each, so replies sound the same everywhere):
 *   money     $4.95 → "four dollars and ninety-five cents"; $1 → "one dollar"; $0.99 → "ninety-nine cents";
 *             -$3.00 → "minus three dollars"; $5–10 → "five to ten dollars"; $2M → "two million dollars";
 *             $3/lb → "three dollars per pound"; "4.95 dollars" → as $4.95; €5 → "five euros"; 99¢ → "ninety-nine cents"
 *   times     8:00 → "eight o'clock"; 8:05 → "eight oh five"; 8:00 AM → "eight a m";
 *             3:30 PM, 3:30pm, 3:30 p.m., 15:30 → "three thirty p m" (a.m./p.m. are spoken as the letters "a m"/"p m");
 *             12:00 PM, 12 noon → "noon"; 12:00 AM, 0:00, 24:00 → "midnight"; 08:30 → "eight thirty a m"
 *   dates     2026-12-01, 12/1/2026, Dec 1, 2026, December 1st, 2026 → "December first, twenty twenty-six";
 *             1 December 2026 → "the first of December, twenty twenty-six"; Tue, Dec 1 → "Tuesday, December first"
 *   years     1999 → "nineteen ninety-nine", 2005 → "two thousand five", 2026 → "twenty twenty-six", 1905 →
 *             "nineteen oh five" — only after a month or a year word ("in", "since", "from", "Est.", ...);
 *             elsewhere a cardinal ("1200 calories" → "one thousand two hundred calories"); 1990s → "nineteen nineties"
 *   phones    555-123-4567, (555) 123-4567, 555.123.4567, +1 555 123 4567 → "five five five, one two three,
 *             four five six seven": digits one by one, groups split by commas, 0 → "oh"; +1 is not read
 *   service   911 → "nine-one-one" (always); 999, 112, 311, 411, 988... the same after "call"/"dial"/"text"
 *   numbers   1st → "first", 102nd → "one hundred second"; 2.5 → "two point five"; 1,234 → "one thousand two
 *             hundred thirty-four"; -4 → "minus four"; 3-5 days → "three to five days"; 1/2 → "one half";
 *             3/4 → "three quarters"; 1 1/2 → "one and a half"; 20% → "twenty percent"; 007 → "zero zero seven"
 *             (codes with a leading zero and 16+ digit strings are read digit by digit, 0 as "zero")
 *   units     5 mi → "five miles", 1 mile stays singular, 2 lbs → "two pounds", 72°F → "seventy-two degrees
 *             Fahrenheit", 20 MB → "twenty megabytes", 5'10" → "five feet ten inches"
 *   abbrevs   Dr. Patel → "Doctor Patel" / Elm Dr. → "Elm Drive"; St. Louis → "Saint Louis" / Main St. →
 *             "Main Street"; Mr./Mrs./Ms. → "Mister"/"Missus"/"Miz"; Ave., Blvd., Rd., Ste. 5 → "Suite five";
 *             No. 5 → "number five"; approx., etc., e.g., i.e., vs.; Mon–Fri 9–5 → "Monday to Friday nine to five"
 *   acronyms  MIT → "M I T" (spelled: lexicon `spell`, built-in list, or no vowel: BBQ, TV); NASA → "nasa"
 *             (lexicon `words` or built-in list, written lower-case so it is said as a word); OK → "okay"
 *   lexicon   `say` brand names, whole word, any case: Heed → "heed", Qdoba → "kew doba"
 *   symbols   2 × Fries → "two Fries"; #1 → "number one"; & → "and"; @ → "at"; em dash → ", "
 *   text      NFKC first (full-width digits, "…"), curly apostrophes → "'", runs of spaces → one space;
 *             a letter run glued to digits is split ("MP3" → "M P three", "Dec1" → "December first")
 *
 * Stage order matters: the lexicon's `say` first (brand names may hold digits), then web addresses,
 * phone numbers, signs (~ < > +), dates, times, money, abbreviations, units, the remaining numbers,
 * acronyms, symbols, spacing.
 */
import type { Lexicon } from './lexicon.js';
import { digitWords } from './spoken-numbers.js';
import { speakAbbreviations } from './tts-abbrev.js';
import { speakAcronyms } from './tts-acronyms.js';
import { speakDates } from './tts-dates.js';
import { speakLexiconSay } from './tts-lexicon-say.js';
import { speakMoney } from './tts-money.js';
import { speakNumberSigns, speakNumerals } from './tts-numerals.js';
import { speakPhoneNumbers } from './tts-phone.js';
import { prepareText, speakSymbols, tidySpacing } from './tts-symbols.js';
import { speakTimes } from './tts-times.js';
import { speakUnits } from './tts-units.js';
import { speakWebAddresses } from './tts-web.js';

export interface NormalizeOptions {
  /** The domain pack's lexicon (lexicon.json); missing keys count as empty. */
  lexicon?: Partial<Lexicon>;
}

/** "MP3", "Sr1", "Dec1": a letter run glued to digits is two tokens (digit-then-letter, like "1st", "5km", stays). */
const LETTER_THEN_DIGIT = /(?<=[A-Za-z])(?=\d)/g;
const NO_LEXICON: Partial<Lexicon> = {};
const NO_SAY: Readonly<Record<string, string>> = {};

function tidy(text: string): string {
  let t = text;
  for (let i = 0; i < 3; i++) {
    const next = tidySpacing(t);
    if (next === t) break;
    t = next;
  }
  return t;
}

function run(text: string, opts: NormalizeOptions): string {
  const lexicon = opts.lexicon ?? NO_LEXICON;
  let t = prepareText(text);
  t = speakLexiconSay(t, lexicon.say ?? NO_SAY);
  t = speakWebAddresses(t);
  t = t.replace(LETTER_THEN_DIGIT, ' ');
  t = speakPhoneNumbers(t);
  t = speakNumberSigns(t);
  t = speakDates(t);
  t = speakTimes(t);
  t = speakMoney(t);
  t = speakAbbreviations(t);
  t = speakUnits(t);
  t = speakNumerals(t);
  t = speakAcronyms(t, lexicon);
  t = speakSymbols(t);
  return tidy(t);
}

/** Written reply text → the text the voice should read. Never throws. */
export function normalizeForSpeech(text: string, opts: NormalizeOptions = {}): string {
  const input = typeof text === 'string' ? text : String(text);
  try {
    return run(input, opts);
  } catch {
    // A bug in one rule must not silence the kiosk: fall back to the plainest safe reading.
    return tidy(speakSymbols(input.replace(/\d+/g, (d) => ` ${digitWords(d)} `)));
  }
}
