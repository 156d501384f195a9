/** The drive-thru domain pack's domain.json: name, persona and canned replies. */
import { z } from 'zod';

export const domainRepliesSchema = z.object({
  noSpeech: z.string().min(1),
  notUnderstood: z.string().min(1),
  help: z.string().min(1),
  anythingElse: z.string().min(1),
  askConfirm: z.string().min(1),
  /** "{total}" is replaced by the order total ($12.34). */
  placed: z.string().min(1),
  cancelled: z.string().min(1),
  emptyOrder: z.string().min(1),
  reopened: z.string().min(1),
  nothingToConfirm: z.string().min(1),
}).strict();

export const domainPackSchema = z.object({
  name: z.string().regex(/^[a-z][a-z0-9-]*$/),
  displayName: z.string().min(1),
  grammarName: z.string().regex(/^[a-z][a-z0-9_]*$/),
  persona: z.object({ greeting: z.string().min(1) }).strict(),
  replies: domainRepliesSchema,
}).strict();

export type DomainPack = z.infer<typeof domainPackSchema>;
export type DomainReplies = z.infer<typeof domainRepliesSchema>;
