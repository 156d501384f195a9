/**
 * Reads a domain pack folder and checks it before anything touches the real store:
 *   domain.json   who the agent is, which brain and tools, canned replies     (required)
 *   phrases.json  phrase templates with {slots}; "universal" adds yes/no/… words (required)
 *   lexicon.json  pronunciations and spoken forms of brand names, acronyms    (optional)
 *   schema.sql    tables                                                       (required)
 *   seed.sql      rows                                                         (optional)
 *   data/*.csv    rows for the table named like the file, header = columns    (optional)
 * Every error names the file and line. The SQL and CSV are dry-run into an in-memory database
 * (after the core tables) statement by statement, row by row.
 */
import Database from 'better-sqlite3';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import type { z } from 'zod';
import { HeedError } from '../../core/errors.js';
import { emptyLexicon, lexiconSchema, type Lexicon } from '../../core/text/lexicon.js';
import { CORE_MIGRATIONS } from '../../tools/store/core-migrations.js';
import type { Migration } from '../../tools/store/migrations.js';
import { parseCsv, CsvSyntaxError } from './csv.js';
import { JsonSyntaxError, parseJsonSource, type JsonSource } from './json-source.js';
import { packSchema, type DomainPack } from './pack-schema.js';
import { splitSql } from './sql-statements.js';

export interface JsonFile {
  file: string;
  source: JsonSource;
}

export interface PackFiles {
  dir: string;
  pack: DomainPack;
  /** domain.json, kept for line numbers when the brain checks its reply keys. */
  domainJson: JsonFile;
  phrases: JsonFile;
  lexicon: Lexicon;
  migrations: Migration[];
}

export function packError(file: string, line: number | null, message: string, hint?: string): HeedError {
  return new HeedError('DOMAIN_INVALID', 'domain', `${file}${line !== null ? `:${line}` : ''}: ${message}`, hint ? { hint } : {});
}

function readText(dir: string, name: string): string {
  const file = join(dir, name);
  if (!existsSync(file)) {
    throw packError(file, null, 'missing', 'A domain pack needs domain.json, phrases.json and schema.sql (see docs/DOMAINS.md).');
  }
  return readFileSync(file, 'utf8');
}

function readJson(dir: string, name: string): JsonFile {
  const file = join(dir, name);
  try {
    return { file, source: parseJsonSource(readText(dir, name)) };
  } catch (err) {
    if (err instanceof JsonSyntaxError) throw packError(file, err.line, `not valid JSON: ${err.message} (column ${err.column})`);
    throw err;
  }
}

/** Validates a JSON file (or a part of it under `at`) with a zod schema; the first problems name their lines. */
export function checkJson<S extends z.ZodTypeAny>(json: JsonFile, schema: S, value: unknown = json.source.value, at: ReadonlyArray<string | number> = []): z.output<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data as z.output<S>;
  const issues = parsed.error.issues.slice(0, 3);
  const first = issues[0];
  const line = json.source.lineOf([...at, ...(first?.path ?? [])]);
  const text = issues.map((i) => `${[...at, ...i.path].join('.') || '(root)'}: ${i.message}`).join('; ');
  throw packError(json.file, line, text);
}

function sqlLiteral(value: string): string {
  if (value === '') return 'NULL';
  if (/^-?(?:0|[1-9]\d{0,14})(?:\.\d+)?$/.test(value)) return value;
  return `'${value.replace(/'/g, "''")}'`;
}

interface CsvTable { file: string; table: string; columns: string[]; rows: Array<{ line: number; sql: string }> }

function readCsvTables(dir: string): CsvTable[] {
  const dataDir = join(dir, 'data');
  if (!existsSync(dataDir) || !statSync(dataDir).isDirectory()) return [];
  return readdirSync(dataDir).filter((f) => f.endsWith('.csv')).sort().map((name) => {
    const file = join(dataDir, name);
    const table = basename(name, '.csv');
    if (!/^[a-z_][a-z0-9_]*$/.test(table)) throw packError(file, null, `the file name must be a table name (lower case, digits, underscores)`);
    let rows;
    try {
      rows = parseCsv(readFileSync(file, 'utf8'));
    } catch (err) {
      if (err instanceof CsvSyntaxError) throw packError(file, err.line, err.message);
      throw err;
    }
    const header = rows.shift();
    if (!header) throw packError(file, 1, 'empty: the first line must name the columns');
    const columns = header.fields.map((c) => c.trim());
    for (const c of columns) if (!/^[a-z_][a-z0-9_]*$/.test(c)) throw packError(file, header.line, `bad column name "${c}"`);
    return {
      file, table, columns,
      rows: rows.map((r) => {
        if (r.fields.length !== columns.length) throw packError(file, r.line, `${r.fields.length} fields, the header has ${columns.length}`);
        return { line: r.line, sql: `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${r.fields.map(sqlLiteral).join(', ')});` };
      }),
    };
  });
}

/** Runs the pack's SQL and CSV into an in-memory database, reporting the first failure by file and line. */
function dryRun(dir: string, scripts: Array<{ file: string; text: string }>, csv: CsvTable[]): void {
  const db = new Database(':memory:');
  try {
    db.pragma('foreign_keys = ON');
    for (const m of CORE_MIGRATIONS) if (m.sql) db.exec(m.sql);
    for (const s of scripts) {
      for (const st of splitSql(s.text)) {
        try { db.exec(st.sql); } catch (err) { throw packError(s.file, st.line, (err as Error).message); }
      }
    }
    for (const t of csv) {
      for (const r of t.rows) {
        try { db.exec(r.sql); } catch (err) { throw packError(t.file, r.line, (err as Error).message); }
      }
    }
    const fk = db.pragma('foreign_key_check') as Array<{ table: string; rowid: number; parent: string }>;
    const bad = fk[0];
    if (bad) throw packError(join(dir, bad.table), null, `row ${bad.rowid} of ${bad.table} refers to a missing ${bad.parent} row`);
  } finally {
    db.close();
  }
}

export function readPackFiles(domainDir: string): PackFiles {
  const dir = resolve(domainDir);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new HeedError('DOMAIN_INVALID', 'domain', `The domain pack folder ${dir} does not exist`, { hint: 'Pass --domain <folder> with domain.json inside (see docs/DOMAINS.md).' });
  }
  const domainJson = readJson(dir, 'domain.json');
  const pack = checkJson(domainJson, packSchema);
  const phrases = readJson(dir, 'phrases.json');
  const lexicon = existsSync(join(dir, 'lexicon.json')) ? (() => {
    const lex = readJson(dir, 'lexicon.json');
    return checkJson(lex, lexiconSchema);
  })() : emptyLexicon;
  const schemaText = readText(dir, 'schema.sql');
  const seedFile = join(dir, 'seed.sql');
  const seedText = existsSync(seedFile) ? readFileSync(seedFile, 'utf8') : null;
  const csv = readCsvTables(dir);
  dryRun(dir, [{ file: join(dir, 'schema.sql'), text: schemaText }, ...(seedText !== null ? [{ file: seedFile, text: seedText }] : [])], csv);
  const migrations: Migration[] = [{ id: `${pack.name}/001_schema`, sql: schemaText }];
  if (seedText !== null) migrations.push({ id: `${pack.name}/002_seed`, sql: seedText });
  if (csv.length > 0) migrations.push({ id: `${pack.name}/003_data`, sql: csv.flatMap((t) => t.rows.map((r) => r.sql)).join('\n') });
  return { dir, pack, domainJson, phrases, lexicon, migrations };
}
