/**
 * Opens the SQLite store: WAL, foreign keys, a busy timeout, then the migrations. Any failure to
 * open or read the file (missing directory, corrupt or non-SQLite file) is STORE_FAILED naming it.
 */
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { HeedError } from '../../core/errors.js';
import { runMigrations, type Migration } from './migrations.js';
import { CORE_MIGRATIONS } from './core-migrations.js';

export type Db = Database.Database;

export interface OpenStoreOptions {
  /** Migrations to apply after the core ones (e.g. a domain pack's schema and seed). */
  migrations?: readonly Migration[];
  busyTimeoutMs?: number;
  readonly?: boolean;
}

export function openStore(path: string, opts: OpenStoreOptions = {}): Db {
  const file = path === ':memory:' ? path : resolve(path);
  let db: Db | undefined;
  try {
    if (file !== ':memory:' && !opts.readonly) mkdirSync(dirname(file), { recursive: true });
    db = new Database(file, { readonly: opts.readonly ?? false, fileMustExist: opts.readonly ?? false });
    db.pragma(`busy_timeout = ${Math.max(0, Math.floor(opts.busyTimeoutMs ?? 5000))}`);
    // The first real read: a corrupt or non-SQLite file fails here ("file is not a database").
    db.pragma('schema_version', { simple: true });
    if (!opts.readonly) db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    db.pragma('synchronous = NORMAL');
    if (!opts.readonly) runMigrations(db, [...CORE_MIGRATIONS, ...(opts.migrations ?? [])]);
    return db;
  } catch (err) {
    try { db?.close(); } catch { /* already failed */ }
    if (err instanceof HeedError) throw err;
    const reason = err instanceof Error ? err.message : String(err);
    throw new HeedError('STORE_FAILED', 'store', `Cannot open the store database ${file}: ${reason}`, {
      cause: err,
      recoverable: false,
      hint: 'Check that the path is a Heed SQLite database (move a damaged file aside to start fresh).',
    });
  }
}

/** Runs fn in a transaction, wrapping SQLite errors as STORE_FAILED (HeedErrors pass through). */
export function inTransaction<T>(db: Db, fn: () => T): T {
  try {
    return db.transaction(fn)();
  } catch (err) {
    throw storeError(err);
  }
}

export function storeError(err: unknown): HeedError {
  if (err instanceof HeedError) return err;
  const reason = err instanceof Error ? err.message : String(err);
  return new HeedError('STORE_FAILED', 'store', `Store error: ${reason}`, { cause: err });
}
