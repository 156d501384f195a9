/**
 * The whole loop on one recording, as if it were heard live: listen (VAD + streaming STT) until
 * the endpoint, understand (domain agent), answer (TTS). Timings are measured per stage.
 */
import { resample } from '../../audio/resample.js';
import { toMono } from '../../audio/pcm.js';
import { throwIfAborted } from '../errors.js';
import type { DomainAgent, TurnResult } from '../turn.js';
import type { SegmenterConfig, VadEngine } from '../../engines/vad/types.js';
import { VAD_SAMPLE_RATE } from '../../engines/vad/types.js';
import type { SttEngine } from '../../engines/stt/types.js';
import type { TtsEngine } from '../../engines/tts/types.js';
import { Listener } from './listener.js';
import { speakReply } from './speak.js';

export interface RespondDeps {
  vad: VadEngine;
  stt: SttEngine;
  tts: TtsEngine;
  agent: DomainAgent;
  segmenter: SegmenterConfig;
  voice?: string | undefined;
}

export interface RespondTimings {
  vadMs: number;
  sttMs: number;
  understandMs: number;
  ttsFirstAudioMs: number;
  /** All reply sentences synthesized. */
  ttsTotalMs: number;
  /** Wall clock after the endpoint was decided: STT final pass + understanding + first TTS sentence. */
  endOfSpeechToFirstAudioMs: number;
  /** The silence the VAD waits for before deciding the person is done (not included above). */
  endpointSilenceMs: number;
}

export interface RespondResult extends TurnResult {
  transcript: string;
  confidence: number;
  timings: RespondTimings;
  audio: { pcm: Int16Array; sampleRate: number };
  speech: { startMs: number; endMs: number } | null;
}

export interface RecordingInput { channelData: Float32Array[]; sampleRate: number }

const CHUNK = 4096;

export async function respondToRecording(
  input: RecordingInput,
  sessionId: string,
  deps: RespondDeps,
  opts: { signal?: AbortSignal | undefined } = {},
): Promise<RespondResult> {
  const { signal } = opts;
  const audio16k = resample(toMono(input.channelData), input.sampleRate, VAD_SAMPLE_RATE);
  await deps.vad.reset();
  const listener = new Listener({ vad: deps.vad, stt: deps.stt, segmenter: deps.segmenter });
  let heard = null;
  for (let off = 0; off < audio16k.length && !heard; off += CHUNK) {
    heard = await listener.push(audio16k.subarray(off, off + CHUNK), signal);
  }
  heard ??= await listener.finish(signal);
  throwIfAborted(signal, 'pipeline');

  const transcript = heard?.hypothesis.text.trim() ?? '';
  const t0 = performance.now();
  const turn = heard === null
    ? deps.agent.handleNoSpeech(sessionId)
    : deps.agent.understand
      ? await deps.agent.understand(sessionId, transcript, { channel: 'voice', ...(signal ? { signal } : {}) })
      : deps.agent.handleTranscript(sessionId, transcript);
  const understandMs = performance.now() - t0;

  const tSpeak = performance.now();
  const spoken = await speakReply(deps.tts, turn.spoken, { voice: deps.voice, signal });
  // Wall clock from the endpoint decision (or, with no speech, from the end of listening) to the first reply PCM.
  const endpointAt = heard ? heard.endpointAt : t0;
  return {
    ...turn,
    transcript,
    confidence: heard?.hypothesis.confidence ?? 0,
    timings: {
      vadMs: round(heard?.vadMs ?? listener.vadMs),
      sttMs: round(heard?.sttMs ?? 0),
      understandMs: round(understandMs),
      ttsFirstAudioMs: round(spoken.firstAudioMs),
      ttsTotalMs: round(spoken.totalMs),
      endOfSpeechToFirstAudioMs: round(tSpeak + spoken.firstAudioMs - endpointAt),
      endpointSilenceMs: deps.segmenter.minSilenceMs,
    },
    audio: { pcm: spoken.pcm, sampleRate: spoken.sampleRate },
    speech: heard ? { startMs: heard.speechStartMs, endMs: heard.speechEndMs } : null,
  };
}

function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}
