/** The RPC contract of each engine worker: one entry per engine interface method. */
import type { RecognitionSource, SttHypothesis } from '../engines/stt/types.js';
import type { TtsAudio, TtsVoice } from '../engines/tts/types.js';
import type { ChatEvent, ChatRequest, LlmModelInfo } from '../engines/llm/types.js';

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

export interface TtsRequest { text: string; voice?: string | undefined; speed?: number | undefined }

/** Streamed synthesis is pulled like the LLM's events: open, then batches of chunks until done. */
export type TtsContract = {
  voices: { req: null; res: TtsVoice[] };
  synthesize: { req: TtsRequest; res: TtsAudio };
  streamOpen: { req: TtsRequest; res: number };
  streamNext: { req: { stream: number }; res: { items: TtsAudio[]; done: boolean } };
  streamStop: { req: { stream: number }; res: null };
};

/**
 * The LLM worker streams by pull: `start` opens a chat and returns its id, `next` returns the
 * events produced since the last pull (waiting for at least one), `stop` aborts it. A stream whose
 * last batch held `done` is gone from the worker.
 */
export type LlmContract = {
  info: { req: null; res: LlmModelInfo };
  start: { req: ChatRequest; res: number };
  next: { req: { stream: number }; res: ChatEvent[] };
  stop: { req: { stream: number }; res: null };
  /** Aborts every stream and frees the model, so the thread can end without a native abort. */
  dispose: { req: null; res: null };
};
