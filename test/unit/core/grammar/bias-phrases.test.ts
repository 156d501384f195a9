/** biasPhrasesFromGrammar: the data phrases of a compiled grammar, on hand-made ASTs and the real packs. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDomainAgent } from '../../../../app/brain/open-agent.js';
import { alt, makeGrammar, phrase, phrases, ref, seq, tag, word, type Grammar } from '../../../../app/core/grammar/ast.js';
import { biasPhrasesFromGrammar, DEFAULT_BIAS_LIMIT } from '../../../../app/core/grammar/bias-phrases.js';
import { builtinRules } from '../../../../app/core/grammar/builtins.js';
import { repoRoot } from '../../../../app/core/paths.js';
import { MONTHS, ONE_TO_NINE, TEENS, TENS, WEEKDAYS } from '../../../../app/core/text/itn-words.js';

const T = { timeout: 10_000 };
const PACK_T = { timeout: 120_000 };
const DICT_PATH = '/usr/share/pocketsphinx/model/en-us/cmudict-en-us.dict';
const NUMBER_WORDS = new Set<string>(['zero', 'oh', ...ONE_TO_NINE, ...TEENS, ...TENS, 'hundred', 'thousand']);
const DATE_WORDS = new Set<string>([...MONTHS, ...WEEKDAYS, 'today', 'tomorrow', "o'clock", 'noon', 'midnight']);

/** A small ordering-like grammar: sizes, items with aliases, a modifier, quantities and a builtin. */
function toyGrammar(): Grammar {
  const cheese = tag(phrases(['cheese burger', 'cheese burgers', 'cheeseburger', 'cheeseburgers']), 'item=cheeseburger');
  const zorble = tag(phrases(['zorbleburger', 'zorble']), 'item=zorbleburger');
  const fries = tag(phrases(['french fries', 'fries']), 'item=fries');
  const size = alt(tag(word('small'), 'size=small'), tag(word('large'), 'size=large'));
  const mod = tag(seq(alt(word('no'), phrase('hold the')), word('onions')), 'mod=no_onions');
  const qty = alt(tag(word('two'), 'qty=2'), tag(word('a'), 'qty=1'));
  const staffAny = tag(phrases(['anyone', 'with anybody']), 'staff=any');
  const customer = tag(phrases(['john smith']), 'customer');
  return makeGrammar('toy', 'utterance', [
    { name: 'utterance', isPublic: true, node: alt(tag(ref('add'), 'intent=add'), tag(ref('universal_yes'), 'intent=yes')) },
    { name: 'add', isPublic: false, node: seq(phrase('can i get'), alt(qty, ref('builtin_number')), alt(size, staffAny, customer), alt(cheese, zorble, fries), mod) },
    { name: 'universal_yes', isPublic: false, node: phrases(['yes', 'yes please', 'sure thing']) },
    ...builtinRules('number'),
  ]);
}

test('data phrases only: names, aliases, sizes, modifier targets; no authored, quantity, builtin or personal words', T, () => {
  const got = biasPhrasesFromGrammar(toyGrammar());
  for (const p of ['cheeseburger', 'cheeseburgers', 'zorbleburger', 'zorble', 'french fries', 'fries', 'small', 'large', 'onions']) {
    assert.ok(got.includes(p), `${p} in ${got.join(' | ')}`);
  }
  for (const p of ['can i get', 'two', 'a', 'yes', 'sure thing', 'no', 'hold the', 'hold the onions', 'anyone', 'with anybody', 'john smith', 'hundred']) {
    assert.ok(!got.includes(p), `${p} not in ${got.join(' | ')}`);
  }
});

test('spellings that differ only by spaces are one phrase, the one with fewer words', T, () => {
  const got = biasPhrasesFromGrammar(toyGrammar());
  assert.ok(!got.includes('cheese burger') && !got.includes('cheese burgers'));
  assert.equal(got.filter((p) => p.replace(/ /g, '') === 'cheeseburger').length, 1);
});

test('order is stable: every entry\'s first form, then their second forms; the limit keeps the first', T, () => {
  const got = biasPhrasesFromGrammar(toyGrammar());
  assert.deepEqual(got, ['small', 'large', 'cheeseburger', 'zorbleburger', 'french fries', 'onions', 'cheeseburgers', 'zorble', 'fries']);
  assert.deepEqual(biasPhrasesFromGrammar(toyGrammar()), got, 'same input, same output');
  assert.deepEqual(biasPhrasesFromGrammar(toyGrammar(), { limit: 4 }), got.slice(0, 4));
  assert.deepEqual(biasPhrasesFromGrammar(toyGrammar(), { limit: 0 }), []);
});

test('a bare tag (a list, like FAQ subjects) counts each form as its own entry', T, () => {
  const g = makeGrammar('g', 'utterance', [
    { name: 'utterance', isPublic: true, node: alt(tag(phrases(['parking', 'gift cards', 'tool rental']), 'subject'), tag(phrases(['drill', 'drills', 'power drill']), 'product=1')) },
  ]);
  assert.deepEqual(biasPhrasesFromGrammar(g), ['parking', 'gift cards', 'tool rental', 'drill', 'drills', 'power drill']);
});

test('function-word-only and number-only forms are dropped; multi-word names keep their small words', T, () => {
  const g = makeGrammar('g', 'utterance', [
    { name: 'utterance', isPublic: true, node: alt(
      tag(phrases(['the', 'a', 'one']), 'item=x'),
      tag(phrases(['new year\'s eve', 'bag of ice']), 'holiday=1'),
      tag(phrases(['two', 'number two combo']), 'item=two'),
    ) },
  ]);
  assert.deepEqual(biasPhrasesFromGrammar(g), ["new year's eve", 'number two combo', 'bag of ice']);
});

/** Opens a pack's agent on a temp SQLite file and returns its bias phrases. */
function packPhrases(pack: string, limit?: number): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'heed-bias-'));
  const agent = openDomainAgent({ dbPath: join(dir, 'store.db'), domainDir: join(repoRoot(), 'domains', pack), dictPath: DICT_PATH });
  try {
    return biasPhrasesFromGrammar(agent.packGrammar().grammar, limit === undefined ? {} : { limit });
  } finally {
    agent.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

function assertClean(got: readonly string[], pack: string): void {
  assert.ok(got.length > 0 && got.length <= DEFAULT_BIAS_LIMIT, `${pack}: ${got.length} phrases`);
  assert.equal(new Set(got).size, got.length, `${pack}: no duplicates`);
  for (const p of got) {
    assert.match(p, /^[a-z']+( [a-z']+)*$/, `${pack}: "${p}" is lower case words`);
    const words = p.split(' ');
    assert.ok(!words.every((w) => NUMBER_WORDS.has(w)), `${pack}: "${p}" is not a number`);
    assert.ok(!words.some((w) => DATE_WORDS.has(w)), `${pack}: "${p}" has no date or time word`);
  }
}

test('drive-thru: menu item names, aliases, sizes and modifier targets; numbers only inside combo names', PACK_T, () => {
  const got = packPhrases('drive-thru');
  assertClean(got, 'drive-thru');
  for (const p of ['cheeseburger', 'hamburger', 'chicken sandwich', 'spicy chicken sandwich', 'chicken nuggets', 'onion rings',
    'diet cola', 'lemonade', 'chocolate shake', 'apple pie', 'number one combo', 'french fries', 'coke', 'diet coke', 'small', 'medium', 'large', 'pickles', 'bacon']) {
    assert.ok(got.includes(p), `${p} in ${got.join(' | ')}`);
  }
  for (const p of ['cheese burger', 'sandwich', 'combo', 'can i get', 'that\'s all', 'no', 'extra', 'another']) assert.ok(!got.includes(p), `${p} not included`);
  const numbered = got.filter((p) => p.split(' ').some((w) => NUMBER_WORDS.has(w)));
  assert.ok(numbered.every((p) => p.startsWith('number ')), `number words only in combo names: ${numbered.join(' | ')}`);
  // Names come before their aliases and plurals.
  assert.ok(got.indexOf('cheeseburger') < got.indexOf('cheeseburgers'));
  assert.ok(got.indexOf('chicken nuggets') < got.indexOf('nuggets'));
  assert.deepEqual(packPhrases('drive-thru', 5), got.slice(0, 5));
});

test('clinic: services and staff names, never customers\' names or the date, time, phone and spelling grammars', PACK_T, () => {
  const got = packPhrases('clinic');
  assertClean(got, 'clinic');
  for (const p of ['physical therapy session', 'initial assessment', 'sports massage', 'acupuncture', 'physio', 'checkup', 'maria lopez', 'sam patel', 'chris', 'park']) {
    assert.ok(got.includes(p), `${p} in ${got.join(' | ')}`);
  }
  for (const p of ['john smith', 'emma garcia', 'john', 'anyone', 'alpha', 'bravo', 'as in', 'double']) assert.ok(!got.includes(p), `${p} not included`);
  assert.ok(got.every((p) => !p.split(' ').some((w) => NUMBER_WORDS.has(w))), 'no number words at all');
});

test('store-info: products, stores, holidays and FAQ topics, not FAQ questions', PACK_T, () => {
  const got = packPhrases('store-info');
  assertClean(got, 'store-info');
  for (const p of ['cordless drill', 'claw hammer', 'westgate', 'east side', 'christmas eve', "new year's day", 'tool rental', 'parking', 'painter\'s tape']) {
    assert.ok(got.includes(p), `${p} in ${got.join(' | ')}`);
  }
  assert.ok(got.every((p) => p.split(' ').length <= 4), `no sentences: ${got.filter((p) => p.split(' ').length > 4).join(' | ')}`);
  assert.ok(!got.includes('can i bring my dog') && !got.includes('this store'));
});
