/**
 * Barge-in with backchannel tolerance: classifies speech heard while the agent is talking.
 * "mhm", "uh huh", "yeah", "okay", a cough or a short wordless burst must not stop the agent;
 * "no wait", "actually", "stop", "hold on", a request with content words, or sustained speech
 * with words that are not backchannels must. Pure and deterministic: no I/O, no clock.
 *
 * `classifyOverlap` is called on every VAD / partial-transcript update of one overlap and returns
 * the best class so far, as early as it can be told:
 *   - a word that interrupts ("no", "wait", "stop", "actually", "cancel", "hold on"…) or a content
 *     word (anything not a backchannel, filler or function word) → 'barge_in' at once, however
 *     short the speech. With `echoLikely` (the agent's own voice may be in the mic) an interrupting
 *     word needs `minDecideMs` and a content word `sustainedMs`; with a weak VAD (vadProbMean <
 *     minVadProb) any word needs `sustainedMs` ('noise' if the speech ends first);
 *   - only function words ("i", "so", "the") → 'barge_in' once speech passes `sustainedMs`,
 *     'undecided' before;
 *   - a backchannel and a single content word, nothing else ("yeah add": often the recognizer running on)
 *     → 'backchannel', 'barge_in' only if the speech goes on past `sustainedMs` + 300 ms;
 *   - only backchannel / filler words → 'backchannel', or 'barge_in' once the speech passes
 *     `maxBackchannelMs` (nobody says "mhm" for 1.5 s: the recognizer is behind);
 *   - no words: 'undecided' under `minDecideMs`, 'noise' if the speech has ended, the VAD is weak
 *     or an echo is likely, 'barge_in' after `wordlessBargeInMs` of strong speech, else
 *     'undecided'.
 * 'barge_in' means stop the agent; 'backchannel' and 'noise' mean keep talking (a later update
 * may still turn them into 'barge_in': "okay" → "okay cancel that"); 'undecided' means keep
 * talking and ask again. `OverlapTracker` latches the first 'barge_in' and records when it came.
 */
import { transcriptWords } from '../dialog/normalize-text.js';

export type OverlapClass = 'barge_in' | 'backchannel' | 'noise' | 'undecided';

export interface OverlapInput {
  /** The recognizer's partial transcript of the overlapping speech ('' when none yet). */
  partialText: string;
  /** Speech heard so far in this overlap (VAD), ms. */
  speechMs: number;
  /** Mean VAD speech probability over it, 0..1. */
  vadProbMean: number;
  /** The agent's own voice may be leaking into the mic (no echo cancellation, loud speaker). */
  echoLikely?: boolean;
  /** The VAD has ended the overlapping speech (the last update of this overlap). */
  ended?: boolean;
}

export interface OverlapConfig {
  /** Below this, wordless speech is too short to tell. */
  minDecideMs: number;
  /** Speech with non-backchannel words this long interrupts (and with an echo or weak VAD, any word needs it). */
  sustainedMs: number;
  /** Speech with only backchannel words this long interrupts after all. */
  maxBackchannelMs: number;
  /** Wordless strong speech this long interrupts (the recognizer gives no words for it). */
  wordlessBargeInMs: number;
  /** Mean VAD probability below which speech is weak (noise-like). */
  minVadProb: number;
}

export const DEFAULT_OVERLAP_CONFIG: Readonly<OverlapConfig> = Object.freeze({
  minDecideMs: 250, sustainedMs: 600, maxBackchannelMs: 1500, wordlessBargeInMs: 1200, minVadProb: 0.5,
});

/** Acknowledgements and fillers: the listener is listening, not taking the turn. Phrases are matched before words. */
export const BACKCHANNELS: readonly string[] = [
  'mhm', 'mm', 'mmm', 'mm hmm', 'mm hm', 'hmm', 'hm', 'uh huh', 'uh hum', 'um hum', 'yeah', 'yea', 'yep', 'yup', 'yes', 'okay', 'ok', 'k',
  'right', 'alright', 'all right', 'sure', 'i see', 'got it', 'gotcha', 'cool', 'great', 'good', 'nice', 'fine', 'perfect', 'oh', 'ah', 'aha',
  'ahh', 'ooh', 'wow', 'uh', 'um', 'er', 'erm', 'uhm', 'oh okay', 'oh ok', "that's right", 'exactly', 'thanks', 'thank you', 'sounds good',
  'of course', 'makes sense', 'go on', 'go ahead', 'uh yeah',
];

/** Words and phrases that take the turn at once. */
export const INTERRUPTIONS: readonly string[] = [
  'no', 'nope', 'nah', 'wait', 'stop', 'actually', 'hold on', 'hang on', 'hold up', 'cancel', 'excuse me', 'sorry', 'pardon', 'hey',
  'never mind', 'nevermind', 'but', 'what', 'wrong', 'not', "don't", 'repeat', 'again', 'quiet', 'enough', 'one second', 'one sec',
  'just a second', 'just a sec', 'one moment', 'start over', 'help', 'change', 'instead',
];

/** Words that carry no content alone ("i…", "so…"): they interrupt only when the speech goes on. */
export const FUNCTION_WORDS: ReadonlySet<string> = new Set([
  'i', 'a', 'an', 'the', 'and', 'or', 'so', 'well', 'like', 'just', 'can', 'could', 'would', 'will', 'do', 'is', 'it', "it's", 'that',
  "that's", 'this', 'you', 'we', 'me', 'my', 'to', 'of', 'for', 'with', 'in', 'on', 'at', 'then', 'also', 'too', "i'm", "i'd",
]);

type Unit = 'backchannel' | 'interrupt' | 'function' | 'content';

const phraseMap = (list: readonly string[]): Map<string, number> => new Map(list.map((p) => [p, p.split(' ').length]));
const BACKCHANNEL_PHRASES = phraseMap(BACKCHANNELS);
const INTERRUPT_PHRASES = phraseMap(INTERRUPTIONS);
const LONGEST = Math.max(...[...BACKCHANNEL_PHRASES.values(), ...INTERRUPT_PHRASES.values()]);

/**
 * The words cut into units, longest phrase first at each position: interruptions before
 * backchannels ("hold on" interrupts, "uh huh" backchannels), then single words.
 */
export function overlapUnits(words: readonly string[]): Unit[] {
  const out: Unit[] = [];
  for (let i = 0; i < words.length;) {
    let took = 0;
    for (let n = Math.min(LONGEST, words.length - i); n >= 1 && took === 0; n--) {
      const p = words.slice(i, i + n).join(' ');
      if (INTERRUPT_PHRASES.get(p) === n) { out.push('interrupt'); took = n; } else if (BACKCHANNEL_PHRASES.get(p) === n) { out.push('backchannel'); took = n; }
    }
    if (took === 0) {
      out.push(FUNCTION_WORDS.has(words[i] as string) ? 'function' : 'content');
      took = 1;
    }
    i += took;
  }
  return out;
}

export function classifyOverlap(input: OverlapInput, config: OverlapConfig = DEFAULT_OVERLAP_CONFIG): OverlapClass {
  const words = transcriptWords(input.partialText);
  const ms = Math.max(0, input.speechMs);
  const weak = !(input.vadProbMean >= config.minVadProb); // NaN is weak too
  const units = overlapUnits(words);

  if (units.length === 0) {
    if (input.ended) return 'noise';
    if (ms < config.minDecideMs) return 'undecided';
    if (weak || input.echoLikely) return 'noise';
    return ms >= config.wordlessBargeInMs ? 'barge_in' : 'undecided';
  }

  // An acknowledgement with one content word after it ("yeah add"): the recognizer running on past
  // the "yeah" as often as a new request. It takes the turn only once it goes on (sustained + 300 ms).
  if (units.length === 2 && units[0] === 'backchannel' && units[1] === 'content') {
    if (ms >= config.sustainedMs + 300 && !weak && !input.ended) return 'barge_in';
    return 'backchannel';
  }

  // Words that take the turn: at once, unless they may be the agent's own voice or a noise misheard.
  if (units.some((u) => u === 'interrupt' || u === 'content')) {
    if (!weak && !input.echoLikely) return 'barge_in';
    // The agent's prompts rarely say "stop" or "wait", but they are full of content words.
    if (!weak && units.includes('interrupt') && ms >= config.minDecideMs) return 'barge_in';
    if (ms >= config.sustainedMs) return 'barge_in';
    return input.ended ? 'noise' : 'undecided';
  }

  if (units.some((u) => u === 'function')) {
    if (ms >= config.sustainedMs && !weak) return 'barge_in';
    if (!input.ended) return 'undecided';
    // Ended on "so" or "the" alone: a false start; with a backchannel in it, that is what it was.
    return units.includes('backchannel') ? 'backchannel' : 'noise';
  }

  // Only backchannels.
  if (ms >= config.maxBackchannelMs && !input.ended && !weak && !input.echoLikely) return 'barge_in';
  return 'backchannel';
}

export interface OverlapDecision {
  cls: OverlapClass;
  /** True when the class can no longer change: a barge-in, or any class once the speech ended. */
  final: boolean;
  /** speechMs when the class first became final (the decision latency), else null. */
  decidedAtMs: number | null;
}

/**
 * One overlap, update by update: latches the first 'barge_in' (a later partial never takes it
 * back) and the class at `ended`, and reports how much speech it took to decide.
 */
export class OverlapTracker {
  readonly #config: OverlapConfig;
  #decision: OverlapDecision = { cls: 'undecided', final: false, decidedAtMs: null };

  constructor(config: OverlapConfig = DEFAULT_OVERLAP_CONFIG) {
    this.#config = config;
  }

  get decision(): OverlapDecision { return this.#decision; }

  update(input: OverlapInput): OverlapDecision {
    if (this.#decision.final) return this.#decision;
    const cls = classifyOverlap(input, this.#config);
    const final = cls === 'barge_in' || input.ended === true;
    this.#decision = { cls, final, decidedAtMs: final ? input.speechMs : null };
    return this.#decision;
  }

  /** For the next overlap. */
  reset(): void {
    this.#decision = { cls: 'undecided', final: false, decidedAtMs: null };
  }
}
