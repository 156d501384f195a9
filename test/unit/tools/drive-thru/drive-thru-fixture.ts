/** A drive-thru store in a fresh tmp dir, seeded from the real domain pack. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '../../../../app/core/paths.js';
import type { ToolCallRecord } from '../../../../app/core/turn.js';
import { readPackFiles } from '../../../../app/brain/pack/pack-files.js';
import { driveThruToolApi } from '../../../../app/tools/drive-thru/index.js';
import { openStore, type Db } from '../../../../app/tools/store/open-store.js';

export const DOMAIN_DIR = join(repoRoot(), 'domains', 'drive-thru');
export const DICT_PATH = '/usr/share/pocketsphinx/model/en-us/cmudict-en-us.dict';

export interface TmpStore {
  dir: string;
  dbPath: string;
  db: Db;
  done(): void;
}

export function tmpStore(): TmpStore {
  const dir = mkdtempSync(join(tmpdir(), 'heed-drive-thru-'));
  const dbPath = join(dir, 'heed.db');
  const db = openStore(dbPath, { migrations: readPackFiles(DOMAIN_DIR).migrations });
  return { dir, dbPath, db, done: () => { if (db.open) db.close(); rmSync(dir, { recursive: true, force: true }); } };
}

export function tmpDir(): { dir: string; done(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'heed-agent-'));
  return { dir, done: () => rmSync(dir, { recursive: true, force: true }) };
}

export function tools(db: Db, sessionId = 's1', customerConfirmed = false): { api: ReturnType<typeof driveThruToolApi>; records: ToolCallRecord[] } {
  const records: ToolCallRecord[] = [];
  return { api: driveThruToolApi({ db, sessionId, customerConfirmed }, records), records };
}

export function count(db: Db, table: string): number {
  return db.prepare<[], { n: number }>(`SELECT COUNT(*) AS n FROM ${table}`).get()?.n ?? 0;
}
