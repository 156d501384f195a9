/**
 * The store's own tables: sessions, orders, order lines and the modifiers on each line. Order lines
 * reference the domain's menu (menu_items, menu_modifiers) by id; those tables come from the domain
 * pack's migrations, applied after these (SQLite resolves foreign keys when rows are written).
 * Then the conversation log's turns (redacted; see conversation-log.ts).
 */
import type { Migration } from './migrations.js';

export const CORE_MIGRATIONS: readonly Migration[] = [
  {
    id: 'core/001_sessions_orders',
    sql: `
CREATE TABLE sessions (
  id TEXT PRIMARY KEY,
  pending_json TEXT NOT NULL DEFAULT '[]',
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
  updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now'))
) STRICT;

CREATE TABLE orders (
  id INTEGER PRIMARY KEY,
  session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
  status TEXT NOT NULL DEFAULT 'open'
    CHECK (status IN ('open', 'awaiting_confirmation', 'placed', 'cancelled')),
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
  updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
  placed_at TEXT
) STRICT;
CREATE INDEX orders_by_session ON orders (session_id, id);

CREATE TABLE order_lines (
  id INTEGER PRIMARY KEY,
  order_id INTEGER NOT NULL REFERENCES orders(id) ON DELETE CASCADE,
  item_id INTEGER NOT NULL REFERENCES menu_items(id),
  size TEXT,
  quantity INTEGER NOT NULL CHECK (quantity BETWEEN 1 AND 99),
  base_price_cents INTEGER NOT NULL CHECK (base_price_cents >= 0),
  touch_seq INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX order_lines_by_order ON order_lines (order_id, id);

CREATE TABLE order_line_modifiers (
  line_id INTEGER NOT NULL REFERENCES order_lines(id) ON DELETE CASCADE,
  modifier_id INTEGER NOT NULL REFERENCES menu_modifiers(id),
  price_cents INTEGER NOT NULL CHECK (price_cents >= 0),
  PRIMARY KEY (line_id, modifier_id)
) STRICT;
`,
  },
  {
    // The conversation log (app/tools/store/conversation-log.ts): redacted text only, purged by age.
    // No foreign key to sessions: turns follow their own retention, not the session's lifetime.
    id: 'core/002_conversation_turns',
    sql: `
CREATE TABLE conversation_turns (
  id INTEGER PRIMARY KEY,
  session_id TEXT NOT NULL,
  at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
  role TEXT NOT NULL CHECK (role IN ('customer', 'agent', 'system')),
  text TEXT NOT NULL,
  intent TEXT,
  tool_calls_json TEXT CHECK (tool_calls_json IS NULL OR json_valid(tool_calls_json)),
  channel TEXT NOT NULL DEFAULT 'voice' CHECK (channel IN ('voice', 'text'))
) STRICT;
CREATE INDEX conversation_turns_by_at ON conversation_turns (at);
CREATE INDEX conversation_turns_by_session ON conversation_turns (session_id, at, id);
`,
  },
];
