/**
 * The full-duplex driver (app/live/duplex-session.ts) end to end on fakes and a virtual clock:
 * FakeVad scores the level of each window, FakeStt decodes fakeSpeech audio back to text, FakeTts
 * speaks in the same code, a fake speaker plays on the virtual clock and records plays and stops,
 * and a fake agent answers (optionally after waiting on the virtual clock). Every mic frame is 512
 * samples (32 ms) and advances the clock by 32 ms; nothing waits on real time.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { HeedError } from '../../../app/core/errors.js';
import type { PartialClassifier } from '../../../app/core/endpointing/endpoint-policy.js';
import type { CompiledGrammar, DomainAgent, OrderView, TurnResult } from '../../../app/core/turn.js';
import { FakeStt } from '../../../app/engines/stt/fake.js';
import { FakeTts } from '../../../app/engines/tts/fake.js';
import { FakeVad } from '../../../app/engines/vad/fake.js';
import { DuplexSession } from '../../../app/live/duplex-session.js';
import type { DuplexConfig, DuplexEvent, EchoCancellerPort, SpeculatorPort } from '../../../app/live/duplex-types.js';
import { playedTextAt, timedSentences } from '../../../app/live/played-text.js';
import { FakeClock, FakeSpeaker, FRAME, FRAME_MS, settle, silence, speech } from '../../helpers/duplex-fakes.js';

const T = { timeout: 20_000 };

// ─── Fakes ──────────────────────────────────────────────────────────────────────────────────────

const result = (spoken: string): TurnResult => ({
  intent: 'test', toolCalls: [], reply: spoken, spoken, order: null, card: null, handoff: false,
});

class FakeAgent implements DomainAgent {
  readonly domain = 'test';
  readonly greeting = 'Hi.';
  readonly calls: Array<{ text: string; signal: AbortSignal | undefined }> = [];
  readonly #clock: FakeClock;
  readonly #reply: (text: string) => string;
  readonly #delayMs: number;
  constructor(clock: FakeClock, reply: (text: string) => string, delayMs = 0) {
    this.#clock = clock;
    this.#reply = reply;
    this.#delayMs = delayMs;
  }
  grammar(): CompiledGrammar { return { name: 'test', jsgf: JSGF, words: [...VOCABULARY], unknownWords: [] }; }
  handleTranscript(_s: string, text: string): TurnResult { return result(this.#reply(text)); }
  handleText(_s: string, text: string): TurnResult { return result(this.#reply(text)); }
  async understand(_s: string, text: string, opts: { signal?: AbortSignal } = {}): Promise<TurnResult> {
    this.calls.push({ text, signal: opts.signal });
    if (this.#delayMs > 0) await this.#clock.sleep(this.#delayMs, opts.signal);
    return result(this.#reply(text));
  }
  handleNoSpeech(): TurnResult { return result(''); }
  order(): OrderView | null { return null; }
  close(): void {}
}

const VOCABULARY = ['i', 'want', 'a', 'burger', 'and', 'fries', 'mhm', 'no', 'wait', 'make', 'that', 'large'];
const JSGF = `#JSGF V1.0;\ngrammar test;\npublic <u> = (${VOCABULARY.join(' | ')})*;\n`;

/** Whole requests of the test grammar; their strict prefixes are 'prefix'. */
const REQUESTS = ['i want a burger', 'i want a burger and fries', 'no wait make that a large'];
const classify: PartialClassifier = (words) => {
  const w = words.join(' ');
  if (REQUESTS.includes(w)) return 'exact';
  return REQUESTS.some((r) => r.startsWith(`${w} `)) ? 'prefix' : 'none';
};

const REPLY = 'Sure. One burger coming right up with extra pickles. Anything else for you today?';
const replies = (text: string): string => (text === 'i want a burger' ? REPLY : `You said ${text}.`);

// ─── Harness ────────────────────────────────────────────────────────────────────────────────────

interface Harness {
  session: DuplexSession;
  clock: FakeClock;
  speaker: FakeSpeaker;
  agent: FakeAgent;
  events: DuplexEvent[];
  feed(samples: Float32Array): Promise<void>;
  /** Feeds silence until `done` holds (checked after every frame); fails after maxMs. */
  until(done: () => boolean, maxMs?: number): Promise<void>;
  of<K extends DuplexEvent['type']>(type: K): Array<Extract<DuplexEvent, { type: K }>>;
}

interface HarnessOptions {
  config?: Partial<DuplexConfig>;
  agentDelayMs?: number;
  speculator?: SpeculatorPort;
  /** The speaker's output reaches the mic at this gain (no echo path: 0). */
  echoGain?: number;
  echo?: EchoCancellerPort;
  /** A speaker with pause/resume (the hold on speech onset). */
  hold?: boolean;
  /** The agent's reply function (default: `replies`). */
  reply?: (text: string) => string;
}

async function harness(opts: HarnessOptions = {}): Promise<Harness> {
  const clock = new FakeClock();
  const speaker = new FakeSpeaker(clock, opts.hold ?? false);
  const agent = new FakeAgent(clock, opts.reply ?? replies, opts.agentDelayMs ?? 0);
  const stt = new FakeStt();
  await stt.setSearch({ kind: 'jsgf', name: 'test', text: JSGF });
  const session = new DuplexSession(
    { vad: new FakeVad(), stt, tts: new FakeTts(), agent, speaker, clock, speculator: opts.speculator, echo: opts.echo },
    // FakeStt decodes 10 ms blocks counted from the first sample it is fed: a pre-roll of whole
    // 160 ms (5 windows) keeps them aligned with the characters of fakeSpeech, which the feeds start
    // on a window boundary.
    { sessionId: 's1', endpointContext: () => ({ classify }), speechPadMs: 160, ...opts.config },
  );
  const events: DuplexEvent[] = [];
  session.on((e) => events.push(e));
  await session.start();
  const feed = async (samples: Float32Array): Promise<void> => {
    for (let off = 0; off < samples.length; off += FRAME) {
      const frame = new Float32Array(FRAME);
      frame.set(samples.subarray(off, Math.min(off + FRAME, samples.length)));
      clock.advance(FRAME_MS);
      const gain = opts.echoGain ?? 0;
      if (gain > 0) speaker.reference(FRAME).forEach((v, i) => { frame[i] = (frame[i] ?? 0) + (gain * v) / 32768; });
      await session.pushMicFrame(frame);
      await settle();
    }
  };
  const until = async (done: () => boolean, maxMs = 15_000): Promise<void> => {
    const frame = new Float32Array(FRAME);
    for (let waited = 0; !done(); waited += FRAME_MS) {
      if (waited > maxMs) throw new Error(`condition not met after ${maxMs} ms (phase ${session.phase})`);
      await feed(frame);
    }
  };
  const of = <K extends DuplexEvent['type']>(type: K): Array<Extract<DuplexEvent, { type: K }>> =>
    events.filter((e): e is Extract<DuplexEvent, { type: K }> => e.type === type);
  return { session, clock, speaker, agent, events, feed, until, of };
}

/** Says "i want a burger" and waits until the reply is playing. */
async function orderAndWaitForReply(h: Harness): Promise<void> {
  await h.feed(silence(320));
  await h.feed(speech('i want a burger'));
  await h.until(() => h.session.phase === 'speaking');
}

/** The characters of `text` the fake TTS has fully voiced after `ms` (100 ms lead, 60 ms a char, 100 ms tail per sentence). */
function voicedChars(text: string, ms: number): number {
  let acc = 0;
  let chars = 0;
  for (const s of timedSentences(text)) {
    const dur = 100 + s.text.length * 60 + 100;
    if (ms >= acc + dur) { chars = s.start + s.text.length; acc += dur; continue; }
    chars = s.start + Math.max(0, Math.floor((ms - acc - 100) / 60));
    break;
  }
  return chars;
}

// ─── Tests ──────────────────────────────────────────────────────────────────────────────────────

test('a complete request ends the turn after ~200 ms of silence and the reply is spoken', T, async () => {
  const h = await harness();
  await h.feed(silence(320));
  await h.feed(speech('i want a burger'));
  await h.until(() => h.of('endpoint').length > 0, 3000);
  const [ep] = h.of('endpoint');
  assert.equal(ep?.reason, 'complete');
  assert.ok(ep !== undefined && ep.waitedMs >= 200 && ep.waitedMs < 200 + FRAME_MS, `waited ${ep?.waitedMs}`);
  assert.ok(h.of('partial').some((p) => p.text === 'i want'), 'partials are emitted while the user speaks');
  assert.deepEqual(h.of('turn').map((t) => t.text), ['i want a burger']);

  await h.until(() => h.of('playback_done').length > 0);
  assert.equal(h.session.phase, 'listening');
  assert.equal(h.speaker.stops.length, 0);
  const played = h.speaker.plays.reduce((a, p) => a + p.ms, 0);
  assert.equal(played, timedSentences(REPLY).reduce((a, s) => a + 200 + s.text.length * 60, 0));
  assert.deepEqual(h.session.history.map((e) => [e.role, e.text, e.interrupted]), [
    ['user', 'i want a burger', false], ['agent', REPLY, false],
  ]);
  const m = h.of('measure').find((x) => x.name === 'speech_end_to_first_audio');
  assert.ok(m !== undefined && m.ms >= 200 && m.ms <= 200 + FRAME_MS, `end of speech → first audio ${m?.ms}`);
  assert.deepEqual(h.of('state').map((s) => s.to), ['listening', 'user_speaking', 'thinking', 'speaking', 'listening']);
});

test('an incomplete request waits ~1.5 s before the turn ends', T, async () => {
  const h = await harness();
  await h.feed(silence(320));
  await h.feed(speech('i want a'));
  await h.until(() => h.of('speech_end').length > 0, 1000);
  // Half a second later the user is still being waited for.
  await h.feed(silence(500));
  assert.equal(h.of('endpoint').length, 0);
  assert.equal(h.session.phase, 'user_speaking');
  await h.until(() => h.of('endpoint').length > 0, 2000);
  const [ep] = h.of('endpoint');
  assert.equal(ep?.reason, 'incomplete');
  assert.ok(ep !== undefined && ep.waitedMs >= 1500 && ep.waitedMs < 1500 + FRAME_MS, `waited ${ep?.waitedMs}`);
  assert.deepEqual(h.agent.calls.map((c) => c.text), ['i want a']);
});

test('a pause inside an incomplete request joins both utterances into one turn', T, async () => {
  const h = await harness();
  await h.feed(silence(320));
  await h.feed(speech('i want a'));
  await h.feed(silence(700));
  await h.feed(speech('burger'));
  await h.until(() => h.of('turn').length > 0, 3000);
  assert.deepEqual(h.of('turn').map((t) => t.text), ['i want a burger']);
  assert.equal(h.of('final').length, 2);
  assert.equal(h.of('endpoint')[0]?.reason, 'complete');
});

test('a customer "mhm" during the reply does not stop it', T, async () => {
  const h = await harness();
  await orderAndWaitForReply(h);
  await h.feed(silence(1200));
  await h.feed(speech('mhm'));
  await h.until(() => h.of('playback_done').length > 0);
  assert.deepEqual(h.of('backchannel').map((b) => b.text), ['mhm']);
  assert.equal(h.of('barge_in').length, 0);
  assert.equal(h.speaker.stops.length, 0);
  assert.deepEqual(h.session.history.map((e) => [e.role, e.text, e.interrupted]), [
    ['user', 'i want a burger', false], ['agent', REPLY, false],
  ]);
  await h.feed(silence(2000));
  assert.equal(h.session.phase, 'listening');
  assert.equal(h.agent.calls.length, 1, 'the backchannel is not a turn');
});

test('a real interruption stops playback within one window of the decision; history keeps the played words', T, async () => {
  const h = await harness();
  await orderAndWaitForReply(h);
  await h.feed(silence(2000));
  await h.feed(speech('no wait make that a large'));
  await h.until(() => h.of('turn').length > 1, 4000);

  const [barge] = h.of('barge_in');
  assert.ok(barge, 'a barge-in was decided');
  assert.equal(h.speaker.stops.length, 1);
  const stop = h.speaker.stops[0];
  assert.ok(stop !== undefined && stop.atMs - barge.atMs <= FRAME_MS, `stop ${stop?.atMs} vs decision ${barge.atMs}`);
  const decided = h.of('measure').find((m) => m.name === 'decision_to_stop');
  assert.ok(decided !== undefined && decided.ms <= FRAME_MS);
  const onset = h.of('measure').find((m) => m.name === 'onset_to_stop');
  assert.ok(onset !== undefined && onset.ms > 0 && onset.ms <= 600, `onset → stop ${onset?.ms}`);
  // No audio of the interrupted reply after the stop.
  const replyTurn = h.speaker.plays[0]?.turnId;
  assert.ok(h.speaker.plays.every((p) => p.turnId !== replyTurn || p.atMs <= stop.atMs));

  const agentLine = h.session.history.find((e) => e.role === 'agent');
  assert.ok(agentLine?.interrupted, 'the reply is recorded as interrupted');
  assert.ok(REPLY.startsWith(agentLine.text) && agentLine.text.length > 0 && agentLine.text.length < REPLY.length, agentLine.text);
  // Only words that were voiced by the stop (the estimate may lag by a word, never lead by more than a short one).
  const voiced = voicedChars(REPLY, stop.playedMs);
  assert.ok(agentLine.text.length <= voiced + 2, `"${agentLine.text}" vs voiced "${REPLY.slice(0, voiced)}"`);
  assert.ok(agentLine.text.length >= voiced - 12, `"${agentLine.text}" vs voiced "${REPLY.slice(0, voiced)}"`);
  assert.equal(agentLine.text, playedTextAt(REPLY, timedSentences(REPLY).map((s) => ({ ...s, ms: 200 + s.text.length * 60 })), stop.playedMs));

  // The interruption is the user's next turn, whole.
  assert.deepEqual(h.agent.calls.map((c) => c.text), ['i want a burger', 'no wait make that a large']);
  await h.until(() => h.of('playback_done').length > 0);
  assert.equal(h.session.history.at(-1)?.text, 'You said no wait make that a large.');
});

test('a slow understanding gets the filler once', T, async () => {
  const h = await harness({ agentDelayMs: 3000, config: { fillerAfterMs: 1000 } });
  await h.feed(silence(320));
  await h.feed(speech('i want a burger'));
  await h.until(() => h.of('playback_done').length > 0, 10_000);
  const fillers = h.of('filler');
  assert.equal(fillers.length, 1);
  assert.equal(fillers[0]?.text, 'One moment.');
  const turn = h.of('turn')[0];
  assert.ok(turn && fillers[0] && fillers[0].atMs - turn.atMs >= 1000 && fillers[0].atMs - turn.atMs < 1000 + FRAME_MS);
  // The filler played first, then the reply's three sentences, all under the turn's id.
  assert.equal(h.speaker.plays.length, 4);
  assert.equal(h.speaker.plays[0]?.ms, 200 + 'One moment.'.length * 60);
  assert.equal(h.speaker.stops.length, 0);
  // The reply's progress does not count the filler: it is heard whole and done only after both played.
  const done = h.of('playback_done')[0];
  const firstReply = h.speaker.plays[1];
  assert.ok(done && firstReply);
  const replyMs = h.speaker.plays.slice(1).reduce((a, p) => a + p.ms, 0);
  assert.ok(done.atMs >= firstReply.atMs + replyMs, `done ${done.atMs}, reply from ${firstReply.atMs} for ${replyMs}`);
  assert.deepEqual(h.session.history.map((e) => e.text), ['i want a burger', REPLY]);
});

test('speech while thinking cancels the understanding and merges the words into one turn', T, async () => {
  const h = await harness({ agentDelayMs: 3000 });
  await h.feed(silence(320));
  await h.feed(speech('i want a burger'));
  await h.until(() => h.session.phase === 'thinking', 2000);
  await h.feed(silence(300));
  await h.feed(speech('and fries'));
  await h.until(() => h.of('turn').length > 1, 3000);
  assert.equal(h.agent.calls.length, 2);
  assert.equal(h.agent.calls[0]?.signal?.aborted, true, 'the first understanding was aborted');
  assert.equal(h.agent.calls[1]?.text, 'i want a burger and fries');
  assert.equal(h.of('endpoint').at(-1)?.reason, 'complete');
  await h.until(() => h.of('playback_done').length > 0, 10_000);
  assert.equal(h.of('reply').length, 1, 'only the merged turn is answered');
  assert.equal(h.session.history.at(-1)?.text, 'You said i want a burger and fries.');
});

test('half duplex ignores speech during playback', T, async () => {
  const h = await harness({ config: { bargeIn: false } });
  await orderAndWaitForReply(h);
  await h.feed(silence(1000));
  await h.feed(speech('no wait make that a large'));
  await h.until(() => h.of('playback_done').length > 0);
  assert.equal(h.of('barge_in').length, 0);
  assert.equal(h.of('backchannel').length, 0);
  assert.equal(h.speaker.stops.length, 0);
  await h.feed(silence(2000));
  assert.deepEqual(h.agent.calls.map((c) => c.text), ['i want a burger']);
  assert.deepEqual(h.session.history.map((e) => [e.role, e.interrupted]), [['user', false], ['agent', false]]);
  assert.equal(h.session.phase, 'listening');
});

test('session end stops everything: playback, the understanding, the mic', T, async () => {
  // While speaking.
  const h = await harness();
  await orderAndWaitForReply(h);
  await h.feed(silence(1500));
  await h.session.end();
  assert.equal(h.session.phase, 'idle');
  assert.equal(h.speaker.stops.length, 1);
  const line = h.session.history.at(-1);
  assert.ok(line?.role === 'agent' && line.interrupted && REPLY.startsWith(line.text) && line.text.length < REPLY.length);
  const before = h.events.length;
  const plays = h.speaker.plays.length;
  await h.feed(speech('i want a burger'));
  await h.feed(silence(3000));
  assert.equal(h.events.length, before, 'nothing is heard after the end');
  assert.equal(h.speaker.plays.length, plays);

  // While thinking.
  const t = await harness({ agentDelayMs: 5000 });
  await t.feed(silence(320));
  await t.feed(speech('i want a burger'));
  await t.until(() => t.session.phase === 'thinking', 2000);
  await t.session.end();
  assert.equal(t.agent.calls[0]?.signal?.aborted, true);
  t.clock.advance(6000);
  await settle();
  assert.equal(t.of('reply').length, 0);
  assert.equal(t.speaker.plays.length, 0);
});

test('speculation: a read-only parse of a complete partial is reused when the final agrees', T, async () => {
  const parsed: string[] = [];
  const acted: unknown[] = [];
  const speculator: SpeculatorPort = {
    parse: async (words) => { parsed.push(words.join(' ')); return { words: words.join(' ') }; },
    act: async (_s, p) => { acted.push(p); return result('Speculated.'); },
  };
  const h = await harness({ speculator });
  await h.feed(silence(320));
  await h.feed(speech('i want a burger'));
  await h.until(() => h.of('playback_done').length > 0);
  assert.deepEqual(parsed, ['i want a burger'], 'only the complete partial is parsed');
  assert.deepEqual(acted, [{ words: 'i want a burger' }]);
  assert.equal(h.of('turn')[0]?.speculated, true);
  assert.equal(h.agent.calls.length, 0);
  assert.equal(h.session.history.at(-1)?.text, 'Speculated.');
});

test('the echo canceller port keeps the agent\'s own voice from interrupting it', T, async () => {
  // Without cancellation the reply leaking back into the mic is sustained speech: it barges in.
  const leaky = await harness({ echoGain: 0.8 });
  await orderAndWaitForReply(leaky);
  await leaky.until(() => leaky.session.phase !== 'speaking', 10_000);
  assert.equal(leaky.of('barge_in').length, 1, 'the echo interrupts without an echo canceller');

  // A (perfect, fake) canceller subtracting the speaker's reference: the reply plays out.
  const references: number[] = [];
  const echo: EchoCancellerPort = {
    process: (mic, reference) => {
      references.push(reference.length);
      return Int16Array.from(mic, (v, i) => v - Math.round(0.8 * (reference[i] ?? 0)));
    },
  };
  const h = await harness({ echoGain: 0.8, echo });
  await orderAndWaitForReply(h);
  await h.until(() => h.of('playback_done').length > 0);
  assert.equal(h.of('barge_in').length, 0);
  assert.equal(h.speaker.stops.length, 0);
  assert.ok(references.length > 0 && references.every((n) => n === FRAME));
  assert.deepEqual(h.session.history.map((e) => [e.role, e.interrupted]), [['user', false], ['agent', false]]);
});

test('the session can read the mic from an async iterable', T, async () => {
  const clock = new FakeClock();
  const speaker = new FakeSpeaker(clock);
  const agent = new FakeAgent(clock, replies);
  const stt = new FakeStt();
  await stt.setSearch({ kind: 'jsgf', name: 'test', text: JSGF });
  const session = new DuplexSession(
    { vad: new FakeVad(), stt, tts: new FakeTts(), agent, speaker, clock },
    { sessionId: 's1', endpointContext: () => ({ classify }), speechPadMs: 160 },
  );
  const turns: string[] = [];
  session.on((e) => { if (e.type === 'turn') turns.push(e.text); });
  await session.start();
  const audio = new Float32Array(FRAME * 120);
  audio.set(speech('i want a burger'), FRAME * 10);
  async function* mic(): AsyncGenerator<Float32Array> {
    for (let off = 0; off < audio.length; off += FRAME) {
      clock.advance(FRAME_MS);
      yield audio.subarray(off, off + FRAME);
      await settle();
    }
  }
  await session.run(mic());
  assert.deepEqual(turns, ['i want a burger']);
  await session.end();
  assert.equal(session.phase, 'idle');
});

test('hold: speech over the reply pauses it at its onset, and a backchannel lets it play on', T, async () => {
  const h = await harness({ hold: true });
  await orderAndWaitForReply(h);
  await h.feed(silence(1200));
  await h.feed(speech('mhm'));
  await h.until(() => h.of('playback_done').length > 0);
  assert.equal(h.of('hold').length, 1, 'held once');
  assert.equal(h.of('resume').length, 1, 'and played on');
  const toHold = h.of('measure').find((m) => m.name === 'onset_to_hold');
  assert.ok(toHold !== undefined && toHold.ms <= 3 * FRAME_MS, `onset → hold ${toHold?.ms} ms`);
  assert.equal(h.speaker.stops.length, 0);
  assert.deepEqual(h.session.history.map((e) => [e.role, e.text, e.interrupted]), [
    ['user', 'i want a burger', false], ['agent', REPLY, false],
  ], 'the whole reply was heard, the hold lost nothing');
});

test('hold: a barge-in finds the reply already quiet, and then stops it', T, async () => {
  const h = await harness({ hold: true });
  await orderAndWaitForReply(h);
  await h.feed(silence(2000));
  await h.feed(speech('no wait make that a large'));
  await h.until(() => h.of('turn').length > 1, 4000);
  const [hold] = h.of('hold');
  const [barge] = h.of('barge_in');
  assert.ok(hold && barge && hold.atMs < barge.atMs, 'held before the barge-in was decided');
  assert.equal(h.of('resume').length, 0, 'never played on');
  assert.equal(h.speaker.stops.length, 1);
  assert.ok(h.session.history.find((e) => e.role === 'agent')?.interrupted);
});

test('an understanding that fails is answered with the apology, and the error is reported', T, async () => {
  const h = await harness({ reply: () => { throw new HeedError('STORE_FAILED', 'domain', 'disk full'); } });
  await h.feed(silence(320));
  await h.feed(speech('i want a burger'));
  await h.until(() => h.of('playback_done').length > 0);
  assert.deepEqual(h.of('error').map((e) => e.code), ['STORE_FAILED']);
  assert.equal(h.session.history.at(-1)?.text, 'Sorry, something went wrong on my side. Could you say that again?');
  assert.ok(h.speaker.plays.length > 0, 'the apology was spoken');
  assert.equal(h.session.phase, 'listening');
});

for (const policy of ['resume', 'rephrase', 'drop'] as const) {
  test(`a wordless interruption (a long cough) under '${policy}': the rest of the reply is ${policy === 'drop' ? 'dropped' : 'said again'}`, T, async () => {
    const h = await harness({ config: { interruptedReply: policy } });
    await orderAndWaitForReply(h);
    await h.feed(silence(2000));
    // Loud, long, and no word of the grammar: a barge-in by length alone, whose turn closes empty.
    await h.feed(speech('~'.repeat(30)));
    await h.until(() => h.of('barge_in').length > 0, 3000);
    await h.feed(silence(3000));
    await h.until(() => h.session.phase === 'listening', 15_000);
    await h.feed(silence(500));

    assert.equal(h.speaker.stops.length, 1, 'the reply was stopped');
    assert.equal(h.agent.calls.length, 1, 'nothing was understood from the cough');
    const agentLines = h.session.history.filter((e) => e.role === 'agent');
    const cut = agentLines[0];
    assert.ok(cut?.interrupted && REPLY.startsWith(cut.text) && cut.text.length > 0, cut?.text);
    const sentences = timedSentences(REPLY);
    const cutSentence = sentences.findLast((s) => s.start <= cut.text.length);
    assert.ok(cutSentence !== undefined);
    const rest = REPLY.slice(cutSentence.start);
    if (policy === 'drop') {
      assert.equal(agentLines.length, 1, 'nothing more is said');
      return;
    }
    assert.equal(agentLines.length, 2);
    assert.equal(agentLines[1]?.text, policy === 'rephrase' ? `Where was I? ${rest}` : rest);
    assert.equal(agentLines[1]?.interrupted, false);
  });
}
