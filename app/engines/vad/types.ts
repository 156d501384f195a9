/** Voice activity detection: a model that scores 512-sample 16 kHz windows, carrying state between calls. */
export const VAD_SAMPLE_RATE = 16000;
export const VAD_WINDOW_SAMPLES = 512;

export interface VadEngine {
  readonly name: string;
  /**
   * Feed mono float32 samples at 16 kHz, any length. Returns one speech probability (0..1) per
   * 512-sample window completed by this call; a remainder is kept for the next call.
   */
  process(samples: Float32Array, opts?: { signal?: AbortSignal }): Promise<Float32Array>;
  /** Forget model state and any buffered remainder (start of a new stream). */
  reset(): Promise<void>;
  close(): Promise<void>;
}

export interface SegmenterConfig {
  /** Probability at or above which a window counts as speech. */
  threshold: number;
  /** Probability below which a window counts as silence (hysteresis); default threshold - 0.15. */
  negThreshold?: number | undefined;
  /** Shorter bursts than this are dropped. */
  minSpeechMs: number;
  /** This much silence ends a segment (the endpointing wait). */
  minSilenceMs: number;
  /** Audio kept before speech start and after speech end. */
  speechPadMs: number;
}

export type VadEvent =
  | { type: 'speech-start'; atMs: number }
  | { type: 'speech-end'; startMs: number; endMs: number; /** when the silence wait elapsed */ decidedAtMs: number; audio: Float32Array };
