/** The RPC contract of each engine worker: one entry per engine interface method. */
import type { RecognitionSource, SttHypothesis } from '../engines/stt/types.js';
import type { TtsAudio, TtsVoice } from '../engines/tts/types.js';

export type VadContract = {
  process: { req: { samples: Float32Array }; res: Float32Array };
  reset: { req: null; res: null };
};

export type SttContract = {
  setSearch: { req: RecognitionSource; res: null };
  begin: { req: null; res: null };
  feed: { req: { frames: Int16Array }; res: SttHypothesis | null };
  end: { req: null; res: SttHypothesis };
  recognize: { req: { pcm: Int16Array }; res: SttHypothesis };
};

export type TtsContract = {
  voices: { req: null; res: TtsVoice[] };
  synthesize: { req: { text: string; voice?: string | undefined }; res: TtsAudio };
};
