import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bestAnswer, FAQ_MIN_COVERAGE, FAQ_MIN_QUESTION_SCORE, FAQ_MIN_SCORE, faqPointer, searchFaq } from '../../../../app/tools/faq/faq-search.js';
import { faqQueryTerms } from '../../../../app/tools/faq/faq-terms.js';
import { storeInfoFaq } from './faq-fixture.js';

const TIMEOUT = { timeout: 20_000 };

/** [question as a customer types it, the FAQ row that answers it] on the store-info pack. */
const ANSWERED: ReadonlyArray<[string, number]> = [
  ['do you take returns without a receipt', 1],
  ['Can I return something without my receipt?', 1],
  ['return policy', 2],
  ['can i bring back a power tool i opened', 3],
  ['will you beat a competitor price', 7],
  ['rain check', 13],
  ['gift card balance', 15],
  ['do gift cards ever expire', 16],
  ['is parking free downtown', 17],
  ['can my dog come in', 18],
  ['do you take cash', 19],
  ['do you deliver to my house', 20],
  ['same day delivery', 20],
  ['can i order online and pick up today', 21],
  ['can you duplicate a house key', 22],
  ['can you tint paint', 23],
  ['propane exchange', 25],
  ['rewards points', 26],
  ['veteran discount', 27],
  ['do you have wifi', 32],
  ['are you hiring', 31],
  ['can you install a faucet', 30],
];

/** Questions no row answers, many sharing a word with some row. */
const UNKNOWN: readonly string[] = [
  "what's the capital of peru",
  'what is the weather like',
  'who won the game last night',
  'tell me a joke',
  'how much is a capital gain',
  "what's your favorite color",
  'do you have a layaway plan',
  'can i pay in bitcoin',
  'where can i buy a house',
  'do you rent tools',
  'do you sell cars',
  'do you fix lawn mowers',
  'how old are you',
  'the store',
  '',
  '?!',
];

test('bestAnswer answers paraphrases of FAQ questions with the right row', TIMEOUT, () => {
  const s = storeInfoFaq();
  try {
    for (const [q, id] of ANSWERED) {
      const d = bestAnswer(s.db, q);
      assert.equal(d.kind, 'answer', `"${q}" should be answered`);
      if (d.kind !== 'answer') continue;
      assert.equal(d.faqId, id, `"${q}" → faq #${d.faqId}, expected #${id}`);
      assert.ok(d.coverage >= FAQ_MIN_COVERAGE && d.score >= FAQ_MIN_SCORE);
      const row = s.db.prepare<[number], { answer: string; source: string | null }>('SELECT answer, source FROM faq WHERE id = ?').get(id);
      assert.equal(d.answer, row?.answer, 'the answer is the row text, verbatim');
      assert.equal(d.source, row?.source);
    }
  } finally { s.done(); }
});

test('bestAnswer says unknown when nothing matches well enough', TIMEOUT, () => {
  const s = storeInfoFaq();
  try {
    for (const q of UNKNOWN) assert.deepEqual(bestAnswer(s.db, q).kind, 'unknown', `"${q}" should be unknown`);
  } finally { s.done(); }
});

test('each threshold alone turns away a near miss', TIMEOUT, () => {
  const s = storeInfoFaq();
  try {
    // Coverage: "color" is in a row, "favorite" in none.
    const color = searchFaq(s.db, "what's your favorite color")[0];
    assert.ok(color && color.coverage < FAQ_MIN_COVERAGE && color.questionScore >= FAQ_MIN_QUESTION_SCORE);
    // Question score: "plan" is only in an answer ("protection plan").
    const plan = searchFaq(s.db, 'layaway plan')[0];
    assert.ok(plan && plan.coverage >= FAQ_MIN_COVERAGE && plan.questionScore < FAQ_MIN_QUESTION_SCORE);
    // Score: "store" is in nearly every row.
    const store = searchFaq(s.db, 'the store')[0];
    assert.ok(store && store.coverage >= FAQ_MIN_COVERAGE && store.score < FAQ_MIN_SCORE);
  } finally { s.done(); }
});

test('searchFaq ranks with bm25, reports matched words and coverage, and honours the limit', TIMEOUT, () => {
  const s = storeInfoFaq();
  try {
    const hits = searchFaq(s.db, 'gift cards', { limit: 3 });
    assert.equal(hits.length, 3);
    assert.ok(hits.every((h) => h.topic === 'gift cards'));
    for (let i = 1; i < hits.length; i++) assert.ok((hits[i - 1]?.score ?? 0) >= (hits[i]?.score ?? 0));
    assert.deepEqual(hits[0]?.matched, ['gift', 'cards']);
    assert.equal(hits[0]?.coverage, 1);
    assert.equal(searchFaq(s.db, 'gift', { limit: 1 }).length, 1);
    // A word only in an answer ranks below the same word in a question.
    const propane = searchFaq(s.db, 'propane');
    assert.equal(propane[0]?.id, 25);
  } finally { s.done(); }
});

test('stop words and clitics are dropped from queries', () => {
  assert.deepEqual(faqQueryTerms("What's the store's return policy, please?"), ['store', 'return', 'policy']);
  assert.deepEqual(faqQueryTerms('Do you sell returns returns RETURNS'), ['returns']);
  assert.deepEqual(faqQueryTerms('can I help you'), []);
  assert.deepEqual(faqQueryTerms('returns w/o receipt, 4 x'), ['returns', 'receipt', '4']);
});

test('faqPointer names the row and its source', () => {
  assert.equal(faqPointer(12, 'Returns policy §2'), 'faq #12, Returns policy §2');
  assert.equal(faqPointer(3, null), 'faq #3');
});
