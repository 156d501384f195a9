/**
 * The turn state machine of the live loop, as a pure reducer: `reduce(state, event, config)` →
 * `{ state, commands }`. No timers, no I/O, no clock: time arrives only as event fields, and every
 * effect leaves as a command for the driver (mic, recognizer, brain, TTS, player, history).
 * Interruption travels as data: a `barge_in` event in, `stop_playback` / `cancel_understanding`
 * commands out; the driver turns those into aborted signals.
 *
 *   idle ─session_start─► listening ─speech_start─► user_speaking ─final+endpoint─► thinking
 *     ▲                      ▲  ▲                      ▲   │ (no words: discard)        │ understood
 *     └──── session_end ─────┘  └── playback_done ─────┼───┼──────────── speaking ◄─────┘
 *          (from anywhere)           (error: apology)  └───┴── barge_in / speech while thinking
 *
 * Decisions (the tests in test/unit/core/turn-machine/ specify each):
 * - Stale events. Every event that names a turn is checked first: a turn id that is not live (not
 *   the turn being understood or spoken, not an utterance of the open user turn) yields exactly
 *   `discard {turnId, reason: 'stale'}` and leaves the state as it was. So a late `understood`,
 *   `tool_slow`, `tts_chunk` or `playback_*` of a cancelled or interrupted turn never speaks.
 * - One turn, several utterances. Each VAD utterance gets its own id (`begin_utterance`). Until the
 *   endpoint, utterances accumulate: their finals are joined in order (a late final of an earlier
 *   one still counts) and the turn is named by the last. An endpoint for an earlier utterance is
 *   `superseded` (the user spoke on). The endpoint may come before or after its final; the turn
 *   closes when both are in. `silence_timeout` while the user is silent closes it with what was heard.
 * - Speech while thinking (full duplex): the understanding is cancelled at once, its words are
 *   carried, and the next utterance extends them: "a burger" … "and fries" is understood as one
 *   turn under the new id. A noise there costs one re-run of the understanding, never a word, and
 *   the cancelled run's result is stale when it lands. The agent must not commit a cancelled run.
 * - Speech while speaking (full duplex): only a classified `barge_in` interrupts: `stop_playback`,
 *   `record_history` with the words played so far (`interrupted: true`), `begin_utterance`, and
 *   the user's new turn opens. A `backchannel` stops nothing. Speech that is still going when the
 *   reply ends (and was not called a backchannel) becomes the user's next utterance.
 * - Half duplex (`bargeIn: false`): from the endpoint until the reply has played the user is not
 *   heard at all (today's `heed start`): speech, barge_in and backchannel are ignored there.
 * - The rest of an interrupted reply: see InterruptedReplyPolicy (types.ts). With words the user
 *   is answered; without, 'drop' listens, 'resume' speaks the rest from the cut sentence under the
 *   new turn's id, 'rephrase' asks the brain (`rephrase_rest`).
 * - Errors: whatever runs is cancelled or stopped (what was played is recorded), and the apology is
 *   spoken under a new id; its playback_done returns to listening. An error while the apology
 *   itself plays returns to listening silently. An error naming a stale turn (the ABORTED of a
 *   cancelled understanding) is discarded.
 * - session_end from any phase: cancel the understanding, stop playback (record what was played),
 *   drop the open user turn, stop listening; back to idle. Turn ids are never reused.
 * - Every entry into listening emits `start_listening`.
 *
 * What the driver owes the machine: a recognizer result for speech that began while Heed spoke is
 * held until `barge_in` (or dropped on `backchannel`) and then delivered under the id of the
 * `begin_utterance` that followed; `playedText` is a prefix of the spoken text (without it nothing
 * counts as heard); fillers are not reported by the player (only `speak` audio is).
 */
import { joinWords, unplayedRest } from './reply-text.js';
import type {
  DiscardReason, IdleState, ListeningState, MachineState, SpeakingState, SpeechKind, Step, ThinkingState, TurnCommand,
  TurnConfig, TurnEvent, TurnId, UserSpeakingState, Utterance,
} from './types.js';

export type * from './types.js';

export const DEFAULT_APOLOGY = 'Sorry, something went wrong on my side. Could you say that again?';

/** Full duplex (the echo canceller is upstream); a reply cut by a noise is resumed. */
export const DEFAULT_TURN_CONFIG: Readonly<TurnConfig> = Object.freeze({ bargeIn: true, interruptedReply: 'resume' });

export function initialState(): IdleState {
  return { phase: 'idle', nextTurn: 1, talk: null };
}

/** The turn ids events may name in this state: the turn being understood or spoken, or the open turn's utterances. */
export function liveTurnIds(state: MachineState): TurnId[] {
  switch (state.phase) {
    case 'thinking':
    case 'speaking':
      return [state.turnId];
    case 'user_speaking':
      return state.heard.map((u) => u.turnId);
    default:
      return [];
  }
}

/** The turn an event names, if it names one. */
export function eventTurnId(event: TurnEvent): TurnId | undefined {
  switch (event.type) {
    case 'final':
    case 'endpoint':
    case 'understood':
    case 'tool_slow':
    case 'tts_chunk':
    case 'playback_progress':
    case 'playback_done':
    case 'error':
      return event.turnId;
    default:
      return undefined;
  }
}

export function reduce(state: MachineState, event: TurnEvent, config: TurnConfig): Step {
  const named = eventTurnId(event);
  if (named !== undefined && !liveTurnIds(state).includes(named)) return discarded(state, named, 'stale');
  if (event.type === 'session_end') return endSession(state);
  switch (state.phase) {
    case 'idle': return idle(state, event);
    case 'listening': return listening(state, event, config);
    case 'user_speaking': return userSpeaking(state, event, config);
    case 'thinking': return thinking(state, event, config);
    case 'speaking': return speaking(state, event, config);
  }
}

// ─── Phases ─────────────────────────────────────────────────────────────────────────────────────

function idle(s: IdleState, e: TurnEvent): Step {
  if (e.type === 'session_start') return toListening(s, []);
  return nothing(s, e);
}

function listening(s: ListeningState, e: TurnEvent, c: TurnConfig): Step {
  switch (e.type) {
    case 'speech_start': return openTurn(s, e.atMs, '', null, []);
    case 'error': return apologise(s, [], c);
    default: return nothing(s, e);
  }
}

function userSpeaking(s: UserSpeakingState, e: TurnEvent, c: TurnConfig): Step {
  switch (e.type) {
    case 'speech_start': {
      if (s.talk) return nothing(s, e);
      const turnId = mint(s);
      const next: UserSpeakingState = {
        ...s, nextTurn: s.nextTurn + 1, talk: { atMs: e.atMs, backchannel: false },
        heard: [...s.heard, { turnId, text: null }], endpointed: false,
      };
      return { state: next, commands: [{ type: 'begin_utterance', turnId, atMs: e.atMs }] };
    }
    case 'speech_end':
      return { state: { ...s, talk: null }, commands: [] };
    case 'final': {
      const u = s.heard.find((h) => h.turnId === e.turnId);
      if (!u || u.text !== null) return discarded(s, e.turnId, 'unexpected');
      const withText = (h: Utterance): Utterance => (h.turnId === e.turnId ? { turnId: h.turnId, text: e.text } : h);
      const [first, ...rest] = s.heard;
      const next: UserSpeakingState = { ...s, heard: [withText(first), ...rest.map(withText)] };
      return next.endpointed && allFinal(next) ? closeTurn(next, c) : { state: next, commands: [] };
    }
    case 'endpoint': {
      if (e.turnId !== last(s).turnId) return discarded(s, e.turnId, 'superseded');
      if (s.endpointed) return discarded(s, e.turnId, 'unexpected');
      if (allFinal(s)) return closeTurn(s, c);
      return { state: { ...s, endpointed: true }, commands: [] };
    }
    case 'silence_timeout':
      return s.talk ? nothing(s, e) : closeTurn(s, c);
    case 'error':
      return apologise(s, [{ type: 'discard', turnId: last(s).turnId, reason: 'error' }], c);
    default:
      return nothing(s, e);
  }
}

function thinking(s: ThinkingState, e: TurnEvent, c: TurnConfig): Step {
  switch (e.type) {
    case 'speech_start':
    case 'barge_in': {
      if (!c.bargeIn) return nothing(s, e);
      // The user speaks on before hearing a reply: this understanding is obsolete, its words are not.
      const stop: TurnCommand[] = [{ type: 'cancel_understanding', turnId: s.turnId }, ...stopFiller(s)];
      return openTurn(s, e.atMs, s.text, null, stop);
    }
    case 'understood': {
      if (e.reply.trim().length === 0) return toListening(s, []);
      return startSpeaking(s, s.turnId, e.reply, 'reply', []);
    }
    case 'tool_slow':
      if (s.filler) return { state: s, commands: [] };
      return { state: { ...s, filler: true }, commands: [{ type: 'play_filler', turnId: s.turnId }] };
    case 'error': {
      // An error of this understanding means it is over; any other error leaves it to cancel.
      const cancel: TurnCommand[] = e.turnId === s.turnId ? [] : [{ type: 'cancel_understanding', turnId: s.turnId }];
      return apologise(s, [...cancel, ...stopFiller(s)], c);
    }
    default:
      return nothing(s, e);
  }
}

function speaking(s: SpeakingState, e: TurnEvent, c: TurnConfig): Step {
  switch (e.type) {
    case 'speech_start':
      if (!c.bargeIn || s.talk) return nothing(s, e);
      return { state: { ...s, talk: { atMs: e.atMs, backchannel: false } }, commands: [] };
    case 'speech_end':
      if (!c.bargeIn) return nothing(s, e);
      return { state: { ...s, talk: null }, commands: [] };
    case 'backchannel':
      if (!c.bargeIn || !s.talk) return nothing(s, e);
      return { state: { ...s, talk: { ...s.talk, backchannel: true } }, commands: [] };
    case 'barge_in': {
      if (!c.bargeIn) return nothing(s, e);
      const spokenText = s.playedText.trim();
      const remainder = unplayedRest(s.text, s.playedText);
      const stop: TurnCommand[] = [
        { type: 'stop_playback', turnId: s.turnId },
        { type: 'record_history', turnId: s.turnId, spokenText, interrupted: true },
      ];
      const interrupted = remainder.length > 0 ? { turnId: s.turnId, spokenText, remainder } : null;
      return openTurn(s, e.atMs, '', interrupted, stop);
    }
    case 'tts_chunk':
      return { state: { ...s, chunks: Math.max(s.chunks, e.index + 1) }, commands: [] };
    case 'playback_progress': {
      const longer = e.playedText !== undefined && e.playedText.length >= s.playedText.length;
      return { state: { ...s, playedMs: Math.max(s.playedMs, e.playedMs), playedText: longer ? e.playedText ?? '' : s.playedText }, commands: [] };
    }
    case 'playback_done': {
      const done: TurnCommand[] = [{ type: 'record_history', turnId: s.turnId, spokenText: s.text, interrupted: false }];
      // Speech that began during the reply and was not a backchannel is the user's next utterance.
      if (c.bargeIn && s.talk && !s.talk.backchannel) return openTurn(s, s.talk.atMs, '', null, done);
      return toListening(s, done);
    }
    case 'error': {
      const stop: TurnCommand[] = [
        { type: 'stop_playback', turnId: s.turnId },
        { type: 'record_history', turnId: s.turnId, spokenText: s.playedText.trim(), interrupted: true },
      ];
      // The apology failing too must not loop.
      return s.kind === 'apology' ? toListening(s, stop) : apologise(s, stop, c);
    }
    default:
      return nothing(s, e);
  }
}

function endSession(s: MachineState): Step {
  const stopListening: TurnCommand = { type: 'stop_listening' };
  const idleState: IdleState = { phase: 'idle', nextTurn: s.nextTurn, talk: null };
  switch (s.phase) {
    case 'idle':
      return { state: s, commands: [] };
    case 'listening':
      return { state: idleState, commands: [stopListening] };
    case 'user_speaking':
      return { state: idleState, commands: [{ type: 'discard', turnId: last(s).turnId, reason: 'session_end' }, stopListening] };
    case 'thinking':
      return { state: idleState, commands: [{ type: 'cancel_understanding', turnId: s.turnId }, ...stopFiller(s), stopListening] };
    case 'speaking':
      return {
        state: idleState,
        commands: [
          { type: 'stop_playback', turnId: s.turnId },
          { type: 'record_history', turnId: s.turnId, spokenText: s.playedText.trim(), interrupted: true },
          stopListening,
        ],
      };
  }
}

// ─── Transitions ────────────────────────────────────────────────────────────────────────────────

/** The user's turn is over: understand its words, or (none) apply the interrupted-reply policy. */
function closeTurn(s: UserSpeakingState, c: TurnConfig): Step {
  const turnId = last(s).turnId;
  const text = joinWords([s.carried, ...s.heard.map((u) => u.text ?? '')]);
  if (text.length > 0) {
    const next: ThinkingState = { phase: 'thinking', nextTurn: s.nextTurn, talk: s.talk, turnId, text, filler: false };
    return { state: next, commands: [{ type: 'start_understanding', turnId, text }] };
  }
  const rest = s.interrupted;
  if (rest && c.interruptedReply === 'resume') return startSpeaking(s, turnId, rest.remainder, 'resume', []);
  if (rest && c.interruptedReply === 'rephrase') {
    const next: ThinkingState = { phase: 'thinking', nextTurn: s.nextTurn, talk: s.talk, turnId, text: '', filler: false };
    return { state: next, commands: [{ type: 'rephrase_rest', turnId, spokenText: rest.spokenText, remainder: rest.remainder }] };
  }
  return toListening(s, [{ type: 'discard', turnId, reason: 'no_speech' }]);
}

/** A new user turn with its first utterance, after `before` (what stops the current phase). */
function openTurn(
  s: MachineState, atMs: number, carried: string, interrupted: UserSpeakingState['interrupted'], before: TurnCommand[],
): Step {
  const turnId = mint(s);
  const next: UserSpeakingState = {
    phase: 'user_speaking', nextTurn: s.nextTurn + 1, talk: { atMs, backchannel: false },
    heard: [{ turnId, text: null }], carried, endpointed: false, interrupted,
  };
  return { state: next, commands: [...before, { type: 'begin_utterance', turnId, atMs }] };
}

function startSpeaking(s: MachineState, turnId: TurnId, text: string, kind: SpeechKind, before: TurnCommand[]): Step {
  const next: SpeakingState = { phase: 'speaking', nextTurn: s.nextTurn, talk: null, turnId, text, kind, chunks: 0, playedMs: 0, playedText: '' };
  return { state: next, commands: [...before, { type: 'speak', turnId, text }] };
}

function apologise(s: MachineState, before: TurnCommand[], c: TurnConfig): Step {
  return startSpeaking({ ...s, nextTurn: s.nextTurn + 1 }, mint(s), c.apology ?? DEFAULT_APOLOGY, 'apology', before);
}

function toListening(s: MachineState, before: TurnCommand[]): Step {
  const next: ListeningState = { phase: 'listening', nextTurn: s.nextTurn, talk: null };
  return { state: next, commands: [...before, { type: 'start_listening' }] };
}

/** No transition. An event that names the live turn but has no meaning here is discarded as unexpected. */
function nothing(s: MachineState, e: TurnEvent): Step {
  const named = eventTurnId(e);
  return named === undefined ? { state: s, commands: [] } : discarded(s, named, 'unexpected');
}

function discarded(s: MachineState, turnId: TurnId, reason: DiscardReason): Step {
  return { state: s, commands: [{ type: 'discard', turnId, reason }] };
}

// ─── Helpers ────────────────────────────────────────────────────────────────────────────────────

function mint(s: MachineState): TurnId {
  return `t${s.nextTurn}`;
}

function last(s: UserSpeakingState): Utterance {
  return s.heard[s.heard.length - 1] ?? s.heard[0];
}

function allFinal(s: UserSpeakingState): boolean {
  return s.heard.every((u) => u.text !== null);
}

function stopFiller(s: ThinkingState): TurnCommand[] {
  return s.filler ? [{ type: 'stop_playback', turnId: s.turnId }] : [];
}
