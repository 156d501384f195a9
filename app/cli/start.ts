/**
 * `heed start`: live on the default audio input and output. Full duplex by default
 * (app/cli/start-duplex.ts: the customer can interrupt). With `{"live": {"duplex": false}}` the
 * half-duplex loop below: while Heed speaks, the microphone is ignored.
 */
import { randomUUID } from 'node:crypto';
import { captureMic, Speaker } from '../audio/pulse.js';
import { probeAudio } from '../audio/devices.js';
import { openAudioBackend } from '../audio/io/backends.js';
import { HeedError } from '../core/errors.js';
import { Listener, type HeardTurn } from '../core/pipeline/listener.js';
import { speakReply } from '../core/pipeline/speak.js';
import { parseArgs } from './args.js';
import { bootRuntime, type Runtime } from './boot.js';
import { runDuplex } from './start-duplex.js';
import { COMMON_OPTIONS, loadConfig } from './options.js';

const APOLOGY = 'Sorry, something went wrong on my side. Could you say that again?';

export async function runStart(argv: string[]): Promise<number> {
  const args = parseArgs(argv, { flags: ['json'], options: [...COMMON_OPTIONS, 'session', 'max-turns'] });
  const maxTurns = Number(args.options.get('max-turns') ?? Infinity);
  if (Number.isNaN(maxTurns) || maxTurns < 1) throw new HeedError('USAGE', 'cli', '--max-turns needs a positive number');
  const loaded = loadConfig(args);
  // Live, the seconds it takes to load the free-form fallback LM are paid once at start.
  const cfg = { ...loaded, stt: { ...loaded.stt, fallbackLm: loaded.stt.fallbackLm ?? true } };
  // Half duplex needs PulseAudio; full duplex picks its backend (PortAudio when no server answers).
  // Either way a kiosk without audio is told so in one line, before the models load.
  const audio = await probeAudio();
  const noAudio = (detail: string): HeedError => new HeedError('AUDIO_DEVICE_MISSING', 'audio', `no audio device: ${detail}; try 'heed chat' or 'heed respond <file.wav>'`);
  if (!audio.available && !cfg.live.duplex) throw noAudio(audio.detail);
  const backend = cfg.live.duplex
    ? await openAudioBackend(cfg.live.audioBackend).catch((err: unknown): never => {
      throw noAudio(`${audio.available ? '' : `${audio.detail}, `}${HeedError.from(err, 'audio').message}`);
    })
    : null;

  const ac = new AbortController();
  const stop = (): void => ac.abort();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  const rt = await bootRuntime(cfg, ac.signal);
  if (backend) {
    const opts = { sessionId: args.options.get('session') ?? `live-${randomUUID()}`, maxTurns, json: args.flags.has('json'), pulseDetail: audio.detail, backend, signal: ac.signal };
    try { return await runDuplex(rt, opts); } finally { process.off('SIGINT', stop); process.off('SIGTERM', stop); await rt.close(); }
  }
  const voiceRate = (await rt.tts.voices()).find((v) => v.id === rt.config.tts.voice)?.sampleRate ?? 16000;
  const speaker = new Speaker(voiceRate);
  const session = args.options.get('session') ?? `live-${randomUUID()}`;
  const emit = (event: Record<string, unknown>): void => {
    if (args.flags.has('json')) console.log(JSON.stringify({ t: Date.now(), ...event }));
    else if (event['type'] === 'turn') console.log(`heard: "${String(event['transcript'])}"\nheed:  ${String(event['reply'])}`);
  };
  emit({ type: 'ready', coldStartMs: Math.round(rt.coldStartMs), audio: audio.detail, session });
  if (!args.flags.has('json')) console.log(`Heed is listening (${audio.detail}). Ctrl-C to stop.`);

  let turns = 0;
  try {
    await listen(rt, speaker, session, ac, emit, () => ++turns >= maxTurns);
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
    await speaker.close();
    await rt.close();
  }
  return 0;
}

/** While idle, how often the store is checked for data changes that alter the grammar. */
const GRAMMAR_CHECK_MS = 10_000;

async function listen(
  rt: Runtime, speaker: Speaker, session: string, ac: AbortController,
  emit: (e: Record<string, unknown>) => void, done: () => boolean,
): Promise<void> {
  const listener = new Listener({
    vad: rt.vad, stt: rt.stt, segmenter: rt.segmenter,
    onSpeechStart: (atMs) => emit({ type: 'speech-start', atMs }),
    onPartial: (h) => emit({ type: 'partial', text: h.text }),
  });
  let busy = false;
  let failure: unknown;
  const answer = async (heard: HeardTurn): Promise<void> => {
    const text = heard.hypothesis.text.trim();
    const turn = rt.agent.understand
      ? await rt.agent.understand(session, text, { channel: 'voice', signal: ac.signal })
      : rt.agent.handleTranscript(session, text);
    let firstAudioAt = 0;
    await speakReply(rt.tts, turn.spoken, {
      voice: rt.config.tts.voice, signal: ac.signal,
      onAudio: async (a, i) => {
        if (i === 0) {
          firstAudioAt = performance.now();
          emit({ type: 'turn', transcript: text, confidence: heard.hypothesis.confidence, intent: turn.intent, reply: turn.reply, order: turn.order, endOfSpeechToFirstAudioMs: Math.round(firstAudioAt - heard.endpointAt) });
        }
        await speaker.play(a.pcm, ac.signal);
      },
    });
    await rt.vad.reset();
    // The turn may have changed the data (or a back office did): the recognizer follows.
    await rt.refreshGrammar(ac.signal);
    if (done()) ac.abort();
  };
  let first = true;
  let checkedAt = performance.now();
  try {
    for await (const chunk of captureMic({ signal: ac.signal })) {
      if (first) { first = false; emit({ type: 'listening' }); }
      if (failure) throw failure;
      if (busy) continue; // half-duplex: Heed does not listen to itself
      if (!listener.inSpeech && performance.now() - checkedAt > GRAMMAR_CHECK_MS) {
        checkedAt = performance.now();
        await rt.refreshGrammar(ac.signal);
      }
      const heard = await listener.push(chunk, ac.signal);
      if (heard) {
        busy = true;
        answer(heard)
          .catch(async (err: unknown) => {
            if (ac.signal.aborted) return;
            const e = HeedError.from(err, 'pipeline');
            emit({ type: 'error', ...e.toJSON() });
            // A recoverable failure (a worker crashed and is restarting, a timeout) costs one turn,
            // not the kiosk: apologise and keep listening.
            if (!e.recoverable) { failure = e; return; }
            await speakReply(rt.tts, APOLOGY, { voice: rt.config.tts.voice, signal: ac.signal, onAudio: (a) => speaker.play(a.pcm, ac.signal) }).catch(() => undefined);
          })
          .finally(() => { busy = false; });
      }
    }
  } catch (err) {
    if (!ac.signal.aborted) throw err;
  }
  if (failure) throw failure;
}
