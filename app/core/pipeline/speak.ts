/** Reply text → sentences → PCM, sentence by sentence so the first audio is ready early. */
import { concatInt16 } from '../../audio/pcm.js';
import { throwIfAborted } from '../errors.js';
import type { TtsAudio, TtsEngine } from '../../engines/tts/types.js';
import { sentencesFrom } from './sentence-stream.js';

/** Splits on sentence ends (. ! ?) followed by space; keeps "$5.49"-style decimals whole. */
export function splitSentences(text: string): string[] {
  return text
    .split(/(?<=[.!?])\s+(?=\S)/u)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

export interface SpokenReply extends TtsAudio {
  /** Time until the first sentence's PCM was ready. */
  firstAudioMs: number;
  totalMs: number;
}

export async function speakReply(
  tts: TtsEngine,
  text: string,
  opts: { voice?: string | undefined; signal?: AbortSignal | undefined; onAudio?: ((a: TtsAudio, index: number) => void | Promise<void>) | undefined } = {},
): Promise<SpokenReply> {
  const t0 = performance.now();
  const parts: Int16Array[] = [];
  let sampleRate = 16000;
  let firstAudioMs = 0;
  if (splitSentences(text).length === 0) return { pcm: new Int16Array(0), sampleRate, firstAudioMs, totalMs: 0 };
  // Chunks arrive as the engine makes them (a sentence, or a clause of a long one): the first can
  // play while the rest is synthesized.
  let i = 0;
  for await (const audio of tts.synthesizeStream(text, { voice: opts.voice, signal: opts.signal })) {
    throwIfAborted(opts.signal, 'tts');
    sampleRate = audio.sampleRate;
    if (audio.pcm.length === 0) continue;
    if (i === 0) firstAudioMs = performance.now() - t0;
    parts.push(audio.pcm);
    await opts.onAudio?.(audio, i++);
  }
  return { pcm: concatInt16(parts), sampleRate, firstAudioMs, totalMs: performance.now() - t0 };
}

/**
 * Streamed text (a model's deltas) → PCM sentence by sentence: each sentence is synthesized as
 * soon as it is complete, while the text stream goes on. Ends early, quietly, on abort.
 */
export async function speakStream(
  tts: TtsEngine,
  deltas: AsyncIterable<string>,
  opts: { voice?: string | undefined; signal?: AbortSignal | undefined; onAudio: (a: TtsAudio, index: number, sentence: string) => void | Promise<void> },
): Promise<{ sentences: number; firstAudioMs: number | null }> {
  const t0 = performance.now();
  let i = 0;
  let firstAudioMs: number | null = null;
  for await (const sentence of sentencesFrom(deltas)) {
    if (opts.signal?.aborted) break;
    const audio = await tts.synthesize(sentence, { ...(opts.voice ? { voice: opts.voice } : {}), ...(opts.signal ? { signal: opts.signal } : {}) });
    firstAudioMs ??= performance.now() - t0;
    await opts.onAudio(audio, i++, sentence);
  }
  return { sentences: i, firstAudioMs };
}
