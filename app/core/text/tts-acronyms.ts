/**
 * Acronyms. An all-caps token is spelled letter by letter ("MIT" → "M I T", "ATMs" → "A T M's") when
 * the lexicon's `spell` list or the built-in list below has it, or when it has no vowel (A E I O U):
 * "BBQ", "TV", "XL", "NYC". It is said as a word, written lower-case so the voice does not spell it
 * ("NASA" → "nasa"), when the lexicon's `words` list or the built-in list has it. Other all-caps
 * words ("FREE", "OPEN", "NEW") are left for the voice to read as words. Built-in choices: PIN, ASAP,
 * NASA, NATO, IKEA, SIM, FIFA, COVID ... are words; USA, ID, TV, ATM, FAQ, MIT, OJ, ETA, CEO ... are
 * spelled. Dotted initials are spelled too ("U.S.A." → "U S A"). Lexicon entries match any case
 * except all lower-case (a lower-case word is already what the voice should say).
 */
import { escapeRegExp, keptPeriod, rewrite } from './tts-rewrite.js';

export const DEFAULT_WORDS: readonly string[] = ['NASA', 'NATO', 'IKEA', 'ASAP', 'PIN', 'SIM', 'FIFA', 'UNICEF', 'UNESCO',
  'NASCAR', 'SCUBA', 'LASER', 'RADAR', 'SONAR', 'COVID', 'OPEC', 'FEMA', 'AWOL', 'GIF', 'JPEG', 'YOLO', 'LOL', 'AIDS', 'DEFCON'];
export const DEFAULT_SPELL: readonly string[] = ['MIT', 'FAQ', 'ATM', 'USA', 'ID', 'UK', 'EU', 'AI', 'OJ', 'ETA', 'CEO', 'CFO',
  'COO', 'CTO', 'FBI', 'CIA', 'IRS', 'UFO', 'IOU', 'EV', 'AC', 'ER', 'ICU', 'UI', 'UX', 'API', 'URL', 'USB', 'LED', 'IBM',
  'UPS', 'AOL', 'OEM', 'IQ', 'IP', 'EOD', 'AAA', 'DOA', 'AP', 'AKA', 'AA', 'PO', 'EST', 'PST', 'CST', 'EDT', 'PDT', 'UTC'];
/** All-caps words without A E I O U that are still words. */
const VOWELLESS_WORDS = new Set(['MY', 'BY', 'WHY', 'TRY', 'DRY', 'FLY', 'SKY', 'SHY', 'GYM', 'FRY', 'CRY', 'SPY', 'PLY',
  'SLY', 'WRY', 'SYNC', 'HYMN', 'LYNX', 'MYTH', 'HMM', 'SHH', 'PSST', 'BRR', 'TSK', 'ZZZ', 'GRR', 'NTH', 'PFFT', 'FLYS', 'TRYST']);
const BUILTIN_SAY = new Map([['OK', 'okay']]);

/** The lexicon's `spell` and `words` lists (a Lexicon fits; compiled once per object). */
export interface AcronymLists {
  readonly spell?: readonly string[];
  readonly words?: readonly string[];
}

/** "MIT" → "M I T". */
export function spellOut(token: string): string {
  return [...token.toUpperCase()].filter((c) => /[A-Z0-9]/.test(c)).join(' ');
}

const ACRONYM_RE = /\b([A-Z]{2,5})(s?)\b/g;
const DOTTED_RE = /(?<![\w.])((?:[A-Za-z]\.){2,})(?![\w])/g;

const compiled = new WeakMap<AcronymLists, { re: RegExp | null; spell: Set<string>; words: Set<string> }>();

function compile(lists: AcronymLists): { re: RegExp | null; spell: Set<string>; words: Set<string> } {
  const hit = compiled.get(lists);
  if (hit) return hit;
  const clean = (xs: readonly string[]): string[] => xs.map((x) => String(x).trim()).filter((x) => x.length > 0 && x.length <= 64);
  const spellList = clean(Array.isArray(lists.spell) ? lists.spell : []);
  const wordList = clean(Array.isArray(lists.words) ? lists.words : []);
  const spell = new Set(spellList.map((x) => x.toLowerCase()));
  const words = new Set(wordList.map((x) => x.toLowerCase()));
  const all = [...new Set([...spellList, ...wordList])].sort((a, b) => b.length - a.length);
  const re = all.length === 0 ? null : new RegExp(String.raw`(?<![\p{L}\p{N}_])(${all.map(escapeRegExp).join('|')})(s?)(?![\p{L}\p{N}_])`, 'giu');
  const entry = { re, spell, words };
  compiled.set(lists, entry);
  return entry;
}

function isAllLower(s: string): boolean {
  return s === s.toLowerCase();
}

/** Lexicon `spell`/`words`, then the built-in lists and the no-vowel rule, then dotted initials. */
export function speakAcronyms(text: string, lexicon: AcronymLists): string {
  const lex = compile(lexicon);
  let t = text;
  if (lex.re) {
    t = rewrite(t, lex.re, (m) => {
      const token = m[1] ?? '';
      if (isAllLower(token)) return null;
      const key = token.toLowerCase();
      const plural = m[2] ? "'s" : '';
      if (lex.spell.has(key)) return spellOut(token) + plural;
      if (lex.words.has(key)) return key + (m[2] ?? '');
      return null;
    });
  }
  t = rewrite(t, ACRONYM_RE, (m) => {
    const token = m[1] ?? '';
    const s = m[2] ?? '';
    const said = BUILTIN_SAY.get(token);
    if (said !== undefined && s === '') return said;
    if (DEFAULT_WORDS.includes(token)) return token.toLowerCase() + s;
    if (DEFAULT_SPELL.includes(token)) return spellOut(token) + (s ? "'s" : '');
    if (!/[AEIOU]/.test(token) && !VOWELLESS_WORDS.has(token)) return spellOut(token) + (s ? "'s" : '');
    return null;
  });
  return rewrite(t, DOTTED_RE, (m, src) => {
    const letters = (m[1] ?? '').replace(/\./g, '');
    return spellOut(letters).split(' ').map((c, i) => (/[a-z]/.test(letters[i] ?? '') ? c.toLowerCase() : c)).join(' ')
      + keptPeriod(true, src, m.index + m[0].length);
  });
}
