/**
 * What the sherpa-onnx recognizers share: written text → the spoken words the dialog parses
 * ("555-0123" → digits, "$5.49" → dollars and cents, "2" → "two"), the hypothesis with word
 * timings, the domain vocabulary a search carries, and a speech-energy measure for the guard.
 */
import { normalizeTypedText } from '../../core/dialog/normalize-text.js';
import { numberToWords } from '../../core/text/spoken-numbers.js';
import type { SherpaRecognitionResult } from '../sherpa/addon.js';
import type { RecognitionSource, SttHypothesis, SttRejection, WordTiming } from './types.js';

const DIGIT = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'];

/** Phone-like runs (7+ digits with separators) are read digit by digit, prices as dollars and cents. */
export function writtenToSpoken(text: string): string {
  const phones = text.replace(/\+?\(?\d[\d\s().-]{5,}\d/g, (m) => {
    const digits = m.replace(/\D/g, '');
    return digits.length >= 7 ? ` ${[...digits].map((d) => DIGIT[Number(d)] ?? '').join(' ')} ` : m;
  });
  const prices = phones.replace(/\$\s*(\d+)(?:\.(\d{2}))?/g, (_m, dollars: string, cents: string | undefined) => {
    const d = `${numberToWords(Number(dollars))} ${Number(dollars) === 1 ? 'dollar' : 'dollars'}`;
    return cents && Number(cents) > 0 ? ` ${d} ${numberToWords(Number(cents))} ` : ` ${d} `;
  });
  return normalizeTypedText(prices).join(' ');
}

/** Milliseconds of 32 ms frames loud enough to hold speech (RMS above about -46 dBFS: quiet far-field speech still counts, room noise does not). */
export function activeSpeechMs(pcm: Int16Array, sampleRate = 16000): number {
  const frame = Math.round(sampleRate * 0.032);
  let active = 0;
  for (let i = 0; i + frame <= pcm.length; i += frame) {
    let sum = 0;
    for (let j = i; j < i + frame; j++) { const s = pcm[j] ?? 0; sum += s * s; }
    if (Math.sqrt(sum / frame) > 165) active++;
  }
  return active * 32;
}

export interface BiasVocabulary { phrases: readonly string[]; words: ReadonlySet<string> }

/** The domain phrases and words a recognition source carries, for biasing. */
export function biasVocabulary(source: RecognitionSource): BiasVocabulary {
  if (source.kind === 'keyphrase') {
    const phrases = source.phrases.map((p) => p.phrase.toLowerCase());
    return { phrases, words: new Set(phrases.flatMap((p) => p.split(/\s+/))) };
  }
  if (source.kind !== 'jsgf') return { phrases: [], words: new Set() };
  // The JSGF body's words (rule names, tags and operators removed) are the grammar's vocabulary.
  const body = source.text.replace(/^#JSGF[^;]*;/m, '').replace(/^\s*grammar[^;]*;/m, '');
  const words = new Set(body.replace(/<[^>]*>/g, ' ').replace(/\{[^}]*\}/g, ' ').replace(/\bpublic\b/g, ' ')
    .split(/[^a-z0-9'_-]+/).filter((w) => /^[a-z][a-z'-]*$/.test(w)));
  return { phrases: source.biasPhrases ?? [], words };
}

export interface HypothesisExtras { rejected?: SttRejection }

/**
 * A hypothesis from a sherpa result, in spoken words. Word timings are spread evenly over the
 * audio (the written → spoken rewrite does not keep a token ↔ word map). Confidence is the mean token probability where the model reports log-probabilities, else a
 * fixed 0.8 for accepted text (Whisper reports none).
 */
export function hypothesisFrom(result: Pick<SherpaRecognitionResult, 'text'> & Partial<SherpaRecognitionResult>, audioMs: number, extras: HypothesisExtras, final = true): SttHypothesis {
  const text = writtenToSpoken(result.text);
  const words = text === '' ? [] : text.split(' ');
  const logProbs = tokenLogProbs(result);
  const confidence = text === '' ? 0 : logProbs.length > 0 ? clamp01(Math.exp(logProbs.reduce((a, b) => a + b, 0) / logProbs.length)) : 0.8;
  const timings: WordTiming[] = words.map((word, i) => ({
    word,
    startMs: Math.round((audioMs * i) / words.length),
    endMs: Math.round((audioMs * (i + 1)) / words.length),
    confidence,
  }));
  return {
    text, confidence, score: logProbs.reduce((a, b) => a + b, 0), words: timings, final, source: 'lm',
    ...(extras.rejected ? { rejected: extras.rejected } : {}),
  };
}

function clamp01(x: number): number { return Number.isFinite(x) ? Math.min(1, Math.max(0, x)) : 0; }

/** The per-token log-probabilities a result carries (none for Whisper). */
export function tokenLogProbs(result: Partial<SherpaRecognitionResult>): number[] {
  return (result.ys_log_probs?.length ? result.ys_log_probs : result.ys_probs ?? []).filter((p) => Number.isFinite(p) && p <= 0);
}

/** Their mean, for the guard's low-confidence rule; undefined when the model reports none. */
export function meanLogProb(result: Partial<SherpaRecognitionResult>): number | undefined {
  const p = tokenLogProbs(result);
  return p.length > 0 ? p.reduce((a, b) => a + b, 0) / p.length : undefined;
}
