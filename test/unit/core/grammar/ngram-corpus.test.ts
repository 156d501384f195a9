import { test } from 'node:test';
import assert from 'node:assert/strict';
import { alt, makeGrammar, optional, phrase, ref, repeat, seq, tag, word } from '../../../../app/core/grammar/ast.js';
import { compileDomainLm } from '../../../../app/core/grammar/domain-lm.js';
import { matchWords } from '../../../../app/core/grammar/matcher.js';
import { enumerateSentences, sampleSentences, sentenceCountBound } from '../../../../app/core/grammar/ngram-corpus.js';
import { HeedError } from '../../../../app/core/errors.js';

const TIMEOUT = { timeout: 20_000 };

const g = makeGrammar('demo', 'cmd', [
  { name: 'cmd', isPublic: true, node: alt(tag(ref('order'), 'intent=order'), tag(phrase('that is all'), 'intent=done'), word('yes')) },
  { name: 'num', isPublic: false, node: alt(tag(word('one'), 'n=1'), tag(word('two'), 'n=2')) },
  { name: 'thing', isPublic: false, node: alt(tag(phrase('apple pie'), 'item=pie'), tag(word('coke'), 'item=coke')) },
  { name: 'order', isPublic: false, node: seq(optional(phrase('i want')), optional(ref('num')), ref('thing'), repeat(seq(word('and'), ref('thing')), 0), optional(word('please'))) },
]);

test('sampled sentences are grammar sentences, deterministic per seed', TIMEOUT, () => {
  const a = sampleSentences(g, { count: 500, seed: 7 });
  assert.equal(a.length, 500);
  for (const s of a) assert.ok(matchWords(g, s.split(' ')), `"${s}" parses`);
  assert.deepEqual(sampleSentences(g, { count: 500, seed: 7 }), a);
  assert.notDeepEqual(sampleSentences(g, { count: 500, seed: 8 }), a);
  // Every branch shows up in a sample this size.
  const words = new Set(a.flatMap((s) => s.split(' ')));
  for (const w of ['that', 'yes', 'i', 'one', 'two', 'apple', 'coke', 'and', 'please']) assert.ok(words.has(w), w);
});

test('maxWords bounds the sentence length', TIMEOUT, () => {
  for (const s of sampleSentences(g, { count: 300, seed: 3, maxWords: 4 })) assert.ok(s.split(' ').length <= 4, s);
});

test('enumeration lists every sentence of a small grammar once', TIMEOUT, () => {
  const small = makeGrammar('s', 'a', [
    { name: 'a', isPublic: true, node: seq(optional(word('please')), alt(word('yes'), word('no')), repeat(word('thanks'), 0)) },
  ]);
  const all = enumerateSentences(small, 100);
  // [please] (yes|no) thanks{0..2}: 2 * 2 * 3
  assert.equal(all.length, 12);
  assert.equal(new Set(all).size, 12);
  for (const s of all) assert.ok(matchWords(small, s.split(' ')), s);
  assert.ok(all.includes('please no thanks thanks'));
  assert.equal(enumerateSentences(small, 5).length, 5, 'a limit below the total gives that many');
  assert.equal(sentenceCountBound(small, 100), 12);
  assert.equal(sentenceCountBound(small, 10), 10, 'saturates');
  assert.ok(sentenceCountBound(g, 10_000) >= enumerateSentences(g, 10_000).length);
  assert.deepEqual(enumerateSentences(small, 100), all, 'deterministic');
});

test('recursive rules terminate in sampling and enumeration', TIMEOUT, () => {
  const rec = makeGrammar('r', 'list', [
    { name: 'list', isPublic: true, node: alt(seq(ref('list'), word('and'), ref('list')), word('x')) },
  ]);
  const s = sampleSentences(rec, { count: 200, seed: 1, maxWords: 15 });
  assert.ok(s.length > 0);
  for (const x of s) assert.match(x, /^x( and x)*$/);
  const e = enumerateSentences(rec, 50);
  assert.equal(e.length, 50);
  assert.equal(new Set(e).size, 50);
  for (const x of e) assert.match(x, /^x( and x)*$/);
  assert.equal(sentenceCountBound(rec, 1000), 1000, 'recursion counts as many');
  const none = makeGrammar('n', 'a', [{ name: 'a', isPublic: true, node: seq(word('a'), ref('a')) }]);
  assert.throws(() => sampleSentences(none, { count: 1, seed: 1 }), (e: unknown) => e instanceof HeedError && e.code === 'GRAMMAR_INVALID');
});

test('the domain LM is deterministic and includes the extra sentences', TIMEOUT, () => {
  const lm = compileDomainLm(g, ['What about  Fries']);
  assert.equal(compileDomainLm(g, ['What about  Fries']), lm);
  const unigrams = lm.slice(lm.indexOf('\\1-grams:'), lm.indexOf('\\2-grams:'));
  for (const w of ['fries', 'about', 'apple', 'yes']) assert.match(unigrams, new RegExp(` ${w}( |\\n)`));
  assert.match(lm, /^\\data\\\nngram 1=\d+\nngram 2=\d+\nngram 3=\d+\n/);
});
