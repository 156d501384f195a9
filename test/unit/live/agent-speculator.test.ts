/**
 * agentSpeculator (app/live/agent-speculator.ts) in a real DuplexSession with the real drive-thru
 * agent on a SQLite file: the fakes of duplex-session.test.ts for VAD / STT / TTS / speaker and a
 * virtual clock, the pack's JSGF in FakeStt and its grammar as the endpoint classifier. A turn
 * whose final words are the speculated partial is answered from the speculation; nothing is in the
 * store until the turn is final (the whole file is dumped at every partial, the endpoint and the
 * turn), and the order lands once. A speculation the customer talks past is dropped (its parse is
 * aborted) and leaves nothing: the turn is answered from the final words.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { isInterpretation, openDomainAgent, type PackAgent } from '../../../app/brain/open-agent.js';
import { grammarClassifier } from '../../../app/core/endpointing/endpoint-policy.js';
import { repoRoot } from '../../../app/core/paths.js';
import { FakeStt } from '../../../app/engines/stt/fake.js';
import { FakeTts } from '../../../app/engines/tts/fake.js';
import { FakeVad } from '../../../app/engines/vad/fake.js';
import { agentSpeculator } from '../../../app/live/agent-speculator.js';
import { DuplexSession } from '../../../app/live/duplex-session.js';
import type { DuplexEvent, SpeculatorPort } from '../../../app/live/duplex-types.js';
import { dumpDb } from '../../helpers/db-dump.js';
import { FakeClock, FakeSpeaker, FRAME, FRAME_MS, settle, silence, speech } from '../../helpers/duplex-fakes.js';

const T = { timeout: 60_000 };
interface Rig {
  agent: PackAgent;
  dbPath: string;
  events: DuplexEvent[];
  parses: Array<{ words: string; signal: AbortSignal }>;
  acts: unknown[];
  understands: string[];
  /** Dumps of the store taken at each partial, the endpoint and the turn event (before the turn acts). */
  dumps: Array<{ at: string; dump: string }>;
  feed(samples: Float32Array): Promise<void>;
  until(done: () => boolean, maxMs?: number): Promise<void>;
  of<K extends DuplexEvent['type']>(type: K): Array<Extract<DuplexEvent, { type: K }>>;
  session: DuplexSession;
}

async function withRig(fn: (rig: Rig) => Promise<void>): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'heed-speculator-'));
  const dbPath = join(dir, 'store.db');
  const agent = openDomainAgent({ dbPath, domainDir: join(repoRoot(), 'domains', 'drive-thru') });
  try {
    const clock = new FakeClock();
    const stt = new FakeStt();
    await stt.setSearch({ kind: 'jsgf', name: 'drive-thru', text: agent.grammar().jsgf });
    const real = agentSpeculator(agent, 's1');
    const parses: Rig['parses'] = [];
    const acts: unknown[] = [];
    const speculator: SpeculatorPort = {
      parse: (words, o) => { parses.push({ words: words.join(' '), signal: o.signal }); return real.parse(words, o); },
      act: (s, p, o) => { acts.push(p); return real.act(s, p, o); },
    };
    // The session's non-speculated path goes through understand: observed, then the real one.
    const understands: string[] = [];
    const observed: PackAgent = Object.create(agent) as PackAgent;
    observed.understand = (s, text, o) => { understands.push(text); return agent.understand(s, text, o); };
    const classify = grammarClassifier(agent.packGrammar().grammar);
    const session = new DuplexSession(
      { vad: new FakeVad(), stt, tts: new FakeTts(), agent: observed, speaker: new FakeSpeaker(clock), clock, speculator },
      { sessionId: 's1', endpointContext: () => ({ classify }), speechPadMs: 160 },
    );
    const events: DuplexEvent[] = [];
    const dumps: Rig['dumps'] = [];
    session.on((e) => {
      events.push(e);
      if (e.type === 'partial' || e.type === 'endpoint' || e.type === 'turn') dumps.push({ at: e.type === 'partial' ? `partial "${e.text}"` : e.type, dump: dumpDb(dbPath) });
    });
    await session.start();
    const feed = async (samples: Float32Array): Promise<void> => {
      for (let off = 0; off < samples.length; off += FRAME) {
        const frame = new Float32Array(FRAME);
        frame.set(samples.subarray(off, Math.min(off + FRAME, samples.length)));
        clock.advance(FRAME_MS);
        await session.pushMicFrame(frame);
        await settle();
      }
    };
    const until = async (done: () => boolean, maxMs = 20_000): Promise<void> => {
      for (let waited = 0; !done(); waited += FRAME_MS) {
        if (waited > maxMs) throw new Error(`condition not met after ${maxMs} ms (phase ${session.phase})`);
        await feed(new Float32Array(FRAME));
      }
    };
    const of = <K extends DuplexEvent['type']>(type: K): Array<Extract<DuplexEvent, { type: K }>> =>
      events.filter((e): e is Extract<DuplexEvent, { type: K }> => e.type === type);
    await fn({ agent, dbPath, events, parses, acts, understands, dumps, feed, until, of, session });
    await session.end();
  } finally {
    agent.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

function orderRows(dbPath: string): { orders: number; lines: Array<{ quantity: number }> } {
  const db = new Database(dbPath, { readonly: true });
  try {
    return {
      orders: db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM orders').get()?.n ?? 0,
      lines: db.prepare<[], { quantity: number }>('SELECT quantity FROM order_lines ORDER BY rowid').all(),
    };
  } finally { db.close(); }
}

test('a final that equals the speculated partial is answered from the speculation; nothing is written before the turn is final', T, async () => {
  await withRig(async (r) => {
    const baseline = dumpDb(r.dbPath);
    await r.feed(silence(320));
    await r.feed(speech('two cheeseburgers'));
    await r.until(() => r.of('reply').length > 0);

    assert.ok(r.parses.some((p) => p.words === 'two cheeseburgers'), `speculated: ${r.parses.map((p) => p.words).join(' | ')}`);
    const [turn] = r.of('turn');
    assert.equal(turn?.text, 'two cheeseburgers');
    assert.equal(turn?.speculated, true, 'answered from the speculation');
    assert.equal(r.acts.length, 1);
    assert.ok(isInterpretation(r.acts[0]) === false, 'the interpretation was consumed by act');
    assert.deepEqual(r.understands, [], 'the full understanding path was not run');

    assert.ok(r.dumps.some((d) => d.at === 'endpoint') && r.dumps.some((d) => d.at === 'turn'));
    assert.ok(r.dumps.filter((d) => d.at.startsWith('partial')).length >= 1);
    for (const d of r.dumps) assert.equal(d.dump, baseline, `the store changed before the turn was final (at ${d.at})`);

    const rows = orderRows(r.dbPath);
    assert.deepEqual(rows, { orders: 1, lines: [{ quantity: 2 }] }, 'the order landed exactly once');
    assert.equal(r.agent.order('s1')?.lines[0]?.quantity, 2);
    assert.match(r.of('reply')[0]?.text ?? '', /cheeseburger/i);
  });
});

test('a speculation the customer talks past is dropped and costs nothing; the turn is answered from the final words', T, async () => {
  await withRig(async (r) => {
    const baseline = dumpDb(r.dbPath);
    await r.feed(silence(320));
    await r.feed(speech('two cheeseburgers with no onions'));
    await r.until(() => r.of('reply').length > 0);

    const early = r.parses.find((p) => p.words === 'two cheeseburgers');
    assert.ok(early, `the partial was speculated: ${r.parses.map((p) => p.words).join(' | ')}`);
    assert.equal(early.signal.aborted, true, 'the dropped speculation was aborted');
    const [turn] = r.of('turn');
    assert.equal(turn?.text, 'two cheeseburgers with no onions');
    for (const d of r.dumps) assert.equal(d.dump, baseline, `the store changed before the turn was final (at ${d.at})`);

    // Whichever path answered the final (a speculation of the final words, or understand), it was the final's words.
    if (turn?.speculated) {
      assert.equal(r.acts.length, 1);
      assert.equal(r.parses.at(-1)?.words, 'two cheeseburgers with no onions');
    } else {
      assert.deepEqual(r.acts, []);
      assert.deepEqual(r.understands, ['two cheeseburgers with no onions']);
    }
    const rows = orderRows(r.dbPath);
    assert.deepEqual(rows, { orders: 1, lines: [{ quantity: 2 }] }, 'one order line, once');
    const line = r.agent.order('s1')?.lines[0];
    assert.match(JSON.stringify(line), /onion/i, 'the line is the final words (no onions), not the partial');
  });
});

test('a speculation made before the previous turn landed is not acted on stale: the final goes through understand', T, async () => {
  await withRig(async (r) => {
    const spied: PackAgent = Object.create(r.agent) as PackAgent;
    const understood: string[] = [];
    spied.understand = (s, text, o) => { understood.push(text); return r.agent.understand(s, text, o); };
    const real = agentSpeculator(spied, 's1');
    const ac = new AbortController();
    const spec = await real.parse(['a', 'cheeseburger'], { signal: ac.signal });
    r.agent.handleText('s1', 'two large fries');
    const before = orderRows(r.dbPath).lines.length;
    const result = await real.act('s1', spec, { signal: ac.signal });
    assert.equal(result.order?.lines.length, before + 1, 're-understood on the current order');
    assert.deepEqual(understood, ['a cheeseburger'], 'the stale speculation went through understand');
    await assert.rejects(real.act('s1', { words: ['a'] }, { signal: ac.signal }), /parse\(\) returned/);
  });
});
