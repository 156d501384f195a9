/**
 * The replace loop every speech-normalizer stage uses, and the bounded look-around helpers the
 * context rules need. Rewriting is linear: a match that is left alone is skipped whole, never
 * re-scanned, and context is read from short slices, never with unbounded look-behinds.
 */

/** Returns the replacement, or null to leave the match as written. */
export type Rewriter = (m: RegExpExecArray, text: string) => string | null;

/** `text.replace(re, fn)` with typed groups; `re` must have the g flag. */
export function rewrite(text: string, re: RegExp, fn: Rewriter): string {
  if (!re.global) return text;
  re.lastIndex = 0;
  let out = '';
  let last = 0;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    if (m[0].length === 0) {
      re.lastIndex = m.index + 1;
      continue;
    }
    const rep = fn(m, text);
    if (rep !== null) {
      out += text.slice(last, m.index) + rep;
      last = m.index + m[0].length;
    }
  }
  re.lastIndex = 0;
  return last === 0 ? text : out + text.slice(last);
}

const SPAN = 48;

/** The word just before `index`, skipping spaces and one comma or period: "Main" in "Main St.". */
export function wordBefore(text: string, index: number): string {
  const m = /([A-Za-z0-9']+)[.,]?\s+$/.exec(text.slice(Math.max(0, index - SPAN), index));
  return m?.[1] ?? '';
}

/** The word just after `index`, past spaces: "Patel" in "Dr. Patel". */
export function wordAfter(text: string, index: number): string {
  const m = /^\s+([A-Za-z0-9']+)/.exec(text.slice(index, index + SPAN));
  return m?.[1] ?? '';
}

/** Up to SPAN characters before `index` (for anchored context tests like /\bcall\s+$/). */
export function textBefore(text: string, index: number): string {
  return text.slice(Math.max(0, index - SPAN), index);
}

/** Up to SPAN characters from `index` (for anchored context tests like /^\s*:/). */
export function textAfter(text: string, index: number): string {
  return text.slice(index, index + SPAN);
}

/**
 * Whether an abbreviation's period that ends at `index` also ends the sentence, so it must stay
 * for the voice's prosody: end of text, a new line, or a capital letter after a space.
 */
export function endsSentence(text: string, index: number): boolean {
  let i = index;
  while (i < text.length && (text[i] === ' ' || text[i] === '\t')) i++;
  if (i >= text.length) return true;
  const c = text[i] ?? '';
  if (c === '\n' || c === '\r') return true;
  return i > index && c >= 'A' && c <= 'Z';
}

/** "." when the abbreviation's own period (`hadPeriod`) should stay as a sentence end. */
export function keptPeriod(hadPeriod: boolean, text: string, end: number): string {
  return hadPeriod && endsSentence(text, end) ? '.' : '';
}

/** Escapes a literal for use inside a RegExp (also valid with the u flag). */
export function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
