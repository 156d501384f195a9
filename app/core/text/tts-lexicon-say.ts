/**
 * The lexicon's `say` map: written brand names and words → their spoken form, matched as whole
 * words in any case ("Heed" → "heed", "QDOBA" → "kew doba"), longest entry first, spaces in an entry
 * matching any run of spaces. A few built-in entries ("AT&T") apply unless the lexicon overrides them.
 */
import { escapeRegExp, rewrite } from './tts-rewrite.js';

const BUILTIN: ReadonlyArray<readonly [string, string]> = [['AT&T', 'A T and T']];

interface CompiledSay { re: RegExp | null; spoken: Map<string, string> }

const cache = new WeakMap<object, CompiledSay>();
const keyOf = (written: string): string => written.toLowerCase().replace(/\s+/g, ' ');

function compile(say: Readonly<Record<string, string>>): CompiledSay {
  const hit = cache.get(say);
  if (hit) return hit;
  const spoken = new Map<string, string>();
  const add = (written: unknown, said: unknown): void => {
    if (typeof written !== 'string' || typeof said !== 'string') return;
    const w = written.trim();
    if (w.length === 0 || w.length > 200) return;
    spoken.set(keyOf(w), said);
  };
  for (const [w, s] of BUILTIN) add(w, s);
  for (const [w, s] of Object.entries(say)) add(w, s);
  const alternatives = [...spoken.keys()]
    .sort((a, b) => b.length - a.length)
    .map((k) => escapeRegExp(k).replace(/ /g, String.raw`\s+`));
  const re = alternatives.length === 0 ? null
    : new RegExp(String.raw`(?<![\p{L}\p{N}_])(?:${alternatives.join('|')})(?![\p{L}\p{N}_])`, 'giu');
  const compiled = { re, spoken };
  cache.set(say, compiled);
  return compiled;
}

export function speakLexiconSay(text: string, say: Readonly<Record<string, string>>): string {
  const { re, spoken } = compile(say);
  if (!re) return text;
  return rewrite(text, re, (m) => spoken.get(keyOf(m[0])) ?? null);
}
