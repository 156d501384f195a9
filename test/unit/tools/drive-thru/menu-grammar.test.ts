import { test } from 'node:test';
import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { HeedError } from '../../../../app/core/errors.js';
import { loadDictionary } from '../../../../app/core/grammar/dictionary.js';
import { openDomainAgent } from '../../../../app/brain/open-agent.js';
import { DICT_PATH, DOMAIN_DIR, count, tmpDir } from './drive-thru-fixture.js';

const TIMEOUT = { timeout: 30_000 };

test('the grammar compiled from the seed menu uses only dictionary words', TIMEOUT, () => {
  const t = tmpDir();
  const agent = openDomainAgent({ dbPath: join(t.dir, 'heed.db'), domainDir: DOMAIN_DIR, dictPath: DICT_PATH });
  try {
    const g = agent.grammar();
    assert.equal(g.name, 'drive_thru');
    assert.match(g.jsgf, /^#JSGF V1\.0;\n\ngrammar drive_thru;\n\npublic <utterance> = /);
    assert.ok(!g.jsgf.includes('{'));
    const dict = loadDictionary(DICT_PATH);
    for (const w of g.words) assert.ok(dict.has(w), w);
    for (const w of ['cheeseburger', 'fries', "i'd", "that's", "what's", 'number', 'large']) assert.ok(g.words.includes(w), w);
    assert.ok(g.words.length < 250, `grammar vocabulary stays small (${g.words.length})`);
  } finally { agent.close(); t.done(); }
});

test('a menu row inserted at run time is speakable and orderable without a restart', TIMEOUT, () => {
  const t = tmpDir();
  const dbPath = join(t.dir, 'heed.db');
  const agent = openDomainAgent({ dbPath, domainDir: DOMAIN_DIR, dictPath: DICT_PATH });
  try {
    assert.ok(!agent.grammar().words.includes('veggie'));
    assert.equal(agent.handleTranscript('s1', 'can i get a veggie burger').intent, 'not_understood');
    // Another connection (the back office) adds a row.
    const sql = "INSERT INTO menu_items (slug, name, category, base_price_cents) VALUES ('veggie_burger', 'Veggie Burger', 'burger', 429)";
    execSql(dbPath, sql);
    const g = agent.grammar();
    assert.ok(g.words.includes('veggie'));
    assert.match(g.jsgf, /veggie burger/);
    const turn = agent.handleTranscript('s1', 'can i get two veggie burgers with no pickles');
    assert.equal(turn.intent, 'add_item');
    assert.deepEqual(turn.order?.lines, [{ item: 'Veggie Burger', size: null, quantity: 2, unitPrice: 4.29, modifiers: ['no pickles'] }]);
  } finally { agent.close(); t.done(); }
});

test('a menu name the dictionary lacks is kept for letter-to-sound and is orderable', TIMEOUT, () => {
  const t = tmpDir();
  const dbPath = join(t.dir, 'heed.db');
  const agent = openDomainAgent({ dbPath, domainDir: DOMAIN_DIR, dictPath: DICT_PATH });
  try {
    execSql(dbPath, "INSERT INTO menu_items (slug, name, category, base_price_cents) VALUES ('zorble', 'Zorbleburger Deluxe', 'burger', 599)");
    const g = agent.grammar();
    assert.deepEqual(g.unknownWords, ['zorbleburger']);
    assert.ok(g.jsgf.includes('zorbleburger deluxe'));
    const turn = agent.handleTranscript('z', "i'd like a zorbleburger deluxe");
    assert.deepEqual(turn.order?.lines.map((l) => [l.item, l.unitPrice]), [['Zorbleburger Deluxe', 5.99]]);
  } finally { agent.close(); t.done(); }
});

test('a menu word that cannot be pronounced is GRAMMAR_INVALID naming the word and the row', TIMEOUT, () => {
  const t = tmpDir();
  const dbPath = join(t.dir, 'heed.db');
  const agent = openDomainAgent({ dbPath, domainDir: DOMAIN_DIR, dictPath: DICT_PATH });
  try {
    execSql(dbPath, "INSERT INTO menu_items (slug, name, category, base_price_cents) VALUES ('r2', 'R2D2 Burger', 'burger', 599)");
    assert.throws(() => agent.grammar(), (e: unknown) => e instanceof HeedError && e.code === 'GRAMMAR_INVALID'
      && e.message.includes('"r2d2"') && e.message.includes('R2D2 Burger') && e.message.includes('slug r2'));
  } finally { agent.close(); t.done(); }
});

test('bad input and silence write nothing', TIMEOUT, () => {
  const t = tmpDir();
  const dbPath = join(t.dir, 'heed.db');
  const agent = openDomainAgent({ dbPath, domainDir: DOMAIN_DIR, dictPath: DICT_PATH });
  try {
    assert.equal(agent.handleTranscript('s1', 'the weather is nice').intent, 'not_understood');
    assert.equal(agent.handleText('s1', '!!! ???').intent, 'no_speech');
    // The second silent turn in a row: "take your time" (the third would clear the session).
    assert.equal(agent.handleNoSpeech('s1').intent, 'hold');
    assert.equal(agent.order('s1'), null);
  } finally { agent.close(); }
  const check = openStoreCounts(dbPath);
  assert.deepEqual(check, { sessions: 0, orders: 0, order_lines: 0 });
  t.done();
});

function execSql(dbPath: string, sql: string): void {
  const db = new Database(dbPath);
  try { db.exec(sql); } finally { db.close(); }
}
function openStoreCounts(dbPath: string): Record<string, number> {
  const db = new Database(dbPath, { readonly: true });
  try {
    const n = (table: string): number => count(db, table);
    return { sessions: n('sessions'), orders: n('orders'), order_lines: n('order_lines') };
  } finally { db.close(); }
}
