/**
 * Text helpers of the turn machine: joining the words of a turn's utterances, and finding the
 * unplayed rest of an interrupted reply (from the start of the sentence that was cut). Pure.
 */

/** The non-empty pieces, trimmed, joined by one space. */
export function joinWords(pieces: readonly string[]): string {
  return pieces.map((p) => p.trim()).filter((p) => p.length > 0).join(' ');
}

/** Start offsets of the sentences of `text` (after . ! ? and whitespace, as splitSentences cuts). */
function sentenceStarts(text: string): number[] {
  const starts = [0];
  for (const m of text.matchAll(/[.!?]\s+(?=\S)/gu)) starts.push(m.index + m[0].length);
  return starts;
}

/**
 * What is left to say of `text` once `playedText` was heard, from the start of the sentence the
 * cut fell in (a sentence is not resumed mid-word). `playedText` is expected to be a prefix of
 * `text`; when it is not, nothing is known to have been heard and the whole text is the rest.
 */
export function unplayedRest(text: string, playedText: string): string {
  let cut = text.startsWith(playedText) ? playedText.length : 0;
  while (cut < text.length && /\s/u.test(text.charAt(cut))) cut += 1; // "Sure." heard: resume at the next sentence
  if (cut >= text.length) return '';
  let from = 0;
  for (const s of sentenceStarts(text)) if (s <= cut) from = s;
  return text.slice(from).trim();
}
