/** Text to speech: one sentence in, PCM at the voice's own rate out. */
export interface TtsVoice { id: string; sampleRate: number }

export interface TtsAudio { pcm: Int16Array; sampleRate: number }

export interface TtsEngine {
  readonly name: string;
  voices(opts?: { signal?: AbortSignal }): Promise<TtsVoice[]>;
  synthesize(text: string, opts?: { voice?: string; signal?: AbortSignal }): Promise<TtsAudio>;
  close(): Promise<void>;
}
