/**
 * Typed text → grammar words: lower case, punctuation stripped, digits spelled out, common typed
 * shorthands expanded ("2 cokes pls" → "two cokes please"). Transcripts only get the light pass.
 */
import { numberToWords } from '../speakable.js';

const SHORTHANDS: Record<string, string> = {
  im: "i'm", id: "i'd", ill: "i'll", thats: "that's", whats: "what's", dont: "don't", itll: "it'll", thatll: "that'll",
  pls: 'please', plz: 'please', thx: 'thanks', ty: 'thank you', ok: 'okay', k: 'okay', yea: 'yeah', ya: 'yeah',
  lg: 'large', lrg: 'large', med: 'medium', md: 'medium', sm: 'small', sml: 'small', w: 'with', wo: 'without',
  u: 'you', r: 'are', gimme: 'give me', lemme: 'let me', wanna: 'want',
};

/** Light pass for recognizer output: lower case, words only. */
export function transcriptWords(text: string): string[] {
  return text.toLowerCase().replace(/[’‘`]/g, "'").replace(/[^a-z0-9' ]+/g, ' ').split(/\s+/).map((w) => w.replace(/^'+|'+$/g, '')).filter((w) => w.length > 0);
}

export function normalizeTypedText(text: string): string[] {
  const t = text
    .toLowerCase()
    .replace(/[’‘`]/g, "'")
    .replace(/\bw\/o\b/g, ' without ')
    .replace(/\bw\//g, ' with ')
    .replace(/#\s*(\d+)/g, ' number $1 ')
    .replace(/\bno\.\s*(\d+)/g, ' number $1 ')
    .replace(/\b(\d+)\s*x\b/g, ' $1 ')
    .replace(/&/g, ' and ')
    .replace(/\$\s*\d+(?:\.\d+)?/g, ' ');
  const out: string[] = [];
  const tokens = transcriptWords(t.replace(/(\d+)([a-z])/g, '$1 $2'));
  // Letters typed one by one ("m a r k") are a spelling: "r" and "k" stay letters, not "are" and "okay".
  const single = (i: number): boolean => /^[a-z]$/.test(tokens[i] ?? '');
  const spelled = (i: number): boolean => single(i) && (single(i - 1) || single(i + 1));
  for (const [i, raw] of tokens.entries()) {
    if (spelled(i)) { out.push(raw); continue; }
    if (/^\d+$/.test(raw)) {
      const n = Number(raw);
      out.push(...(n <= 1_000_000 ? numberToWords(n).split(/[\s-]+/) : [raw]));
      continue;
    }
    const w = SHORTHANDS[raw] ?? raw;
    out.push(...w.split(' '));
  }
  return out;
}
