/**
 * A domain pack's pronunciation lexicon, shipped as `lexicon.json`:
 *
 *   {
 *     "say":       { "Heed": "heed", "Qdoba": "kew doba" },   // written → spoken, whole words, any case
 *     "spell":     ["MIT", "BBQ"],                            // read letter by letter: "M I T"
 *     "words":     ["NASA", "IKEA"],                          // acronyms read as a word: "nasa"
 *     "pronounce": { "zorble": "Z AO R B AH L" }              // ARPAbet phones for the speech recognizer
 *   }
 *
 * Every key is optional (defaults: empty); unknown keys are an error. `say` wins over `spell`,
 * which wins over `words`. Spoken forms are words (no digits), so normalizing stays idempotent as
 * long as a spoken form does not contain its own written form with different letters.
 */
import { z } from 'zod';
import { HeedError } from '../errors.js';

/** The 39 ARPAbet phones of the CMU dictionary; vowels may carry a stress digit (0, 1, 2). */
export const ARPABET_VOWELS: readonly string[] = ['AA', 'AE', 'AH', 'AO', 'AW', 'AY', 'EH', 'ER', 'EY', 'IH', 'IY', 'OW', 'OY', 'UH', 'UW'];
export const ARPABET_CONSONANTS: readonly string[] = ['B', 'CH', 'D', 'DH', 'F', 'G', 'HH', 'JH', 'K', 'L', 'M', 'N', 'NG', 'P',
  'R', 'S', 'SH', 'T', 'TH', 'V', 'W', 'Y', 'Z', 'ZH'];
const VOWELS = new Set(ARPABET_VOWELS);
const CONSONANTS = new Set(ARPABET_CONSONANTS);

/** "Z AO R B AH L" → true; lower case, unknown phones or stress on a consonant → false. */
export function isArpabet(phones: string): boolean {
  const tokens = phones.trim().split(/\s+/);
  if (tokens.length === 0 || tokens[0] === '') return false;
  return tokens.every((p) => CONSONANTS.has(p) || VOWELS.has(p.replace(/[012]$/, '')));
}

const written = z.string().min(1).max(64)
  .refine((s) => s.trim() === s && s.trim().length > 0, 'no leading or trailing spaces')
  .refine((s) => !/[\n\r\t]/.test(s), 'one line');
const spoken = z.string().min(1).max(200)
  .refine((s) => s.trim().length > 0, 'must not be blank')
  .refine((s) => !/\d/.test(s), 'a spoken form is words: write numbers out ("seven eleven", not "7 11")');
const acronym = z.string().regex(/^[A-Za-z][A-Za-z0-9]{0,15}$/, 'letters (and digits) only, like "MIT"');
const recognizerWord = z.string().regex(/^[A-Za-z][A-Za-z'-]{0,47}$/, 'one word of letters, apostrophes or hyphens');
const phones = z.string().refine(isArpabet, 'upper-case ARPAbet phones separated by spaces, like "Z AO R B AH L"');

export const lexiconSchema = z.object({
  say: z.record(written, spoken).default({}),
  spell: z.array(acronym).default([]),
  words: z.array(acronym).default([]),
  pronounce: z.record(recognizerWord, phones).default({}),
}).strict();

export type Lexicon = z.output<typeof lexiconSchema>;
/** What lexicon.json may contain (every key optional). */
export type LexiconInput = z.input<typeof lexiconSchema>;

export const emptyLexicon: Lexicon = { say: {}, spell: [], words: [], pronounce: {} };

/** Validates parsed JSON as a lexicon; `where` names the file in the error. */
export function parseLexicon(raw: unknown, where: string): Lexicon {
  const parsed = lexiconSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.slice(0, 3).map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
  throw new HeedError('DOMAIN_INVALID', 'domain', `${where} is not a valid lexicon: ${issues}`, {
    hint: 'A lexicon may hold "say", "spell", "words" and "pronounce", nothing else.',
  });
}

/** Later lexicons win for `say` and `pronounce`; the lists are joined. */
export function mergeLexicons(...lexicons: readonly Lexicon[]): Lexicon {
  const out: Lexicon = { say: {}, spell: [], words: [], pronounce: {} };
  for (const l of lexicons) {
    Object.assign(out.say, l.say);
    Object.assign(out.pronounce, l.pronounce);
    out.spell.push(...l.spell.filter((w) => !out.spell.includes(w)));
    out.words.push(...l.words.filter((w) => !out.words.includes(w)));
  }
  return out;
}
