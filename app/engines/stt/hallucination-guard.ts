/**
 * Guards against what Whisper-like recognizers write when there was no (or little) speech: the
 * phantom phrases of their training subtitles, non-speech tags, loops, and more words than the
 * speech could hold. guardTranscript checks, in this order:
 *   1. no_speech       VAD speech < minSpeechMs (whatever the text says);
 *   2. empty           blank text;
 *   3. phantom         a classic phantom anywhere in the text ("thanks for watching", "please
 *                      subscribe", "subtitles by", "amara.org", "www."…, plus extraPhantomPhrases):
 *                      the whole transcript is rejected, it cannot be trusted in part;
 *   4. phantom / empty nothing left once non-speech tags ([BLANK_AUDIO], (music), *laughs*, ♪ …♪,
 *                      <|…|>) and punctuation-only edge tokens are stripped (phantom if tags were
 *                      there, empty if it was punctuation only);
 *   5. low_confidence  avgLogProb (when given) < minAvgLogProb;
 *   6. phantom         the whole utterance is an everyday phrase Whisper also invents ("thank you",
 *                      "bye", "okay", "you") and the speech is short (< softPhantomMinSpeechMs) or
 *                      the avg log-prob is low (< softPhantomMinAvgLogProb): a customer really says
 *                      them, so they pass with enough clear speech;
 *   7. repetition      1–4 words back to back more than maxRepeat times is a loop. The loop is
 *                      trimmed to one occurrence; when the trimmed copies are at least half the
 *                      words the decoder had lost track and the transcript is rejected instead;
 *   8. too_long        more words than maxWordsPerSecond × speech seconds + slackWords (the slack
 *                      lets short clips through), or (tokenCount given) more tokens than
 *                      maxTokensPerSecond × seconds + slackTokens.
 * An accepted text has tags stripped and loops trimmed, its words otherwise as written.
 */

export interface GuardInput {
  text: string;
  /** Length of the audio decoded. */
  audioMs: number;
  /** Speech in it according to the VAD. */
  speechMs: number;
  /** Text tokens the decoder produced (no special tokens). */
  tokenCount?: number;
  /** Mean log-probability of those tokens. */
  avgLogProb?: number;
}

export type GuardReason = 'no_speech' | 'phantom' | 'too_long' | 'repetition' | 'low_confidence' | 'empty';
export type GuardVerdict = { ok: true; text: string } | { ok: false; reason: GuardReason };

export interface GuardConfig {
  minSpeechMs: number;
  maxWordsPerSecond: number;
  slackWords: number;
  maxTokensPerSecond: number;
  slackTokens: number;
  /** The most back-to-back copies of one 1–4-word group that are still speech ("no no no"). */
  maxRepeat: number;
  minAvgLogProb: number;
  softPhantomMinSpeechMs: number;
  softPhantomMinAvgLogProb: number;
  /** Phrases rejected wherever they appear, on top of the classic ones (lower case words). */
  extraPhantomPhrases: readonly string[];
}

export const DEFAULT_GUARD_CONFIG: Readonly<GuardConfig> = Object.freeze({
  minSpeechMs: 200,
  maxWordsPerSecond: 6,
  slackWords: 2,
  maxTokensPerSecond: 12,
  slackTokens: 4,
  maxRepeat: 3,
  minAvgLogProb: -1.0,
  softPhantomMinSpeechMs: 400,
  softPhantomMinAvgLogProb: -0.6,
  extraPhantomPhrases: [],
});

/** Never said to a kiosk: subtitle credits and video outros Whisper learned from. */
const PHANTOM_PHRASES: readonly string[] = [
  'thanks for watching', 'thank you for watching', 'thank you so much for watching', 'thanks for listening',
  'thank you for listening', 'please subscribe', 'like and subscribe', "don't forget to subscribe",
  'subscribe to my channel', 'subscribe to the channel', 'see you in the next video', 'in this video',
  'subtitles by', 'subtitled by', 'subtitles made by', 'captions by', 'captioned by', 'closed captioning by',
  'transcribed by', 'transcription by', 'translated by', 'amara org', 'www',
];

/** Said by customers too, but also what Whisper writes over noise. */
const SOFT_PHANTOMS: ReadonlySet<string> = new Set([
  'thank you', 'thanks', 'thank you very much', 'thank you so much', 'bye', 'bye bye', 'goodbye', 'okay', 'ok',
  'you', 'so', 'oh', 'yeah', 'hmm', 'um', 'uh', 'the end',
]);

const NOTES = '♪♫♬🎵🎶';
const NON_SPEECH: readonly RegExp[] = [
  /\[[^\]]*\]/g, /\([^)]*\)/g, /\*[^*]*\*/g, /<\|[^|]*\|>/g,
  new RegExp(`[${NOTES}][^${NOTES}]*[${NOTES}]`, 'gu'), new RegExp(`[${NOTES}]`, 'gu'),
];

/** Lower case words, punctuation as spaces: "Amara.org!" → "amara org". */
const normWords = (s: string): string[] => s.toLowerCase().replace(/[^\p{L}\p{N}']+/gu, ' ').trim().split(' ').filter((w) => w.length > 0);
const isWord = (token: string): boolean => /[\p{L}\p{N}]/u.test(token);

/** Collapses loops of 1–4 words repeated more than maxRepeat times; returns the kept tokens and how many were dropped. */
function trimLoops(tokens: readonly string[], maxRepeat: number): { kept: string[]; dropped: number } {
  const key = tokens.map((t) => normWords(t).join(' '));
  const kept: string[] = [];
  let dropped = 0;
  let i = 0;
  while (i < tokens.length) {
    let best: { n: number; copies: number } | null = null;
    for (let n = 1; key[i] !== '' && n <= 4 && i + n <= tokens.length; n++) {
      let copies = 1;
      while (i + (copies + 1) * n <= tokens.length && key.slice(i + copies * n, i + (copies + 1) * n).every((k, x) => k === key[i + x])) copies++;
      if (copies > maxRepeat && (best === null || n * copies > best.n * best.copies)) best = { n, copies };
    }
    if (best === null) {
      kept.push(tokens[i] as string);
      i++;
    } else {
      kept.push(...tokens.slice(i, i + best.n));
      dropped += best.n * (best.copies - 1);
      i += best.n * best.copies;
    }
  }
  return { kept, dropped };
}

export function guardTranscript(input: GuardInput, cfg: Partial<GuardConfig> = {}): GuardVerdict {
  const c: GuardConfig = { ...DEFAULT_GUARD_CONFIG, ...cfg };
  const speechMs = input.audioMs > 0 ? Math.min(input.speechMs, input.audioMs) : input.speechMs;
  if (!(speechMs >= c.minSpeechMs)) return { ok: false, reason: 'no_speech' };
  if (input.text.trim().length === 0) return { ok: false, reason: 'empty' };

  const flat = ` ${normWords(input.text).join(' ')} `;
  if (/https?:\/\//i.test(input.text) || [...PHANTOM_PHRASES, ...c.extraPhantomPhrases].some((p) => {
    const words = normWords(p);
    return words.length > 0 && flat.includes(` ${words.join(' ')} `);
  })) return { ok: false, reason: 'phantom' };

  const stripped = NON_SPEECH.reduce((s, re) => s.replace(re, ' '), input.text);
  const tokens = stripped.trim().split(/\s+/).filter((t) => t.length > 0);
  while (tokens.length > 0 && !isWord(tokens[0] as string)) tokens.shift();
  while (tokens.length > 0 && !isWord(tokens[tokens.length - 1] as string)) tokens.pop();
  if (tokens.length === 0) return { ok: false, reason: stripped.trim() === input.text.trim() ? 'empty' : 'phantom' };

  if (input.avgLogProb !== undefined && input.avgLogProb < c.minAvgLogProb) return { ok: false, reason: 'low_confidence' };

  if (SOFT_PHANTOMS.has(normWords(tokens.join(' ')).join(' '))
    && (speechMs < c.softPhantomMinSpeechMs || (input.avgLogProb !== undefined && input.avgLogProb < c.softPhantomMinAvgLogProb))) {
    return { ok: false, reason: 'phantom' };
  }

  const wordCount = tokens.filter(isWord).length;
  const { kept, dropped } = trimLoops(tokens, c.maxRepeat);
  if (dropped > 0 && dropped * 2 >= wordCount) return { ok: false, reason: 'repetition' };

  const seconds = speechMs / 1000;
  const keptWords = kept.filter(isWord).length;
  const tokenCount = input.tokenCount === undefined ? undefined : input.tokenCount * (keptWords / Math.max(1, wordCount));
  if (keptWords > c.maxWordsPerSecond * seconds + c.slackWords) return { ok: false, reason: 'too_long' };
  if (tokenCount !== undefined && tokenCount > c.maxTokensPerSecond * seconds + c.slackTokens) return { ok: false, reason: 'too_long' };
  return { ok: true, text: kept.join(' ') };
}
