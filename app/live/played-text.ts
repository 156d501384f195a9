/**
 * Which words of a reply the listener has heard, from how much of its audio has played. The reply
 * is synthesized a sentence at a time (splitSentences, as the TTS engines chunk it), so each
 * sentence's audio length is known once it is synthesized; inside a sentence the position is
 * estimated in proportion to its characters, and only whole words count. The result is always a
 * prefix of the text (the turn machine's `playedText` contract). Pure.
 */
import { splitSentences } from '../core/pipeline/speak.js';

export interface TimedSentence {
  readonly text: string;
  /** Offset of the sentence in the whole reply text. */
  readonly start: number;
  /** Audio length once synthesized, else null. */
  ms: number | null;
}

/** The sentences of `text` with their offsets (audio lengths still unknown). */
export function timedSentences(text: string): TimedSentence[] {
  const out: TimedSentence[] = [];
  let from = 0;
  for (const s of splitSentences(text)) {
    const at = text.indexOf(s, from);
    const start = at < 0 ? from : at;
    out.push({ text: s, start, ms: null });
    from = start + s.length;
  }
  return out;
}

/** The words of `text` heard after `playedMs` of its audio (sentences in order, whole words only). */
export function playedTextAt(text: string, sentences: readonly TimedSentence[], playedMs: number): string {
  let acc = 0;
  let end = 0;
  for (const s of sentences) {
    if (s.ms === null) break;
    if (playedMs >= acc + s.ms) {
      end = s.start + s.text.length;
      acc += s.ms;
      continue;
    }
    const heard = s.ms > 0 ? Math.floor(((playedMs - acc) / s.ms) * s.text.length) : 0;
    if (heard > 0) {
      // The word in progress is not heard yet: cut back to the last whole word.
      const whole = heard >= s.text.length || /\s/u.test(s.text.charAt(heard)) ? heard : s.text.lastIndexOf(' ', heard);
      if (whole > 0) end = s.start + whole;
    }
    break;
  }
  return text.slice(0, end).trimEnd();
}
