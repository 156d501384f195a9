/**
 * The generated (random-weight) sherpa-onnx speech models, written once per test process into a
 * temp directory, in the layouts the engines' file discovery (app/engines/sherpa/model-files.ts)
 * finds: a Whisper pair, a Moonshine set, a streaming Zipformer transducer, and two Piper voices.
 * Their output is gibberish or noise: tests assert structure, streaming, cancellation and timing,
 * never content. Seeds are fixed, so every run sees byte-identical models.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeRandomMoonshine } from '../../app/models/onnx/moonshine.js';
import { writeRandomVitsVoice } from '../../app/models/onnx/vits-voice.js';
import { writeRandomWhisper } from '../../app/models/onnx/whisper-pair.js';
import { writeRandomStreamingZipformer } from '../../app/models/onnx/zipformer-streaming.js';

export interface GeneratedSpeechModels {
  /** The temp directory holding them all (removed when the process exits). */
  root: string;
  /** `<root>/whisper`: heed-random-{encoder,decoder}.onnx + heed-random-tokens.txt. */
  whisper: string;
  /** `<root>/moonshine`: preprocess, encode, uncached_decode, cached_decode .onnx + tokens.txt. */
  moonshine: string;
  /** `<root>/zipformer`: encoder, decoder, joiner .onnx + tokens.txt + bpe.vocab. */
  zipformer: string;
  /** `<root>/piper`: a 22050 Hz Piper voice (its voice id is the directory's name, `piper`). */
  piper: string;
  /** `<root>/piper-16k`: the same kind of voice at 16000 Hz. */
  piper16k: string;
}

/** The Piper voice's sample rates. */
export const PIPER_SAMPLE_RATE = 22050;
export const PIPER_16K_SAMPLE_RATE = 16000;

let models: GeneratedSpeechModels | undefined;

/** Writes the models on the first call (about 1 MB, well under a second) and returns their directories. */
export function generatedSpeechModels(): GeneratedSpeechModels {
  if (models) return models;
  const root = mkdtempSync(join(tmpdir(), 'heed-speech-models-'));
  process.once('exit', () => { rmSync(root, { recursive: true, force: true }); });
  const m: GeneratedSpeechModels = {
    root,
    whisper: join(root, 'whisper'),
    moonshine: join(root, 'moonshine'),
    zipformer: join(root, 'zipformer'),
    piper: join(root, 'piper'),
    piper16k: join(root, 'piper-16k'),
  };
  writeRandomWhisper(m.whisper, { seed: 11 });
  writeRandomMoonshine(m.moonshine, { seed: 12 });
  writeRandomStreamingZipformer(m.zipformer, { seed: 13 });
  writeRandomVitsVoice(m.piper, { seed: 14, sampleRate: PIPER_SAMPLE_RATE });
  writeRandomVitsVoice(m.piper16k, { seed: 15, sampleRate: PIPER_16K_SAMPLE_RATE });
  models = m;
  return m;
}
