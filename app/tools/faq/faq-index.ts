/**
 * The full-text index over a pack's `faq` table (convention: `faq (id INTEGER PRIMARY KEY, topic
 * TEXT, question TEXT NOT NULL, answer TEXT NOT NULL, source TEXT)`). An FTS5 external-content
 * table reads the text from `faq` itself; triggers keep it in step with every insert, update and
 * delete, and `ensureFaqIndex` rebuilds it when it is missing or out of step (rows seeded before the
 * triggers existed, or written while they were dropped). Idempotent; cheap once a handle is checked.
 */
import { HeedError } from '../../core/errors.js';
import type { Db } from '../store/open-store.js';

/** The FTS5 table: columns question, answer, topic, source (in this order: bm25 weights follow it). */
export const FAQ_FTS_TABLE = 'faq_fts';

/** bm25 column weights: a word of the question counts most, then the topic, then the answer and source. */
export const FAQ_COLUMN_WEIGHTS = { question: 4, answer: 1, topic: 2, source: 1 } as const;

const SCHEMA = `
CREATE VIRTUAL TABLE IF NOT EXISTS ${FAQ_FTS_TABLE} USING fts5(
  question, answer, topic, source,
  content = 'faq', content_rowid = 'id',
  tokenize = 'porter unicode61'
);
CREATE TRIGGER IF NOT EXISTS faq_fts_after_insert AFTER INSERT ON faq BEGIN
  INSERT INTO ${FAQ_FTS_TABLE} (rowid, question, answer, topic, source) VALUES (new.id, new.question, new.answer, new.topic, new.source);
END;
CREATE TRIGGER IF NOT EXISTS faq_fts_after_delete AFTER DELETE ON faq BEGIN
  INSERT INTO ${FAQ_FTS_TABLE} (${FAQ_FTS_TABLE}, rowid, question, answer, topic, source) VALUES ('delete', old.id, old.question, old.answer, old.topic, old.source);
END;
CREATE TRIGGER IF NOT EXISTS faq_fts_after_update AFTER UPDATE ON faq BEGIN
  INSERT INTO ${FAQ_FTS_TABLE} (${FAQ_FTS_TABLE}, rowid, question, answer, topic, source) VALUES ('delete', old.id, old.question, old.answer, old.topic, old.source);
  INSERT INTO ${FAQ_FTS_TABLE} (rowid, question, answer, topic, source) VALUES (new.id, new.question, new.answer, new.topic, new.source);
END;
`;

const TRIGGERS = ['faq_fts_after_insert', 'faq_fts_after_delete', 'faq_fts_after_update'];

/** Handles already checked in this process: the integrity check runs once per open database. */
const checked = new WeakSet<Db>();

export function hasFaqTable(db: Db): boolean {
  return db.prepare<[], { n: number }>("SELECT COUNT(*) AS n FROM sqlite_master WHERE type = 'table' AND name = 'faq'").get()?.n === 1;
}

/** True when the index holds exactly what the faq table holds (FTS5 'integrity-check' against the content). */
export function faqIndexInSync(db: Db): boolean {
  try {
    db.prepare(`INSERT INTO ${FAQ_FTS_TABLE} (${FAQ_FTS_TABLE}, rank) VALUES ('integrity-check', 1)`).run();
    return true;
  } catch {
    return false;
  }
}

/**
 * Creates the index and its triggers if missing, and rebuilds the index when it does not match the
 * faq rows. Returns true when it (re)built. Throws DOMAIN_INVALID when the store has no faq table.
 */
export function ensureFaqIndex(db: Db): boolean {
  if (checked.has(db) && db.open) return false;
  if (!hasFaqTable(db)) {
    throw new HeedError('DOMAIN_INVALID', 'domain', 'This store has no faq table, so it cannot answer questions from an FAQ', {
      hint: 'A pack with an FAQ defines CREATE TABLE faq (id INTEGER PRIMARY KEY, topic TEXT, question TEXT NOT NULL, answer TEXT NOT NULL, source TEXT).',
    });
  }
  let rebuilt = false;
  try {
    db.transaction(() => {
      const existing = db.prepare<[], { name: string }>(
        `SELECT name FROM sqlite_master WHERE (type = 'table' AND name = '${FAQ_FTS_TABLE}') OR (type = 'trigger' AND tbl_name = 'faq')`,
      ).all().map((r) => r.name);
      let complete = existing.includes(FAQ_FTS_TABLE) && TRIGGERS.every((t) => existing.includes(t));
      if (existing.includes(FAQ_FTS_TABLE) && !sameColumns(db)) {
        // An index of another shape (an older version): drop it and its triggers, build afresh.
        for (const t of TRIGGERS) db.exec(`DROP TRIGGER IF EXISTS ${t}`);
        db.exec(`DROP TABLE ${FAQ_FTS_TABLE}`);
        complete = false;
      }
      if (!complete) db.exec(SCHEMA);
      if (!complete || !faqIndexInSync(db)) {
        db.prepare(`INSERT INTO ${FAQ_FTS_TABLE} (${FAQ_FTS_TABLE}) VALUES ('rebuild')`).run();
        rebuilt = true;
      }
    })();
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    throw new HeedError('STORE_FAILED', 'store', `Cannot build the FAQ search index: ${reason}`, { cause: err });
  }
  checked.add(db);
  return rebuilt;
}

const COLUMNS = ['question', 'answer', 'topic', 'source'];

function sameColumns(db: Db): boolean {
  const cols = db.prepare<[], { name: string }>(`SELECT name FROM pragma_table_info('${FAQ_FTS_TABLE}')`).all().map((c) => c.name);
  return cols.join(',') === COLUMNS.join(',');
}

/** Forgets that a handle was checked (tests that break the index on purpose). */
export function forgetFaqIndexCheck(db: Db): void {
  checked.delete(db);
}
