/** Reads orders straight from a store file written by another process or agent. */
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { repoRoot } from '../../app/core/paths.js';
import type { OrderView } from '../../app/core/turn.js';
import { openDomainAgent } from '../../app/brain/open-agent.js';

export function orderInDb(dbPath: string, session: string): OrderView | null {
  const agent = openDomainAgent({ dbPath, domainDir: join(repoRoot(), 'domains', 'drive-thru') });
  try {
    return agent.order(session);
  } finally {
    agent.close();
  }
}

/** Every row of the drive-thru order tables, as one string: equal snapshots mean nothing was written. */
export function orderTablesSnapshot(dbPath: string): string {
  const db = new Database(dbPath, { readonly: true });
  try {
    const all = (table: string): unknown[] => db.prepare(`SELECT * FROM ${table} ORDER BY rowid`).all();
    return JSON.stringify({ orders: all('orders'), order_lines: all('order_lines'), order_line_modifiers: all('order_line_modifiers') });
  } finally {
    db.close();
  }
}
