/**
 * domain.json: who the agent is in this domain, which brain (policy) and tools it uses, and the
 * canned replies. The universal replies are checked here; each brain checks its own reply keys.
 */
import { z } from 'zod';

const text = z.string().min(1);

/** Replies every domain needs, whatever its brain. */
export const universalRepliesSchema = z.object({
  /** Silence heard: the first time, when the brain has no open question to ask again. */
  noSpeech: text,
  /** Words heard but not understood. */
  notUnderstood: text,
  help: text,
  /** A request outside the domain ("what's the weather"): a polite steer back. */
  offTopic: text,
  /** "Talk to a person": the staff handoff was requested. */
  handoff: text,
  /** "Start over": everything not committed was dropped. */
  startOver: text,
  /** "Repeat that" with nothing said yet. */
  nothingToRepeat: text,
  /** Second silence in a row: "I'm still here when you're ready." */
  hold: text,
  /** Silence after the hold: the session's uncommitted state is cleared for the next customer. */
  cleared: text,
}).strict();

export const silenceSchema = z.object({
  /** Silent turns in a row before the hold message (the first ones reprompt). */
  holdAfter: z.number().int().min(1).max(10).default(2),
  /** Silent turns in a row before the session is cleared. */
  clearAfter: z.number().int().min(2).max(20).default(3),
}).strict().refine((s) => s.clearAfter > s.holdAfter, { message: 'clearAfter must be greater than holdAfter' });

export const packSchema = z.object({
  /** Folder-style id: "drive-thru", "clinic". */
  name: z.string().regex(/^[a-z][a-z0-9-]*$/, 'lower-case letters, digits and dashes'),
  displayName: text,
  /** The JSGF grammar name (letters, digits, underscores). */
  grammarName: z.string().regex(/^[a-z][a-z0-9_]*$/, 'lower-case letters, digits and underscores'),
  /** Which brain runs the dialog. */
  policy: z.enum(['ordering', 'booking', 'info']),
  /** The tools this pack enables (a subset of its brain's tools plus the shared ones). */
  tools: z.array(z.string().regex(/^[a-z][a-z0-9_]*$/)).min(1),
  persona: z.object({
    /** What the agent says when a customer arrives. */
    greeting: text,
    /** The agent's name, if it has one ("Sam"). */
    name: z.string().min(1).optional(),
  }).strict(),
  /** Universal replies plus the brain's own keys (checked by the brain's schema). */
  replies: z.record(z.string(), text),
  silence: silenceSchema.default({}),
}).strict();

export type DomainPack = z.infer<typeof packSchema>;
export type UniversalReplies = z.infer<typeof universalRepliesSchema>;
