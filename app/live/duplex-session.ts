/**
 * The full-duplex live loop: microphone frames in, speech out, the turn machine
 * (app/core/turn-machine) in the middle. This is the driver the machine's header asks for: it
 * turns VAD windows, recognizer results, brain replies and player progress into machine events,
 * and the machine's commands into effects (AbortControllers, TTS → speaker, history).
 *
 * Per 512-sample frame (32 ms at 16 kHz), in order:
 *   0. With an `echo` port, the echo canceller cleans the frame first; its far end is the
 *      `reference` port (the speaker's monitor at the frame's capture time) or else
 *      `speaker.reference()`. The residual echo gate (app/audio/echo-gate.ts) then decides whether
 *      the VAD may call the frame speech at all while the speaker plays.
 *   1. VAD → SpeechSegmenter. The segmenter's own `minSilenceMs` is only the *pause* that closes a
 *      VAD utterance (`pauseMs`, short); when the turn ends is the endpoint policy's call
 *      (endpointSilenceMs over the words heard so far), measured from the start of the silence.
 *   2. The recognizer is fed while an utterance is open (with a pre-roll from `speechPadMs`);
 *      partials are emitted; the final is taken at the utterance's end.
 *   3. Speech heard while Heed speaks (full duplex) is an *overlap*: its partial words (all but a
 *      word still growing, see `wordSettleMs`) go to an OverlapTracker every window. With
 *      `holdOnOnset` the reply is paused the moment the overlap starts (speaker.pause) and played on
 *      (speaker.resume) once it is a 'backchannel' or ends as anything but a barge-in;
 *      'barge_in' is dispatched in the same window, so
 *      `speaker.stop()` happens within the window the decision was made in. Its recognizer result
 *      is held until the machine names the utterance (`begin_utterance`), or dropped.
 *   4. Time-based checks on the injected clock: the filler after `fillerAfterMs` of thinking
 *      (`tool_slow` → `play_filler`), playback progress / done from `speaker.playedMs()`.
 *
 * Nothing here reads a real clock or sets a timer: time is the injected `clock.now()` and the
 * stream position of the audio, so a test drives it all with fakes on a virtual clock.
 *
 * Not driven here: `silence_timeout` (no event for a silent customer yet); `start_listening` does not
 * reset the VAD (the mic stream is continuous and an utterance may be in progress); `rephrase_rest`
 * says a bridge and then the remainder word for word (no model rewords prices or numbers). Playback progress is polled once
 * per mic frame (or `tick()`), and which words were heard is estimated (played-text.ts).
 *
 * Speculation: DomainAgent's understand / handleTranscript act on the store, so speculation needs
 * the `speculator` port (app/live/agent-speculator.ts over PackAgent.interpret / act): `parse`
 * (read-only) runs on partials the policy calls complete, its result is reused only when the final
 * words match (SpeculationCache), and `act` then runs the turn on it.
 *
 * Ports, config and events are in duplex-types.ts.
 */
import { EchoGate } from '../audio/echo-gate.js';
import { floatToInt16, int16ToFloat, rms } from '../audio/pcm.js';
import { OverlapTracker } from '../core/barge-in/backchannel.js';
import { rephraseRest } from '../core/barge-in/rephrase-rest.js';
import { endpointSilenceMs, type EndpointReason } from '../core/endpointing/endpoint-policy.js';
import { SpeculationCache } from '../core/endpointing/speculation.js';
import { HeedError, isAbortError } from '../core/errors.js';
import type { TurnResult } from '../core/turn.js';
import { initialState, reduce } from '../core/turn-machine/turn-machine.js';
import type { MachineState, TurnCommand, TurnConfig, TurnEvent, TurnId, TurnState } from '../core/turn-machine/types.js';
import type { TtsAudio } from '../engines/tts/types.js';
import { SpeechSegmenter } from '../engines/vad/segmenter.js';
import { DEFAULT_DUPLEX_CONFIG, type DuplexConfig, type DuplexEvent, type DuplexPorts, type HistoryEntry } from './duplex-types.js';
import { playedTextAt, timedSentences, type TimedSentence } from './played-text.js';

// ─── Internals ──────────────────────────────────────────────────────────────────────────────────

/** One VAD utterance as the driver follows it. */
interface Utt {
  startMs: number;
  /** Named by the machine's begin_utterance; null: not (yet) the user's (overlap, half duplex). */
  turnId: TurnId | null;
  overlap: OverlapTracker | null;
  backchannelSent: boolean;
  probSum: number;
  probN: number;
  /** The loudest frame of the utterance so far (dBFS): the acoustic end of speech is judged against it. */
  peakDb: number;
  partial: string;
  partialAtMs: number;
  sttOpen: boolean;
}

interface Speech {
  turnId: TurnId;
  text: string;
  sentences: TimedSentence[];
  /** Where this reply starts in the speaker's queue (a filler may be ahead of it). */
  offsetMs: number;
  totalMs: number;
  synthDone: boolean;
  lastPlayedMs: number;
  ctrl: AbortController;
  firstAudio: boolean;
}

interface PendingEndpoint {
  turnId: TurnId;
  fromStreamMs: number;
  silenceMs: number;
  reason: EndpointReason;
}

interface SpeculationEntry { ctrl: AbortController; parsed: Promise<unknown> }

const OPEN_TURN = 'open';
/** How much earlier than the VAD the acoustic end of speech may put the start of the silence. */
const ACOUSTIC_LEAD_MS = 160;

function errorOf(err: unknown): { code: string; message: string } {
  if (err instanceof HeedError) return { code: err.code, message: err.message };
  return { code: 'INTERNAL', message: err instanceof Error ? err.message : String(err) };
}

export class DuplexSession {
  readonly #p: DuplexPorts;
  readonly #c: DuplexConfig;
  readonly #turnConfig: TurnConfig;
  readonly #seg: SpeechSegmenter;
  readonly #listeners = new Set<(e: DuplexEvent) => void>();
  readonly #history: HistoryEntry[] = [];
  readonly #understandings = new Map<TurnId, AbortController>();
  readonly #spec: SpeculationCache<SpeculationEntry>;
  #state: MachineState = initialState();
  #queue: TurnEvent[] = [];
  #dispatching = false;
  #chain: Promise<void> = Promise.resolve();
  #listening = false;
  /** Clock minus stream time, updated per frame. */
  #offset = 0;
  #recent: Array<{ startMs: number; endMs: number; frame: Float32Array; prob: number; db: number }> = [];
  #utt: Utt | null = null;
  #lastProb = 0;
  #pending: PendingEndpoint | null = null;
  #speech: Speech | null = null;
  #filler: AbortController | null = null;
  #queuedMs = 0;
  #thinkingSince = 0;
  #speechEndAt: number | null = null;
  #endpointAt: number | null = null;
  /** A barge-in being dispatched: its onset and decision on the clock (for the stop measures). */
  #bargeIn: { onsetAt: number; decidedAt: number } | null = null;
  readonly #gate = new EchoGate();
  /** The reply is held (paused) for speech over it: since when (clock). */
  #held: { at: number } | null = null;
  #gatedFrames = 0;

  constructor(ports: DuplexPorts, config: Partial<DuplexConfig> & { sessionId: string }) {
    this.#p = ports;
    this.#c = { ...DEFAULT_DUPLEX_CONFIG, ...config };
    this.#turnConfig = { bargeIn: this.#c.bargeIn, interruptedReply: this.#c.interruptedReply };
    this.#seg = new SpeechSegmenter({
      threshold: this.#c.vadThreshold, minSpeechMs: this.#c.minSpeechMs, minSilenceMs: this.#c.pauseMs, speechPadMs: this.#c.speechPadMs,
    });
    this.#spec = new SpeculationCache<SpeculationEntry>({ dispose: (e) => e.ctrl.abort() });
  }

  get phase(): TurnState { return this.#state.phase; }
  get state(): MachineState { return this.#state; }
  get history(): readonly HistoryEntry[] { return this.#history; }
  /** Mic frames the residual echo gate kept from speech detection (diagnostics). */
  get echoGatedFrames(): number { return this.#gatedFrames; }

  /** Subscribes to the session's events; returns the unsubscribe. */
  on(listener: (e: DuplexEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => { this.#listeners.delete(listener); };
  }

  /** Opens the session (fresh VAD state) and starts listening. */
  async start(): Promise<void> {
    await this.#p.vad.reset();
    this.#seg.reset();
    this.#listening = true;
    this.#dispatch({ type: 'session_start' });
  }

  /** One mic frame (16 kHz mono float, 512 samples expected). Frames are processed in order. */
  pushMicFrame(frame: Float32Array, capturedAt?: number): Promise<void> {
    const copy = frame.slice();
    this.#chain = this.#chain.then(() => this.#frame(copy, capturedAt));
    return this.#chain;
  }

  /** Drives the session from a mic stream until it ends or the session ends. */
  async run(mic: AsyncIterable<Float32Array>): Promise<void> {
    for await (const frame of mic) {
      if (!this.#listening) break;
      await this.pushMicFrame(frame);
    }
  }

  /** The time-based checks alone (filler, playback progress), for a caller whose mic is paused. */
  tick(): void {
    this.#checkFiller();
    this.#pollPlayback();
  }

  /** Ends the session: cancels the understanding, stops playback (history keeps what was heard), releases the recognizer. */
  async end(): Promise<void> {
    this.#dispatch({ type: 'session_end' });
    this.#chain = this.#chain.then(() => this.#closeStt());
    await this.#chain;
    for (const c of this.#understandings.values()) c.abort();
    this.#spec.clear();
  }

  // ─── Frames ───────────────────────────────────────────────────────────────────────────────────

  async #frame(raw: Float32Array, capturedAt: number | undefined): Promise<void> {
    if (!this.#listening) return;
    try {
      const { frame, echoOnly } = await this.#cancelEcho(raw, capturedAt);
      // A copy: the worker-backed VAD (VadClient) transfers its input's buffer, and the frame is needed after.
      const vadProbs = await this.#p.vad.process(frame.slice());
      // Residual echo is not speech: the VAD keeps its state, the segmenter sees silence.
      const probs = echoOnly ? vadProbs.map(() => 0) : vadProbs;
      const startMs = this.#seg.positionMs;
      const events = this.#seg.push(probs, frame);
      const endMs = this.#seg.positionMs;
      this.#offset = this.#p.clock.now() - endMs;
      const db = 20 * Math.log10(Math.max(1e-6, rms(frame)));
      this.#recent.push({ startMs, endMs, frame, prob: probs.length > 0 ? probs.reduce((a, b) => a + b, 0) / probs.length : 0, db });
      if (this.#utt && !echoOnly) this.#utt.peakDb = Math.max(this.#utt.peakDb, db);
      // Enough for the pre-roll and for looking back from a speech end to the acoustic end (#silenceFrom).
      const keepMs = Math.max(this.#c.speechPadMs + this.#c.minSpeechMs + 64, this.#c.pauseMs + ACOUSTIC_LEAD_MS + 64);
      while (this.#recent.length > 0 && (this.#recent[0]?.endMs ?? 0) < endMs - keepMs - 64) this.#recent.shift();
      for (const p of probs) {
        this.#lastProb = p;
        if (this.#utt) { this.#utt.probSum += p; this.#utt.probN += 1; }
      }
      if (this.#utt?.sttOpen) await this.#feed(frame);
      for (const ev of events) {
        if (ev.type === 'speech-start') await this.#speechStart(ev.atMs);
        else await this.#speechEnd(ev.endMs);
      }
      this.#updateOverlap(false);
      this.#checkEndpoint();
      this.tick();
    } catch (err) {
      if (!this.#listening && isAbortError(err)) return;
      // The utterance in progress is lost with the recognizer's state; the next speech starts afresh.
      this.#pending = null;
      await this.#closeStt();
      const e = errorOf(err);
      this.#emit({ type: 'error', code: e.code, message: e.message });
      this.#dispatch({ type: 'error', code: e.code });
    }
  }

  /** The echo canceller's output and whether the residual gate calls it echo only (false without a canceller). */
  async #cancelEcho(frame: Float32Array, capturedAt: number | undefined): Promise<{ frame: Float32Array; echoOnly: boolean }> {
    const { echo, speaker, reference } = this.#p;
    if (!echo) return { frame, echoOnly: false };
    let ref: Int16Array;
    if (reference && capturedAt !== undefined) ref = await reference.frame(frame.length, capturedAt);
    else if (speaker.reference) ref = speaker.reference(frame.length);
    else return { frame, echoOnly: false };
    const mic = floatToInt16(frame);
    const clean = echo.process(mic, ref);
    // While an utterance is open the mic may hold the customer: the gate does not learn from it.
    const g = this.#gate.update(mic, ref, clean, this.#utt === null);
    if (g.echoOnly) this.#gatedFrames += 1;
    return { frame: int16ToFloat(clean), echoOnly: g.echoOnly };
  }

  async #speechStart(atMs: number): Promise<void> {
    this.#pending = null;
    const overlap = this.#state.phase === 'speaking' && this.#c.bargeIn;
    const u: Utt = {
      startMs: atMs, turnId: null, overlap: overlap ? new OverlapTracker(this.#c.overlap) : null, backchannelSent: false,
      probSum: 0, probN: 0, peakDb: -120, partial: '', partialAtMs: atMs, sttOpen: false,
    };
    // The frames since the onset count for the overlap's VAD mean.
    for (const r of this.#recent) if (r.endMs > atMs) { u.probSum += r.prob; u.probN += 1; u.peakDb = Math.max(u.peakDb, r.db); }
    this.#utt = u;
    this.#emit({ type: 'speech_start', streamMs: atMs, atMs: this.#clockAt(atMs), overlap });
    if (overlap) this.#hold(atMs);
    this.#dispatch({ type: 'speech_start', atMs });
    await this.#p.stt.begin();
    u.sttOpen = true;
    const from = atMs - this.#c.speechPadMs;
    for (const r of this.#recent) if (r.endMs > from) await this.#feed(r.frame);
  }

  async #feed(frame: Float32Array): Promise<void> {
    const u = this.#utt;
    if (!u?.sttOpen) return;
    const h = await this.#p.stt.feed(floatToInt16(frame));
    if (!h || h.text === '' || h.text === u.partial) return;
    u.partial = h.text;
    u.partialAtMs = this.#seg.positionMs;
    this.#emit({ type: 'partial', text: h.text, turnId: u.turnId, atMs: this.#p.clock.now() });
    this.#speculate(u);
  }

  async #speechEnd(endMs: number): Promise<void> {
    const u = this.#utt;
    if (!u) return;
    this.#updateOverlap(true);
    this.#utt = null;
    let text = '';
    let confidence: number | null = null;
    if (u.sttOpen) {
      u.sttOpen = false;
      const h = await this.#p.stt.end();
      // As the half-duplex listener: no final from the grammar → the best partial path.
      text = h.text !== '' ? h.text : u.partial;
      confidence = h.text !== '' ? h.confidence : null;
    }
    this.#emit({ type: 'speech_end', streamMs: endMs, atMs: this.#clockAt(endMs) });
    this.#dispatch({ type: 'speech_end', atMs: endMs });
    if (u.turnId === null) return; // not the user's turn: a backchannel, noise, or half duplex
    this.#emit({ type: 'final', text, turnId: u.turnId, confidence, atMs: this.#p.clock.now() });
    this.#dispatch({ type: 'final', text, turnId: u.turnId });
    const s = this.#state;
    if (s.phase !== 'user_speaking' || s.heard[s.heard.length - 1]?.turnId !== u.turnId) return;
    const words = this.#turnWords();
    const d = endpointSilenceMs(words, this.#c.endpointContext(), this.#c.endpoint);
    this.#pending = { turnId: u.turnId, fromStreamMs: this.#silenceFrom(u, endMs), silenceMs: d.silenceMs, reason: d.reason };
    this.#checkEndpoint();
  }

  /**
   * Where the silence after an utterance began, for the endpoint's wait: the VAD's `endMs`, or
   * earlier where the sound itself fell away. Silero's probability stays up for a frame or three
   * after the last phoneme; the end of the last frame within 20 dB of the utterance's loudest is
   * the acoustic end (at most ACOUSTIC_LEAD_MS before the VAD's).
   */
  #silenceFrom(u: Utt, endMs: number): number {
    let acoustic = -Infinity;
    for (const r of this.#recent) if (r.startMs < endMs && r.db >= u.peakDb - 20) acoustic = Math.max(acoustic, r.endMs);
    if (!Number.isFinite(acoustic)) return endMs;
    return Math.min(endMs, Math.max(acoustic, endMs - ACOUSTIC_LEAD_MS));
  }

  /** The words of the open user turn so far: carried, finals, and the live partial. */
  #turnWords(): string[] {
    const s = this.#state;
    const parts: string[] = [];
    if (s.phase === 'user_speaking') {
      parts.push(s.carried);
      for (const h of s.heard) if (h.text !== null) parts.push(h.text);
    }
    if (this.#utt?.turnId !== null && this.#utt !== null) parts.push(this.#utt.partial);
    return parts.join(' ').split(/\s+/u).filter((w) => w.length > 0);
  }

  #checkEndpoint(): void {
    const p = this.#pending;
    if (!p || this.#seg.inSpeech || this.#lastProb >= this.#c.vadThreshold) return;
    const waited = this.#seg.positionMs - p.fromStreamMs;
    if (waited < p.silenceMs) return;
    this.#pending = null;
    this.#speechEndAt = this.#clockAt(p.fromStreamMs);
    this.#endpointAt = this.#p.clock.now();
    this.#emit({ type: 'endpoint', turnId: p.turnId, silenceMs: p.silenceMs, reason: p.reason, waitedMs: waited, atMs: this.#endpointAt });
    this.#dispatch({ type: 'endpoint', turnId: p.turnId });
  }

  // ─── Overlap (speech while Heed speaks) ───────────────────────────────────────────────────────

  #updateOverlap(ended: boolean): void {
    const u = this.#utt;
    const t = u?.overlap;
    if (!u || !t || t.decision.final) { this.#release(); return; }
    if (this.#state.phase !== 'speaking') { u.overlap = null; this.#release(); return; }
    const now = this.#seg.positionMs;
    const words = u.partial.split(/\s+/u).filter((w) => w.length > 0);
    const settled = ended || now - u.partialAtMs >= this.#c.wordSettleMs;
    const partialText = (settled ? words : words.slice(0, -1)).join(' ');
    const d = t.update({
      partialText, speechMs: now - u.startMs, vadProbMean: u.probN > 0 ? u.probSum / u.probN : 0, echoLikely: this.#c.echoLikely, ended,
    });
    if (d.cls === 'barge_in') {
      this.#pollPlayback(); // the machine records what was heard up to now
      const decidedAt = this.#p.clock.now();
      this.#bargeIn = { onsetAt: this.#clockAt(u.startMs), decidedAt };
      this.#emit({ type: 'barge_in', text: partialText, onsetStreamMs: u.startMs, speechMs: now - u.startMs, atMs: decidedAt });
      this.#dispatch({ type: 'barge_in', atMs: u.startMs });
      this.#bargeIn = null;
      // Double talk may have pushed the echo canceller off its path: the gate relearns the residual from the next reply.
      this.#gate.reset();
      return;
    }
    if (d.cls === 'backchannel' && !u.backchannelSent) {
      u.backchannelSent = true;
      this.#emit({ type: 'backchannel', text: partialText, atMs: this.#p.clock.now() });
      this.#dispatch({ type: 'backchannel', text: partialText });
    }
    // Not a barge-in (an acknowledgement, or speech that ended as a noise): the reply plays on.
    if (d.cls === 'backchannel' || d.final) this.#release();
  }

  /** Speech started over the reply: hold it (the speaker goes quiet, nothing is lost). */
  #hold(onsetStreamMs: number): void {
    const { speaker } = this.#p;
    if (this.#held || !this.#c.holdOnOnset || !speaker.pause || !speaker.resume || !this.#speech) return;
    speaker.pause();
    const now = this.#p.clock.now();
    this.#held = { at: now };
    this.#emit({ type: 'hold', onsetStreamMs, atMs: now });
    this.#emit({ type: 'measure', name: 'onset_to_hold', ms: now - this.#clockAt(onsetStreamMs), turnId: this.#speech.turnId });
  }

  /** The speech over the reply was not a barge-in: play on from where the hold began. */
  #release(): void {
    const h = this.#held;
    if (!h) return;
    this.#held = null;
    this.#p.speaker.resume?.();
    const now = this.#p.clock.now();
    this.#emit({ type: 'resume', heldMs: now - h.at, atMs: now });
    this.#emit({ type: 'measure', name: 'hold_to_resume', ms: now - h.at, turnId: this.#speech?.turnId ?? null });
  }

  // ─── Machine ──────────────────────────────────────────────────────────────────────────────────

  /** Reduces events in order; commands may dispatch more events, which queue behind. */
  #dispatch(event: TurnEvent): void {
    this.#queue.push(event);
    if (this.#dispatching) return;
    this.#dispatching = true;
    try {
      for (let e = this.#queue.shift(); e !== undefined; e = this.#queue.shift()) {
        const before = this.#state;
        const step = reduce(before, e, this.#turnConfig);
        this.#state = step.state;
        if (step.state.phase === 'thinking' && (before.phase !== 'thinking' || before.turnId !== step.state.turnId)) {
          this.#thinkingSince = this.#p.clock.now();
        }
        if (before.phase !== step.state.phase) this.#emit({ type: 'state', from: before.phase, to: step.state.phase, atMs: this.#p.clock.now() });
        for (const c of step.commands) this.#execute(c);
      }
    } finally {
      this.#dispatching = false;
    }
  }

  #execute(c: TurnCommand): void {
    switch (c.type) {
      case 'start_listening':
        // The VAD keeps its stream (the segmenter's clock and an utterance in progress survive).
        return;
      case 'stop_listening':
        this.#listening = false;
        this.#pending = null;
        return;
      case 'begin_utterance':
        if (this.#utt && this.#utt.turnId === null) {
          this.#utt.turnId = c.turnId;
          this.#utt.overlap = null;
        }
        return;
      case 'start_understanding':
        this.#understand(c.turnId, c.text);
        return;
      case 'cancel_understanding':
        this.#understandings.get(c.turnId)?.abort();
        this.#understandings.delete(c.turnId);
        return;
      case 'rephrase_rest':
        // A spoken bridge, then the rest word for word (app/core/barge-in/rephrase-rest.ts).
        this.#queue.push({ type: 'understood', turnId: c.turnId, reply: rephraseRest(c.spokenText, c.remainder, this.#c.rephraseBridge) });
        return;
      case 'speak':
        this.#speak(c.turnId, c.text);
        return;
      case 'stop_playback':
        this.#stopPlayback(c.turnId);
        return;
      case 'play_filler':
        this.#playFiller(c.turnId);
        return;
      case 'record_history':
        this.#record({ role: 'agent', turnId: c.turnId, text: c.spokenText, interrupted: c.interrupted });
        return;
      case 'discard':
        if (c.reason !== 'stale' || this.#listening) this.#emit({ type: 'discard', turnId: c.turnId, reason: c.reason });
        if (c.reason === 'session_end' || c.reason === 'error' || c.reason === 'no_speech') this.#spec.discard(OPEN_TURN);
        return;
    }
  }

  #record(entry: HistoryEntry): void {
    this.#history.push(entry);
    this.#emit({ type: 'history', entry });
  }

  // ─── Understanding ────────────────────────────────────────────────────────────────────────────

  #speculate(u: Utt): void {
    const sp = this.#p.speculator;
    if (!sp || u.turnId === null || this.#state.phase !== 'user_speaking') return;
    const words = this.#turnWords();
    if (endpointSilenceMs(words, this.#c.endpointContext(), this.#c.endpoint).reason !== 'complete') return;
    this.#spec.speculate(OPEN_TURN, words, (w) => {
      const ctrl = new AbortController();
      const parsed = sp.parse(w, { signal: ctrl.signal });
      parsed.catch(() => undefined); // a dropped speculation's failure is nobody's
      return { ctrl, parsed };
    });
  }

  #understand(turnId: TurnId, text: string): void {
    const ctrl = new AbortController();
    this.#understandings.set(turnId, ctrl);
    const sp = this.#p.speculator;
    const hit = sp ? this.#spec.take(OPEN_TURN, text.split(/\s+/u)) : null;
    this.#emit({ type: 'turn', turnId, text, speculated: hit !== null, atMs: this.#p.clock.now() });
    this.#record({ role: 'user', turnId, text, interrupted: false });
    const { agent } = this.#p;
    const run = async (): Promise<TurnResult> => {
      if (sp && hit) return sp.act(this.#c.sessionId, await hit.parsed, { signal: ctrl.signal });
      if (agent.understand) return agent.understand(this.#c.sessionId, text, { channel: 'voice', signal: ctrl.signal });
      return agent.handleTranscript(this.#c.sessionId, text);
    };
    run().then(
      (result) => {
        if (ctrl.signal.aborted) return; // cancelled: the machine would discard it as stale anyway
        this.#understandings.delete(turnId);
        this.#emit({ type: 'reply', turnId, text: result.spoken, result, atMs: this.#p.clock.now() });
        this.#dispatch({ type: 'understood', turnId, reply: result.spoken });
      },
      (err: unknown) => {
        if (ctrl.signal.aborted) return;
        this.#understandings.delete(turnId);
        const e = errorOf(err);
        this.#emit({ type: 'error', code: e.code, message: e.message, turnId });
        // The customer is owed an answer: the apology is the turn's reply (nothing was written).
        const apology = this.#c.apologyText;
        if (apology === null) { this.#dispatch({ type: 'error', code: e.code, turnId }); return; }
        this.#dispatch({ type: 'understood', turnId, reply: apology });
      },
    );
  }

  #checkFiller(): void {
    const s = this.#state;
    const after = this.#c.fillerAfterMs;
    if (s.phase !== 'thinking' || s.filler || after === null) return;
    if (this.#p.clock.now() - this.#thinkingSince >= after) this.#dispatch({ type: 'tool_slow', turnId: s.turnId });
  }

  // ─── Speaking ─────────────────────────────────────────────────────────────────────────────────

  #play(audio: TtsAudio, turnId: TurnId): number {
    const ms = (audio.pcm.length / audio.sampleRate) * 1000;
    this.#p.speaker.play(audio.pcm, audio.sampleRate, turnId);
    this.#queuedMs += ms;
    return ms;
  }

  #playFiller(turnId: TurnId): void {
    const ctrl = new AbortController();
    this.#filler = ctrl;
    const text = this.#c.fillerText;
    this.#emit({ type: 'filler', turnId, text, atMs: this.#p.clock.now() });
    this.#p.tts.synthesize(text, { voice: this.#c.voice, signal: ctrl.signal }).then(
      (audio) => {
        const s = this.#state;
        // Only while still thinking about this turn: a filler never plays over or after the reply.
        if (ctrl.signal.aborted || s.phase !== 'thinking' || s.turnId !== turnId || audio.pcm.length === 0) return;
        this.#play(audio, turnId);
      },
      () => undefined, // a filler that fails is not worth an apology
    );
  }

  #speak(turnId: TurnId, text: string): void {
    this.#filler = null;
    const sp: Speech = {
      turnId, text, sentences: timedSentences(text), offsetMs: this.#queuedMs, totalMs: 0, synthDone: false, lastPlayedMs: 0,
      ctrl: new AbortController(), firstAudio: false,
    };
    this.#speech = sp;
    void this.#synthesize(sp);
  }

  async #synthesize(sp: Speech): Promise<void> {
    const { signal } = sp.ctrl;
    let index = 0;
    try {
      for (const s of sp.sentences) {
        let ms = 0;
        for await (const audio of this.#p.tts.synthesizeStream(s.text, { voice: this.#c.voice, signal })) {
          if (signal.aborted) return;
          if (audio.pcm.length === 0) continue;
          if (!sp.firstAudio) this.#firstAudio(sp);
          const chunkMs = this.#play(audio, sp.turnId);
          ms += chunkMs;
          sp.totalMs += chunkMs;
          this.#dispatch({ type: 'tts_chunk', turnId: sp.turnId, index });
          index += 1;
        }
        s.ms = ms;
      }
      if (signal.aborted) return;
      sp.synthDone = true;
      this.#pollPlayback();
    } catch (err) {
      if (signal.aborted) return;
      const e = errorOf(err);
      this.#emit({ type: 'error', code: e.code, message: e.message, turnId: sp.turnId });
      this.#dispatch({ type: 'error', code: e.code, turnId: sp.turnId });
    }
  }

  #firstAudio(sp: Speech): void {
    sp.firstAudio = true;
    const now = this.#p.clock.now();
    if (this.#speechEndAt !== null) this.#emit({ type: 'measure', name: 'speech_end_to_first_audio', ms: now - this.#speechEndAt, turnId: sp.turnId });
    if (this.#endpointAt !== null) this.#emit({ type: 'measure', name: 'endpoint_to_first_audio', ms: now - this.#endpointAt, turnId: sp.turnId });
    this.#speechEndAt = null;
    this.#endpointAt = null;
  }

  #pollPlayback(): void {
    const sp = this.#speech;
    const s = this.#state;
    if (!sp || s.phase !== 'speaking' || s.turnId !== sp.turnId) return;
    const played = Math.min(sp.totalMs, Math.max(0, this.#p.speaker.playedMs() - sp.offsetMs));
    if (played > sp.lastPlayedMs) {
      sp.lastPlayedMs = played;
      this.#dispatch({ type: 'playback_progress', turnId: sp.turnId, playedMs: played, playedText: playedTextAt(sp.text, sp.sentences, played) });
    }
    if (sp.synthDone && played >= sp.totalMs && this.#speech === sp) {
      this.#speech = null;
      this.#emit({ type: 'playback_done', turnId: sp.turnId, atMs: this.#p.clock.now() });
      this.#dispatch({ type: 'playback_done', turnId: sp.turnId });
    }
  }

  #stopPlayback(turnId: TurnId): void {
    this.#speech?.ctrl.abort();
    this.#filler?.abort();
    this.#speech = null;
    this.#filler = null;
    this.#p.speaker.stop();
    this.#held = null;
    this.#queuedMs = 0;
    const b = this.#bargeIn;
    this.#bargeIn = null;
    if (b) {
      const now = this.#p.clock.now();
      this.#emit({ type: 'measure', name: 'onset_to_stop', ms: now - b.onsetAt, turnId });
      this.#emit({ type: 'measure', name: 'decision_to_stop', ms: now - b.decidedAt, turnId });
    }
  }

  async #closeStt(): Promise<void> {
    const u = this.#utt;
    this.#utt = null;
    if (u?.sttOpen) {
      u.sttOpen = false;
      await this.#p.stt.end().catch(() => undefined);
    }
  }

  #clockAt(streamMs: number): number {
    return streamMs + this.#offset;
  }

  #emit(e: DuplexEvent): void {
    for (const l of this.#listeners) l(e);
  }
}
