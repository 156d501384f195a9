import { test } from 'node:test';
import assert from 'node:assert/strict';
import { understandWords } from '../../../../app/brain/understand.js';
import { matchWords } from '../../../../app/core/grammar/matcher.js';
import { STORE_INFO_SCENARIOS } from '../../../scenarios/store-info.js';
import { infoFixture } from './info-fixture.js';

const TIMEOUT = { timeout: 60_000 };

test('the store-info grammar compiles from the data with every word known to the recognizer', TIMEOUT, () => {
  const f = infoFixture();
  try {
    const c = f.grammar.compiled;
    assert.deepEqual(c.unknownWords, [], 'data words are in the dictionary or lexicon.json "pronounce"');
    assert.match(c.jsgf, /public <utterance>/);
    assert.ok(c.words.includes('westgate') && c.words.includes('cordless') && c.words.includes('receipt'));
  } finally { f.done(); }
});

test('utterances → intents with their slots', TIMEOUT, () => {
  const f = infoFixture();
  try {
    const intent = (text: string): unknown => {
      const p = understandWords(f.grammar.grammar, f.brain, text.split(' '), f.grammar.vocabulary);
      return p?.kind === 'brain' ? p.intent : p ? { universal: p.name } : null;
    };
    assert.deepEqual(intent('what time does the east side store close on saturday'), { kind: 'hours', ask: 'closes', location: 'east side', day: 'saturday' });
    assert.deepEqual(intent('are you open'), { kind: 'hours', ask: 'is_open', location: null, day: null });
    assert.deepEqual(intent('is this store open on christmas eve'), { kind: 'hours', ask: 'is_open', location: null, day: 'christmas eve' });
    assert.deepEqual(intent('what are the hours at westgate on the twenty fourth'), { kind: 'hours', ask: 'hours', location: 'westgate', day: 'the twenty fourth' });
    assert.deepEqual(intent("what's the phone number for the east side store"), { kind: 'location', ask: 'phone', location: 'east side' });
    assert.deepEqual(intent('where are your other stores'), { kind: 'location', ask: 'list', location: null });
    assert.deepEqual(intent('excuse me where can i find batteries please'), { kind: 'product', ask: 'where', query: 'batteries', location: null });
    assert.deepEqual(intent('do you have claw hammers at the westgate store'), { kind: 'product', ask: 'stock', query: 'claw hammers', location: 'westgate' });
    assert.deepEqual(intent('how much are they'), { kind: 'product_followup', ask: 'price' });
    assert.deepEqual(intent('the second one'), { kind: 'product_choice', query: null, ordinal: 2 });
    assert.deepEqual(intent('the last one'), { kind: 'product_choice', query: null, ordinal: -1 });
    assert.deepEqual(intent('can i bring my dog'), { kind: 'faq', faqId: 18 });
    assert.deepEqual(intent('can i return an item without a receipt'), { kind: 'faq', faqId: 1 });
    assert.deepEqual(intent('tell me about tool rental'), { kind: 'topic', subject: 'tool rental' });
    assert.deepEqual(intent('delete all products'), { kind: 'refuse' });
    assert.deepEqual(intent('set the price of the hammer drill to zero'), { kind: 'refuse' });
    assert.deepEqual(intent('talk to a person'), { universal: 'handoff' });
    assert.deepEqual(intent('no thanks'), { universal: 'no' });
  } finally { f.done(); }
});

test('every scenario sentence is accepted by the grammar word for word', TIMEOUT, () => {
  const f = infoFixture();
  try {
    const missing = STORE_INFO_SCENARIOS.flatMap((s) => s.steps).flatMap((st) => (st.say !== null && !matchWords(f.grammar.grammar, st.say.split(' ')) ? [st.say] : []));
    assert.deepEqual(missing, []);
  } finally { f.done(); }
});

test('new data is heard after a recompile; rows that cannot be spoken are left out, not fatal', TIMEOUT, () => {
  const f = infoFixture(undefined, (db) => {
    db.exec(`INSERT INTO products (id, sku, name, size, department, aisle, price_cents) VALUES (100, 'X-1', 'Wheelbarrow', NULL, 'Garden', '12', 8999);
      INSERT INTO products (id, sku, name, size, department, aisle, price_cents) VALUES (101, 'X-2', '3M 2090', NULL, 'Paint', '9', 799);
      INSERT INTO product_aliases (product_id, alias) VALUES (101, 'blue painters tape roll');
      INSERT INTO faq_phrasings (faq_id, phrasing) VALUES (22, 'can you make a spare key');`);
  });
  try {
    const ok = (text: string): boolean => matchWords(f.grammar.grammar, text.split(' ')) !== null;
    assert.ok(ok('how much is a wheelbarrow'));
    assert.ok(ok('how much are wheelbarrows'), 'plural the dictionary knows');
    assert.ok(ok('how much is a blue painters tape roll'), 'alias of a product whose name has digits');
    assert.ok(ok('can you make a spare key'), 'a new FAQ phrasing');
    assert.ok(!ok('how much is a three m'), 'the unspeakable name is not in the grammar');
  } finally { f.done(); }
});
