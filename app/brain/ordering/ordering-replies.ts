/** The ordering brain's keys in domain.json "replies" (the universal ones are checked by the agent). */
import { z } from 'zod';

const text = z.string().min(1);

export const orderingRepliesSchema = z.object({
  anythingElse: text,
  askConfirm: text,
  /** "{total}" is replaced by the order total ($12.34). */
  placed: text.refine((s) => s.includes('{total}'), 'must contain {total}'),
  cancelled: text,
  emptyOrder: text,
  reopened: text,
  nothingToConfirm: text,
  /** "{head}" (sandwich) and "{options}" (the Chicken Sandwich or the Spicy Chicken Sandwich). */
  whichOne: text.refine((s) => s.includes('{options}'), 'must contain {options}'),
  undone: text,
  nothingToUndo: text,
}).strict();

export type OrderingReplies = z.infer<typeof orderingRepliesSchema>;
