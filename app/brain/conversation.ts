/**
 * The agent's side of the conversation store: what was heard and answered, redacted, kept for the
 * configured number of days (see app/tools/store/conversation-log.ts).
 */
import { z } from 'zod';
import { DEFAULT_PII_KEYS, namesIn } from '../core/redact.js';
import type { ToolCallRecord } from '../core/turn.js';
import { recordTurn } from '../tools/store/conversation-log.js';
import type { Db } from '../tools/store/open-store.js';

export interface ConversationOptions {
  store: boolean;
  retentionDays: number;
}

export const lastReplySchema = z.object({ reply: z.string(), spoken: z.string() }).nullable();

export interface ConversationEntry {
  sessionId: string;
  /** What the customer said or typed (null: silence). */
  heard: string | null;
  channel: 'voice' | 'text';
  intent: string;
  reply: string;
  toolCalls: ToolCallRecord[];
  now: Date;
  /** People's names known to the brain for this session. */
  names?: string[];
}

/** Person-name and contact keys; a bare "name" is a menu item, service or staff name here, not a customer. */
const PII_KEYS = DEFAULT_PII_KEYS.filter((k) => k !== 'name');

export function recordConversation(db: Db, o: ConversationOptions, e: ConversationEntry): void {
  if (!o.store || o.retentionDays === 0) return;
  // Names the customer gave (found in this turn's tool calls) are masked in what they said too.
  const redaction = { keys: PII_KEYS, names: [...(e.names ?? []), ...namesIn(e.toolCalls, { keys: PII_KEYS })] };
  if (e.heard !== null) recordTurn(db, { sessionId: e.sessionId, role: 'customer', text: maskNameIntro(maskSpelling(e.heard)), intent: e.intent, channel: e.channel, at: e.now }, redaction);
  recordTurn(db, { sessionId: e.sessionId, role: 'agent', text: e.reply, intent: e.intent, toolCalls: e.toolCalls, channel: e.channel, at: e.now }, redaction);
}

/** Letters spelled one by one ("j o h n", "J-O-H-N") are a name or a code: masked before storing. */
export function maskSpelling(text: string): string {
  return text.replace(/\b[a-z](?:[\s.-]+[a-z]){2,}\b/gi, '[spelled]');
}

/** "my name is John Smith", "it's under Garcia": the words after the introduction are a name. */
export function maskNameIntro(text: string): string {
  return text.replace(/\b(my name is|my name's|the name is|name's|it's under|under the name( of)?|booked under|this is)\s+([a-z][a-z'-]*)(\s+(?!and\b|my\b|at\b|on\b|for\b|with\b|phone\b|number\b)[a-z][a-z'-]*)?/gi, (_m, intro: string) => `${intro} [name]`);
}
