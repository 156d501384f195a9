/**
 * Types of the turn state machine (turn-machine.ts): the events that flow in (VAD, recognizer,
 * endpointing policy, brain, TTS and player reports, session control), the commands that flow out,
 * the machine's state with the sub-state each phase needs, and its configuration.
 *
 * Turn ids are minted by the machine (`begin_utterance`, the apology's `speak`): one per VAD
 * utterance. The recognizer tags the utterance's `final` and the endpointing policy its `endpoint`
 * with that id; the brain, the TTS and the player echo the id of the command they serve. An event
 * naming an id the machine no longer considers live is stale: it is answered with `discard` only.
 */

export type TurnId = string;

/** The phases. */
export type TurnState = 'idle' | 'listening' | 'user_speaking' | 'thinking' | 'speaking';

// ─── Events in ──────────────────────────────────────────────────────────────────────────────────

export type TurnEvent =
  /** The kiosk session opens (a car pulls up, the app starts). */
  | { type: 'session_start' }
  /** VAD: speech began at `atMs` (audio clock). */
  | { type: 'speech_start'; atMs: number }
  /** VAD: speech stopped at `atMs`. A pause, not the end of the turn (that is `endpoint`). */
  | { type: 'speech_end'; atMs: number }
  /** Recognizer: a partial hypothesis of the utterance in progress. */
  | { type: 'partial'; text: string }
  /** Recognizer: the final text of utterance `turnId` (may be empty: noise, a cough). */
  | { type: 'final'; text: string; turnId: TurnId }
  /** Endpointing policy: the user is done; `turnId` is the utterance the decision was made on. */
  | { type: 'endpoint'; turnId: TurnId }
  /** Brain: the reply (spoken form) for the understanding or rephrasing of `turnId`. */
  | { type: 'understood'; turnId: TurnId; reply: string }
  /** Brain: a tool of turn `turnId` is taking long (a filler may play). */
  | { type: 'tool_slow'; turnId: TurnId }
  /** TTS: chunk `index` of the reply of `turnId` is synthesized. */
  | { type: 'tts_chunk'; turnId: TurnId; index: number }
  /** Player: how much of the reply of `turnId` has been heard; `playedText` is a prefix of the spoken text. */
  | { type: 'playback_progress'; turnId: TurnId; playedMs: number; playedText?: string }
  /** Player: the whole reply of `turnId` was played. */
  | { type: 'playback_done'; turnId: TurnId }
  /** A real interruption during Heed's audio, already told apart from backchannels. */
  | { type: 'barge_in'; atMs: number }
  /** A "mhm" / "okay" while Heed talks: acknowledged, never an interruption. */
  | { type: 'backchannel'; text: string }
  /** Nothing happened for the driver's silence timeout. */
  | { type: 'silence_timeout' }
  /** A recoverable failure; `turnId` names the turn it belongs to when it belongs to one. */
  | { type: 'error'; code: string; turnId?: TurnId }
  /** The session closes. */
  | { type: 'session_end' };

export type TurnEventType = TurnEvent['type'];

// ─── Commands out ───────────────────────────────────────────────────────────────────────────────

export type DiscardReason =
  /** The event names a turn that is no longer live (superseded, interrupted, cancelled, ended). */
  | 'stale'
  /** An endpoint for an utterance the user has spoken past. */
  | 'superseded'
  /** The event names the live turn but makes no sense in the current phase (a duplicate). */
  | 'unexpected'
  /** The user's turn closed without words. */
  | 'no_speech'
  /** The open user turn is abandoned because of an error. */
  | 'error'
  /** The open user turn is abandoned because the session ended. */
  | 'session_end';

export type TurnCommand =
  /** Enter listening: (re)arm the listener (fresh VAD state, refresh the grammar between turns). */
  | { type: 'start_listening' }
  /** The session ended: release the microphone. */
  | { type: 'stop_listening' }
  /** The speech that began at `atMs` is utterance `turnId`: tag its `final` and `endpoint` with it. */
  | { type: 'begin_utterance'; turnId: TurnId; atMs: number }
  /** Understand the user's words (all utterances of the turn, joined). */
  | { type: 'start_understanding'; turnId: TurnId; text: string }
  /** Abort the understanding of `turnId` (its signal); whatever it still yields is discarded. */
  | { type: 'cancel_understanding'; turnId: TurnId }
  /**
   * Policy 'rephrase': the user cut in with noise only. Ask the brain for the rest of the
   * interrupted reply in a form that follows on from what was heard; it answers with `understood`.
   */
  | { type: 'rephrase_rest'; turnId: TurnId; spokenText: string; remainder: string }
  /** Synthesize and play `text`; report tts_chunk / playback_progress / playback_done under `turnId`. */
  | { type: 'speak'; turnId: TurnId; text: string }
  /** Stop all audio of `turnId` now (reply or filler) and flush what is queued. */
  | { type: 'stop_playback'; turnId: TurnId }
  /** Play a short filler ("one moment") for `turnId`. Fire and forget: no playback reports. */
  | { type: 'play_filler'; turnId: TurnId }
  /** Append Heed's words to the conversation history: only what was played when `interrupted`. */
  | { type: 'record_history'; turnId: TurnId; spokenText: string; interrupted: boolean }
  /** Drop whatever belongs to `turnId` (a late result, a chunk of audio, an empty turn) and log why. */
  | { type: 'discard'; turnId: TurnId; reason: DiscardReason };

export type TurnCommandType = TurnCommand['type'];

// ─── Configuration ──────────────────────────────────────────────────────────────────────────────

/**
 * What happens to the unplayed rest of an interrupted reply when the interruption turns out to hold
 * no words (noise, a cough; the user's turn closes empty). With words, the rest is always dropped:
 * the user took the floor, and the history says what they heard.
 *   - 'drop': nothing more is said; Heed listens.
 *   - 'resume': the rest is spoken again from the start of the sentence that was cut.
 *   - 'rephrase': the brain is asked to say the rest anew (`rephrase_rest`).
 */
export type InterruptedReplyPolicy = 'drop' | 'resume' | 'rephrase';

export interface TurnConfig {
  /**
   * true: full duplex (needs echo cancellation upstream): speech while Heed is thinking supersedes
   * the understanding, and a `barge_in` stops the reply. false: half duplex, as `heed start` does
   * today: from the endpoint until the reply has played, the user is not heard at all.
   */
  bargeIn: boolean;
  interruptedReply: InterruptedReplyPolicy;
  /** What Heed says after an error (default DEFAULT_APOLOGY). */
  apology?: string;
}

// ─── State ──────────────────────────────────────────────────────────────────────────────────────

/** The VAD segment in progress, as far as the machine listens to it. */
export interface Talk {
  readonly atMs: number;
  /** Classified as a backchannel while Heed spoke. */
  readonly backchannel: boolean;
}

/** One VAD utterance of the open user turn; `text` is null until its final arrives. */
export interface Utterance {
  readonly turnId: TurnId;
  readonly text: string | null;
}

/** What was left of a reply the user interrupted, kept until their turn closes. */
export interface InterruptedReply {
  readonly turnId: TurnId;
  readonly spokenText: string;
  readonly remainder: string;
}

interface Common {
  /** The counter the next minted turn id is made from. */
  readonly nextTurn: number;
  readonly talk: Talk | null;
}

export interface IdleState extends Common { readonly phase: 'idle' }

export interface ListeningState extends Common { readonly phase: 'listening' }

export interface UserSpeakingState extends Common {
  readonly phase: 'user_speaking';
  /** The utterances of the open turn in order; the last one names the turn. */
  readonly heard: readonly [Utterance, ...Utterance[]];
  /** Words of a superseded understanding, said before these utterances. */
  readonly carried: string;
  /** The endpoint for the last utterance came before its final. */
  readonly endpointed: boolean;
  readonly interrupted: InterruptedReply | null;
}

export interface ThinkingState extends Common {
  readonly phase: 'thinking';
  readonly turnId: TurnId;
  /** The words being understood ('' for a rephrasing). */
  readonly text: string;
  readonly filler: boolean;
}

export type SpeechKind = 'reply' | 'resume' | 'apology';

export interface SpeakingState extends Common {
  readonly phase: 'speaking';
  readonly turnId: TurnId;
  readonly text: string;
  readonly kind: SpeechKind;
  /** TTS chunks ready so far. */
  readonly chunks: number;
  readonly playedMs: number;
  readonly playedText: string;
}

export type MachineState = IdleState | ListeningState | UserSpeakingState | ThinkingState | SpeakingState;

export interface Step {
  readonly state: MachineState;
  readonly commands: readonly TurnCommand[];
}
