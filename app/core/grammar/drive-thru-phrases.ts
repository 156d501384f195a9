/** The phrase templates of the drive-thru domain pack (domains/drive-thru/phrases.json). */
import { z } from 'zod';

const phraseList = z.array(z.string().min(1)).min(1);
const template = z.array(z.string().min(1).regex(/^[a-z' {}]+$/, 'lower-case words and {slots} only')).min(1);

export const driveThruPhrasesSchema = z.object({
  carriers: phraseList,
  lineJoiners: phraseList,
  politeTails: phraseList,
  leadIns: phraseList,
  quantities: z.record(z.string(), z.number().int().min(1).max(10)),
  quantityFillers: z.array(z.string()),
  modifierVerbs: z.object({ remove: phraseList, add: phraseList, extra: phraseList }).strict(),
  modifierJoiners: z.array(z.string()),
  yes: phraseList,
  no: phraseList,
  done: phraseList,
  readBack: phraseList,
  cancel: phraseList,
  help: phraseList,
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

export type DriveThruPhrases = z.infer<typeof driveThruPhrasesSchema>;
