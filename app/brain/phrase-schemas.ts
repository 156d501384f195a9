/** The zod shapes every brain's phrases.json keys are made of: phrase lists and {slot} templates. */
import { z } from 'zod';

/** One phrase: lower-case words. */
export const phrase = z.string().min(1).regex(/^[a-z' ]+$/, 'lower-case words only');

/** At least one phrase of lower-case words. */
export const phraseList = z.array(phrase).min(1);
/** Phrases that may be left out (an empty list). */
export const optionalPhraseList = z.array(phrase).default([]);
/** At least one template of lower-case words and {slots}. */
export const templateList = z.array(z.string().min(1).regex(/^[a-z' {}]+$/, 'lower-case words and {slots} only')).min(1);
