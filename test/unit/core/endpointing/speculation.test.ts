/**
 * The speculation cache: one pending speculation per turn, reused only on an exact (normalized)
 * match, and dropped without a trace otherwise; and a speculation over the real drive-thru
 * grammar that leaves the store untouched.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { openDomainAgent } from '../../../../app/brain/open-agent.js';
import { repoRoot } from '../../../../app/core/paths.js';
import { matchWords } from '../../../../app/core/grammar/matcher.js';
import { SpeculationCache, speculationKey } from '../../../../app/core/endpointing/speculation.js';
import { grammarClassifier } from '../../../../app/core/endpointing/endpoint-policy.js';

const OPTS = { timeout: 10_000 };
const DICT_PATH = '/usr/share/pocketsphinx/model/en-us/cmudict-en-us.dict';
const w = (s: string): string[] => s.split(' ').filter((x) => x.length > 0);

interface Result { text: string }

function cache(): { c: SpeculationCache<Result>; disposed: string[] } {
  const disposed: string[] = [];
  return { c: new SpeculationCache<Result>({ dispose: (r) => disposed.push(r.text) }), disposed };
}

test('the key is the normalized words', OPTS, () => {
  assert.equal(speculationKey(['I’d', 'LIKE', 'a', 'Cheeseburger.']), "i'd like a cheeseburger");
  assert.equal(speculationKey(["i'd like", '  a ', 'cheeseburger']), "i'd like a cheeseburger");
  assert.equal(speculationKey([]), '');
});

test('take returns the speculation when the final words agree exactly (after normalization)', OPTS, () => {
  const { c, disposed } = cache();
  const r = { text: 'add cheeseburger' };
  c.offer('t1', w("i'd like a cheeseburger"), r);
  assert.equal(c.take('t1', ['I’d', 'like', 'a', 'cheeseburger.']), r);
  assert.equal(c.size, 0, 'taken: the turn is cleared');
  assert.equal(c.take('t1', w("i'd like a cheeseburger")), null, 'only once');
  assert.deepEqual(disposed, []);
});

test('a final transcript that differs discards the speculation and leaves no trace', OPTS, () => {
  const { c, disposed } = cache();
  c.offer('t1', w("i'd like a cheeseburger"), { text: 'one' });
  assert.equal(c.take('t1', w("i'd like a cheeseburger with no onions")), null);
  assert.equal(c.size, 0);
  assert.equal(c.pendingKey('t1'), null);
  assert.deepEqual(disposed, ['one']);
  // A prefix, a superset, a reordering: none is a match.
  for (const final of ["i'd like a", "i'd like a cheeseburger please", "a cheeseburger i'd like"]) {
    c.offer('t2', w("i'd like a cheeseburger"), { text: final });
    assert.equal(c.take('t2', w(final)), null, final);
  }
  assert.equal(c.take('never-offered', w('anything')), null);
});

test('at most one pending speculation per turn: a newer partial replaces the older one', OPTS, () => {
  const { c, disposed } = cache();
  c.offer('t1', w("i'd like a"), { text: 'a' });
  c.offer('t1', w("i'd like a cheeseburger"), { text: 'b' });
  assert.equal(c.size, 1);
  assert.equal(c.pendingKey('t1'), "i'd like a cheeseburger");
  assert.deepEqual(disposed, ['a']);
  assert.equal(c.take('t1', w("i'd like a"))?.text, undefined, 'the older one is gone');
});

test('turns are independent', OPTS, () => {
  const { c } = cache();
  c.offer('kiosk-1', w('yes'), { text: 'yes-1' });
  c.offer('kiosk-2', w('no'), { text: 'no-2' });
  assert.equal(c.size, 2);
  assert.equal(c.take('kiosk-2', w('no'))?.text, 'no-2');
  assert.equal(c.take('kiosk-1', w('yes'))?.text, 'yes-1');
});

test('speculate computes once per distinct partial and reuses it for the same words', OPTS, () => {
  const { c, disposed } = cache();
  let runs = 0;
  const compute = (words: readonly string[]): Result => { runs++; return { text: words.join(' ') }; };
  const a = c.speculate('t1', w("i'd like a cheeseburger"), compute);
  const b = c.speculate('t1', ['I’d', 'like', 'a', 'cheeseburger'], compute);
  assert.equal(a, b);
  assert.equal(runs, 1);
  assert.equal(a?.text, "i'd like a cheeseburger", 'compute sees the normalized words');
  c.speculate('t1', w("i'd like a cheeseburger and"), compute);
  assert.equal(runs, 2);
  assert.deepEqual(disposed, ["i'd like a cheeseburger"]);
  assert.equal(c.speculate('t1', [], compute), null, 'no words: nothing to speculate');
  assert.equal(c.size, 0);
  assert.deepEqual(disposed, ["i'd like a cheeseburger", "i'd like a cheeseburger and"]);
});

test('discard and clear drop everything through dispose', OPTS, () => {
  const { c, disposed } = cache();
  c.offer('t1', w('one'), { text: 'one' });
  c.offer('t2', w('two'), { text: 'two' });
  c.offer('t3', w('three'), { text: 'three' });
  c.discard('t1');
  c.discard('t1');
  assert.deepEqual(disposed, ['one']);
  c.clear();
  assert.deepEqual(disposed.sort(), ['one', 'three', 'two']);
  assert.equal(c.size, 0);
  assert.equal(c.take('t2', w('two')), null);
});

test('offering empty words stores nothing; re-offering the same result is not a discard', OPTS, () => {
  const { c, disposed } = cache();
  const r = { text: 'r' };
  c.offer('t1', w('yes'), r);
  c.offer('t1', w('yes please'), r);
  assert.deepEqual(disposed, []);
  c.offer('t1', [], { text: 'empty' });
  assert.equal(c.size, 0);
  assert.deepEqual(disposed, ['r']);
  const plain = new SpeculationCache<number>();
  plain.offer('t', w('x'), 1);
  plain.discard('t');
  assert.equal(plain.size, 0, 'dispose is optional');
});

test('a read-only speculation over the drive-thru grammar is reused, and the store is never written', OPTS, () => {
  const dir = mkdtempSync(join(tmpdir(), 'heed-speculation-'));
  const dbPath = join(dir, 'heed.db');
  const agent = openDomainAgent({ dbPath, domainDir: join(repoRoot(), 'domains', 'drive-thru'), dictPath: DICT_PATH });
  const dump = (): string => {
    const db = new Database(dbPath, { readonly: true });
    try {
      const tables = db.prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all();
      return JSON.stringify(tables.map((t) => [t.name, db.prepare(`SELECT * FROM "${t.name}" ORDER BY rowid`).all()]));
    } finally { db.close(); }
  };
  try {
    const g = agent.packGrammar().grammar;
    const classify = grammarClassifier(g);
    const before = dump();
    const spec = new SpeculationCache<{ parse: string; tags: string[] }>();
    let runs = 0;
    const read = (words: readonly string[]): { parse: string; tags: string[] } => {
      runs++;
      return { parse: classify(words), tags: matchWords(g, words)?.tags ?? [] };
    };
    for (const partial of ["i'd", "i'd like", "i'd like a", "i'd like a cheeseburger", "i'd like a cheeseburger"]) spec.speculate('turn-1', w(partial), read);
    assert.equal(runs, 4, 'the repeated partial is not parsed again');
    const hit = spec.take('turn-1', w("I'd like a cheeseburger."));
    assert.equal(hit?.parse, 'exact');
    assert.ok(hit?.tags.includes('intent=add'), JSON.stringify(hit?.tags));
    spec.speculate('turn-2', w('can i get two cheeseburgers with no'), read);
    assert.equal(spec.take('turn-2', w('can i get two cheeseburgers with no onions')), null);
    assert.equal(dump(), before, 'nothing was written');
    assert.equal(agent.order('turn-1'), null, 'no order was started');
  } finally {
    agent.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
