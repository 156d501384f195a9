/**
 * A tiny migrations runner: each migration has a unique id, runs once, in the order given, inside
 * its own transaction, and is recorded in schema_migrations. Re-running is a no-op.
 */
import type Database from 'better-sqlite3';
import { HeedError } from '../../core/errors.js';

export interface Migration {
  /** Unique and stable, e.g. "core/001_orders" or "drive-thru/002_seed". */
  id: string;
  /** SQL script (may hold many statements). */
  sql?: string;
  /** Or code, for migrations SQL alone cannot express. */
  up?: (db: Database.Database) => void;
}

export function runMigrations(db: Database.Database, migrations: readonly Migration[]): string[] {
  const seen = new Set<string>();
  for (const m of migrations) {
    if (seen.has(m.id)) throw new HeedError('STORE_FAILED', 'store', `Duplicate migration id "${m.id}"`, { recoverable: false });
    if (m.sql === undefined && m.up === undefined) throw new HeedError('STORE_FAILED', 'store', `Migration "${m.id}" has neither sql nor up()`, { recoverable: false });
    seen.add(m.id);
  }
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    id TEXT PRIMARY KEY,
    seq INTEGER NOT NULL,
    applied_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now'))
  ) STRICT`);
  const has = db.prepare<[string], { id: string }>('SELECT id FROM schema_migrations WHERE id = ?');
  const record = db.prepare<[string]>('INSERT INTO schema_migrations (id, seq) VALUES (?, (SELECT COALESCE(MAX(seq), 0) + 1 FROM schema_migrations))');
  const applied: string[] = [];
  for (const m of migrations) {
    if (has.get(m.id)) continue;
    try {
      db.transaction(() => {
        if (m.sql !== undefined) db.exec(m.sql);
        m.up?.(db);
        record.run(m.id);
      }).immediate();
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      throw new HeedError('STORE_FAILED', 'store', `Migration "${m.id}" failed: ${reason}`, { cause: err, recoverable: false });
    }
    applied.push(m.id);
  }
  return applied;
}

export function appliedMigrations(db: Database.Database): string[] {
  return db.prepare<[], { id: string }>('SELECT id FROM schema_migrations ORDER BY seq').all().map((r) => r.id);
}
