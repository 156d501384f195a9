import { test } from 'node:test';
import assert from 'node:assert/strict';
import { HeedError } from '../../../../app/core/errors.js';
import { runTool } from '../../../../app/tools/drive-thru/define-tool.js';
import { readFaqTool, searchFaqTool } from '../../../../app/tools/faq/faq-tools.js';
import { bestAnswer, searchFaq } from '../../../../app/tools/faq/faq-search.js';
import type { ToolContext } from '../../../../app/tools/drive-thru/define-tool.js';
import type { Db } from '../../../../app/tools/store/open-store.js';
import { count, storeInfoFaq } from './faq-fixture.js';

const TIMEOUT = { timeout: 30_000 };
const ctx = (db: Db): ToolContext => ({ db, sessionId: 's1', customerConfirmed: false });

test('search_faq returns the row verbatim with a pointer to it, or found=false', TIMEOUT, () => {
  const s = storeInfoFaq();
  try {
    const r = runTool(searchFaqTool, ctx(s.db), { query: 'do you take returns without a receipt' });
    assert.equal(r.found, true);
    if (r.found) {
      assert.equal(r.faqId, 1);
      assert.equal(r.pointer, 'faq #1, Returns policy §2');
      assert.match(r.answer, /store credit/);
    }
    const u = runTool(searchFaqTool, ctx(s.db), { query: "what's the capital of peru" });
    assert.equal(u.found, false);
  } finally { s.done(); }
});

test('search_faq validates its arguments', TIMEOUT, () => {
  const s = storeInfoFaq();
  try {
    const bad = (args: unknown): void => assert.throws(() => runTool(searchFaqTool, ctx(s.db), args), (e: unknown) => e instanceof HeedError && e.code === 'TOOL_ARGS_INVALID');
    bad({});
    bad({ query: 'x'.repeat(301) });
    bad({ query: 'returns', limit: 3 });
    bad({ query: 42 });
  } finally { s.done(); }
});

test('read_faq reads one row by id', TIMEOUT, () => {
  const s = storeInfoFaq();
  try {
    const r = runTool(readFaqTool, ctx(s.db), { id: 17 });
    assert.ok(r.found && r.pointer === 'faq #17, Store guide: parking');
    assert.equal(runTool(readFaqTool, ctx(s.db), { id: 999 }).found, false);
  } finally { s.done(); }
});

/** A deterministic PRNG, so a failure names a reproducible input. */
function rng(seed: number): () => number {
  let x = seed >>> 0;
  return () => { x = (x * 1664525 + 1013904223) >>> 0; return x / 2 ** 32; };
}

test('FTS5 syntax in user text never throws and never writes (fuzz)', TIMEOUT, () => {
  const s = storeInfoFaq();
  try {
    const fixed = [
      '"', '""', '"returns', 'returns"', '*', 'return*', '* OR *', 'NEAR(returns receipt)', 'NEAR(', 'returns NEAR/2 receipt',
      'AND', 'OR', 'NOT', 'returns AND', 'NOT returns', '(returns', 'returns)', '^returns', 'question:returns', '{question answer}: x',
      '-returns', '+returns', "'; DROP TABLE faq; --", 'returns\u0000receipt', 'ré-turns ☃ 返品', '🙂🙂', '\\', '%_%', 'a'.repeat(300),
      Array.from({ length: 150 }, (_, i) => `w${i}`).join(' '),
    ];
    const alphabet = ['"', "'", '*', '(', ')', ':', '^', '-', '+', '{', '}', ' ', 'NEAR', 'AND', 'OR', 'NOT', 'return', 'receipt', 'gift', 'é', '\u0000', '/', ',', '.'];
    const next = rng(42);
    const random = Array.from({ length: 400 }, () => Array.from({ length: 1 + Math.floor(next() * 12) }, () => alphabet[Math.floor(next() * alphabet.length)] as string).join(''));
    const before = count(s.db, 'faq');
    for (const q of [...fixed, ...random]) {
      assert.doesNotThrow(() => searchFaq(s.db, q), `searchFaq threw on ${JSON.stringify(q)}`);
      assert.doesNotThrow(() => bestAnswer(s.db, q), `bestAnswer threw on ${JSON.stringify(q)}`);
      if (q.length <= 300) assert.doesNotThrow(() => runTool(searchFaqTool, ctx(s.db), { query: q }));
    }
    assert.equal(count(s.db, 'faq'), before);
    // Quoted words still search: a query made of syntax around real words finds them.
    assert.equal(bestAnswer(s.db, 'NEAR("returns" receipt*) AND without').kind, 'answer');
  } finally { s.done(); }
});
