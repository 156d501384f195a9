/**
 * The info brain's keys in domain.json "replies" (universal ones are the agent's). Replies about
 * hours, stores, products and FAQ answers are built from tool results; these are the fixed ones.
 */
import { z } from 'zod';

const text = z.string().min(1);
const withSlots = (...names: string[]) => text.refine((s) => names.every((n) => s.includes(`{${n}}`)), { message: `must contain ${names.map((n) => `{${n}}`).join(' and ')}` });

export const infoRepliesSchema = z.object({
  anythingElse: text,
  /** FAQ search found nothing good enough: the kiosk asks a person to come. */
  unknownAnswer: text,
  /** {query}: a product name that matched nothing; offers a person. */
  productNotFound: withSlots('query'),
  /** "Yes" to the offer of a person. */
  handoffAccepted: text,
  /** A follow-up ("how much is it") with no product talked about yet. */
  whichProduct: text,
  /** {day}: a day the kiosk could not place. */
  unknownDay: withSlots('day'),
  /** The kiosk only looks things up. */
  readOnly: text,
  thanks: text,
  /** "Cancel" / "no" with nothing open. */
  cancelled: text,
}).strict();

export type InfoReplies = z.infer<typeof infoRepliesSchema>;

/** Fills {name} placeholders; unknown ones stay as they are. */
export function fill(template: string, values: Readonly<Record<string, string>>): string {
  return template.replace(/\{(\w+)\}/g, (m, k: string) => values[k] ?? m);
}
