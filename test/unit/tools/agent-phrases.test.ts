/**
 * Example utterances the drive-thru grammar accepts, each on a fresh session, with the order lines
 * they must produce. These are the phrases handed out for recorded / synthesized audio tests.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { matchWords } from '../../../app/core/grammar/matcher.js';
import { openDomainAgent } from '../../../app/brain/open-agent.js';
import { DICT_PATH, DOMAIN_DIR, tmpDir } from './drive-thru/drive-thru-fixture.js';

const OPTS = { timeout: 30_000 };

type Line = [number, string | null, string, ...string[]];

export const ORDER_PHRASES: Array<[string, Line[]]> = [
  ["i'd like a cheeseburger", [[1, null, 'Cheeseburger']]],
  ['can i get two cheeseburgers with no onions', [[2, null, 'Cheeseburger', 'no onions']]],
  ['can i get a large fries and a medium coke', [[1, 'large', 'Fries'], [1, 'medium', 'Cola']]],
  ['give me a hamburger with extra cheese and add bacon', [[1, null, 'Hamburger', 'extra cheese', 'add bacon']]],
  ['i want a spicy chicken sandwich without pickles', [[1, null, 'Spicy Chicken Sandwich', 'no pickles']]],
  ['let me get a number one', [[1, null, 'Number One Combo']]],
  ['a number two meal and a small diet coke', [[1, null, 'Number Two Combo'], [1, 'small', 'Diet Cola']]],
  ["i'll have a number three combo please", [[1, null, 'Number Three Combo']]],
  ['three orders of onion rings', [[3, null, 'Onion Rings']]],
  ['an order of chicken nuggets and a large lemonade', [[1, null, 'Chicken Nuggets'], [1, 'large', 'Lemonade']]],
  ['a small coffee please', [[1, 'small', 'Coffee']]],
  ['two apple pies', [[2, null, 'Apple Pie']]],
  ['a medium soda with no ice', [[1, 'medium', 'Cola', 'no ice']]],
  ['and a chicken sandwich', [[1, null, 'Chicken Sandwich']]],
  ['four hamburgers two large fries and four medium cokes', [[4, null, 'Hamburger'], [2, 'large', 'Fries'], [4, 'medium', 'Cola']]],
  ['could i get a cheeseburger with no pickles and no onions and a small fries', [[1, null, 'Cheeseburger', 'no onions', 'no pickles'], [1, 'small', 'Fries']]],
  ['i would like a large diet cola', [[1, 'large', 'Diet Cola']]],
];

/** [utterance, intent] pairs that need no particular state to be recognised. */
export const COMMAND_PHRASES: Array<[string, string]> = [
  ["what's my total", 'read_back'], ['read back my order', 'read_back'], ['what do i have', 'read_back'],
  ["that's all", 'done'], ["that's it", 'done'], ['nothing else', 'done'],
  ['yes', 'yes'], ['yeah', 'yes'], ["that's right", 'yes'], ['no', 'no'], ['nope', 'no'],
  ['cancel my order', 'cancel_order'], ['start over', 'start_over'], ['cancel', 'cancel'], ['undo that', 'undo'],
  ['talk to a person', 'handoff'], ['say that again', 'repeat'], ['actually two', 'change'], ['no make that a medium', 'change'], ['help', 'help'],
  ['make that a large', 'change'], ['make it two', 'change'], ['change the fries to large', 'change'],
  ['remove the fries', 'remove'], ['take off the coke', 'remove'], ['cancel the onion rings', 'remove'],
  ['how much is a cheeseburger', 'ask_item'], ['do you have apple pie', 'ask_item'], ['large', 'size_answer'], ['a medium please', 'size_answer'],
];

test('example order phrases produce the expected lines', OPTS, () => {
  const t = tmpDir();
  const agent = openDomainAgent({ dbPath: join(t.dir, 'heed.db'), domainDir: DOMAIN_DIR, dictPath: DICT_PATH });
  try {
    ORDER_PHRASES.forEach(([text, lines], i) => {
      const r = agent.handleTranscript(`phrase-${i}`, text);
      assert.equal(r.intent, 'add_item', `${text}: ${r.reply}`);
      assert.deepEqual(r.order?.lines.map((l) => [l.quantity, l.size, l.item, ...l.modifiers]), lines, text);
    });
  } finally { agent.close(); t.done(); }
});

test('example command phrases parse to their intents, exactly', OPTS, () => {
  const t = tmpDir();
  const agent = openDomainAgent({ dbPath: join(t.dir, 'heed.db'), domainDir: DOMAIN_DIR, dictPath: DICT_PATH });
  try {
    const { grammar } = agent.packGrammar();
    for (const [text, intent] of COMMAND_PHRASES) {
      const m = matchWords(grammar, text.split(' '));
      assert.ok(m, `"${text}" is in the grammar`);
      assert.equal(m.tags[m.tags.length - 1], `intent=${intent}`, text);
    }
    for (const [text] of ORDER_PHRASES) assert.ok(matchWords(grammar, text.split(' ')), text);
  } finally { agent.close(); t.done(); }
});
