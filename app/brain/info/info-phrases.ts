/**
 * The info brain's keys in phrases.json. Templates use {store} (a location, or "this store"),
 * {day} (optional: a date, weekday, holiday, "tonight", "right now"), {product}, {subject},
 * {ordinal}. Lists are lower-case words; every word must be in the recognizer's dictionary.
 */
import { z } from 'zod';
import { optionalPhraseList as optionalList, phrase as words, phraseList as list, templateList as template } from '../phrase-schemas.js';

export const infoPhrasesSchema = z.object({
  /** Optional words before any request ("excuse me", "hi"). */
  leadIns: optionalList,
  /** Optional words after any request ("please", "thanks"). */
  tails: optionalList,
  /** Before a store name: "the", "your". */
  storeLeads: optionalList,
  /** After a store name: "store", "location". */
  storeNouns: optionalList,
  /** The kiosk's own store: "this store", "here". */
  thisStore: list,
  /** Before a day: "on", "for". */
  dayLeads: optionalList,
  /** Day words meaning "at this moment": "now", "right now". */
  now: list,
  /** Day words meaning "later today": "tonight". */
  tonight: list,
  /** Hours: {store}, {day}. */
  hoursOpens: template,
  hoursCloses: template,
  hoursIsOpen: template,
  hoursWeek: template,
  /** Locations: {store}. */
  address: template,
  phone: template,
  locations: template,
  /** Before a product name: "a", "the", "some". */
  productDeterminers: optionalList,
  /** Products: {product}, {store}. */
  productWhere: template,
  productPrice: template,
  productStock: template,
  /** About the product last talked about ("how much is it"). */
  followWhere: list,
  followPrice: list,
  followStock: list,
  /** The answer to "Did you mean …?": {product} or {ordinal}. */
  choice: template,
  /** Ordinal words → position (-1: the last one). */
  ordinals: z.record(words, z.number().int().min(-1).max(10).refine((n) => n !== 0, 'not 0')),
  /** "Tell me about {subject}": subjects are the FAQ topics plus `subjects`. */
  askAbout: template,
  subjects: optionalList,
  /** Requests to change data or rules: {product} may appear. */
  refuse: template,
  offTopic: list,
  greeting: list,
  thanks: list,
}).strict();

export type InfoPhrases = z.infer<typeof infoPhrasesSchema>;
