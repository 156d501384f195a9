/** Every row of every table of a store file (FTS shadows, the conversation log, dialog state included), as one string. */
import Database from 'better-sqlite3';

export function dumpDb(dbPath: string): string {
  const db = new Database(dbPath, { readonly: true });
  try {
    const tables = db.prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all().map((r) => r.name);
    const out: Record<string, unknown[]> = {};
    for (const t of tables) {
      let rows: unknown[];
      try { rows = db.prepare(`SELECT * FROM "${t}" ORDER BY rowid`).all(); } catch { rows = db.prepare(`SELECT * FROM "${t}"`).all(); }
      out[t] = rows.map((r) => JSON.stringify(r, (_k, v: unknown) => (Buffer.isBuffer(v) ? v.toString('hex') : v)));
    }
    return JSON.stringify(out);
  } finally {
    db.close();
  }
}
