/**
 * The turn state machine (app/core/turn-machine/), specified as events in → commands out:
 * scenario tests for every transition and race, the reply-text helpers, and a table that walks
 * every (state × event) pair under every configuration checking the invariants (never throws,
 * nothing for a stale turn, commands agree with the state they lead to, purity).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  DEFAULT_APOLOGY, eventTurnId, initialState, liveTurnIds, reduce,
  type MachineState, type TurnCommand, type TurnConfig, type TurnEvent, type TurnId,
} from '../../../../app/core/turn-machine/turn-machine.js';
import { joinWords, unplayedRest } from '../../../../app/core/turn-machine/reply-text.js';

const T = { timeout: 10_000 };

// ─── Configurations ─────────────────────────────────────────────────────────────────────────────

const FULL: TurnConfig = { bargeIn: true, interruptedReply: 'drop' };
const RESUME: TurnConfig = { bargeIn: true, interruptedReply: 'resume' };
const REPHRASE: TurnConfig = { bargeIn: true, interruptedReply: 'rephrase' };
const HALF: TurnConfig = { bargeIn: false, interruptedReply: 'drop' };

// ─── Events ─────────────────────────────────────────────────────────────────────────────────────

const ev = {
  sessionStart: (): TurnEvent => ({ type: 'session_start' }),
  sessionEnd: (): TurnEvent => ({ type: 'session_end' }),
  speech: (atMs: number): TurnEvent => ({ type: 'speech_start', atMs }),
  pause: (atMs: number): TurnEvent => ({ type: 'speech_end', atMs }),
  partial: (text: string): TurnEvent => ({ type: 'partial', text }),
  final: (turnId: TurnId, text: string): TurnEvent => ({ type: 'final', turnId, text }),
  endpoint: (turnId: TurnId): TurnEvent => ({ type: 'endpoint', turnId }),
  understood: (turnId: TurnId, reply: string): TurnEvent => ({ type: 'understood', turnId, reply }),
  toolSlow: (turnId: TurnId): TurnEvent => ({ type: 'tool_slow', turnId }),
  chunk: (turnId: TurnId, index: number): TurnEvent => ({ type: 'tts_chunk', turnId, index }),
  progress: (turnId: TurnId, playedMs: number, playedText?: string): TurnEvent =>
    (playedText === undefined ? { type: 'playback_progress', turnId, playedMs } : { type: 'playback_progress', turnId, playedMs, playedText }),
  done: (turnId: TurnId): TurnEvent => ({ type: 'playback_done', turnId }),
  bargeIn: (atMs: number): TurnEvent => ({ type: 'barge_in', atMs }),
  backchannel: (text: string): TurnEvent => ({ type: 'backchannel', text }),
  silence: (): TurnEvent => ({ type: 'silence_timeout' }),
  error: (code: string, turnId?: TurnId): TurnEvent => (turnId === undefined ? { type: 'error', code } : { type: 'error', code, turnId }),
};

/** One VAD utterance that the recognizer tags `turnId`, without the endpoint. */
function utters(turnId: TurnId, text: string, atMs = 0): TurnEvent[] {
  return [ev.speech(atMs), ev.partial(text), ev.pause(atMs + 600), ev.final(turnId, text)];
}

/** One utterance, and the endpointing policy decides the user is done. */
function says(turnId: TurnId, text: string, atMs = 0): TurnEvent[] {
  return [...utters(turnId, text, atMs), ev.endpoint(turnId)];
}

// ─── Scenario helpers ───────────────────────────────────────────────────────────────────────────

interface Played { state: MachineState; commands: TurnCommand[] }

/** Feeds the events one by one; the state reached and every command emitted on the way. */
function play(events: readonly TurnEvent[], config: TurnConfig = FULL, from: MachineState = initialState()): Played {
  let state = from;
  const commands: TurnCommand[] = [];
  for (const e of events) {
    const step = reduce(state, e, config);
    state = step.state;
    commands.push(...step.commands);
  }
  return { state, commands };
}

/** The commands the events produce. */
function run(events: readonly TurnEvent[], config: TurnConfig = FULL, from: MachineState = initialState()): TurnCommand[] {
  return play(events, config, from).commands;
}

/** The state the events lead to. */
function after(events: readonly TurnEvent[], config: TurnConfig = FULL): MachineState {
  return play(events, config).state;
}

function spoken(commands: readonly TurnCommand[]): string[] {
  return commands.flatMap((c) => (c.type === 'speak' ? [`${c.turnId}: ${c.text}`] : []));
}

const REPLY = 'One burger. Your total is five dollars. Anything else?';
const LISTENING = [ev.sessionStart()];
const THINKING = [...LISTENING, ...says('t1', 'a burger')];
const SPEAKING = [...THINKING, ev.understood('t1', REPLY)];

// ─── Session ────────────────────────────────────────────────────────────────────────────────────

test('session_start opens listening', T, () => {
  const { state, commands } = play([ev.sessionStart()]);
  assert.deepEqual(commands, [{ type: 'start_listening' }]);
  assert.equal(state.phase, 'listening');
});

test('before session_start nothing is heard, and turn events are stale', T, () => {
  const { state, commands } = play([ev.speech(0), ev.partial('hi'), ev.pause(300), ev.bargeIn(0), ev.backchannel('mhm'), ev.silence(), ev.error('VAD_FAILED')]);
  assert.deepEqual(commands, []);
  assert.equal(state.phase, 'idle');
  assert.deepEqual(run([ev.final('t1', 'hi')]), [{ type: 'discard', turnId: 't1', reason: 'stale' }]);
});

test('session_start during a session changes nothing', T, () => {
  const from = after([...LISTENING, ev.speech(0)]);
  const { state, commands } = play([ev.sessionStart()], FULL, from);
  assert.deepEqual(commands, []);
  assert.deepEqual(state, from);
});

// ─── The user's turn ────────────────────────────────────────────────────────────────────────────

test('speech in listening opens the first utterance', T, () => {
  const { state, commands } = play([ev.sessionStart(), ev.speech(120)]);
  assert.deepEqual(commands, [{ type: 'start_listening' }, { type: 'begin_utterance', turnId: 't1', atMs: 120 }]);
  assert.equal(state.phase, 'user_speaking');
});

test('partials and pauses do not close the turn', T, () => {
  const { state, commands } = play([ev.partial('a bur'), ev.pause(400), ev.partial('a burger')], FULL, after([...LISTENING, ev.speech(0)]));
  assert.deepEqual(commands, []);
  assert.equal(state.phase, 'user_speaking');
});

test('while the user speaks, a second speech_start, barge_in or backchannel changes nothing', T, () => {
  const from = after([...LISTENING, ev.speech(0)]);
  const { state, commands } = play([ev.speech(100), ev.bargeIn(100), ev.backchannel('mhm')], FULL, from);
  assert.deepEqual(commands, []);
  assert.deepEqual(state, from);
});

test('final then endpoint starts the understanding', T, () => {
  const { state, commands } = play(says('t1', 'a burger'), FULL, after(LISTENING));
  assert.deepEqual(commands, [
    { type: 'begin_utterance', turnId: 't1', atMs: 0 },
    { type: 'start_understanding', turnId: 't1', text: 'a burger' },
  ]);
  assert.equal(state.phase, 'thinking');
});

test('an endpoint before its final waits for it', T, () => {
  const from = after([...LISTENING, ev.speech(0), ev.pause(500)]);
  const early = play([ev.endpoint('t1')], FULL, from);
  assert.deepEqual(early.commands, []);
  assert.equal(early.state.phase, 'user_speaking');
  assert.deepEqual(run([ev.final('t1', 'a burger')], FULL, early.state), [{ type: 'start_understanding', turnId: 't1', text: 'a burger' }]);
});

test('race: two utterances back to back are one turn; the endpoint of the first is superseded', T, () => {
  const commands = run([
    ...LISTENING,
    ...utters('t1', 'a burger', 0),
    ev.speech(900),
    ev.endpoint('t1'), // the policy decided on the first pause, but the user spoke on
    ev.pause(1500), ev.final('t2', 'and fries'), ev.endpoint('t2'),
  ]);
  assert.deepEqual(commands.slice(1), [
    { type: 'begin_utterance', turnId: 't1', atMs: 0 },
    { type: 'begin_utterance', turnId: 't2', atMs: 900 },
    { type: 'discard', turnId: 't1', reason: 'superseded' },
    { type: 'start_understanding', turnId: 't2', text: 'a burger and fries' },
  ]);
});

test('a late final of an earlier utterance is still joined in order', T, () => {
  const from = after([...LISTENING, ev.speech(0), ev.pause(500), ev.speech(700), ev.pause(1200), ev.final('t2', 'and fries'), ev.endpoint('t2')]);
  assert.equal(from.phase, 'user_speaking', 'waits for the final of t1');
  assert.deepEqual(run([ev.final('t1', 'a burger')], FULL, from), [{ type: 'start_understanding', turnId: 't2', text: 'a burger and fries' }]);
});

test('a duplicate final or endpoint of the open turn is discarded as unexpected', T, () => {
  const open = after([...LISTENING, ...utters('t1', 'a burger')]);
  assert.deepEqual(run([ev.final('t1', 'a burger')], FULL, open), [{ type: 'discard', turnId: 't1', reason: 'unexpected' }]);
  const endpointed = after([...LISTENING, ev.speech(0), ev.endpoint('t1')]);
  assert.deepEqual(run([ev.endpoint('t1')], FULL, endpointed), [{ type: 'discard', turnId: 't1', reason: 'unexpected' }]);
});

test('a turn without words is dropped and Heed listens again', T, () => {
  const { state, commands } = play(says('t1', ''), FULL, after(LISTENING));
  assert.deepEqual(commands.slice(1), [{ type: 'discard', turnId: 't1', reason: 'no_speech' }, { type: 'start_listening' }]);
  assert.equal(state.phase, 'listening');
});

test('silence_timeout closes a silent open turn with what was heard; a late final of it is unexpected', T, () => {
  const from = after([...LISTENING, ...utters('t1', 'a burger'), ev.speech(800), ev.pause(900)]);
  const { state, commands } = play([ev.silence()], FULL, from);
  assert.deepEqual(commands, [{ type: 'start_understanding', turnId: 't2', text: 'a burger' }]);
  assert.deepEqual(run([ev.final('t2', 'and fries')], FULL, state), [{ type: 'discard', turnId: 't2', reason: 'unexpected' }]);
});

test('silence_timeout while the user talks, or outside a user turn, does nothing', T, () => {
  for (const events of [[...LISTENING, ev.speech(0)], LISTENING, THINKING, SPEAKING]) {
    const from = after(events);
    const { state, commands } = play([ev.silence()], FULL, from);
    assert.deepEqual(commands, [], from.phase);
    assert.deepEqual(state, from, from.phase);
  }
});

// ─── Thinking ───────────────────────────────────────────────────────────────────────────────────

test('understood speaks the reply', T, () => {
  const { state, commands } = play([ev.understood('t1', REPLY)], FULL, after(THINKING));
  assert.deepEqual(commands, [{ type: 'speak', turnId: 't1', text: REPLY }]);
  assert.equal(state.phase, 'speaking');
});

test('an empty reply returns to listening', T, () => {
  const { state, commands } = play([ev.understood('t1', '  ')], FULL, after(THINKING));
  assert.deepEqual(commands, [{ type: 'start_listening' }]);
  assert.equal(state.phase, 'listening');
});

test('a slow tool plays one filler', T, () => {
  assert.deepEqual(run([ev.toolSlow('t1'), ev.toolSlow('t1')], FULL, after(THINKING)), [{ type: 'play_filler', turnId: 't1' }]);
});

test('race: speech while thinking cancels the understanding, its late result is discarded, the words are extended', T, () => {
  const commands = run([
    ev.speech(2000),
    ev.understood('t1', 'One burger. Anything else?'), // the cancelled run still answered
    ev.pause(2600), ev.final('t2', 'and fries'), ev.endpoint('t2'),
    ev.understood('t2', 'One burger and fries.'),
  ], FULL, after(THINKING));
  assert.deepEqual(commands, [
    { type: 'cancel_understanding', turnId: 't1' },
    { type: 'begin_utterance', turnId: 't2', atMs: 2000 },
    { type: 'discard', turnId: 't1', reason: 'stale' },
    { type: 'start_understanding', turnId: 't2', text: 'a burger and fries' },
    { type: 'speak', turnId: 't2', text: 'One burger and fries.' },
  ]);
});

test('barge_in while thinking supersedes like speech, and also stops a playing filler', T, () => {
  assert.deepEqual(run([ev.toolSlow('t1'), ev.bargeIn(2000)], FULL, after(THINKING)), [
    { type: 'play_filler', turnId: 't1' },
    { type: 'cancel_understanding', turnId: 't1' },
    { type: 'stop_playback', turnId: 't1' },
    { type: 'begin_utterance', turnId: 't2', atMs: 2000 },
  ]);
});

test('race: a tool finishing after an interruption is discarded and nothing is spoken', T, () => {
  // While thinking: the tool reports, the user cuts in with a cough, the tool and its abort land late.
  const whileThinking = run([
    ev.toolSlow('t1'), ev.speech(2000),
    ev.toolSlow('t1'), ev.understood('t1', 'Added a burger.'), ev.error('ABORTED', 't1'),
    ev.pause(2200), ev.final('t2', ''), ev.endpoint('t2'),
  ], FULL, after(THINKING));
  assert.deepEqual(spoken(whileThinking), []);
  assert.deepEqual(whileThinking.slice(4), [
    { type: 'discard', turnId: 't1', reason: 'stale' },
    { type: 'discard', turnId: 't1', reason: 'stale' },
    { type: 'discard', turnId: 't1', reason: 'stale' },
    // The cough had no words: the carried words are understood again, under the new id.
    { type: 'start_understanding', turnId: 't2', text: 'a burger' },
  ]);
  // While speaking: the user barged in; a late result of the interrupted turn speaks nothing.
  const whileSpeaking = run([ev.bargeIn(3000), ev.toolSlow('t1'), ev.understood('t1', 'Added a burger.')], FULL, after(SPEAKING));
  assert.deepEqual(spoken(whileSpeaking), []);
  assert.deepEqual(whileSpeaking.slice(3), [{ type: 'discard', turnId: 't1', reason: 'stale' }, { type: 'discard', turnId: 't1', reason: 'stale' }]);
});

test('a duplicate understood or playback report while thinking is discarded as unexpected', T, () => {
  const from = after(THINKING);
  assert.deepEqual(run([ev.final('t1', 'a burger'), ev.done('t1')], FULL, from), [
    { type: 'discard', turnId: 't1', reason: 'unexpected' },
    { type: 'discard', turnId: 't1', reason: 'unexpected' },
  ]);
  assert.deepEqual(run([ev.understood('t1', 'again')], FULL, after(SPEAKING)), [{ type: 'discard', turnId: 't1', reason: 'unexpected' }]);
});

test('half duplex: speech while thinking is not heard', T, () => {
  const from = after(THINKING, HALF);
  const { state, commands } = play([ev.speech(2000), ev.partial('and'), ev.bargeIn(2000), ev.backchannel('mhm'), ev.pause(2500)], HALF, from);
  assert.deepEqual(commands, []);
  assert.deepEqual(state, from);
  assert.deepEqual(run([ev.understood('t1', REPLY)], HALF, state), [{ type: 'speak', turnId: 't1', text: REPLY }]);
});

// ─── Speaking ───────────────────────────────────────────────────────────────────────────────────

test('tts_chunk and playback_progress track the reply silently; progress never goes back', T, () => {
  const { state, commands } = play([
    ev.chunk('t1', 0), ev.chunk('t1', 1), ev.progress('t1', 800, 'One burger.'), ev.progress('t1', 500, 'One'), ev.progress('t1', 900),
  ], FULL, after(SPEAKING));
  assert.deepEqual(commands, []);
  assert.equal(state.phase, 'speaking');
  if (state.phase !== 'speaking') return;
  assert.equal(state.chunks, 2);
  assert.equal(state.playedMs, 900);
  assert.equal(state.playedText, 'One burger.');
});

test('playback_done records the whole reply and listens again', T, () => {
  const { state, commands } = play([ev.chunk('t1', 0), ev.done('t1')], FULL, after(SPEAKING));
  assert.deepEqual(commands, [{ type: 'record_history', turnId: 't1', spokenText: REPLY, interrupted: false }, { type: 'start_listening' }]);
  assert.equal(state.phase, 'listening');
});

test('race: barge-in stops playback, records only the played words, and the user has the floor', T, () => {
  const { state, commands } = play([
    ev.progress('t1', 1400, 'One burger. Your total'), ev.speech(3000), ev.partial('no wait'), ev.bargeIn(3000),
  ], FULL, after(SPEAKING));
  assert.deepEqual(commands, [
    { type: 'stop_playback', turnId: 't1' },
    { type: 'record_history', turnId: 't1', spokenText: 'One burger. Your total', interrupted: true },
    { type: 'begin_utterance', turnId: 't2', atMs: 3000 },
  ]);
  assert.equal(state.phase, 'user_speaking');
  assert.deepEqual(run([ev.pause(3800), ev.final('t2', 'no wait two burgers'), ev.endpoint('t2')], FULL, state), [
    { type: 'start_understanding', turnId: 't2', text: 'no wait two burgers' },
  ]);
});

test('barge-in before anything was heard records nothing as said', T, () => {
  assert.deepEqual(run([ev.chunk('t1', 0), ev.bargeIn(2100)], FULL, after(SPEAKING)).slice(0, 2), [
    { type: 'stop_playback', turnId: 't1' },
    { type: 'record_history', turnId: 't1', spokenText: '', interrupted: true },
  ]);
});

test('late TTS and player reports of an interrupted reply are stale', T, () => {
  const from = after([...SPEAKING, ev.bargeIn(3000)]);
  assert.deepEqual(run([ev.chunk('t1', 2), ev.progress('t1', 2000, REPLY), ev.done('t1')], FULL, from), [
    { type: 'discard', turnId: 't1', reason: 'stale' },
    { type: 'discard', turnId: 't1', reason: 'stale' },
    { type: 'discard', turnId: 't1', reason: 'stale' },
  ]);
});

test('race: a backchannel during the reply does not stop it', T, () => {
  const commands = run([ev.speech(2000), ev.partial('mhm'), ev.backchannel('mhm'), ev.pause(2300), ev.progress('t1', 3000, REPLY), ev.done('t1')], FULL, after(SPEAKING));
  assert.deepEqual(commands, [{ type: 'record_history', turnId: 't1', spokenText: REPLY, interrupted: false }, { type: 'start_listening' }]);
});

test('speech still going when the reply ends becomes the next utterance, unless it is a backchannel', T, () => {
  assert.deepEqual(run([ev.speech(2500), ev.done('t1')], FULL, after(SPEAKING)), [
    { type: 'record_history', turnId: 't1', spokenText: REPLY, interrupted: false },
    { type: 'begin_utterance', turnId: 't2', atMs: 2500 },
  ]);
  assert.deepEqual(run([ev.speech(2500), ev.backchannel('okay'), ev.done('t1')], FULL, after(SPEAKING)), [
    { type: 'record_history', turnId: 't1', spokenText: REPLY, interrupted: false },
    { type: 'start_listening' },
  ]);
});

test('half duplex: speech during the reply is ignored, not an interruption', T, () => {
  const from = after(SPEAKING, HALF);
  const { state, commands } = play([ev.speech(2000), ev.partial('no wait'), ev.bargeIn(2000), ev.backchannel('mhm'), ev.pause(2500)], HALF, from);
  assert.deepEqual(commands, []);
  assert.deepEqual(state, from);
  assert.deepEqual(run([ev.speech(2600), ev.done('t1')], HALF, state), [
    { type: 'record_history', turnId: 't1', spokenText: REPLY, interrupted: false },
    { type: 'start_listening' },
  ]);
});

// ─── The rest of an interrupted reply ───────────────────────────────────────────────────────────

const CUT = [...SPEAKING, ev.progress('t1', 1500, 'One burger. Your to'), ev.bargeIn(3000)];
const REST = 'Your total is five dollars. Anything else?';
const NOISE = [ev.pause(3200), ev.final('t2', ''), ev.endpoint('t2')];

test("policy 'drop': after a noise nothing more is said", T, () => {
  const { state, commands } = play(NOISE, FULL, after(CUT, FULL));
  assert.deepEqual(commands, [{ type: 'discard', turnId: 't2', reason: 'no_speech' }, { type: 'start_listening' }]);
  assert.equal(state.phase, 'listening');
});

test("policy 'resume': after a noise the rest is spoken from the cut sentence", T, () => {
  const { state, commands } = play(NOISE, RESUME, after(CUT, RESUME));
  assert.deepEqual(commands, [{ type: 'speak', turnId: 't2', text: REST }]);
  assert.equal(state.phase, 'speaking');
  assert.deepEqual(run([ev.done('t2')], RESUME, state), [
    { type: 'record_history', turnId: 't2', spokenText: REST, interrupted: false },
    { type: 'start_listening' },
  ]);
});

test("policy 'resume' or 'rephrase': with words the user is answered and the rest dropped", T, () => {
  for (const config of [RESUME, REPHRASE]) {
    assert.deepEqual(run([ev.pause(3500), ev.final('t2', 'make it two'), ev.endpoint('t2')], config, after(CUT, config)), [
      { type: 'start_understanding', turnId: 't2', text: 'make it two' },
    ], config.interruptedReply);
  }
});

test("policy 'rephrase': after a noise the brain says the rest anew", T, () => {
  const { state, commands } = play(NOISE, REPHRASE, after(CUT, REPHRASE));
  assert.deepEqual(commands, [{ type: 'rephrase_rest', turnId: 't2', spokenText: 'One burger. Your to', remainder: REST }]);
  assert.equal(state.phase, 'thinking');
  assert.deepEqual(run([ev.understood('t2', 'Sorry, your total is five dollars.')], REPHRASE, state), [
    { type: 'speak', turnId: 't2', text: 'Sorry, your total is five dollars.' },
  ]);
});

test('nothing is resumed when the whole reply had been heard', T, () => {
  const cut = after([...SPEAKING, ev.progress('t1', 4000, REPLY), ev.bargeIn(4100)], RESUME);
  assert.deepEqual(run(NOISE, RESUME, cut), [{ type: 'discard', turnId: 't2', reason: 'no_speech' }, { type: 'start_listening' }]);
});

test('silence_timeout closes an interrupting noise under the policy too', T, () => {
  assert.deepEqual(run([ev.pause(3200), ev.silence()], RESUME, after(CUT, RESUME)), [{ type: 'speak', turnId: 't2', text: REST }]);
});

// ─── Errors ─────────────────────────────────────────────────────────────────────────────────────

test('error while thinking: cancel, apologise, then back to listening', T, () => {
  const { state, commands } = play([ev.error('WORKER_TIMEOUT')], FULL, after(THINKING));
  assert.deepEqual(commands, [{ type: 'cancel_understanding', turnId: 't1' }, { type: 'speak', turnId: 't2', text: DEFAULT_APOLOGY }]);
  assert.deepEqual(run([ev.progress('t2', 1000, 'Sorry,'), ev.done('t2')], FULL, state), [
    { type: 'record_history', turnId: 't2', spokenText: DEFAULT_APOLOGY, interrupted: false },
    { type: 'start_listening' },
  ]);
});

test('an error of the understanding itself needs no cancel; a playing filler is stopped', T, () => {
  assert.deepEqual(run([ev.error('LLM_FAILED', 't1')], FULL, after(THINKING)), [{ type: 'speak', turnId: 't2', text: DEFAULT_APOLOGY }]);
  assert.deepEqual(run([ev.toolSlow('t1'), ev.error('STORE_FAILED', 't1')], FULL, after(THINKING)), [
    { type: 'play_filler', turnId: 't1' },
    { type: 'stop_playback', turnId: 't1' },
    { type: 'speak', turnId: 't2', text: DEFAULT_APOLOGY },
  ]);
});

test('error while speaking: stop, record what was played, apologise', T, () => {
  assert.deepEqual(run([ev.progress('t1', 700, 'One burger. '), ev.error('TTS_FAILED', 't1')], FULL, after(SPEAKING)), [
    { type: 'stop_playback', turnId: 't1' },
    { type: 'record_history', turnId: 't1', spokenText: 'One burger.', interrupted: true },
    { type: 'speak', turnId: 't2', text: DEFAULT_APOLOGY },
  ]);
});

test('an error while the apology plays returns to listening without a second apology', T, () => {
  const apologising = after([...THINKING, ev.error('WORKER_TIMEOUT')]);
  const { state, commands } = play([ev.error('TTS_FAILED', 't2')], FULL, apologising);
  assert.deepEqual(commands, [
    { type: 'stop_playback', turnId: 't2' },
    { type: 'record_history', turnId: 't2', spokenText: '', interrupted: true },
    { type: 'start_listening' },
  ]);
  assert.equal(state.phase, 'listening');
});

test('error while the user speaks drops the open turn and apologises', T, () => {
  assert.deepEqual(run([ev.error('STT_FAILED')], FULL, after([...LISTENING, ev.speech(0)])), [
    { type: 'discard', turnId: 't1', reason: 'error' },
    { type: 'speak', turnId: 't2', text: DEFAULT_APOLOGY },
  ]);
});

test('error in listening apologises; in idle it does nothing', T, () => {
  assert.deepEqual(run([ev.error('VAD_FAILED')], FULL, after(LISTENING)), [{ type: 'speak', turnId: 't1', text: DEFAULT_APOLOGY }]);
  assert.deepEqual(run([ev.error('VAD_FAILED')]), []);
});

test('an error of a stale turn (the abort of a cancelled understanding) is only discarded', T, () => {
  const from = after([...THINKING, ev.speech(2000)]);
  const { state, commands } = play([ev.error('ABORTED', 't1')], FULL, from);
  assert.deepEqual(commands, [{ type: 'discard', turnId: 't1', reason: 'stale' }]);
  assert.deepEqual(state, from);
});

test('the apology text comes from the config when given', T, () => {
  const config: TurnConfig = { ...FULL, apology: 'Oops, say that again?' };
  assert.deepEqual(run([ev.error('INTERNAL')], config, after(LISTENING, config)), [{ type: 'speak', turnId: 't1', text: 'Oops, say that again?' }]);
});

// ─── Session end ────────────────────────────────────────────────────────────────────────────────

test('session_end from every phase cleans up and returns to idle', T, () => {
  const cases: Array<[string, TurnEvent[], TurnCommand[]]> = [
    ['listening', LISTENING, [{ type: 'stop_listening' }]],
    ['user_speaking', [...LISTENING, ev.speech(0)], [{ type: 'discard', turnId: 't1', reason: 'session_end' }, { type: 'stop_listening' }]],
    ['thinking', THINKING, [{ type: 'cancel_understanding', turnId: 't1' }, { type: 'stop_listening' }]],
    ['thinking with a filler', [...THINKING, ev.toolSlow('t1')], [
      { type: 'cancel_understanding', turnId: 't1' }, { type: 'stop_playback', turnId: 't1' }, { type: 'stop_listening' },
    ]],
    ['speaking', [...SPEAKING, ev.progress('t1', 700, 'One burger.')], [
      { type: 'stop_playback', turnId: 't1' },
      { type: 'record_history', turnId: 't1', spokenText: 'One burger.', interrupted: true },
      { type: 'stop_listening' },
    ]],
  ];
  for (const [name, events, expected] of cases) {
    const { state, commands } = play([ev.sessionEnd()], FULL, after(events));
    assert.deepEqual(commands, expected, name);
    assert.equal(state.phase, 'idle', name);
    assert.deepEqual(run([ev.understood('t1', REPLY), ev.done('t1')], FULL, state), [
      { type: 'discard', turnId: 't1', reason: 'stale' },
      { type: 'discard', turnId: 't1', reason: 'stale' },
    ], `${name}: late results after the session`);
  }
});

test('session_end in idle does nothing; a new session never reuses turn ids', T, () => {
  assert.deepEqual(run([ev.sessionEnd()]), []);
  const commands = run([...THINKING, ev.sessionEnd(), ev.sessionStart(), ev.speech(0), ev.understood('t1', REPLY)]);
  assert.deepEqual(commands.slice(-3), [
    { type: 'start_listening' },
    { type: 'begin_utterance', turnId: 't2', atMs: 0 },
    { type: 'discard', turnId: 't1', reason: 'stale' },
  ]);
});

// ─── Reply text ─────────────────────────────────────────────────────────────────────────────────

test('joinWords joins the non-empty pieces', T, () => {
  assert.equal(joinWords(['a burger ', '', '  ', ' and fries']), 'a burger and fries');
  assert.equal(joinWords([]), '');
});

test('unplayedRest resumes at the start of the sentence that was cut', T, () => {
  assert.equal(unplayedRest(REPLY, ''), REPLY);
  assert.equal(unplayedRest(REPLY, 'One bur'), REPLY);
  assert.equal(unplayedRest(REPLY, 'One burger.'), REST);
  assert.equal(unplayedRest(REPLY, 'One burger. '), REST);
  assert.equal(unplayedRest(REPLY, 'One burger. Your total is five'), REST);
  assert.equal(unplayedRest(REPLY, 'One burger. Your total is five dollars. Any'), 'Anything else?');
  assert.equal(unplayedRest(REPLY, REPLY), '');
  assert.equal(unplayedRest('A burger is $5.49 today. Fries?', 'A burger is $5.'), 'A burger is $5.49 today. Fries?');
  assert.equal(unplayedRest(REPLY, 'something else entirely'), REPLY, 'not a prefix: nothing is known to be heard');
});

// ─── Every (state × event) pair ─────────────────────────────────────────────────────────────────

/** States worth reaching, as the events that reach them (under each configuration in turn). */
const STATES: Record<string, TurnEvent[]> = {
  'idle': [],
  'idle after a session': [...THINKING, ev.sessionEnd()],
  'listening': LISTENING,
  'listening after a reply': [...SPEAKING, ev.done('t1')],
  'user_speaking, talking': [...LISTENING, ev.speech(0)],
  'user_speaking, final in': [...LISTENING, ...utters('t1', 'a burger')],
  'user_speaking, endpoint before final': [...LISTENING, ev.speech(0), ev.pause(500), ev.endpoint('t1')],
  'user_speaking, two utterances': [...LISTENING, ...utters('t1', 'a burger'), ev.speech(900)],
  'user_speaking, words carried': [...THINKING, ev.speech(2000)],
  'user_speaking after a barge-in': CUT,
  'thinking': THINKING,
  'thinking with a filler': [...THINKING, ev.toolSlow('t1')],
  'thinking, rephrasing': [...CUT, ...NOISE],
  'speaking': SPEAKING,
  'speaking, half played': [...SPEAKING, ev.chunk('t1', 0), ev.progress('t1', 1500, 'One burger. Your to')],
  'speaking, user talking': [...SPEAKING, ev.speech(2000)],
  'speaking, backchannel': [...SPEAKING, ev.speech(2000), ev.backchannel('mhm')],
  'speaking the apology': [...THINKING, ev.error('WORKER_TIMEOUT')],
  'speaking a resumed rest': [...CUT, ...NOISE],
};

const IDS: TurnId[] = ['t0', 't1', 't2', 't3', 't4', 't99'];

/** Every event kind; the turn-scoped ones once per candidate id. */
function everyEvent(live: readonly TurnId[]): TurnEvent[] {
  const ids = [...new Set([...IDS, ...live])];
  return [
    ev.sessionStart(), ev.sessionEnd(), ev.speech(5000), ev.pause(5000), ev.partial('and fries'), ev.bargeIn(5000),
    ev.backchannel('mhm'), ev.silence(), ev.error('INTERNAL'),
    ...ids.flatMap((id) => [
      ev.final(id, 'and fries'), ev.final(id, ''), ev.endpoint(id), ev.understood(id, 'Okay.'), ev.understood(id, ''),
      ev.toolSlow(id), ev.chunk(id, 0), ev.progress(id, 100, 'One'), ev.progress(id, 100), ev.done(id), ev.error('ABORTED', id),
    ]),
  ];
}

function deepFreeze<V>(value: V): V {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

function commandTurnId(c: TurnCommand): TurnId | undefined {
  return 'turnId' in c ? c.turnId : undefined;
}

const USER_SIDE = new Set<TurnEvent['type']>(['speech_start', 'speech_end', 'partial', 'barge_in', 'backchannel']);

test('every (state × event) pair: never throws, nothing for a stale turn, commands agree with the next state, pure', T, () => {
  let pairs = 0;
  for (const config of [FULL, RESUME, REPHRASE, HALF]) {
    for (const [name, events] of Object.entries(STATES)) {
      const s = deepFreeze(after(events, config));
      const liveBefore = liveTurnIds(s);
      for (const e of everyEvent(liveBefore)) {
        const where = `${config.bargeIn ? 'full' : 'half'}/${config.interruptedReply} · ${name} (${s.phase}) · ${JSON.stringify(e)}`;
        pairs += 1;
        let step: ReturnType<typeof reduce>;
        try {
          step = reduce(s, deepFreeze(e), config);
        } catch (err) {
          assert.fail(`${where}: threw ${String(err)}`);
        }
        assert.deepEqual(reduce(s, e, config), step, `${where}: not deterministic`);
        const next = step.state;
        const named = eventTurnId(e);
        if (named !== undefined && !liveBefore.includes(named)) {
          assert.deepEqual(step.commands, [{ type: 'discard', turnId: named, reason: 'stale' }], `${where}: stale turn`);
          assert.equal(next, s, `${where}: a stale event changes the state`);
          continue;
        }
        const liveAfter = liveTurnIds(next);
        for (const c of step.commands) {
          const id = commandTurnId(c);
          if (id !== undefined) assert.ok(liveBefore.includes(id) || liveAfter.includes(id), `${where}: ${c.type} for a turn neither live before nor after`);
          if (c.type === 'speak') assert.ok(next.phase === 'speaking' && next.turnId === c.turnId && next.text === c.text, `${where}: speak without speaking it`);
          if (c.type === 'start_understanding' || c.type === 'rephrase_rest' || c.type === 'play_filler') {
            assert.ok(next.phase === 'thinking' && next.turnId === c.turnId, `${where}: ${c.type} without thinking about it`);
          }
          if (c.type === 'begin_utterance') assert.ok(next.phase === 'user_speaking' && next.heard.at(-1)?.turnId === c.turnId, `${where}: begin_utterance without an open utterance`);
          if (c.type === 'stop_playback' || c.type === 'cancel_understanding') assert.ok(liveBefore.includes(c.turnId), `${where}: ${c.type} of a turn that was not live`);
        }
        const entered = next.phase === 'listening' && s.phase !== 'listening';
        assert.equal(step.commands.some((c) => c.type === 'start_listening'), entered, `${where}: start_listening iff entering listening`);
        assert.ok(next.nextTurn >= s.nextTurn, `${where}: turn ids go back`);
        if (e.type === 'session_end') assert.equal(next.phase, 'idle', `${where}: session_end`);
        if (!config.bargeIn && (s.phase === 'thinking' || s.phase === 'speaking') && USER_SIDE.has(e.type)) {
          assert.deepEqual(step.commands, [], `${where}: half duplex hears the user`);
          assert.deepEqual(next, s, `${where}: half duplex hears the user`);
        }
        if (e.type === 'backchannel') assert.ok(!step.commands.some((c) => c.type === 'stop_playback'), `${where}: a backchannel stopped playback`);
      }
    }
  }
  assert.ok(pairs > 2000, `walked ${pairs} pairs`);
});
