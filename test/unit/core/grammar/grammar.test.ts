import { test } from 'node:test';
import assert from 'node:assert/strict';
import { alt, makeGrammar, optional, phrase, ref, repeat, seq, tag, word } from '../../../../app/core/grammar/ast.js';
import { writeJsgf } from '../../../../app/core/grammar/jsgf-writer.js';
import { matchWords } from '../../../../app/core/grammar/matcher.js';
import { HeedError } from '../../../../app/core/errors.js';

const TIMEOUT = { timeout: 10_000 };

const g = makeGrammar('demo', 'cmd', [
  { name: 'cmd', isPublic: true, node: alt(tag(ref('order'), 'intent=order'), tag(phrase('that is all'), 'intent=done')) },
  { name: 'num', isPublic: false, node: alt(tag(word('one'), 'n=1'), tag(word('two'), 'n=2')) },
  { name: 'thing', isPublic: false, node: alt(tag(phrase('apple pie'), 'item=pie'), tag(word('apple'), 'item=apple')) },
  { name: 'order', isPublic: false, node: seq(optional(phrase('i want')), tag(seq(optional(ref('num')), ref('thing')), 'line'), repeat(tag(seq(word('and'), optional(ref('num')), ref('thing')), 'line'), 0), optional(word('please'))) },
]);

test('the JSGF writer emits one public rule first, no tags, valid syntax', TIMEOUT, () => {
  const text = writeJsgf(g);
  assert.match(text, /^#JSGF V1\.0;\n\ngrammar demo;\n\npublic <cmd> = <order> \| that is all;\n/);
  assert.ok(!text.includes('{'), 'tags stay out of the JSGF text');
  assert.match(text, /<order> = \[ i want \] \( \[ <num> \] <thing> \) \( and \[ <num> \] <thing> \)\* \[ please \];/);
  assert.match(text, /<thing> = apple pie \| apple;/);
});

test('the writer refuses undefined rules and odd words', TIMEOUT, () => {
  const bad = makeGrammar('demo', 'a', [{ name: 'a', isPublic: true, node: ref('missing') }]);
  assert.throws(() => writeJsgf(bad), (e: unknown) => e instanceof HeedError && e.code === 'GRAMMAR_INVALID' && /missing/.test(e.message));
  const odd = makeGrammar('demo', 'a', [{ name: 'a', isPublic: true, node: word('Hello;') }]);
  assert.throws(() => writeJsgf(odd), (e: unknown) => e instanceof HeedError && e.code === 'GRAMMAR_INVALID');
});

test('the matcher returns post-order tags along the successful path', TIMEOUT, () => {
  assert.deepEqual(matchWords(g, 'i want two apple pie and apple please'.split(' '))?.tags,
    ['n=2', 'item=pie', 'line', 'item=apple', 'line', 'intent=order']);
  assert.deepEqual(matchWords(g, ['that', 'is', 'all'])?.tags, ['intent=done']);
});

test('the matcher backtracks out of a greedy choice', TIMEOUT, () => {
  // "apple pie" is tried first; for "apple and apple" the single-word option must win.
  assert.deepEqual(matchWords(g, 'apple and one apple'.split(' '))?.tags, ['item=apple', 'line', 'n=1', 'item=apple', 'line', 'intent=order']);
});

test('the matcher needs the whole utterance', TIMEOUT, () => {
  assert.equal(matchWords(g, ['i', 'want']), null);
  assert.equal(matchWords(g, ['apple', 'pie', 'pie']), null);
  assert.equal(matchWords(g, []), null);
});

test('repeat with min 1 and nested empty-capable repeats terminate', TIMEOUT, () => {
  const r = makeGrammar('r', 'x', [{ name: 'x', isPublic: true, node: repeat(repeat(optional(word('la')), 0), 1) }]);
  assert.ok(matchWords(r, ['la', 'la', 'la']));
  assert.equal(matchWords(r, ['la', 'lo']), null);
});
