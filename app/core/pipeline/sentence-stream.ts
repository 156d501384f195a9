/**
 * Streamed reply text → whole sentences, as soon as each one ends, so synthesis of the first
 * sentence starts while a model is still writing the rest. A sentence ends at . ! ? (or a line
 * break) followed by whitespace; "$5.49", "3.5", "e.g." and short abbreviations ("Dr.", "St.") do
 * not end one. Whatever is left when the stream ends is the last sentence.
 */
const ABBREVIATIONS = new Set(['dr', 'st', 'mr', 'mrs', 'ms', 'jr', 'sr', 'no', 'vs', 'etc', 'e.g', 'i.e', 'approx', 'ave', 'rd', 'mt']);

/** Index just past the first sentence end in `text` (with its following whitespace), or -1. */
export function sentenceEnd(text: string, minChars = 2): number {
  for (let i = 0; i < text.length - 1; i++) {
    const c = text[i] as string;
    const next = text[i + 1] as string;
    if (c === '\n' && i >= minChars) return i + 1;
    if ((c === '.' || c === '!' || c === '?') && /\s/.test(next)) {
      if (i + 1 < minChars) continue;
      if (c === '.') {
        const word = /([A-Za-z.]+)$/.exec(text.slice(0, i))?.[1]?.toLowerCase() ?? '';
        if (ABBREVIATIONS.has(word)) continue;
      }
      let j = i + 1;
      while (j < text.length && /\s/.test(text[j] as string)) j++;
      return j;
    }
  }
  return -1;
}

export async function* sentencesFrom(deltas: AsyncIterable<string>): AsyncGenerator<string> {
  let buf = '';
  for await (const d of deltas) {
    buf += d;
    for (let end = sentenceEnd(buf); end >= 0; end = sentenceEnd(buf)) {
      const s = buf.slice(0, end).trim();
      buf = buf.slice(end);
      if (s) yield s;
    }
  }
  const rest = buf.trim();
  if (rest) yield rest;
}
