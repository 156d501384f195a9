/** The ordering brain's keys in phrases.json (yes / no / cancel / help are universal: see app/brain/universal.ts). */
import { z } from 'zod';
import { phraseList, templateList as template } from '../phrase-schemas.js';

export const orderingPhrasesSchema = z.object({
  carriers: phraseList,
  lineJoiners: phraseList,
  politeTails: phraseList,
  leadIns: phraseList,
  quantities: z.record(z.string(), z.number().int().min(1).max(10)),
  quantityFillers: z.array(z.string()),
  modifierVerbs: z.object({ remove: phraseList, add: phraseList, extra: phraseList }).strict(),
  modifierJoiners: z.array(z.string()),
  /** "That's all": read back the order and ask to confirm. */
  done: phraseList,
  readBack: phraseList,
  /** Cancel the whole order (a universal "cancel" does the same). */
  cancelOrder: phraseList,
  /** Undo the last change ("undo that", "put it back"). */
  undo: phraseList,
  itemDeterminers: z.array(z.string()),
  /** Slots: {item} (an item on the order, "the large fries"). */
  remove: template,
  /** Slots: {item}, {size} (the new size, "a large"), {qty} (the new quantity). */
  change: template,
  changeLeadIns: z.array(z.string()),
  /** Slots: {size}. The answer to "What size?". */
  sizeAnswer: template,
  /** Slots: {item}. Price / availability questions. */
  askItem: template,
}).strict();

export type OrderingPhrases = z.infer<typeof orderingPhrasesSchema>;
