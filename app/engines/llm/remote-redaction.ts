/**
 * What the escalation client does to a conversation before it leaves the device: names the
 * customer introduces ("my name is …", "call me …", "I'm Ann") and names under person-name keys in
 * tool data are masked wherever they appear, then phones, cards and e-mail (app/core/redact.ts);
 * tool-call arguments are redacted value by value.
 */
import { createRedactor, namesIn } from '../../core/redact.js';
import type { ChatMessage } from './types.js';

/** Phrases after which a customer gives a name; the name words follow (lower-case transcripts too). */
const STRONG_INTRO = /(?<![\p{L}\p{N}_])(?:my\s+(?:full\s+|first\s+|last\s+|given\s+|sur)?name\s+is|my\s+name['’]s|(?:the\s+)?name['’]s|the\s+name\s+is|call\s+me|i\s+am\s+called|i['’]m\s+called|under\s+the\s+name(?:\s+of)?)[ \t,:]+/giu;
/** Ambiguous phrases ("I'm Ann"): only capitalized words count as a name. */
const WEAK_INTRO = /(?<![\p{L}\p{N}_])(?:i\s+am|i['’]m)[ \t]+/giu;
const NAME_WORD = /[\p{L}][\p{L}\p{M}'’-]{0,29}(?![\p{L}\p{M}\p{N}_'’-])/uy;
const NAME_GAP = /[ \t]+/y;
const NOT_NAMES = new Set([
  'a', 'about', 'after', 'again', 'also', 'am', 'an', 'and', 'are', 'as', 'asap', 'at', 'back', 'be', 'because', 'before', 'but', 'by', 'calling',
  'can', 'could', 'do', 'for', 'from', 'going', 'had', 'have', 'hello', 'here', 'hey', 'hi', 'how', 'i', "i'd", "i'll", "i'm", 'if', 'in', 'is', 'it',
  "it's", 'its', 'just', 'later', 'like', 'looking', 'me', 'my', 'need', 'no', 'not', 'now', 'number', 'of', 'ok', 'okay', 'on', 'or', 'order',
  'phone', 'please', 'so', 'sorry', 'thank', 'thanks', 'that', 'the', 'then', 'there', 'this', 'to', 'today', 'tomorrow', 'tonight', 'too', 'uh',
  'um', 'want', 'was', 'we', 'what', 'when', 'where', 'who', 'why', 'will', 'with', 'would', 'yes', 'you', 'your',
]);

/**
 * Masks the names a speaker introduces ("my name is Ann Lee", "call me bo", "I'm Ann") with
 * "[name]": up to three capitalized words, or two in lower case (transcripts). Returns the names
 * worth masking elsewhere in the conversation too: the first word, and later capitalized ones.
 */
export function maskIntroducedNames(text: string): { text: string; names: string[] } {
  const spans: Array<[number, number]> = [];
  const names: string[] = [];
  const scan = (re: RegExp, capitalized: boolean): void => {
    re.lastIndex = 0;
    for (let m = re.exec(text); m !== null; m = re.exec(text)) {
      const start = m.index + m[0].length;
      let pos = start;
      let end = start;
      const words: string[] = [];
      while (words.length < 3) {
        if (words.length > 0) {
          NAME_GAP.lastIndex = pos;
          if (!NAME_GAP.test(text)) break;
          pos = NAME_GAP.lastIndex;
        }
        NAME_WORD.lastIndex = pos;
        const w = NAME_WORD.exec(text);
        if (w === null) break;
        const word = w[0];
        const isCap = /^\p{Lu}/u.test(word);
        if (NOT_NAMES.has(word.toLowerCase().replace(/’/g, "'"))) break;
        if (!isCap && (capitalized || words.length >= 2)) break;
        if (words.length === 0 || isCap) names.push(word);
        words.push(word);
        pos = NAME_WORD.lastIndex;
        end = pos;
      }
      if (words.length === 0) continue;
      spans.push([start, end]);
      re.lastIndex = Math.max(re.lastIndex, end);
    }
  };
  scan(STRONG_INTRO, false);
  scan(WEAK_INTRO, true);
  if (spans.length === 0) return { text, names };
  spans.sort((a, b) => a[0] - b[0]);
  let out = '';
  let last = 0;
  for (const [s, e] of spans) {
    if (s < last) continue;
    out += `${text.slice(last, s)}[name]`;
    last = e;
  }
  return { text: out + text.slice(last), names };
}

/** The default redaction for one request: introduced names and names under person-name keys, then createRedactor().text. */
export function defaultRedactorFor(messages: readonly ChatMessage[]): (text: string) => string {
  const names = new Set<string>();
  for (const m of messages) {
    for (const n of maskIntroducedNames(m.content).names) names.add(n);
    if (m.role === 'tool') {
      try {
        for (const n of namesIn(JSON.parse(m.content) as unknown)) names.add(n);
      } catch {
        // not JSON: plain text is redacted as text
      }
    }
    if (m.role === 'assistant') for (const c of m.toolCalls ?? []) for (const n of namesIn(c.arguments)) names.add(n);
  }
  const redactor = createRedactor({ names });
  return (text) => redactor.text(maskIntroducedNames(text).text);
}

export function redactMessage(m: ChatMessage, redact: (text: string) => string): ChatMessage {
  switch (m.role) {
    case 'system': case 'user': return { role: m.role, content: redact(m.content) };
    case 'tool': return { role: 'tool', toolCallId: m.toolCallId, name: m.name, content: redact(m.content) };
    case 'assistant': {
      const out: ChatMessage = { role: 'assistant', content: redact(m.content) };
      if (m.toolCalls !== undefined) out.toolCalls = m.toolCalls.map((c) => ({ id: c.id, name: c.name, arguments: redactArgs(c.arguments, redact, 0) as Record<string, unknown> }));
      return out;
    }
  }
}

/** Tool-call arguments: every string (and every number that the redactor would mask) goes through redact. */
function redactArgs(v: unknown, redact: (text: string) => string, depth: number): unknown {
  if (typeof v === 'string') return redact(v);
  if (typeof v === 'number') {
    const s = String(v);
    const r = redact(s);
    return r === s ? v : r;
  }
  if (v === null || typeof v !== 'object') return v;
  if (depth > 32) return '[truncated]';
  if (Array.isArray(v)) return v.map((x: unknown) => redactArgs(x, redact, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v as Record<string, unknown>)) out[k] = redactArgs(x, redact, depth + 1);
  return out;
}
