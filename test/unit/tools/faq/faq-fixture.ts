/** Stores for the FAQ tests: a tiny hand-made FAQ, or the store-info pack's real one. */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '../../../../app/core/paths.js';
import { openStore, type Db } from '../../../../app/tools/store/open-store.js';

export const STORE_INFO_DIR = join(repoRoot(), 'domains', 'store-info');

export interface FaqStore { db: Db; done(): void }

function tmp(sqls: Array<{ id: string; sql: string }>): FaqStore {
  const dir = mkdtempSync(join(tmpdir(), 'heed-faq-'));
  const db = openStore(join(dir, 'heed.db'), { migrations: sqls });
  return { db, done: () => { if (db.open) db.close(); rmSync(dir, { recursive: true, force: true }); } };
}

export const FAQ_TABLE = 'CREATE TABLE faq (id INTEGER PRIMARY KEY, topic TEXT, question TEXT NOT NULL, answer TEXT NOT NULL, source TEXT);';

/** Three rows, inserted before any index exists (as a pack's seed does). */
export function smallFaq(): FaqStore {
  return tmp([{ id: 'faq/schema', sql: `${FAQ_TABLE}
INSERT INTO faq (id, topic, question, answer, source) VALUES
  (1, 'returns', 'Can I return an item without a receipt?', 'Without a receipt we give store credit.', 'Returns policy §2'),
  (2, 'parking', 'Where can I park?', 'The customer lot behind the store is free.', 'Store guide: parking'),
  (3, 'pets', 'Can I bring my dog?', 'Dogs on a leash are welcome.', NULL);` }]);
}

/** The store-info pack's schema and seed (32 FAQ rows). */
export function storeInfoFaq(): FaqStore {
  return tmp([
    { id: 'store-info/001_schema', sql: readFileSync(join(STORE_INFO_DIR, 'schema.sql'), 'utf8') },
    { id: 'store-info/002_seed', sql: readFileSync(join(STORE_INFO_DIR, 'seed.sql'), 'utf8') },
  ]);
}

export function count(db: Db, table: string): number {
  return db.prepare<[], { n: number }>(`SELECT COUNT(*) AS n FROM ${table}`).get()?.n ?? 0;
}
