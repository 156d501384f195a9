/** Name matching for product, store and holiday lookups: lower case, words only, plurals folded. */

/** "Painter's Tape (60 yd)!" → "painter's tape 60 yd". */
export function normalizeName(text: string): string {
  return text.toLowerCase().replace(/[’‘`]/g, "'").replace(/&/g, ' and ').replace(/[^\p{L}\p{N}' ]+/gu, ' ').trim().split(/\s+/).filter((w) => w.length > 0).join(' ');
}

const LEADING = new Set(['a', 'an', 'the', 'some', 'any', 'your', 'my', 'those', 'these', 'that', 'this']);

/** Drops leading articles and determiners: "some paint rollers" → "paint rollers". */
export function stripDeterminers(text: string): string {
  const words = normalizeName(text).split(' ');
  while (words.length > 1 && LEADING.has(words[0] as string)) words.shift();
  return words.join(' ');
}

/** A word's singular guess: "batteries" → "battery", "boxes" → "box", "drills" → "drill". */
export function singular(word: string): string {
  if (word.length > 4 && word.endsWith('ies')) return `${word.slice(0, -3)}y`;
  if (word.length > 4 && /(?:ch|sh|x|z|ss)es$/.test(word)) return word.slice(0, -2);
  if (word.length > 3 && word.endsWith('s') && !word.endsWith('ss')) return word.slice(0, -1);
  return word;
}

/** The same phrase with every word singular, for comparing "paint roller" with "paint rollers". */
export function foldPlurals(text: string): string {
  return normalizeName(text).split(' ').map(singular).join(' ');
}
