import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { alt, makeGrammar, ref, type Grammar, type GrammarRule } from '../../../../app/core/grammar/ast.js';
import { grammarWords } from '../../../../app/core/grammar/ast.js';
import { BUILTIN_KINDS, builtinRules, builtinRulesFor, builtinValue, type BuiltinKind } from '../../../../app/core/grammar/builtins.js';
import { DEFAULT_DICT_PATH, loadDictionary } from '../../../../app/core/grammar/dictionary.js';
import { writeJsgf } from '../../../../app/core/grammar/jsgf-writer.js';
import { matchWords } from '../../../../app/core/grammar/matcher.js';
import { sampleSentences } from '../../../../app/core/grammar/ngram-corpus.js';

const TIMEOUT = { timeout: 30_000 };
const CTX = { today: new Date(2025, 5, 11) };
const NO_DICT = existsSync(DEFAULT_DICT_PATH) ? false : `no pronunciation dictionary at ${DEFAULT_DICT_PATH}`;

function grammarFor(kind: BuiltinKind): Grammar {
  return makeGrammar(`builtin_${kind}_test`, 'root', [{ name: 'root', isPublic: true, node: ref(`builtin_${kind}`) }, ...builtinRules(kind)]);
}
const GRAMMARS = new Map(BUILTIN_KINDS.map((k) => [k, grammarFor(k)]));
const g = (kind: BuiltinKind): Grammar => GRAMMARS.get(kind) as Grammar;
const words = (s: string): string[] => s.split(' ');

test('each kind: private rules, the top rule first, prefixed names, valid JSGF', TIMEOUT, () => {
  for (const kind of BUILTIN_KINDS) {
    const rules = builtinRules(kind);
    assert.equal(rules[0]?.name, `builtin_${kind}`);
    for (const r of rules) {
      assert.equal(r.isPublic, false, r.name);
      assert.match(r.name, /^builtin_[a-z0-9_]+$/);
    }
    const text = writeJsgf(g(kind));
    assert.match(text, new RegExp(`^public <root> = <builtin_${kind}>;$`, 'm'));
    assert.match(text, new RegExp(`^<builtin_${kind}> = .+;$`, 'm'));
  }
});

test('every word of every kind is in the pocketsphinx dictionary', { ...TIMEOUT, skip: NO_DICT }, () => {
  const dict = loadDictionary();
  for (const kind of BUILTIN_KINDS) {
    const missing = grammarWords(g(kind)).filter((w) => !dict.has(w));
    assert.deepEqual(missing, [], `${kind}: words missing from ${dict.path}`);
  }
});

test('a rule name means one definition across kinds, so merged rule sets are safe', TIMEOUT, () => {
  const seen = new Map<string, string>();
  for (const kind of BUILTIN_KINDS) {
    for (const r of builtinRules(kind)) {
      const def = JSON.stringify(r.node);
      const prev = seen.get(r.name);
      if (prev !== undefined) assert.equal(def, prev, `rule <${r.name}> differs between kinds`);
      seen.set(r.name, def);
    }
  }
  const merged: GrammarRule[] = builtinRulesFor(BUILTIN_KINDS);
  assert.equal(new Set(merged.map((r) => r.name)).size, merged.length);
  assert.deepEqual(new Set(merged.map((r) => r.name)), new Set(seen.keys()));
  const all = makeGrammar('builtin_all', 'root', [{ name: 'root', isPublic: true, node: alt(...BUILTIN_KINDS.map((k) => ref(`builtin_${k}`))) }, ...merged]);
  assert.ok(writeJsgf(all).length > 1000);
});

test('round trip: sampled word sequences match and have a value (every kind, 60 seeded samples)', TIMEOUT, () => {
  for (const [i, kind] of BUILTIN_KINDS.entries()) {
    const samples = sampleSentences(g(kind), { count: 60, seed: 0xb11 + i, maxWords: 100 });
    assert.equal(samples.length, 60, `${kind}: 60 samples`);
    const distinct = new Set<string>();
    for (const sample of samples) {
      const said = sample.split(' ');
      distinct.add(said.join(' '));
      assert.ok(matchWords(g(kind), said), `${kind}: the grammar rejects its own sample "${said.join(' ')}"`);
      assert.ok(builtinValue(kind, said, CTX), `${kind}: no value for sample "${said.join(' ')}"`);
    }
    assert.ok(distinct.size >= 10, `${kind}: only ${distinct.size} distinct samples`);
  }
});

test('spoken forms through grammar and value', TIMEOUT, () => {
  const cases: Array<[BuiltinKind, string, unknown]> = [
    ['number', 'twenty five', { kind: 'number', value: 25 }],
    ['number', 'a thousand and one', { kind: 'number', value: 1001 }],
    ['number', 'twelve hundred', { kind: 'number', value: 1200 }],
    ['quantity', 'a couple of', { kind: 'quantity', value: 2 }],
    ['ordinal', 'twenty third', { kind: 'ordinal', value: 23 }],
    ['price', 'two ninety nine', { kind: 'price', value: 2.99 }],
    ['price', 'four dollars and ninety five cents', { kind: 'price', value: 4.95 }],
    ['price', 'a dollar fifty', { kind: 'price', value: 1.5 }],
    ['price', 'ninety nine cents', { kind: 'price', value: 0.99 }],
    ['price', 'ten bucks', { kind: 'price', value: 10 }],
    ['price', 'one oh five', { kind: 'price', value: 1.05 }],
    ['time', 'three thirty p m', { kind: 'time', hour: 15, minute: 30, ambiguous: false }],
    ['time', 'quarter to five', { kind: 'time', hour: 4, minute: 45, ambiguous: true }],
    ['time', "ten o'clock", { kind: 'time', hour: 10, minute: 0, ambiguous: true }],
    ['time', 'nine in the morning', { kind: 'time', hour: 9, minute: 0, ambiguous: false }],
    ['time', 'twelve noon', { kind: 'time', hour: 12, minute: 0, ambiguous: false }],
    ['date', 'next tuesday', { kind: 'date', iso: '2025-06-17' }],
    ['date', 'the fifth of december', { kind: 'date', iso: '2025-12-05' }],
    ['date', 'december fifth twenty twenty six', { kind: 'date', iso: '2026-12-05' }],
    ['date', 'the day after tomorrow', { kind: 'date', iso: '2025-06-13' }],
    ['datetime', 'next tuesday at half past three', { kind: 'datetime', iso: '2025-06-17', hour: 3, minute: 30, ambiguous: true }],
    ['datetime', 'at noon on friday', { kind: 'datetime', iso: '2025-06-13', hour: 12, minute: 0, ambiguous: false }],
    ['phone', 'five five five one two three four', { kind: 'phone', digits: '5551234' }],
    ['phone', 'five fifty five twelve thirty four', { kind: 'phone', digits: '5551234' }],
    ['phone', 'one eight hundred five five five double one two three', { kind: 'phone', digits: '18005551123' }],
    ['phone', 'nine one one', { kind: 'phone', digits: '911' }],
    ['letters', 'j as in juliet o h n', { kind: 'letters', text: 'John' }],
    ['letters', 'b i double l', { kind: 'letters', text: 'Bill' }],
    ['letters', 'x ray y zulu', { kind: 'letters', text: 'Xyz' }],
  ];
  for (const [kind, said, want] of cases) {
    assert.ok(matchWords(g(kind), words(said)), `${kind} grammar rejects "${said}"`);
    assert.deepEqual(builtinValue(kind, words(said), CTX), want, `${kind}: "${said}"`);
  }
});

test('the grammars refuse forms without a value', TIMEOUT, () => {
  const rejects: Array<[BuiltinKind, string]> = [
    ['number', 'five five'], ['quantity', 'a hundred'], ['price', 'dollars'], ['time', 'half to three'], ['time', 'thirteen p m'],
    ['date', 'february thirtieth'], ['date', 'april thirty first'], ['date', 'february twenty ninth twenty twenty five'],
    ['date', 'fifth'], ['phone', 'five five five one two three'], ['phone', 'one two three'], ['phone', 'two one two three'],
    ['letters', 'a b c d e f g h i j k l m n o p q r s t u'], ['letters', 'j as in kilo'], ['datetime', 'tomorrow'],
  ];
  for (const [kind, said] of rejects) assert.equal(matchWords(g(kind), words(said)), null, `${kind} grammar accepts "${said}"`);
});

test('matching long phone numbers and spellings stays fast (pathology guard)', TIMEOUT, () => {
  const inputs: Array<[BuiltinKind, string, boolean]> = [
    ['phone', 'one eight hundred five fifty five twelve thirty four', true],
    ['phone', 'one eight oh oh five five five one two three four', true],
    ['phone', 'one two three four five six seven eight nine oh one two', false],
    ['phone', 'twenty five twenty five twenty five twenty five twenty five twenty five', false],
    ['letters', 'a b c d e f g h i j k l m n o p q r s t', true],
    ['letters', 'x ray x ray x ray x ray x ray x ray x ray x ray x ray x ray x ray', true],
    ['letters', Array.from({ length: 21 }, () => 'x ray').join(' '), false],
    ['letters', 'a b c d e f g h i j k l m n o p q r s t u', false],
    ['datetime', 'the twenty first of december twenty twenty six at twenty five minutes to twelve in the evening', true],
  ];
  const started = performance.now();
  for (let i = 0; i < 200; i++) {
    for (const [kind, said, ok] of inputs) assert.equal(matchWords(g(kind), words(said)) !== null, ok, `${kind}: "${said}"`);
  }
  const ms = performance.now() - started;
  assert.ok(ms < 2000 * inputs.length, `${200 * inputs.length} matches took ${Math.round(ms)} ms`);
});
