/**
 * Spelled-out words → text: "j o h n" → "John". A spoken unit is a letter ("j", or a common
 * homophone: "jay", "you", "why"…), a NATO word ("juliet", "x ray"), "<letter> as in <word>"
 * (the word must start with the letter: "j as in juliet"), or "double"/"triple" before a letter
 * or NATO word ("double l" → "ll"). 1–20 units; the first letter is capitalized, the rest lower.
 */
import { LETTERS, NATO } from './itn-words.js';

export const MAX_SPELLED_UNITS = 20;

const HOMOPHONES: Readonly<Record<string, string>> = {
  bee: 'b', be: 'b', see: 'c', sea: 'c', dee: 'd', ef: 'f', gee: 'g', aitch: 'h', eye: 'i', jay: 'j', kay: 'k',
  el: 'l', ell: 'l', em: 'm', en: 'n', oh: 'o', owe: 'o', pee: 'p', pea: 'p', queue: 'q', cue: 'q', are: 'r',
  es: 's', ess: 's', tea: 't', tee: 't', you: 'u', vee: 'v', ex: 'x', why: 'y', zee: 'z', zed: 'z',
};
const NATO_VARIANTS: Readonly<Record<string, string>> = { alfa: 'a', juliett: 'j', whisky: 'w', xray: 'x', 'x-ray': 'x' };

const LETTER = new Map<string, string>([
  ...LETTERS.map((l): [string, string] => [l, l]),
  ...Object.entries(HOMOPHONES),
]);
const NATO_LETTER = new Map<string, string>([
  ...Object.entries(NATO).map(([l, w]): [string, string] => [w, l]),
  ...Object.entries(NATO_VARIANTS),
]);

/** A letter or NATO word at i: [letter, words used]. "x ray" is two words. */
function letterAt(words: readonly string[], i: number): [string, number] | null {
  const a = words[i];
  if (a === undefined) return null;
  if (a === 'x' && words[i + 1] === 'ray') return ['x', 2];
  const l = LETTER.get(a) ?? NATO_LETTER.get(a);
  return l === undefined ? null : [l, 1];
}

export function parseSpelled(words: readonly string[]): string | null {
  if (words.length === 0 || words.length > MAX_SPELLED_UNITS * 4) return null;
  let out = '';
  let units = 0;
  for (let i = 0; i < words.length;) {
    const w = words[i] as string;
    if (w === 'double' || w === 'triple') {
      const l = letterAt(words, i + 1);
      if (l === null) return null;
      out += l[0].repeat(w === 'double' ? 2 : 3);
      i += 1 + l[1];
    } else {
      const l = letterAt(words, i);
      if (l === null) return null;
      i += l[1];
      // "<letter> as in <word>": the word confirms the letter.
      if (words[i] === 'as' && words[i + 1] === 'in') {
        const example = words[i + 2];
        if (example === undefined || !/^[a-z]/.test(example) || !example.startsWith(l[0])) return null;
        i += example === 'x' && words[i + 3] === 'ray' ? 4 : 3;
      }
      out += l[0];
    }
    if (++units > MAX_SPELLED_UNITS) return null;
  }
  return out.length === 0 ? null : `${out.slice(0, 1).toUpperCase()}${out.slice(1)}`;
}
