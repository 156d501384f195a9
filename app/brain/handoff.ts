/**
 * The staff handoff: a row in `handoffs` that the store's staff screen (or a pager) watches. The
 * only write the agent makes on its own; any domain can request it.
 */
import { z } from 'zod';
import { defineTool } from '../tools/drive-thru/define-tool.js';
import type { Migration } from '../tools/store/migrations.js';

export const HANDOFF_MIGRATION: Migration = {
  id: 'brain/002_handoffs',
  sql: `
CREATE TABLE IF NOT EXISTS handoffs (
  id INTEGER PRIMARY KEY,
  session_id TEXT NOT NULL,
  reason TEXT NOT NULL CHECK (reason IN ('customer_asked', 'not_understood', 'unknown_answer', 'error')),
  status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'taken', 'closed')),
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now'))
) STRICT;
CREATE INDEX IF NOT EXISTS handoffs_open ON handoffs (status, id);
`,
};

export const handoffReasons = z.enum(['customer_asked', 'not_understood', 'unknown_answer', 'error']);
export type HandoffReason = z.infer<typeof handoffReasons>;

export const handoffTool = defineTool({
  name: 'handoff_to_staff',
  description: 'Ask a staff member to come and help this customer. One open request per session.',
  schema: z.object({ reason: handoffReasons }).strict(),
  run: (ctx, args): { ok: true; handoffId: number; alreadyOpen: boolean } => {
    const open = ctx.db.prepare<[string], { id: number }>("SELECT id FROM handoffs WHERE session_id = ? AND status = 'open' ORDER BY id DESC LIMIT 1").get(ctx.sessionId);
    if (open) return { ok: true, handoffId: open.id, alreadyOpen: true };
    const r = ctx.db.prepare('INSERT INTO handoffs (session_id, reason) VALUES (?, ?)').run(ctx.sessionId, args.reason);
    return { ok: true, handoffId: Number(r.lastInsertRowid), alreadyOpen: false };
  },
});
