import { test } from 'node:test';
import assert from 'node:assert/strict';
import { HeedError } from '../../../../app/core/errors.js';
import { emptyLexicon, isArpabet, lexiconSchema, mergeLexicons, parseLexicon } from '../../../../app/core/text/lexicon.js';

const TIMEOUT = { timeout: 5_000 };

test('every key is optional and defaults to empty', TIMEOUT, () => {
  assert.deepEqual(lexiconSchema.parse({}), emptyLexicon);
  assert.deepEqual(lexiconSchema.parse({ spell: ['MIT'] }), { say: {}, spell: ['MIT'], words: [], pronounce: {} });
});

test('a full lexicon parses', TIMEOUT, () => {
  const lex = lexiconSchema.parse({
    say: { Heed: 'heed', Qdoba: 'kew doba' },
    spell: ['MIT', 'BBQ'],
    words: ['NASA', 'IKEA'],
    pronounce: { zorble: 'Z AO R B AH L', qdoba: 'K Y UW1 D OW1 B AH0' },
  });
  assert.equal(lex.say['Qdoba'], 'kew doba');
  assert.equal(lex.pronounce['qdoba'], 'K Y UW1 D OW1 B AH0');
});

test('unknown keys, digits in spoken forms, bad acronyms and bad phones are rejected', TIMEOUT, () => {
  assert.equal(lexiconSchema.safeParse({ sai: {} }).success, false);
  assert.equal(lexiconSchema.safeParse({ say: { '7-Eleven': '7 eleven' } }).success, false);
  assert.equal(lexiconSchema.safeParse({ say: { ' Heed': 'heed' } }).success, false);
  assert.equal(lexiconSchema.safeParse({ say: { Heed: '' } }).success, false);
  assert.equal(lexiconSchema.safeParse({ spell: ['M.I.T.'] }).success, false);
  assert.equal(lexiconSchema.safeParse({ words: [''] }).success, false);
  assert.equal(lexiconSchema.safeParse({ pronounce: { zorble: 'z ao r b ah l' } }).success, false);
  assert.equal(lexiconSchema.safeParse({ pronounce: { zorble: 'Z AO R B AX L' } }).success, false);
  assert.equal(lexiconSchema.safeParse({ pronounce: { 'two words': 'T UW' } }).success, false);
  assert.equal(lexiconSchema.safeParse({ pronounce: { zorble: '' } }).success, false);
});

test('ARPAbet check: upper-case phones, stress digits only on vowels', TIMEOUT, () => {
  assert.ok(isArpabet('Z AO R B AH L'));
  assert.ok(isArpabet('HH IY1 D'));
  assert.ok(isArpabet('  K  AE1 T '));
  assert.ok(!isArpabet('HH IY3 D'));
  assert.ok(!isArpabet('B1 IY'));
  assert.ok(!isArpabet('hh iy d'));
  assert.ok(!isArpabet('HH-IY-D'));
  assert.ok(!isArpabet(''));
});

test('parseLexicon names the file and the problem in a DOMAIN_INVALID error', TIMEOUT, () => {
  assert.throws(() => parseLexicon({ spell: [42] }, 'packs/x/lexicon.json'), (e: unknown) =>
    e instanceof HeedError && e.code === 'DOMAIN_INVALID' && e.message.includes('packs/x/lexicon.json') && e.message.includes('spell.0'));
  assert.deepEqual(parseLexicon({ words: ['NASA'] }, 'x').words, ['NASA']);
});

test('merging: later say/pronounce entries win, lists are joined without repeats', TIMEOUT, () => {
  const a = lexiconSchema.parse({ say: { Heed: 'heed' }, spell: ['MIT'], words: ['NASA'] });
  const b = lexiconSchema.parse({ say: { Heed: 'hid' }, spell: ['MIT', 'BBQ'], pronounce: { zorble: 'Z AO R B AH L' } });
  assert.deepEqual(mergeLexicons(a, b), { say: { Heed: 'hid' }, spell: ['MIT', 'BBQ'], words: ['NASA'], pronounce: { zorble: 'Z AO R B AH L' } });
  assert.deepEqual(a.spell, ['MIT'], 'inputs are not changed');
});
