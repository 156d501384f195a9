/**
 * synthesizeStream for engines that synthesize a sentence at a time (flite, the fake): one chunk
 * per sentence, in order, stopping with ABORTED when the signal fires.
 */
import { throwIfAborted } from '../../core/errors.js';
import { splitSentences } from '../../core/pipeline/speak.js';
import type { TtsAudio, TtsOptions } from './types.js';

export async function* sentenceChunks(
  synthesize: (sentence: string, opts: TtsOptions) => Promise<TtsAudio>,
  text: string,
  opts: TtsOptions,
): AsyncGenerator<TtsAudio> {
  throwIfAborted(opts.signal, 'tts');
  const sentences = splitSentences(text);
  // Blank text still says which rate the voice has (and checks the voice).
  if (sentences.length === 0) { yield await synthesize('', opts); return; }
  for (const sentence of sentences) {
    const audio = await synthesize(sentence, opts);
    throwIfAborted(opts.signal, 'tts');
    yield audio;
  }
}
