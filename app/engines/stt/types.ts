/** Speech to text. Audio in is 16 kHz mono int16. */
export const STT_SAMPLE_RATE = 16000;

export type RecognitionSource =
  /**
   * pronounceUnknown: words missing from the dictionary get letter-to-sound pronunciations (a new
   * menu name like "zorbleburger") instead of failing with GRAMMAR_INVALID.
   * fallbackLmArpa: an n-gram LM (ARPA text) for the free-form fallback: when the grammar gives no
   * final result (the utterance does not parse), the utterance is decoded again with this LM and
   * its text comes back with `source: 'lm'` and a low confidence. Absent: the grammar alone.
   */
  | {
    kind: 'jsgf'; name: string; text: string; pronounceUnknown?: boolean; fallbackLmArpa?: string;
    /** The store's own phrases (menu items, services, names) for recognizers that bias instead of constraining (hotwords, correction). */
    biasPhrases?: readonly string[];
  }
  | { kind: 'ngram'; name: string; path: string }
  | { kind: 'keyphrase'; name: string; phrases: ReadonlyArray<{ phrase: string; threshold: number }> };

export interface WordTiming { word: string; startMs: number; endMs: number; confidence: number }

export interface SttHypothesis {
  text: string;
  /** 0..1; the decoder's posterior where it has one. */
  confidence: number;
  /** Raw decoder score (log domain, engine-specific). */
  score: number;
  words: WordTiming[];
  final: boolean;
  /**
   * What produced the hypothesis: 'grammar' (a JSGF search: grammar words) or 'lm' (an n-gram
   * search, or the free-form fallback of a JSGF search: any words of the LM, low confidence).
   * Absent on keyphrase results. Partials always come from the selected search.
   */
  source?: SttHypothesisSource;
  /** Set when a guard threw the recognizer's text away (the text is then empty): why. */
  rejected?: SttRejection;
}

/** Why a transcript was discarded: no speech, a known phantom phrase, more words than the speech allows, a loop, low confidence. */
export type SttRejection = 'no_speech' | 'phantom' | 'too_long' | 'repetition' | 'low_confidence' | 'empty';

export type SttHypothesisSource = 'grammar' | 'lm';

/** The confidence of a fallback LM result is at most this: below any grammar parse. */
export const FALLBACK_MAX_CONFIDENCE = 0.3;

export interface SttEngine {
  readonly name: string;
  /** Load or swap the search (grammar / LM / keyphrases) at run time. */
  setSearch(source: RecognitionSource, opts?: { signal?: AbortSignal }): Promise<void>;
  /** Streaming: begin an utterance, feed frames (partial hypothesis or null), end for the final one. */
  begin(opts?: { signal?: AbortSignal }): Promise<void>;
  feed(frames: Int16Array, opts?: { signal?: AbortSignal }): Promise<SttHypothesis | null>;
  end(opts?: { signal?: AbortSignal }): Promise<SttHypothesis>;
  /** Whole-utterance convenience: begin + feed + end. */
  recognize(pcm: Int16Array, opts?: { signal?: AbortSignal }): Promise<SttHypothesis>;
  close(): Promise<void>;
}
