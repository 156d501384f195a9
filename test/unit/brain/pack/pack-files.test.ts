/** Domain pack loading: every mistake a pack author can make is reported with its file and line. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseCsv } from '../../../../app/brain/pack/csv.js';
import { parseJsonSource, JsonSyntaxError } from '../../../../app/brain/pack/json-source.js';
import { readPackFiles } from '../../../../app/brain/pack/pack-files.js';
import { splitSql } from '../../../../app/brain/pack/sql-statements.js';
import { openDomainAgent } from '../../../../app/brain/open-agent.js';
import { HeedError } from '../../../../app/core/errors.js';
import { repoRoot } from '../../../../app/core/paths.js';

const DRIVE_THRU = join(repoRoot(), 'domains', 'drive-thru');
const DICT = '/usr/share/pocketsphinx/model/en-us/cmudict-en-us.dict';

function copyPack(): { dir: string; done(): void } {
  const root = mkdtempSync(join(tmpdir(), 'heed-pack-'));
  const dir = join(root, 'pack');
  cpSync(DRIVE_THRU, dir, { recursive: true });
  return { dir, done: () => rmSync(root, { recursive: true, force: true }) };
}

function edit(file: string, fn: (s: string) => string): void {
  writeFileSync(file, fn(readFileSync(file, 'utf8')));
}

function expectPackError(fn: () => unknown, where: RegExp): void {
  assert.throws(fn, (err: unknown) => {
    assert.ok(err instanceof HeedError, String(err));
    assert.equal(err.code, 'DOMAIN_INVALID', err.message);
    assert.match(err.message, where);
    return true;
  });
}

test('json-source: values and the line of every path', () => {
  const src = parseJsonSource('{\n  "a": 1,\n  "b": {\n    "c": [\n      "x",\n      "y"\n    ]\n  }\n}\n');
  assert.deepEqual(src.value, { a: 1, b: { c: ['x', 'y'] } });
  assert.equal(src.lineOf(['a']), 2);
  assert.equal(src.lineOf(['b', 'c', 1]), 6);
  assert.equal(src.lineOf(['b', 'missing']), 3, 'a missing key points at its parent');
  assert.throws(() => parseJsonSource('{\n "a": 1,\n "a": 2\n}'), (e: unknown) => e instanceof JsonSyntaxError && e.line === 3 && /duplicate/.test(e.message));
  assert.throws(() => parseJsonSource('{\n "a": [1, 2,\n}'), (e: unknown) => e instanceof JsonSyntaxError && e.line === 3);
  for (const bad of ['', '{', '{"a" 1}', '[1,]', '"abc', '{"a":1} x', 'tru', '01']) assert.throws(() => parseJsonSource(bad), JsonSyntaxError, bad);
});

test('csv: quotes, escapes, newlines in fields, CRLF, line numbers', () => {
  const rows = parseCsv('id,name\r\n1,"Smith, Jo"\n2,"say ""hi"""\n\n3,"two\nlines"\n4,x\n');
  assert.deepEqual(rows.map((r) => [r.line, r.fields]), [
    [1, ['id', 'name']], [2, ['1', 'Smith, Jo']], [3, ['2', 'say "hi"']], [5, ['3', 'two\nlines']], [7, ['4', 'x']],
  ]);
  assert.throws(() => parseCsv('a\n"open'), /unterminated/);
});

test('sql: statements with their lines; quotes, comments and trigger bodies kept whole', () => {
  const sql = "-- header\nCREATE TABLE t (a TEXT); /* c; */\n\nINSERT INTO t VALUES ('x;y');\nCREATE TRIGGER tr AFTER INSERT ON t BEGIN\n  UPDATE t SET a = 'z';\n  SELECT CASE WHEN 1 THEN 2 END;\nEND;\nSELECT 1";
  const st = splitSql(sql);
  assert.deepEqual(st.map((s) => s.line), [2, 4, 5, 9]);
  assert.match(st[2]?.sql ?? '', /^CREATE TRIGGER[\s\S]*END;$/);
});

test('the shipped drive-thru pack loads', () => {
  const f = readPackFiles(DRIVE_THRU);
  assert.equal(f.pack.policy, 'ordering');
  assert.ok(f.migrations.length >= 2);
});

test('pack errors name the file and line', async (t) => {
  const cases: Array<[string, (dir: string) => void, RegExp]> = [
    ['missing folder', () => undefined, /does not exist/],
    ['bad JSON in domain.json', (d) => edit(join(d, 'domain.json'), (s) => s.replace('"policy": "ordering",', '"policy": "ordering"')), /domain\.json:\d+: not valid JSON/],
    ['unknown policy', (d) => edit(join(d, 'domain.json'), (s) => s.replace('"policy": "ordering"', '"policy": "bakery"')), /domain\.json:5: policy:/],
    ['missing universal reply', (d) => edit(join(d, 'domain.json'), (s) => s.replace(/\n\s*"offTopic": "[^"]*",/, '')), /domain\.json:\d+: replies\.offTopic: Required/],
    ['unknown brain reply', (d) => edit(join(d, 'domain.json'), (s) => s.replace('"replies": {', '"replies": {\n    "surprise": "Boo",')), /domain\.json:\d+: replies: Unrecognized key.*surprise/],
    ['unknown tool', (d) => edit(join(d, 'domain.json'), (s) => s.replace('"find_items",', '"find_items", "set_price",')), /domain\.json:\d+: tools\.1: unknown tool "set_price"/],
    ['upper-case phrase', (d) => edit(join(d, 'phrases.json'), (s) => s.replace('"i\'d like",', '"I\'d Like",')), /phrases\.json:\d+: carriers\.0: lower-case/],
    ['SQL error in schema.sql', (d) => edit(join(d, 'schema.sql'), (s) => `${s}\n\nCREATE TABLE broken (a INTEGER\n;\n`), /schema\.sql:\d+: .*syntax error|incomplete input/],
    ['constraint failure in seed.sql', (d) => edit(join(d, 'seed.sql'), (s) => `${s}\nINSERT INTO menu_items (id, slug, name, category, base_price_cents) VALUES (99, 'x', 'X', 'pizza', 100);\n`), /seed\.sql:\d+: CHECK constraint failed/],
    ['bad CSV row', (d) => { mkdirSync(join(d, 'data')); writeFileSync(join(d, 'data', 'menu_item_aliases.csv'), 'item_id,alias\n1,big cheese\n1\n'); }, /menu_item_aliases\.csv:3: 1 fields, the header has 2/],
    ['CSV row breaking a constraint', (d) => { mkdirSync(join(d, 'data')); writeFileSync(join(d, 'data', 'menu_item_aliases.csv'), 'item_id,alias\n1,big cheese\n1,coke\n'); }, /menu_item_aliases\.csv:3: UNIQUE constraint failed/],
  ];
  for (const [name, mutate, where] of cases) {
    await t.test(name, () => {
      const p = copyPack();
      try {
        const dir = name === 'missing folder' ? join(p.dir, 'nope') : p.dir;
        mutate(dir);
        expectPackError(() => {
          const a = openDomainAgent({ dbPath: join(p.dir, '..', 'x.db'), domainDir: dir, dictPath: DICT });
          a.close();
        }, where);
      } finally { p.done(); }
    });
  }
});

test('CSV data rows load into the store', () => {
  const p = copyPack();
  try {
    mkdirSync(join(p.dir, 'data'));
    writeFileSync(join(p.dir, 'data', 'menu_item_aliases.csv'), 'item_id,alias\n2,plain burger\n');
    const a = openDomainAgent({ dbPath: join(p.dir, '..', 'x.db'), domainDir: p.dir, dictPath: DICT });
    try {
      const r = a.handleText('s', 'a plain burger please');
      assert.equal(r.order?.lines[0]?.item, 'Hamburger');
    } finally { a.close(); }
  } finally { p.done(); }
});
