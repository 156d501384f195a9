import { test } from 'node:test';
import assert from 'node:assert/strict';
import { HeedError } from '../../../../app/core/errors.js';
import { ensureFaqIndex, faqIndexInSync, forgetFaqIndexCheck } from '../../../../app/tools/faq/faq-index.js';
import { searchFaq } from '../../../../app/tools/faq/faq-search.js';
import { openStore } from '../../../../app/tools/store/open-store.js';
import { smallFaq } from './faq-fixture.js';

test('ensureFaqIndex builds the index over rows seeded before it, and is idempotent', () => {
  const s = smallFaq();
  try {
    assert.equal(ensureFaqIndex(s.db), true, 'first call builds');
    assert.equal(ensureFaqIndex(s.db), false, 'same handle: nothing to do');
    forgetFaqIndexCheck(s.db);
    assert.equal(ensureFaqIndex(s.db), false, 'checked again: in sync, no rebuild');
    assert.ok(faqIndexInSync(s.db));
    assert.equal(searchFaq(s.db, 'receipt')[0]?.id, 1);
  } finally { s.done(); }
});

test('triggers keep the index in step with inserts, updates and deletes', () => {
  const s = smallFaq();
  try {
    ensureFaqIndex(s.db);
    s.db.prepare("INSERT INTO faq (id, topic, question, answer, source) VALUES (4, 'keys', 'Do you cut keys?', 'Yes, at the service desk.', 'Services')").run();
    assert.equal(searchFaq(s.db, 'cut keys')[0]?.id, 4);
    s.db.prepare("UPDATE faq SET question = 'Do you copy keys?' WHERE id = 4").run();
    assert.equal(searchFaq(s.db, 'cut').length, 0);
    assert.equal(searchFaq(s.db, 'copy keys')[0]?.id, 4);
    s.db.prepare('DELETE FROM faq WHERE id = 2').run();
    assert.equal(searchFaq(s.db, 'park').length, 0);
    assert.ok(faqIndexInSync(s.db));
  } finally { s.done(); }
});

test('an index out of step (rows written while the triggers were gone) is rebuilt on the next check', () => {
  const s = smallFaq();
  try {
    ensureFaqIndex(s.db);
    s.db.exec('DROP TRIGGER faq_fts_after_insert');
    s.db.prepare("INSERT INTO faq (id, topic, question, answer) VALUES (5, 'wifi', 'Is there wifi?', 'Yes, Guest network.')").run();
    assert.equal(faqIndexInSync(s.db), false);
    forgetFaqIndexCheck(s.db);
    assert.equal(ensureFaqIndex(s.db), true);
    assert.ok(faqIndexInSync(s.db));
    assert.equal(searchFaq(s.db, 'wifi')[0]?.id, 5);
    // The trigger is back too.
    s.db.prepare("INSERT INTO faq (id, topic, question, answer) VALUES (6, 'jobs', 'Are you hiring?', 'Apply online.')").run();
    assert.equal(searchFaq(s.db, 'hiring')[0]?.id, 6);
  } finally { s.done(); }
});

test('an index survives reopening the database file', () => {
  const s = smallFaq();
  try {
    ensureFaqIndex(s.db);
    const file = s.db.name;
    s.db.close();
    const again = openStore(file);
    try {
      assert.equal(ensureFaqIndex(again), false);
      assert.equal(searchFaq(again, 'dog')[0]?.id, 3);
    } finally { again.close(); }
  } finally { s.done(); }
});

test('a store without an faq table is DOMAIN_INVALID', () => {
  const db = openStore(':memory:');
  try {
    assert.throws(() => ensureFaqIndex(db), (e: unknown) => e instanceof HeedError && e.code === 'DOMAIN_INVALID');
  } finally { db.close(); }
});
