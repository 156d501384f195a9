/**
 * PII redaction for everything Heed keeps or logs: phone numbers (written with any separators or
 * spoken as digit words), card-like digit runs, e-mail addresses (written or spoken) and given
 * personal names. Prices, times, dates, decimals, short numbers (quantities, order numbers, "nine
 * one one") are left alone. Every scanner is linear in the input (hand-written loops, anchored
 * regex starts, bounded quantifiers) and nothing here throws: on an internal failure the whole
 * string is masked rather than passed through.
 */

export const MASKS = {
  phone: '[phone]',
  card: '[card]',
  number: '[number]',
  email: '[email]',
  name: '[name]',
  redacted: '[redacted]',
} as const;

export type MaskKind = keyof typeof MASKS;

export interface RedactTextOptions {
  /**
   * Personal names to mask, case-insensitively and as whole words. A multi-word name also masks
   * each of its words of two or more letters ("Ann Lee" masks "Ann Lee", "Ann" and "Lee").
   */
  names?: Iterable<string> | undefined;
}

export interface RedactValueOptions extends RedactTextOptions {
  /**
   * Object keys whose values are masked entirely (default DEFAULT_PII_KEYS). Compared ignoring case,
   * "_" and "-"; a listed key of five or more letters also matches as a suffix ("phone" matches
   * "customerPhone", "firstName" matches "billingFirstName"), shorter ones ("name", "tel") match exactly.
   */
  keys?: Iterable<string> | undefined;
}

/** Keys whose values are always personal data. */
export const DEFAULT_PII_KEYS: readonly string[] = [
  'phone', 'phoneNumber', 'telephone', 'tel', 'mobile', 'mobileNumber', 'cell', 'cellPhone', 'callbackNumber', 'contactNumber',
  'email', 'emailAddress',
  'name', 'customerName', 'firstName', 'lastName', 'fullName', 'givenName', 'middleName', 'surname', 'familyName', 'contactName',
  'cardNumber', 'creditCard',
];

export interface Redactor {
  text(text: string): string;
  value(value: unknown): unknown;
}

/** Masks phones, card-like runs, e-mails and the given names in free text. Never throws. */
export function redactText(text: string, opts: RedactTextOptions = {}): string {
  return createRedactor(opts).text(text);
}

/**
 * Returns a redacted copy of a JSON-like value (tool arguments and results, log fields): strings go
 * through redactText, values under PII keys are masked whole (null, undefined and booleans are
 * kept), and names found under person-name keys (customerName, firstName, …; not bare "name")
 * are also masked wherever else they appear in the value. Numbers outside PII keys are kept.
 * Cycles become "[circular]", nesting deeper than 32 "[truncated]". Never throws.
 */
export function redactValue(value: unknown, opts: RedactValueOptions = {}): unknown {
  try {
    const keys = keyMatcher(opts.keys ?? DEFAULT_PII_KEYS);
    const names = [...safeIterate(opts.names), ...collectNames(value, keys)];
    return walk(value, 0, new Set(), { keys, text: textRedactor(names) });
  } catch {
    return MASKS.redacted;
  }
}

/** The person names held under person-name keys of a value (customerName, firstName, …), deduplicated. */
export function namesIn(value: unknown, opts: Pick<RedactValueOptions, 'keys'> = {}): string[] {
  try {
    return collectNames(value, keyMatcher(opts.keys ?? DEFAULT_PII_KEYS));
  } catch {
    return [];
  }
}

/** Compiles the options once, for redacting many strings or values with the same names and keys. */
export function createRedactor(opts: RedactValueOptions = {}): Redactor {
  let keys: KeyMatcher;
  let text: (s: string) => string;
  const names = safeIterate(opts.names); // once: the caller may pass a one-shot iterator
  try {
    keys = keyMatcher(opts.keys ?? DEFAULT_PII_KEYS);
    text = textRedactor(names);
  } catch {
    keys = keyMatcher(DEFAULT_PII_KEYS);
    text = textRedactor([]);
  }
  return {
    text: (s) => text(s),
    value: (v) => {
      try {
        const found = collectNames(v, keys);
        const t = found.length === 0 ? text : textRedactor([...names, ...found]);
        return walk(v, 0, new Set(), { keys, text: t });
      } catch {
        return MASKS.redacted;
      }
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Text

function textRedactor(names: Iterable<string>): (s: string) => string {
  const nameRe = nameRegex(names);
  return (input: string): string => {
    try {
      let t = typeof input === 'string' ? input : String(input);
      if (t.length === 0) return t;
      if (t.includes('@')) t = t.replace(EMAIL, MASKS.email);
      if (HAS_AT.test(t) && HAS_DOT.test(t)) t = t.replace(SPOKEN_EMAIL, MASKS.email);
      if (nameRe !== undefined) t = t.replace(nameRe, MASKS.name);
      t = maskSpokenDigits(t);
      return maskDigitChains(t);
    } catch {
      return MASKS.redacted;
    }
  };
}

/** Written e-mail: the local part may only start where no local-part character precedes it, so each run is tried once. */
const EMAIL = /(?<![\p{L}\p{N}._%+-])[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)+/gu;

const HAS_AT = /\bat\b/i;
const HAS_DOT = /\bdot\b/i;
const SW = '[\\p{L}\\p{N}_-]';
const SP = '\\s{1,3}';
const TLD = '(?:com|net|org|edu|gov|mil|int|io|co|us|uk|ca|au|nz|ie|de|fr|es|it|nl|info|biz|me|ai|app|dev)';
/** Spoken e-mail as a recognizer writes it: "john dot smith at gmail dot com". */
const SPOKEN_EMAIL = new RegExp(
  `(?<![\\p{L}\\p{N}_.-])${SW}{1,64}(?:${SP}(?:dot|underscore|dash|hyphen)${SP}${SW}{1,64}){0,4}` +
  `${SP}at${SP}${SW}{1,63}(?:${SP}dot${SP}${SW}{1,63}){0,3}${SP}dot${SP}${TLD}(?![\\p{L}\\p{N}_])`,
  'giu',
);

const MAX_NAMES = 500;

function nameRegex(names: Iterable<string>): RegExp | undefined {
  const set = new Set<string>();
  for (const raw of names) {
    if (typeof raw !== 'string') continue;
    const full = raw.normalize('NFC').trim().replace(/\s+/g, ' ').toLowerCase();
    if (full.length > 200) continue;
    if (countLetters(full) >= 2) set.add(full);
    if (full.includes(' ')) for (const part of full.split(' ')) if (countLetters(part) >= 2) set.add(part);
    if (set.size >= MAX_NAMES) break;
  }
  if (set.size === 0) return undefined;
  const alternatives = [...set]
    .sort((a, b) => b.length - a.length)
    .map((n) => n.split(' ').map(escapeRegex).join('\\s+'));
  return new RegExp(`(?<![\\p{L}\\p{M}\\p{N}_])(?:${alternatives.join('|')})(?![\\p{L}\\p{M}\\p{N}_])`, 'giu');
}

function countLetters(s: string): number {
  let n = 0;
  for (const ch of s) if (LETTER.test(ch)) n++;
  return n;
}

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

const LETTER = /\p{L}/u;
const WORD_CHAR = /[\p{L}\p{M}\p{N}_]/u;

function isWordChar(ch: string | undefined): boolean {
  return ch !== undefined && WORD_CHAR.test(ch);
}

function isDigitAt(s: string, i: number): boolean {
  const c = s.charCodeAt(i);
  return c >= 48 && c <= 57;
}

function maskForDigitCount(digits: number, international: boolean): MaskKind {
  if (digits <= 12 || (international && digits <= 15)) return 'phone';
  if (digits <= 19) return 'card';
  return 'number';
}

// --- spoken digits -----------------------------------------------------------------------------

const UNIT_WORDS = new Set(['zero', 'oh', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'niner']);
const TEEN_WORDS = new Set(['ten', 'eleven', 'twelve', 'thirteen', 'fourteen', 'fifteen', 'sixteen', 'seventeen', 'eighteen', 'nineteen']);
const TENS_WORDS = new Set(['twenty', 'thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety']);
const REPEAT_WORDS = new Map([['double', 2], ['triple', 3]]);
const TOKEN = /[\p{L}\p{M}]+|[0-9]+/gu;
const SPOKEN_GAP = /^[ \t\u00A0,.\-\u2013\u2014]{1,3}$/;
const MIN_PHONE_DIGITS = 7;

/**
 * Masks runs of number words (and digit groups mixed with them) that spell seven or more digits:
 * "five five five one two three four", "double five", "oh", "eight hundred", "twelve thirty-four".
 * Runs of digits only are left to maskDigitChains.
 */
function maskSpokenDigits(text: string): string {
  const spans: Array<[number, number, MaskKind]> = [];
  let run: { start: number; end: number; digits: number; words: number } | undefined;
  let repeat = 0;
  let repeatStart = -1;
  let afterTens = false;
  let afterUnit = false;
  let prevEnd = 0;

  const close = (): void => {
    if (run !== undefined && run.words > 0 && run.digits >= MIN_PHONE_DIGITS) spans.push([run.start, run.end, maskForDigitCount(run.digits, false)]);
    run = undefined;
    repeat = 0;
    afterTens = false;
    afterUnit = false;
  };
  const add = (start: number, end: number, digits: number, word: boolean): void => {
    run ??= { start, end, digits: 0, words: 0 };
    run.end = end;
    run.digits += digits;
    if (word) run.words++;
  };

  for (const m of text.matchAll(TOKEN)) {
    const s = m.index;
    const tok = m[0];
    const e = s + tok.length;
    const gap = text.slice(prevEnd, s);
    prevEnd = e;
    if (s > 0 && gap.length === 0) { close(); continue; } // glued to the previous token: an identifier, not a number
    if ((run !== undefined || repeat > 0) && !SPOKEN_GAP.test(gap)) close();

    if (isDigitAt(tok, 0)) {
      const n = tok.length + (repeat > 0 && tok.length === 1 ? repeat - 1 : 0);
      add(repeat > 0 ? repeatStart : s, e, n, false);
      repeat = 0; afterTens = false; afterUnit = false;
      continue;
    }
    const w = tok.toLowerCase();
    if (UNIT_WORDS.has(w)) {
      const tensUnit = afterTens && w !== 'zero' && w !== 'oh';
      add(repeat > 0 ? repeatStart : s, e, tensUnit ? 0 : Math.max(1, repeat), true);
      repeat = 0; afterTens = false; afterUnit = true;
    } else if (TEEN_WORDS.has(w) || TENS_WORDS.has(w)) {
      if (repeat > 0) close();
      add(s, e, 2, true);
      afterTens = TENS_WORDS.has(w); afterUnit = false;
    } else if ((w === 'hundred' || w === 'thousand') && afterUnit && run !== undefined) {
      add(s, e, w === 'hundred' ? 2 : 3, true);
      afterTens = false; afterUnit = false;
    } else if (REPEAT_WORDS.has(w) && repeat === 0) {
      repeat = REPEAT_WORDS.get(w) ?? 0;
      repeatStart = s;
      afterTens = false; afterUnit = false;
    } else {
      close();
    }
  }
  close();
  return replaceSpans(text, spans);
}

function replaceSpans(text: string, spans: ReadonlyArray<readonly [number, number, MaskKind]>): string {
  if (spans.length === 0) return text;
  let out = '';
  let last = 0;
  for (const [start, end, kind] of spans) {
    out += text.slice(last, start) + MASKS[kind];
    last = end;
  }
  return out + text.slice(last);
}

// --- written digits ----------------------------------------------------------------------------

const SEPARATORS = new Set([' ', '\t', '\u00A0', '\u202F', '-', '\u2010', '\u2011', '\u2012', '\u2013', '\u2014', '.', '(', ')']);
const CURRENCY = new Set(['$', '€', '£', '¥', '₹', '¢']);
const MAX_GAP = 3;

interface DigitChain {
  start: number;
  end: number;
  groups: string[];
  gaps: string[];
  international: boolean;
}

/**
 * Finds chains of digit groups joined by short separator runs (" ", "-", ".", "(", ")") and masks
 * those that spell seven or more digits, unless they read as a price, a percentage, a decimal, a
 * date, an IPv4 address or a "#" reference. Digits glued to letters (SKUs, hashes, "2024-05-01T…") are identifiers and kept.
 */
function maskDigitChains(text: string): string {
  const spans: Array<[number, number, MaskKind]> = [];
  const n = text.length;
  let i = 0;
  while (i < n) {
    if (!isDigitAt(text, i)) { i++; continue; }
    const prev = text[i - 1];
    if (isWordChar(prev) || ((prev === ',' || prev === '.') && isDigitAt(text, i - 2))) {
      // Part of a word, or a thousands/decimal tail ("1,234,567"): skip this digit group.
      while (i < n && (isDigitAt(text, i) || isWordChar(text[i]))) i++;
      continue;
    }
    const chain = readChain(text, i);
    i = chain.end;
    if (isWordChar(text[chain.end])) continue;
    const kind = classifyChain(text, chain);
    if (kind !== undefined) spans.push([chain.start, chain.end, kind]);
  }
  return replaceSpans(text, spans);
}

function readChain(text: string, first: number): DigitChain {
  const n = text.length;
  let start = first;
  let open = 0;
  if (text[start - 1] === '(') { start--; open++; }
  const international = text[start - 1] === '+';
  if (international) start--;
  const groups: string[] = [];
  const gaps: string[] = [];
  let j = first;
  for (;;) {
    const g = j;
    while (j < n && isDigitAt(text, j)) j++;
    groups.push(text.slice(g, j));
    let k = j;
    while (k < n && k - j < MAX_GAP && SEPARATORS.has(text[k] ?? '')) k++;
    if (k === j || !isDigitAt(text, k)) break;
    const gap = text.slice(j, k);
    if (!gapOk(gap)) break;
    for (const ch of gap) open += ch === '(' ? 1 : ch === ')' ? -1 : 0;
    gaps.push(gap);
    j = k;
  }
  if (open > 0 && text[j] === ')') j++;
  return { start, end: j, groups, gaps, international };
}

/** At most one punctuation separator, plus spaces and parentheses: "-", " - ", ") ", " (". */
function gapOk(gap: string): boolean {
  let punct = 0;
  let parens = 0;
  for (const ch of gap) {
    if (ch === '(' || ch === ')') parens++;
    else if (ch !== ' ' && ch !== '\t' && ch !== '\u00A0' && ch !== '\u202F') punct++;
  }
  return punct <= 1 && parens <= 1;
}

function classifyChain(text: string, c: DigitChain): MaskKind | undefined {
  const digits = c.groups.reduce((sum, g) => sum + g.length, 0);
  if (digits < MIN_PHONE_DIGITS) return undefined;
  const before = text[c.start - 1] === ' ' ? text[c.start - 2] : text[c.start - 1];
  if (before !== undefined && CURRENCY.has(before)) return undefined; // "$1234567", "€ 2 500 000"
  if (text[c.start - 1] === '#' && digits <= 12) return undefined; // a reference: "order #12345678"
  if (text[c.end] === '%') return undefined;
  if (!c.international && c.gaps.length === 1 && c.gaps[0] === '.') return undefined; // a decimal: "3.14159265", "1234567.89"
  if (isDate(c) || isIPv4(c)) return undefined;
  return maskForDigitCount(digits, c.international || text[c.start] === '(');
}

function isDate(c: DigitChain): boolean {
  if (c.groups.length !== 3 || c.international) return false;
  const sep = c.gaps[0];
  if ((sep !== '-' && sep !== '.') || c.gaps.some((g) => g !== sep)) return false;
  const [a = '', b = '', d = ''] = c.groups;
  const small = (s: string): boolean => s.length >= 1 && s.length <= 2 && Number(s) >= 1 && Number(s) <= 31;
  if (a.length === 4) return small(b) && small(d) && (Number(b) <= 12 || Number(d) <= 12);
  if (d.length === 4) return small(a) && small(b) && (Number(a) <= 12 || Number(b) <= 12);
  return false;
}

function isIPv4(c: DigitChain): boolean {
  return c.groups.length === 4 && !c.international && c.gaps.every((g) => g === '.')
    && c.groups.every((g) => g.length <= 3 && Number(g) <= 255);
}

// ---------------------------------------------------------------------------------------------
// Values

const MAX_DEPTH = 32;

interface KeyMatcher {
  /** The mask for a PII key, or undefined when the key is not one. */
  kind(key: string): MaskKind | undefined;
  /** Whether values under this key are person names worth masking elsewhere too. */
  isPersonName(key: string): boolean;
}

function normalizeKey(key: string): string {
  return key.toLowerCase().replace(/[^\p{L}\p{N}]/gu, '');
}

function kindOfKey(norm: string): MaskKind {
  if (/phone|mobile|cell|^tel|number$/.test(norm)) return norm.includes('card') ? 'card' : 'phone';
  if (norm.includes('mail')) return 'email';
  if (norm.includes('name')) return 'name';
  if (norm.includes('card')) return 'card';
  return 'redacted';
}

function keyMatcher(keys: Iterable<string>): KeyMatcher {
  const exact = new Map<string, MaskKind>();
  const suffixes: Array<[string, MaskKind]> = [];
  for (const k of safeIterate(keys)) {
    if (typeof k !== 'string') continue;
    const norm = normalizeKey(k);
    if (norm.length === 0) continue;
    const kind = kindOfKey(norm);
    exact.set(norm, kind);
    if (norm.length >= 5) suffixes.push([norm, kind]);
  }
  const cache = new Map<string, MaskKind | null>();
  const kind = (key: string): MaskKind | undefined => {
    const hit = cache.get(key);
    if (hit !== undefined) return hit ?? undefined;
    const norm = normalizeKey(key);
    let found = exact.get(norm);
    if (found === undefined) for (const [suffix, k] of suffixes) if (norm.endsWith(suffix)) { found = k; break; }
    if (cache.size < 1000) cache.set(key, found ?? null);
    return found;
  };
  return {
    kind,
    isPersonName: (key) => kind(key) === 'name' && normalizeKey(key) !== 'name',
  };
}

interface WalkContext {
  keys: KeyMatcher;
  text: (s: string) => string;
}

function walk(v: unknown, depth: number, ancestors: Set<object>, ctx: WalkContext): unknown {
  if (typeof v === 'string') return ctx.text(v);
  if (v === null || typeof v !== 'object') return v;
  if (depth >= MAX_DEPTH) return '[truncated]';
  if (ancestors.has(v)) return '[circular]';
  ancestors.add(v);
  try {
    if (Array.isArray(v)) return v.map((x: unknown) => walk(x, depth + 1, ancestors, ctx));
    if (v instanceof Error) return walkError(v, depth, ancestors, ctx);
    if (v instanceof Date) return Number.isNaN(v.getTime()) ? null : v.toISOString();
    if (v instanceof Map) return [...v.entries()].map((entry) => walk(entry, depth + 1, ancestors, ctx));
    if (v instanceof Set) return [...v.values()].map((x: unknown) => walk(x, depth + 1, ancestors, ctx));
    if (ArrayBuffer.isView(v) || v instanceof ArrayBuffer) return `[${v.byteLength} bytes]`;
    const toJSON = (v as { toJSON?: unknown }).toJSON;
    if (typeof toJSON === 'function') return walk(toJSON.call(v), depth + 1, ancestors, ctx);
    return walkEntries(v, Object.keys(v), depth, ancestors, ctx, {});
  } catch {
    return MASKS.redacted;
  } finally {
    ancestors.delete(v);
  }
}

function walkEntries(src: object, keys: readonly string[], depth: number, ancestors: Set<object>, ctx: WalkContext, out: Record<string, unknown>): Record<string, unknown> {
  for (const key of keys) {
    let value: unknown;
    try { value = (src as Record<string, unknown>)[key]; } catch { value = MASKS.redacted; }
    const kind = ctx.keys.kind(key);
    const redacted = kind === undefined ? walk(value, depth + 1, ancestors, ctx) : maskWhole(value, kind);
    Object.defineProperty(out, ctx.text(key), { value: redacted, enumerable: true, writable: true, configurable: true });
  }
  return out;
}

const ERROR_OWN_KEYS = new Set(['type', 'name', 'message', 'stack', 'cause']);

function walkError(err: Error, depth: number, ancestors: Set<object>, ctx: WalkContext): Record<string, unknown> {
  const out: Record<string, unknown> = { type: ctx.text(String(err.name)), message: ctx.text(String(err.message)) };
  if (typeof err.stack === 'string') out['stack'] = ctx.text(err.stack);
  walkEntries(err, Object.keys(err).filter((k) => !ERROR_OWN_KEYS.has(k)), depth, ancestors, ctx, out);
  if (err.cause !== undefined && !('cause' in out)) out['cause'] = walk(err.cause, depth + 1, ancestors, ctx);
  return out;
}

/** A PII key's value: scalars and objects become the mask; null, undefined, booleans and "" say nothing and are kept. */
function maskWhole(value: unknown, kind: MaskKind): unknown {
  if (value === null || value === undefined || typeof value === 'boolean' || value === '') return value;
  if (Array.isArray(value)) return value.map((x: unknown) => maskWhole(x, kind));
  return MASKS[kind];
}

function collectNames(value: unknown, keys: KeyMatcher): string[] {
  const found = new Set<string>();
  const visit = (v: unknown, depth: number, seen: Set<object>): void => {
    if (v === null || typeof v !== 'object' || depth >= MAX_DEPTH || seen.has(v) || found.size >= MAX_NAMES) return;
    seen.add(v);
    if (Array.isArray(v)) { for (const x of v) visit(x, depth + 1, seen); return; }
    if (v instanceof Error || v instanceof Date || v instanceof Map || v instanceof Set || ArrayBuffer.isView(v)) return;
    for (const key of Object.keys(v)) {
      let x: unknown;
      try { x = (v as Record<string, unknown>)[key]; } catch { continue; }
      if (keys.isPersonName(key)) {
        if (typeof x === 'string') found.add(x);
        else if (Array.isArray(x)) for (const s of x) if (typeof s === 'string') found.add(s);
      } else {
        visit(x, depth + 1, seen);
      }
    }
  };
  visit(value, 0, new Set());
  return [...found];
}

function safeIterate<T>(items: Iterable<T> | undefined): T[] {
  if (items === undefined || items === null) return [];
  try {
    if (typeof items === 'string') return [items];
    const out: T[] = [];
    for (const x of items) {
      out.push(x);
      if (out.length >= 10_000) break;
    }
    return out;
  } catch {
    return [];
  }
}
