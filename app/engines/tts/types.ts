/** Text to speech: one sentence in, PCM at the voice's own rate out. */
export interface TtsVoice { id: string; sampleRate: number }

export interface TtsAudio { pcm: Int16Array; sampleRate: number }

export interface TtsOptions {
  voice?: string | undefined;
  /** Speaking rate, 1 = the voice's own; engines without a rate control ignore it. */
  speed?: number | undefined;
  signal?: AbortSignal | undefined;
}

export interface TtsEngine {
  readonly name: string;
  voices(opts?: { signal?: AbortSignal }): Promise<TtsVoice[]>;
  synthesize(text: string, opts?: TtsOptions): Promise<TtsAudio>;
  /**
   * The same audio in chunks, each delivered as soon as it is generated (at least one per
   * sentence), so playback can start before the whole text is synthesized. An abort ends the
   * iteration with ABORTED at once; no chunk arrives after it.
   */
  synthesizeStream(text: string, opts?: TtsOptions): AsyncIterable<TtsAudio>;
  close(): Promise<void>;
}
