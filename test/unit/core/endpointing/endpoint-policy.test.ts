/**
 * Dialog-aware endpointing against the real drive-thru and clinic packs' compiled grammars (each
 * opened once on a fresh store), plus the lexical rules alone and the prefix search on a small
 * hand-made grammar.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDomainAgent, type PackAgent } from '../../../../app/brain/open-agent.js';
import { repoRoot } from '../../../../app/core/paths.js';
import { alt, makeGrammar, optional, phrase, ref, repeat, seq, tag, word } from '../../../../app/core/grammar/ast.js';
import {
  DEFAULT_ENDPOINT_CONFIG, endpointReason, endpointSilenceMs, grammarClassifier, isGrammarPrefix, midSpelling, normalizeWords,
  trailingPhoneDigits, type EndpointContext, type PartialClassifier,
} from '../../../../app/core/endpointing/endpoint-policy.js';

const OPTS = { timeout: 10_000 };
/** The recognizer's dictionary, as the pack tests use it (test/helpers/pack-scenarios.ts). */
const DICT_PATH = '/usr/share/pocketsphinx/model/en-us/cmudict-en-us.dict';
const w = (s: string): string[] => s.split(' ').filter((x) => x.length > 0);

interface OpenPack { agent: PackAgent; classify: PartialClassifier; done(): void }

function openPack(domain: string): OpenPack {
  const dir = mkdtempSync(join(tmpdir(), `heed-endpoint-${domain}-`));
  const agent = openDomainAgent({ dbPath: join(dir, 'heed.db'), domainDir: join(repoRoot(), 'domains', domain), dictPath: DICT_PATH, now: () => new Date('2026-12-01T12:00:00') });
  return { agent, classify: grammarClassifier(agent.packGrammar().grammar), done: () => { agent.close(); rmSync(dir, { recursive: true, force: true }); } };
}

describe('drive-thru pack', () => {
  let pack: OpenPack;
  before(() => { pack = openPack('drive-thru'); });
  after(() => pack.done());
  const ctx = (expecting?: EndpointContext['expecting']): EndpointContext => ({ classify: pack.classify, expecting });

  test("\"i'd like a cheeseburger\" is complete: 200 ms", OPTS, () => {
    assert.deepEqual(endpointSilenceMs(w("i'd like a cheeseburger"), ctx()), { silenceMs: 200, reason: 'complete' });
  });

  test("\"i'd like a\" is incomplete: 1500 ms", OPTS, () => {
    assert.deepEqual(endpointSilenceMs(w("i'd like a"), ctx()), { silenceMs: 1500, reason: 'incomplete' });
  });

  test('"can i get two cheeseburgers with no" is incomplete', OPTS, () => {
    assert.deepEqual(endpointSilenceMs(w('can i get two cheeseburgers with no'), ctx()), { silenceMs: 1500, reason: 'incomplete' });
  });

  test('"that\'s all" is complete', OPTS, () => {
    assert.deepEqual(endpointSilenceMs(w("that's all"), ctx()), { silenceMs: 200, reason: 'complete' });
  });

  test('"yes" is complete when a yes/no answer is expected (and as a universal intent anyway)', OPTS, () => {
    assert.deepEqual(endpointSilenceMs(w('yes'), ctx('yes_no')), { silenceMs: 200, reason: 'complete' });
    assert.equal(endpointSilenceMs(w('yes'), ctx()).reason, 'complete');
    assert.equal(endpointSilenceMs(w('no'), ctx('yes_no')).reason, 'complete');
    assert.equal(endpointSilenceMs(w('no'), ctx()).reason, 'complete', 'a lone "no" the grammar accepts is an answer, not a dangling word');
  });

  test('the classifier: exact, strict prefix, none', OPTS, () => {
    const table: Array<[string, ReturnType<PartialClassifier>]> = [
      ["i'd like a cheeseburger", 'exact'], ["that's all", 'exact'], ['yes', 'exact'], ['a large', 'exact'],
      ['can i get two cheeseburgers with no onions', 'exact'],
      ["i'd like a", 'prefix'], ["i'd", 'prefix'], ['can i get', 'prefix'], ['can i get two cheeseburgers with no', 'prefix'], ["what's my", 'prefix'],
      ['banana split', 'none'], ['hello there how are you', 'none'], ['cheeseburger cheeseburger the', 'none'],
    ];
    for (const [text, want] of table) assert.equal(pack.classify(w(text)), want, text);
  });

  test('a request as it grows: incomplete while it is visibly unfinished, complete when whole', OPTS, () => {
    const growing: Array<[string, string]> = [
      ['can', 'incomplete'], ['can i', 'incomplete'], ['can i get', 'incomplete'], ['can i get two', 'incomplete'],
      ['can i get two cheeseburgers', 'complete'], ['can i get two cheeseburgers with', 'incomplete'],
      ['can i get two cheeseburgers with no', 'incomplete'], ['can i get two cheeseburgers with no onions', 'complete'],
      ['can i get two cheeseburgers with no onions and', 'incomplete'], ['can i get two cheeseburgers with no onions and a', 'incomplete'],
      ['can i get two cheeseburgers with no onions and a large fries', 'complete'],
    ];
    for (const [text, reason] of growing) assert.equal(endpointSilenceMs(w(text), ctx()).reason, reason, text);
  });

  test('words outside the grammar get the default wait', OPTS, () => {
    assert.deepEqual(endpointSilenceMs(w('banana split'), ctx()), { silenceMs: 500, reason: 'unknown' });
    assert.deepEqual(endpointSilenceMs([], ctx()), { silenceMs: 500, reason: 'unknown' });
    assert.deepEqual(endpointSilenceMs(w('hello there how are you'), ctx('free')), { silenceMs: 500, reason: 'unknown' });
  });

  test('a trailing filler or function word waits even after a whole request', OPTS, () => {
    assert.equal(endpointSilenceMs(w("i'd like a cheeseburger um"), ctx()).reason, 'incomplete');
    assert.equal(endpointSilenceMs(w("i'd like a cheeseburger and"), ctx()).reason, 'incomplete');
    assert.equal(endpointSilenceMs(w('two cheeseburgers with extra'), ctx()).reason, 'incomplete');
  });

  test('the config sets the three waits', OPTS, () => {
    const config = { completeMs: 120, incompleteMs: 2000, defaultMs: 640 };
    assert.deepEqual(endpointSilenceMs(w("that's all"), ctx(), config), { silenceMs: 120, reason: 'complete' });
    assert.deepEqual(endpointSilenceMs(w("i'd like a"), ctx(), config), { silenceMs: 2000, reason: 'incomplete' });
    assert.deepEqual(endpointSilenceMs(w('banana split'), ctx(), config), { silenceMs: 640, reason: 'unknown' });
    assert.deepEqual(DEFAULT_ENDPOINT_CONFIG, { completeMs: 200, incompleteMs: 1500, defaultMs: 500 });
  });

  test('recognizer text is normalized first (case, punctuation, curly apostrophes)', OPTS, () => {
    assert.deepEqual(normalizeWords(['I’d', 'like', 'a', 'Cheeseburger.']), ["i'd", 'like', 'a', 'cheeseburger']);
    assert.equal(endpointSilenceMs(['I’d', 'LIKE', 'a', 'cheeseburger!'], ctx()).reason, 'complete');
    assert.equal(endpointSilenceMs(["I'd like a"], ctx()).reason, 'incomplete', 'one string with spaces is split too');
  });

  test('deciding is fast on long and pathological partials', OPTS, () => {
    const t0 = performance.now();
    for (const text of ['a a a a a a a a a a a a a a a a', 'and and and and and and and and',
      'can i get a cheeseburger and a large fries and a coke and two cheeseburgers with no onions and extra cheese please zebra']) {
      endpointSilenceMs(w(text), ctx());
    }
    assert.ok(performance.now() - t0 < 2000, 'well under a second in practice');
  });

  test('the agent is not written to by endpointing (classification is read-only)', OPTS, () => {
    const before = pack.agent.order('endpoint-session');
    for (const text of ["i'd like a cheeseburger", 'yes', "that's all"]) endpointSilenceMs(w(text), ctx());
    assert.deepEqual(pack.agent.order('endpoint-session'), before);
  });
});

describe('clinic pack', () => {
  let pack: OpenPack;
  before(() => { pack = openPack('clinic'); });
  after(() => pack.done());
  const phone = (): EndpointContext => ({ classify: pack.classify, expecting: 'phone' });
  const SEVEN = 'five five five one two three four';
  const TEN = 'five five five one two three four five six seven';

  test('a 7-digit phone partial while a phone number is expected is incomplete; 10 digits complete', OPTS, () => {
    assert.deepEqual(endpointSilenceMs(w(SEVEN), phone()), { silenceMs: 1500, reason: 'incomplete' });
    assert.deepEqual(endpointSilenceMs(w(`my number is ${SEVEN}`), phone()), { silenceMs: 1500, reason: 'incomplete' });
    assert.deepEqual(endpointSilenceMs(w(TEN), phone()), { silenceMs: 200, reason: 'complete' });
    assert.deepEqual(endpointSilenceMs(w(`my number is ${TEN}`), phone()), { silenceMs: 200, reason: 'complete' });
  });

  test('the phone grammar accepts 7 digits, so only the expectation makes them incomplete', OPTS, () => {
    assert.equal(pack.classify(w(SEVEN)), 'exact');
    assert.equal(endpointSilenceMs(w(SEVEN), { classify: pack.classify }).reason, 'complete');
    assert.equal(endpointSilenceMs(w(SEVEN), { ...phone(), phoneDigits: 7 }).reason, 'complete', 'a pack of local numbers');
  });

  test('a phone number as it is said', OPTS, () => {
    const growing: Array<[string, string]> = [
      ['my', 'incomplete'], ['my number', 'incomplete'], ['my number is', 'incomplete'], ['my number is five', 'incomplete'],
      ['my number is five five five', 'incomplete'], ['my number is five five five one two', 'incomplete'],
      [`my number is ${TEN}`, 'complete'], ['my number is double five five triple one double two', 'incomplete'],
      ['my number is double five five triple one double two three four', 'complete'],
    ];
    for (const [text, reason] of growing) assert.equal(endpointSilenceMs(w(text), phone()).reason, reason, text);
  });

  test('spelling a name waits between letters, even when the letters so far parse', OPTS, () => {
    assert.equal(pack.classify(w('my name is spelled j o h n')), 'exact');
    assert.equal(endpointSilenceMs(w('my name is spelled j o h n'), { classify: pack.classify }).reason, 'incomplete');
    assert.equal(endpointSilenceMs(w('my name is spelled j as'), { classify: pack.classify }).reason, 'incomplete');
    assert.equal(endpointSilenceMs(w('my name is spelled j as in juliet'), { classify: pack.classify }).reason, 'complete', 'a single unit is not mid-spelling');
  });

  test('requests ending in "in" are complete; an exact parse ending in "to" is not', OPTS, () => {
    assert.equal(endpointSilenceMs(w('check in'), { classify: pack.classify }).reason, 'complete');
    assert.equal(pack.classify(w('can i reschedule to')), 'exact');
    assert.equal(endpointSilenceMs(w('can i reschedule to'), { classify: pack.classify }).reason, 'incomplete');
  });

  test('dates and times that need more', OPTS, () => {
    const c = pack.classify;
    assert.equal(endpointSilenceMs(w('march'), { classify: c, expecting: 'date' }).reason, 'incomplete');
    assert.equal(endpointSilenceMs(w('next'), { classify: c, expecting: 'date' }).reason, 'incomplete');
    assert.equal(endpointSilenceMs(w('tomorrow at'), { classify: c, expecting: 'time' }).reason, 'incomplete');
    assert.equal(endpointSilenceMs(w('tomorrow'), { classify: c, expecting: 'date' }).reason, 'complete');
  });
});

describe('lexical rules (no grammar)', () => {
  test('yes/no answers are complete when a yes/no answer is expected', OPTS, () => {
    for (const a of ['yes', 'yeah', 'nope', 'no', 'no thanks', "that's right", 'sure']) {
      assert.deepEqual(endpointSilenceMs(w(a), { expecting: 'yes_no' }), { silenceMs: 200, reason: 'complete' }, a);
    }
    assert.equal(endpointSilenceMs(w('yes and'), { expecting: 'yes_no' }).reason, 'incomplete');
    assert.equal(endpointSilenceMs(w('yes'), {}).reason, 'unknown', 'no grammar, no expectation: nothing to go on');
  });

  test('trailing function words are incomplete', OPTS, () => {
    for (const t of ['a', 'the', 'and', 'with', 'no', 'of', 'for', 'at']) {
      assert.equal(endpointReason(['something', t]), 'incomplete', t);
      assert.equal(endpointReason([t]), 'incomplete', `lone "${t}" with no grammar to accept it`);
    }
    assert.equal(endpointReason(w('a burger please')), 'unknown');
  });

  test('mid-spelling', OPTS, () => {
    const table: Array<[string, boolean]> = [
      ['j o', true], ['j o h n', true], ['it is m a r k', true], ['j as', true], ['j as in', true], ['double', true], ['j double', true],
      ['x ray x ray', true], ['juliet oscar', true], ['b as in bravo c', true],
      ['can i get a', false], ['vitamin c', false], ['an x ray', false], ['a', false], ['i', false], ['with doctor mike', false],
      ['j', false], ['', false],
    ];
    for (const [text, want] of table) assert.equal(midSpelling(w(text)), want, text);
    assert.equal(endpointReason(w('j o h')), 'incomplete');
  });

  test('digits a trailing phone run can stand for', OPTS, () => {
    const table: Array<[string, number]> = [
      ['', 0], ['my number is', 0], ['five', 1], ['oh', 1], ['five five five', 3], ['double five', 2], ['triple seven', 3],
      ['double', 2], ['fifty five', 3], ['twelve', 2], ['eight hundred', 3], ['twelve hundred', 4], ['five thousand', 4],
      ['my number is five five five one two three four', 7], ['five five five one two three four five six seven', 10],
      ['it is one eight hundred five five five one two three four', 11],
    ];
    for (const [text, want] of table) assert.equal(trailingPhoneDigits(w(text)), want, text);
  });

  test('phone expectation: short runs wait, no digits yet falls through', OPTS, () => {
    assert.equal(endpointReason(w('five five five'), { expecting: 'phone' }), 'incomplete');
    assert.equal(endpointReason(w('five five five one two three four five six seven'), { expecting: 'phone' }), 'unknown');
    assert.equal(endpointReason(w('it is'), { expecting: 'phone' }), 'unknown');
    assert.equal(endpointReason(w('five five five'), { expecting: 'free' }), 'unknown');
  });

  test('a classifier stub shows the precedence of the rules', OPTS, () => {
    const calls: string[] = [];
    const stub = (r: ReturnType<PartialClassifier>): PartialClassifier => (x) => { calls.push(x.join(' ')); return r; };
    assert.equal(endpointReason(w('hello'), { classify: stub('exact') }), 'complete');
    assert.equal(endpointReason(w('hello'), { classify: stub('prefix') }), 'incomplete');
    assert.equal(endpointReason(w('hello'), { classify: stub('none') }), 'unknown');
    assert.equal(endpointReason(w('hello the'), { classify: stub('exact') }), 'incomplete', 'a dangling "the" wins over an exact parse');
    assert.equal(endpointReason(w('double a'), { classify: stub('exact') }), 'complete', '"a" may end a request the grammar accepts');
    calls.length = 0;
    assert.equal(endpointReason(w('j o h n'), { classify: stub('exact') }), 'incomplete');
    assert.equal(endpointReason(w('yes'), { classify: stub('none'), expecting: 'yes_no' }), 'complete');
    assert.deepEqual(calls, [], 'the lexical rules decide without a grammar search');
  });
});

describe('prefix search on a small grammar', () => {
  const g = makeGrammar('t', 'utterance', [
    { name: 'utterance', isPublic: true, node: alt(tag(seq(phrase('i want'), ref('item'), optional(seq(word('with'), repeat(ref('topping'))))), 'intent=add'), tag(phrase('that is all'), 'intent=done')) },
    { name: 'item', isPublic: false, node: alt(phrase('a burger'), phrase('a hot dog')) },
    { name: 'topping', isPublic: false, node: alt(word('cheese'), word('onions')) },
  ]);
  const c = grammarClassifier(g);

  test('exact, prefix and none through rules, optionals and repeats', OPTS, () => {
    const table: Array<[string, ReturnType<PartialClassifier>]> = [
      ['i want a burger', 'exact'], ['i want a hot dog with cheese onions', 'exact'], ['that is all', 'exact'],
      ['i', 'prefix'], ['i want', 'prefix'], ['i want a hot', 'prefix'], ['i want a burger with', 'prefix'], ['that is', 'prefix'],
      ['i want a burger with cheese onions', 'exact'], ['want a burger', 'none'], ['i want a pizza', 'none'], ['that is all folks', 'none'],
    ];
    for (const [text, want] of table) assert.equal(c(w(text)), want, text);
  });

  test('an exact parse that can go on is also a prefix; a final one is not', OPTS, () => {
    assert.equal(isGrammarPrefix(g, w('i want a burger')), true);
    assert.equal(isGrammarPrefix(g, w('that is all')), false);
    assert.equal(c([]), 'prefix');
  });

  test('a search past its step budget gives up as none', OPTS, () => {
    assert.equal(grammarClassifier(g, { maxSteps: 3 })(w('i want a')), 'none');
    assert.equal(isGrammarPrefix(makeGrammar('x', 'missing', []), w('a')), false);
  });
});
