import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HeedError } from '../../../../app/core/errors.js';
import { appliedMigrations, runMigrations } from '../../../../app/tools/store/migrations.js';
import { openStore } from '../../../../app/tools/store/open-store.js';

const TIMEOUT = { timeout: 20_000 };

function tmp(): { dir: string; done(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'heed-store-'));
  return { dir, done: () => rmSync(dir, { recursive: true, force: true }) };
}

const menuStub = { id: 'test/001_menu', sql: 'CREATE TABLE menu_items (id INTEGER PRIMARY KEY, name TEXT); CREATE TABLE menu_modifiers (id INTEGER PRIMARY KEY);' };

test('a fresh file gets WAL, foreign keys and the core tables', TIMEOUT, () => {
  const t = tmp();
  try {
    const db = openStore(join(t.dir, 'sub', 'heed.db'), { migrations: [menuStub] });
    assert.equal(db.pragma('journal_mode', { simple: true }), 'wal');
    assert.equal(db.pragma('foreign_keys', { simple: true }), 1);
    assert.ok(Number(db.pragma('busy_timeout', { simple: true })) > 0);
    const tables = db.prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all().map((r) => r.name);
    for (const name of ['sessions', 'orders', 'order_lines', 'order_line_modifiers', 'schema_migrations']) assert.ok(tables.includes(name), name);
    assert.deepEqual(appliedMigrations(db), ['core/001_sessions_orders', 'core/002_conversation_turns', 'test/001_menu']);
    db.close();
  } finally { t.done(); }
});

test('re-opening applies nothing twice and keeps rows', TIMEOUT, () => {
  const t = tmp();
  try {
    const file = join(t.dir, 'heed.db');
    const seed = { id: 'test/002_seed', sql: "INSERT INTO menu_items (name) VALUES ('burger');" };
    openStore(file, { migrations: [menuStub, seed] }).close();
    const db = openStore(file, { migrations: [menuStub, seed] });
    assert.equal(db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM menu_items').get()?.n, 1);
    assert.deepEqual(runMigrations(db, [menuStub, seed]), []);
    assert.equal(appliedMigrations(db).length, 4);
    db.close();
  } finally { t.done(); }
});

test('a failing migration rolls back and is not recorded', TIMEOUT, () => {
  const t = tmp();
  try {
    const file = join(t.dir, 'heed.db');
    const bad = { id: 'test/002_bad', sql: 'CREATE TABLE half (x INTEGER); INSERT INTO nowhere VALUES (1);' };
    assert.throws(() => openStore(file, { migrations: [menuStub, bad] }), (e: unknown) => e instanceof HeedError && e.code === 'STORE_FAILED' && /test\/002_bad/.test(e.message));
    const db = openStore(file, { migrations: [menuStub] });
    assert.equal(db.prepare("SELECT name FROM sqlite_master WHERE name = 'half'").get(), undefined);
    assert.ok(!appliedMigrations(db).includes('test/002_bad'));
    db.close();
  } finally { t.done(); }
});

test('duplicate migration ids are refused', TIMEOUT, () => {
  const t = tmp();
  try {
    assert.throws(() => openStore(join(t.dir, 'x.db'), { migrations: [menuStub, menuStub] }), (e: unknown) => e instanceof HeedError && e.code === 'STORE_FAILED');
  } finally { t.done(); }
});

test('a corrupt or non-SQLite file is STORE_FAILED naming the file', TIMEOUT, () => {
  const t = tmp();
  try {
    const file = join(t.dir, 'not-a-db.db');
    writeFileSync(file, 'this is certainly not an SQLite database, just some text that is long enough '.repeat(20));
    assert.throws(() => openStore(file), (e: unknown) => e instanceof HeedError && e.code === 'STORE_FAILED' && e.message.includes(file));
    const truncated = join(t.dir, 'truncated.db');
    writeFileSync(truncated, Buffer.concat([Buffer.from('SQLite format 3\u0000'), Buffer.alloc(200, 7)]));
    assert.throws(() => openStore(truncated), (e: unknown) => e instanceof HeedError && e.code === 'STORE_FAILED' && e.message.includes(truncated));
  } finally { t.done(); }
});
