/**
 * `heed start` in full duplex (config `live.duplex: true`): Heed listens while it speaks, so the
 * customer can interrupt ("no wait…": barge-in, the reply stops) or acknowledge ("mhm": a
 * backchannel, the reply goes on). The loop is app/live/duplex-session.ts over an audio backend
 * (app/audio/io/backends.ts: PulseAudio, else PortAudio; `live.audioBackend`, `live.inputDevice`,
 * `live.outputDevice`): mic frames in, the speaker port (app/live/pulse-speaker.ts) out, and the speex
 * echo canceller in between when `live.echoCancellation` is on. On PulseAudio the canceller's
 * reference is the output sink's monitor on the mic's clock (app/live/monitor-reference.ts);
 * elsewhere the output's played-position model. Understanding is speculated through the pack
 * agent's read-only interpret (app/live/agent-speculator.ts). HEED_AEC_DUMP=<dir> appends the raw
 * mic, reference and cleaned frames (16 kHz s16le) there, for tuning an installation's echo path.
 *
 * `--json` prints the same event lines as the half-duplex loop (ready, listening, speech-start,
 * partial, turn, error) plus `barge-in`, `backchannel`, `hold`, `resume` and `filler` (the filler
 * started: understanding is slow, e.g. the store is locked by another writer). Differences: `turn.confidence`
 * is the least of its pieces' when the customer paused mid-turn, and `turn` is printed when the reply's
 * first audio is queued, with endOfSpeechToFirstAudioMs measured from the start of the trailing silence.
 */
import { appendFileSync } from 'node:fs';
import type { AudioBackend } from '../audio/io/types.js';
import { EchoCanceller } from '../audio/echo-canceller.js';
import { grammarClassifier, type EndpointContext, type PartialClassifier } from '../core/endpointing/endpoint-policy.js';
import { HeedError } from '../core/errors.js';
import type { DomainAgent, TurnResult } from '../core/turn.js';
import type { TurnId } from '../core/turn-machine/types.js';
import type { Grammar } from '../core/grammar/ast.js';
import type { PackAgent } from '../brain/open-agent.js';
import { agentSpeculator } from '../live/agent-speculator.js';
import { DuplexSession } from '../live/duplex-session.js';
import type { DuplexEvent, EchoCancellerPort, SpeculatorPort } from '../live/duplex-types.js';
import { MonitorReference } from '../live/monitor-reference.js';
import { PulseSpeaker } from '../live/pulse-speaker.js';
import type { Runtime } from './boot.js';

export interface DuplexRunOptions {
  sessionId: string;
  /** Stop after this many answered turns (their reply played out or interrupted). */
  maxTurns: number;
  json: boolean;
  /** What the PulseAudio probe found (said in `ready` when the backend is PulseAudio). */
  pulseDetail: string;
  /** Aborted on SIGINT / SIGTERM (the caller's). */
  signal: AbortSignal;
  /** The audio backend, chosen by heed start before the models load (a kiosk without audio is told at once). */
  backend: AudioBackend;
}

/** While idle, how often the store is checked for data changes that alter the grammar. */
const GRAMMAR_CHECK_MS = 10_000;

type Emit = (event: Record<string, unknown>) => void;

/** Runs the full-duplex loop until the signal aborts or maxTurns are done. The caller closes `rt`. */
export async function runDuplex(rt: Runtime, opts: DuplexRunOptions): Promise<number> {
  const cfg = rt.config;
  const emit: Emit = (event) => {
    if (opts.json) console.log(JSON.stringify({ t: Date.now(), ...event }));
    else if (event['type'] === 'turn') console.log(`heard: "${String(event['transcript'])}"\nheed:  ${String(event['reply'])}`);
    else if (event['type'] === 'barge-in') console.log(`(interrupted: "${String(event['text'])}")`);
  };
  const ac = new AbortController();
  const abort = (): void => ac.abort();
  if (opts.signal.aborted) return 0;
  opts.signal.addEventListener('abort', abort, { once: true });

  const voiceRate = (await rt.tts.voices()).find((v) => v.id === cfg.tts.voice)?.sampleRate ?? 16000;
  const { backend } = opts;
  const input = backend.createInput();
  const output = backend.createOutput();
  let echo: EchoCanceller | undefined;
  let monitor: MonitorReference | undefined;
  const monitorInput = backend.createInput();
  try {
    await output.open({ device: cfg.live.outputDevice, sampleRate: voiceRate, signal: ac.signal });
    await input.open({ device: cfg.live.inputDevice, signal: ac.signal });
    if (cfg.live.echoCancellation) {
      echo = new EchoCanceller();
      // The reference is the speaker's own monitor, captured on the mic's clock (monitor-reference.ts).
      // PulseAudio has a monitor of every sink; other backends get the output's played-position model (PulseSpeaker.reference).
      const sink = backend.name === 'pulse' ? cfg.live.outputDevice ?? await defaultSink(backend) : undefined;
      if (sink !== undefined) {
        await monitorInput.open({ device: `${sink}.monitor`, signal: ac.signal });
        monitor = new MonitorReference(monitorInput);
        monitor.start();
      }
    }
    const dumpDir = process.env['HEED_AEC_DUMP'];
    const echoPort: EchoCancellerPort | undefined = echo && dumpDir ? dumping(echo, dumpDir) : echo;
    const speaker = new PulseSpeaker(output);
    const session = new DuplexSession(
      { vad: rt.vad, stt: rt.stt, tts: rt.tts, agent: rt.agent, speculator: speculatorFor(rt.agent, opts.sessionId), speaker, clock: { now: () => performance.now() }, echo: echoPort, reference: monitor },
      {
        sessionId: opts.sessionId,
        bargeIn: cfg.live.bargeIn,
        interruptedReply: cfg.live.interruptedReply,
        rephraseBridge: cfg.live.rephraseBridge,
        endpointContext: endpointContext(rt.agent),
        echoLikely: !echo,
        vadThreshold: cfg.vad.threshold,
        speechPadMs: cfg.vad.speechPadMs,
        voice: cfg.tts.voice,
        holdOnOnset: cfg.live.holdOnOnset,
        fillerAfterMs: cfg.live.fillerAfterMs,
      },
    );
    const loop = new EventMapper(emit, opts.maxTurns, () => ac.abort());
    session.on((e) => loop.on(e));
    const audioDetail = backend.name === 'pulse'
      ? opts.pulseDetail
      : `${backend.name === 'portaudio' ? 'PortAudio' : backend.name}: input ${cfg.live.inputDevice ?? 'default'}, output ${cfg.live.outputDevice ?? 'default'}`;
    emit({ type: 'ready', coldStartMs: Math.round(rt.coldStartMs), audio: audioDetail, backend: backend.name, session: opts.sessionId, duplex: true });
    if (!opts.json) console.log(`Heed is listening in full duplex (${audioDetail}). Ctrl-C to stop.`);

    await session.start();
    let first = true;
    let checkedAt = performance.now();
    try {
      for await (const frame of input) {
        if (ac.signal.aborted) break;
        if (first) { first = false; emit({ type: 'listening' }); }
        // The grammar follows data changes only between utterances, never under the recognizer's feet.
        if (!loop.inSpeech && session.phase === 'listening' && (loop.turnEnded || performance.now() - checkedAt > GRAMMAR_CHECK_MS)) {
          loop.turnEnded = false;
          checkedAt = performance.now();
          await rt.refreshGrammar(ac.signal);
        }
        await session.pushMicFrame(frame, input.capturedAt?.(frame));
      }
    } catch (err) {
      if (!ac.signal.aborted) throw err;
    } finally {
      await session.end().catch(() => undefined);
    }
  } finally {
    opts.signal.removeEventListener('abort', abort);
    ac.abort();
    await input.close();
    await monitorInput.close();
    await output.close();
    echo?.close();
  }
  return 0;
}

/** The default output's name (its monitor is `<name>.monitor`), or undefined when the server has none. */
async function defaultSink(backend: AudioBackend): Promise<string | undefined> {
  const devices = await backend.listDevices().catch(() => []);
  return devices.find((d) => d.direction === 'output' && d.isDefault)?.name;
}

/** Speculative understanding through the pack agent's read-only interpret (agents without one: none). */
function speculatorFor(agent: DomainAgent, sessionId: string): SpeculatorPort | undefined {
  const pack = agent as Partial<PackAgent>;
  if (typeof pack.interpret !== 'function' || typeof pack.act !== 'function' || typeof pack.isFresh !== 'function') return undefined;
  return agentSpeculator(agent as PackAgent, sessionId);
}

/** The endpoint policy's context: the pack's grammar as a classifier when the agent has one (rebuilt when the grammar changes). */
function endpointContext(agent: DomainAgent): () => EndpointContext {
  const pack = agent as DomainAgent & { packGrammar?: () => { grammar: Grammar } };
  if (typeof pack.packGrammar !== 'function') return () => ({});
  const packGrammar = pack.packGrammar.bind(pack);
  let cached: { grammar: Grammar; classify: PartialClassifier } | null = null;
  return () => {
    const g = packGrammar().grammar;
    const c = cached?.grammar === g ? cached : { grammar: g, classify: grammarClassifier(g) };
    cached = c;
    return { classify: c.classify };
  };
}

/** Maps the session's events onto `heed start --json` lines; counts turns for --max-turns. */
class EventMapper {
  inSpeech = false;
  /** A turn's reply finished (or was cut): the grammar may be refreshed. */
  turnEnded = false;
  #turns = new Map<TurnId, string>();
  #results = new Map<TurnId, TurnResult>();
  #confidence = new Map<TurnId, number>();
  #counted = new Set<TurnId>();
  #answered = 0;
  #barge: { text: string; speechMs: number } | null = null;

  constructor(
    private readonly emit: Emit,
    private readonly maxTurns: number,
    private readonly done: () => void,
  ) {}

  on(e: DuplexEvent): void {
    if (this.#barge && e.type !== 'measure' && e.type !== 'state' && e.type !== 'history') this.#flushBarge(null, null);
    switch (e.type) {
      case 'speech_start':
        this.inSpeech = true;
        this.emit({ type: 'speech-start', atMs: Math.round(e.streamMs), overlap: e.overlap });
        return;
      case 'speech_end':
        this.inSpeech = false;
        return;
      case 'partial':
        this.emit({ type: 'partial', text: e.text });
        return;
      case 'final':
        // A turn heard in pieces is as sure as its least sure piece.
        if (e.confidence !== null) this.#confidence.set(e.turnId, Math.min(e.confidence, this.#confidence.get(e.turnId) ?? 1));
        return;
      case 'turn':
        this.#turns.set(e.turnId, e.text);
        return;
      case 'reply':
        this.#results.set(e.turnId, e.result);
        if (e.text.trim() === '') this.#turn(e.turnId, null);
        return;
      case 'measure':
        if (e.name === 'speech_end_to_first_audio' && e.turnId !== null) this.#turn(e.turnId, e.ms);
        else if (e.name === 'onset_to_hold') this.#holdOnset = e.ms;
        else if (e.name === 'onset_to_stop' && this.#barge) this.#bargeOnset = e.ms;
        else if (e.name === 'decision_to_stop' && this.#barge) this.#flushBarge(this.#bargeOnset, e.ms);
        return;
      case 'barge_in':
        this.#barge = { text: e.text, speechMs: Math.round(e.speechMs) };
        this.#bargeOnset = null;
        this.#ended(); // the interrupted reply counts as answered
        return;
      case 'backchannel':
        this.emit({ type: 'backchannel', text: e.text });
        return;
      case 'hold':
        this.emit({ type: 'hold', atMs: Math.round(e.onsetStreamMs) });
        return;
      case 'resume':
        this.#holdOnset = null;
        this.emit({ type: 'resume', heldMs: Math.round(e.heldMs) });
        return;
      case 'filler':
        this.emit({ type: 'filler', text: e.text });
        return;
      case 'playback_done':
        this.#ended();
        return;
      case 'error':
        this.emit({ type: 'error', ...new HeedError(knownCode(e.code), 'pipeline', e.message).toJSON() });
        return;
      case 'discard':
        if (e.reason === 'error') this.#ended();
        return;
      default:
        return;
    }
  }

  #bargeOnset: number | null = null;
  /** Onset → hold of the speech now over the reply (null: no hold, or it was resumed). */
  #holdOnset: number | null = null;

  #turn(turnId: TurnId, ms: number | null): void {
    const text = this.#turns.get(turnId);
    if (text === undefined || this.#counted.has(turnId)) return;
    this.#counted.add(turnId);
    const r = this.#results.get(turnId);
    this.#results.delete(turnId);
    const confidence = this.#confidence.get(turnId) ?? null;
    this.#confidence.delete(turnId);
    this.emit({
      type: 'turn', transcript: text, confidence, intent: r?.intent ?? null, reply: r?.reply ?? null, order: r?.order ?? null,
      endOfSpeechToFirstAudioMs: ms === null ? null : Math.round(ms),
    });
  }

  #flushBarge(onsetToStopMs: number | null, decisionToStopMs: number | null): void {
    const b = this.#barge;
    this.#barge = null;
    if (!b) return;
    const held = this.#holdOnset;
    this.#holdOnset = null;
    this.emit({
      type: 'barge-in', text: b.text, speechMs: b.speechMs,
      onsetToHoldMs: held === null ? null : Math.round(held),
      onsetToStopMs: onsetToStopMs === null ? null : Math.round(onsetToStopMs),
      decisionToStopMs: decisionToStopMs === null ? null : Math.round(decisionToStopMs),
    });
  }

  /** A reply is over (played out, cut or failed): one answered turn if it was a counted one. */
  #ended(): void {
    this.turnEnded = true;
    if (this.#counted.size > this.#answered) {
      this.#answered = this.#counted.size;
      if (this.#answered >= this.maxTurns) this.done();
    }
  }
}

function knownCode(code: string): ConstructorParameters<typeof HeedError>[0] {
  return code as ConstructorParameters<typeof HeedError>[0];
}

function dumping(echo: EchoCancellerPort, dir: string): EchoCancellerPort {
  const w = (name: string, a: Int16Array): void => { appendFileSync(`${dir}/${name}.raw`, Buffer.from(a.buffer, a.byteOffset, a.byteLength)); };
  return { process: (mic, ref) => { const out = echo.process(mic, ref); w('mic', mic); w('ref', ref); w('clean', out); return out; } };
}
