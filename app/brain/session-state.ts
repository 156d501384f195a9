/**
 * Per-session dialog state as small JSON values under string keys (a booking in progress, the
 * last reply, silence count). Lives in the store so a restarted kiosk resumes the conversation.
 * Reads never create rows; values are parsed with the caller's zod schema and a bad or missing
 * value reads as the fallback.
 */
import type { z } from 'zod';
import type { Migration } from '../tools/store/migrations.js';
import type { Db } from '../tools/store/open-store.js';

export const DIALOG_STATE_MIGRATION: Migration = {
  id: 'brain/001_dialog_state',
  sql: `
CREATE TABLE IF NOT EXISTS dialog_state (
  session_id TEXT NOT NULL,
  key TEXT NOT NULL,
  value_json TEXT NOT NULL,
  updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
  PRIMARY KEY (session_id, key)
) STRICT;
`,
};

export interface SessionState {
  get<S extends z.ZodTypeAny>(key: string, schema: S, fallback: z.output<S>): z.output<S>;
  set(key: string, value: unknown): void;
  delete(key: string): void;
  /** Every key of the session, removed. */
  clear(): void;
}

export function sessionState(db: Db, sessionId: string): SessionState {
  return {
    get: (key, schema, fallback) => {
      const row = db.prepare<[string, string], { value_json: string }>('SELECT value_json FROM dialog_state WHERE session_id = ? AND key = ?').get(sessionId, key);
      if (!row) return fallback;
      let raw: unknown;
      try { raw = JSON.parse(row.value_json); } catch { return fallback; }
      const parsed = schema.safeParse(raw);
      return parsed.success ? (parsed.data as z.output<typeof schema>) : fallback;
    },
    set: (key, value) => {
      db.prepare(`INSERT INTO dialog_state (session_id, key, value_json) VALUES (?, ?, ?)
        ON CONFLICT (session_id, key) DO UPDATE SET value_json = excluded.value_json, updated_at = strftime('%Y-%m-%dT%H:%M:%fZ','now')`)
        .run(sessionId, key, JSON.stringify(value));
    },
    delete: (key) => { db.prepare('DELETE FROM dialog_state WHERE session_id = ? AND key = ?').run(sessionId, key); },
    clear: () => { db.prepare('DELETE FROM dialog_state WHERE session_id = ?').run(sessionId); },
  };
}
