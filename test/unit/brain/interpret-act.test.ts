/**
 * PackAgent.interpret / act, the two halves of understand: on twin stores, act(interpret(x)) gives
 * the same TurnResult as understand(x) for every pack's orders, FAQ questions, yes/no, unknown and
 * off-topic words (with a scripted LLM chain, so the FAQ probe and the model readings are in play);
 * interpret alone leaves every table of the file as it was (conversation log and dialog state
 * included); an interpretation made before another turn of the session is re-read, never acted on
 * stale; an aborted interpret rejects at once; with the real stories260K model, an interpret of a
 * speculative partial can be aborted mid-call and writes nothing.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { UnderstandingChain } from '../../../app/brain/llm/understanding-chain.js';
import { isInterpretation, openDomainAgent, type Interpretation, type PackAgent } from '../../../app/brain/open-agent.js';
import { isAbortError } from '../../../app/core/errors.js';
import { repoRoot } from '../../../app/core/paths.js';
import type { TurnResult } from '../../../app/core/turn.js';
import { FakeLlm, type FakeTurn } from '../../../app/engines/llm/fake.js';
import type { ChatRequest, LlmEngine } from '../../../app/engines/llm/types.js';
import { dumpDb } from '../../helpers/db-dump.js';
import { requireStoriesGguf, STORIES_SKIP } from '../../helpers/llm-models.js';

const T = { timeout: 60_000 };
const DOMAINS = join(repoRoot(), 'domains');
const NOW = (): Date => new Date(2026, 11, 1, 9, 0, 0);
const UNPARSABLE = 'gimme the usual thingy';

const lastUser = (req: ChatRequest): string => [...req.messages].reverse().find((m) => m.role === 'user')?.content ?? '';

/** The same script for both twins: the drive-thru's unparsable order is read as two cheeseburgers, anything else is not sure. */
const script = (req: ChatRequest): FakeTurn => (lastUser(req).includes(UNPARSABLE)
  ? { toolCall: { name: 'add', arguments: { sentence: 'two cheeseburgers' } }, confidence: 0.9 }
  : { toolCall: { name: 'not_sure', arguments: {} }, confidence: 0.9 });

interface Opened { agent: PackAgent; dbPath: string; llm: FakeLlm }

function open(dir: string, name: string, domain: string, engine?: LlmEngine): Opened {
  const llm = new FakeLlm(script);
  const dbPath = join(dir, `${name}.db`);
  const agent = openDomainAgent({
    dbPath, domainDir: join(DOMAINS, domain), now: NOW,
    understanding: new UnderstandingChain([{ name: 'local', engine: engine ?? llm, minConfidence: 0.6, maxTokens: 96 }], { turnBudgetMs: 5000 }),
  });
  return { agent, dbPath, llm };
}

async function withDir(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'heed-interpret-'));
  try { await fn(dir); } finally { rmSync(dir, { recursive: true, force: true }); }
}

type Step = readonly [text: string, channel: 'voice' | 'text'];

const SCRIPTS: Record<string, readonly Step[]> = {
  'drive-thru': [
    ['can i get a cheeseburger', 'text'],
    ['two large fries', 'voice'],
    [UNPARSABLE, 'text'],
    ['what is the meaning of life and the universe', 'text'],
    ['blorp', 'voice'],
    ['', 'voice'],
    ['no', 'text'],
    ["that's all", 'text'],
    ['yes', 'voice'],
  ],
  clinic: [
    ['where can i park', 'text'],
    ['do you take insurance', 'voice'],
    ['a checkup with maria on friday at nine', 'text'],
    ['what is the capital of france today please', 'text'],
    ['emma garcia', 'text'],
    ['four one five five five five zero one seven seven', 'voice'],
    ['no', 'text'],
    ['yes', 'text'],
  ],
  'store-info': [
    ['what time do you close today', 'text'],
    ['can i bring my dog', 'voice'],
    ['do you take returns without a receipt', 'text'],
    ['is there free wifi', 'text'],
    ['can i return opened paint', 'voice'],
    ['are pets allowed inside the building', 'text'],
    ['how much is a cordless drill', 'voice'],
    ['yes', 'text'],
    ['how much is it', 'text'],
    ['no', 'text'],
    ['tell me a joke about penguins and the moon', 'text'],
  ],
};

for (const [domain, steps] of Object.entries(SCRIPTS)) {
  test(`${domain}: act(interpret(x)) is understand(x) on a twin store, and interpret writes nothing`, T, async () => {
    await withDir(async (dir) => {
      const a = open(dir, 'a', domain);
      const b = open(dir, 'b', domain);
      const kinds = new Set<string>();
      try {
        for (const [text, channel] of steps) {
          const expected = await a.agent.understand('s1', text, { channel });
          const before = dumpDb(b.dbPath);
          const i = await b.agent.interpret('s1', text, { channel });
          assert.equal(dumpDb(b.dbPath), before, `interpret("${text}") changed the store`);
          assert.ok(isInterpretation(i) && Object.isFrozen(i));
          kinds.add(i.reading.kind);
          const asked = b.llm.requests.length;
          const got = b.agent.act('s1', i);
          assert.equal(b.llm.requests.length, asked, 'act calls no model');
          assert.deepEqual(got, expected, `"${text}" (${i.reading.kind})`);
        }
        assert.deepEqual(a.llm.requests.length, b.llm.requests.length, 'the twins asked the model as often');
        if (domain === 'drive-thru') assert.ok(kinds.has('llm') && kinds.has('no_speech'), [...kinds].join());
        else assert.ok(kinds.has('faq'), `the FAQ path is covered: ${[...kinds].join()}`);
        assert.ok(kinds.has('grammar'));
      } finally { a.agent.close(); b.agent.close(); }
    });
  });
}

test('an interpretation made before another turn changed the dialog is re-read, not acted on stale', T, async () => {
  await withDir(async (dir) => {
    const { agent, dbPath } = open(dir, 'a', 'drive-thru');
    try {
      const spec = await agent.interpret('s1', UNPARSABLE);
      assert.equal(spec.reading.kind, 'llm', 'the model read the words as two cheeseburgers');
      const other = await agent.interpret('s2', 'a cheeseburger');
      assert.ok(agent.isFresh('s1', spec));
      agent.handleText('s1', 'a large fries');
      assert.equal(agent.isFresh('s1', spec), false, "the session's turn makes it stale");
      assert.ok(agent.isFresh('s2', other), "another session's turn does not");
      assert.equal(agent.isFresh('s2', spec), false, 'an interpretation belongs to its session');
      const before = dumpDb(dbPath);
      const r = agent.act('s1', spec);
      // Re-read by the grammar as the words are now: not understood, no two cheeseburgers.
      assert.notEqual(r.understoodBy, 'local');
      assert.equal(r.toolCalls.length, 0);
      assert.deepEqual(r.order?.lines.map((l) => l.quantity), [1]);
      assert.notEqual(dumpDb(dbPath), before, 'the (re-read) turn is logged');
      assert.throws(() => agent.act('s1', spec), /once/, 'an interpretation is acted on once');
      assert.throws(() => agent.act('s1', { ...other }), /once/, 'a copy is not an interpretation');
      assert.equal(agent.act('s2', other).order?.lines[0]?.quantity, 1);
    } finally { agent.close(); }
  });
});

test('act on an aborted signal writes nothing; a fresh grammar interpretation acts as made', T, async () => {
  await withDir(async (dir) => {
    const { agent, dbPath } = open(dir, 'a', 'drive-thru');
    try {
      const i = await agent.interpret('s1', 'two cheeseburgers', { channel: 'voice' });
      assert.equal(i.reading.kind, 'grammar');
      const before = dumpDb(dbPath);
      const ac = new AbortController();
      ac.abort();
      assert.throws(() => agent.act('s1', i, { signal: ac.signal }), (e) => isAbortError(e));
      assert.equal(dumpDb(dbPath), before);
      assert.equal(agent.act('s1', i).order?.lines[0]?.quantity, 2);
    } finally { agent.close(); }
  });
});

test('an aborted interpret rejects with an abort error quickly and writes nothing', T, async () => {
  await withDir(async (dir) => {
    const slow = new FakeLlm(() => ({ toolCall: { name: 'add', arguments: { sentence: 'two cheeseburgers' } }, delayMs: 5000 }));
    const { agent, dbPath } = open(dir, 'a', 'drive-thru', slow);
    try {
      const before = dumpDb(dbPath);
      const ac = new AbortController();
      const t0 = performance.now();
      setTimeout(() => ac.abort(), 50);
      await assert.rejects(agent.interpret('s1', UNPARSABLE, { signal: ac.signal }), (e) => isAbortError(e));
      const ms = performance.now() - t0;
      assert.ok(ms < 1500, `took ${ms} ms after a 50 ms abort`);
      assert.equal(slow.signals[0]?.aborted, true, 'the model call was aborted');
      // Already aborted: rejects before anything runs.
      await assert.rejects(agent.interpret('s1', 'a cheeseburger', { signal: ac.signal }), (e) => isAbortError(e));
      assert.equal(dumpDb(dbPath), before);
      // understand keeps its old contract: the caller's abort ends the chain, the grammar answers.
      const ac2 = new AbortController();
      setTimeout(() => ac2.abort(), 50);
      assert.equal((await agent.understand('s1', UNPARSABLE, { signal: ac2.signal })).understoodBy, 'none');
    } finally { agent.close(); }
  });
});

test('stories260K: interpret() on a speculative partial the grammar cannot read is abortable and writes nothing', T, async (t) => {
  const model = requireStoriesGguf();
  if (!model) { t.skip(STORIES_SKIP); return; }
  const { createLlamaEngine } = await import('../../../app/engines/llm/llama-engine.js');
  const engine = await createLlamaEngine({ modelPath: model, contextSize: 8192 });
  try {
    await withDir(async (dir) => {
      const { agent, dbPath } = open(dir, 'a', 'drive-thru', engine);
      try {
        agent.handleText('s1', 'a cheeseburger');
        const before = dumpDb(dbPath);
        const ac = new AbortController();
        const t0 = performance.now();
        const pending: Promise<Interpretation> = agent.interpret('s1', 'um gimme the usual', { channel: 'voice', signal: ac.signal });
        setTimeout(() => ac.abort(), 100);
        await assert.rejects(pending, (e) => isAbortError(e));
        const ms = performance.now() - t0;
        t.diagnostic(`aborted interpret settled after ${Math.round(ms)} ms`);
        assert.ok(ms < 10_000, `took ${ms} ms`);
        assert.equal(dumpDb(dbPath), before, 'nothing written');
        // Not aborted, the same words come back as some interpretation (the content is the model's); still nothing written.
        const i = await agent.interpret('s1', 'um gimme the usual', { channel: 'voice' });
        assert.ok(['llm', 'grammar', 'faq'].includes(i.reading.kind));
        assert.equal(dumpDb(dbPath), before, 'nothing written by a finished interpret either');
        const r: TurnResult = agent.act('s1', i);
        assert.equal(typeof r.reply, 'string');
      } finally { agent.close(); }
    });
  } finally {
    await engine.close();
  }
});
