/**
 * The full-duplex loop's seams (app/live/duplex-session.ts): the ports it drives (speaker, echo
 * canceller and its reference, clock, speculator), its configuration with defaults, and the
 * events it reports.
 */
import { DEFAULT_OVERLAP_CONFIG, type OverlapConfig } from '../core/barge-in/backchannel.js';
import { DEFAULT_ENDPOINT_CONFIG, type EndpointConfig, type EndpointContext, type EndpointReason } from '../core/endpointing/endpoint-policy.js';
import type { DomainAgent, TurnResult } from '../core/turn.js';
import { DEFAULT_TURN_CONFIG } from '../core/turn-machine/turn-machine.js';
import type { DiscardReason, TurnConfig, TurnId, TurnState } from '../core/turn-machine/types.js';
import type { SttEngine } from '../engines/stt/types.js';
import type { TtsEngine } from '../engines/tts/types.js';
import type { VadEngine } from '../engines/vad/types.js';

// ─── Ports ──────────────────────────────────────────────────────────────────────────────────────

/** The audio output. The real backend (device, resampling, the echo canceller's reference) is another module's. */
export interface SpeakerPort {
  /** Queue `pcm` after whatever is queued; it plays as soon as the queue reaches it. */
  play(pcm: Int16Array, sampleRate: number, turnId: TurnId): void;
  /** Stop at once and flush the queue; returns the samples played since the last stop. Resets playedMs to 0. */
  stop(): number;
  /** Milliseconds of the queued audio heard since the last stop() (or creation), over all play() calls in order. */
  playedMs(): number;
  /**
   * Optional hold: go quiet at once but keep what was not heard yet (and anything play()ed meanwhile);
   * resume() plays on from there. playedMs() stands still while held. stop() also ends a hold.
   */
  pause?(): void;
  resume?(): void;
  /**
   * For the echo canceller: what the speaker put out (16 kHz, silence as zeros) during the last
   * `samples` samples of time, i.e. during the mic frame just captured. Optional: a backend that
   * cancels the echo itself delivers a clean mic and leaves this out.
   */
  reference?(samples: number): Int16Array;
}

/**
 * The echo canceller's far end from a capture of the speaker's output on the mic's clock
 * (app/live/monitor-reference.ts): the output during the `samples` that ended at mic capture time `endAt`.
 * Used instead of `speaker.reference()` for frames that carry a capture time.
 */
export interface ReferencePort {
  frame(samples: number, endAt: number): Promise<Int16Array>;
}

/** An acoustic echo canceller (app/audio/echo-canceller.ts's EchoCanceller fits): mic and reference in, clean mic out. */
export interface EchoCancellerPort {
  process(mic: Int16Array, reference: Int16Array): Int16Array;
}

export interface ClockPort { now(): number }

/** Read-only understanding for speculation: `parse` must not write anything; `act` runs the turn on a parse. */
export interface SpeculatorPort {
  parse(words: readonly string[], opts: { signal: AbortSignal }): Promise<unknown>;
  act(sessionId: string, parsed: unknown, opts: { signal: AbortSignal }): Promise<TurnResult>;
}

export interface DuplexPorts {
  vad: VadEngine;
  /** With its search already set (setSearch) by the caller. */
  stt: SttEngine;
  tts: TtsEngine;
  agent: DomainAgent;
  speaker: SpeakerPort;
  clock: ClockPort;
  speculator?: SpeculatorPort | undefined;
  /** Applied to every mic frame before the VAD, with `reference` or else `speaker.reference()` as the far end. */
  echo?: EchoCancellerPort | undefined;
  reference?: ReferencePort | undefined;
}

// ─── Config ─────────────────────────────────────────────────────────────────────────────────────

export interface DuplexConfig {
  sessionId: string;
  /** Full duplex (true) or today's half duplex. */
  bargeIn: boolean;
  interruptedReply: TurnConfig['interruptedReply'];
  endpoint: EndpointConfig;
  /** What the dialog expects now (grammar classifier, phone / date / yes-no); asked at every decision. */
  endpointContext: () => EndpointContext;
  overlap: OverlapConfig;
  /** Tell the overlap classifier the agent's voice may be in the mic (no echo canceller upstream). */
  echoLikely: boolean;
  /** VAD speech threshold. */
  vadThreshold: number;
  /** Shorter bursts are dropped by the segmenter. */
  minSpeechMs: number;
  /** Silence that closes one VAD utterance (not the turn: that is the endpoint policy's). */
  pauseMs: number;
  speechPadMs: number;
  /** A partial's last word counts for the overlap classifier only once unchanged this long (a growing "m…" is not a word yet). */
  wordSettleMs: number;
  /**
   * Hold the reply the moment speech starts over it (before anyone knows whether it is a barge-in),
   * and play on if it turns out to be a backchannel or a noise: the speaker goes quiet within a VAD
   * window of the customer's onset. Needs a speaker with pause/resume.
   */
  holdOnOnset: boolean;
  /** Thinking this long plays the filler once per turn; null: never. */
  fillerAfterMs: number | null;
  fillerText: string;
  /** Said before the rest of a reply under the 'rephrase' policy ("Where was I? Your total is…"). */
  rephraseBridge: string;
  /** Said when understanding fails (the error is still reported); null: the turn is dropped silently. */
  apologyText: string | null;
  voice?: string | undefined;
}

export const DEFAULT_DUPLEX_CONFIG: Readonly<Omit<DuplexConfig, 'sessionId'>> = Object.freeze({
  bargeIn: true,
  interruptedReply: DEFAULT_TURN_CONFIG.interruptedReply,
  endpoint: DEFAULT_ENDPOINT_CONFIG,
  endpointContext: () => ({}),
  overlap: DEFAULT_OVERLAP_CONFIG,
  echoLikely: false,
  vadThreshold: 0.5,
  minSpeechMs: 64,
  pauseMs: 128,
  speechPadMs: 96,
  wordSettleMs: 150,
  holdOnOnset: true,
  fillerAfterMs: 1200,
  fillerText: 'One moment.',
  rephraseBridge: 'Where was I?',
  apologyText: 'Sorry, something went wrong on my side. Could you say that again?',
});

// ─── Events out ─────────────────────────────────────────────────────────────────────────────────

export interface HistoryEntry {
  role: 'user' | 'agent';
  turnId: TurnId;
  text: string;
  interrupted: boolean;
}

export type MeasureName =
  /** End of the user's speech (start of the trailing silence) → the reply's first audio handed to the speaker. */
  | 'speech_end_to_first_audio'
  /** Endpoint decision → the reply's first audio. */
  | 'endpoint_to_first_audio'
  /** Onset of the interrupting speech → speaker.stop(). */
  | 'onset_to_stop'
  /** Onset of speech over the reply → speaker.pause() (the hold; it may be resumed). */
  | 'onset_to_hold'
  /** How long a hold lasted before the reply played on (a backchannel or a noise). */
  | 'hold_to_resume'
  /** Barge-in decision → speaker.stop(). */
  | 'decision_to_stop';

/** `atMs` is always the injected clock; `streamMs` the position in the mic stream. */
export type DuplexEvent =
  | { type: 'state'; from: TurnState; to: TurnState; atMs: number }
  | { type: 'speech_start'; streamMs: number; atMs: number; overlap: boolean }
  | { type: 'speech_end'; streamMs: number; atMs: number }
  | { type: 'partial'; text: string; turnId: TurnId | null; atMs: number }
  | { type: 'final'; text: string; turnId: TurnId; confidence: number | null; atMs: number }
  | { type: 'endpoint'; turnId: TurnId; silenceMs: number; reason: EndpointReason; waitedMs: number; atMs: number }
  | { type: 'turn'; turnId: TurnId; text: string; speculated: boolean; atMs: number }
  | { type: 'reply'; turnId: TurnId; text: string; result: TurnResult; atMs: number }
  | { type: 'barge_in'; text: string; onsetStreamMs: number; speechMs: number; atMs: number }
  | { type: 'backchannel'; text: string; atMs: number }
  | { type: 'hold'; onsetStreamMs: number; atMs: number }
  | { type: 'resume'; heldMs: number; atMs: number }
  | { type: 'filler'; turnId: TurnId; text: string; atMs: number }
  | { type: 'playback_done'; turnId: TurnId; atMs: number }
  | { type: 'history'; entry: HistoryEntry }
  | { type: 'measure'; name: MeasureName; ms: number; turnId: TurnId | null }
  | { type: 'discard'; turnId: TurnId; reason: DiscardReason }
  | { type: 'error'; code: string; message: string; turnId?: TurnId | undefined };
