/**
 * Phone numbers are read digit by digit in their groups, groups separated by commas (a pause), and
 * 0 is read "oh": "555-123-4567", "(555) 123-4567", "555.123.4567", "+1 555 123 4567" → "five five
 * five, one two three, four five six seven". A "+1" country code is not read (it is the kiosk's own
 * country); a dialled "1-" prefix is ("one, eight hundred, ..."); a toll-free 800 area code is "eight
 * hundred". Other "+NN" numbers start "plus". Seven-digit "555-0199" is a phone number unless both halves
 * look round (a range like "200-1000"). Service numbers are read as digits joined by hyphens:
 * 911 always ("nine-one-one"), and 211/311/411/511/611/711/811/988/999/112 after "call", "dial", "text"...
 */
import { digitWords, numberToWords } from './spoken-numbers.js';
import { isCountWord } from './tts-units.js';
import { rewrite, textBefore, wordAfter } from './tts-rewrite.js';

const EXT = String.raw`(?:\s*,?\s*(?:ext\.?|x|extension)\s?(\d{1,6}))?`;
const NANP_RE = new RegExp(String.raw`(?<![\w$.+/-])(?:(\+1|1)[\s.-]?)?(?:\((\d{3})\)\s?|(\d{3})[\s.-])(\d{3})[\s.-](\d{4})${EXT}(?![\w]|[./-]\d)`, 'g');
const INTL_RE = new RegExp(String.raw`(?<![\w$.+/-])\+(\d{1,3})((?:[\s.-]\(?\d{1,4}\)?){2,5})${EXT}(?![\w]|[./-]\d)`, 'g');
const SEVEN_RE = new RegExp(String.raw`(?<![\w$.+/,:-])([2-9]\d{2})-(\d{4})${EXT}(?![\w%°]|[./,:-]\d)`, 'g');
const SERVICE_RE = /(?<![\w$.,:/#+-])(911|9-1-1|999|112|211|311|411|511|611|711|811|988)(?![\w%°]|[.,:/-]\d)/g;
const CALL_CONTEXT = /\b(?:call|calls|calling|called|dial|dials|dialing|dialling|dialed|dialled|text|texting|phone|ring|ringing|contact)\s+(?:[\w-]+,?\s+(?:or|and)\s+)?$/i;

const group = (digits: string): string => digitWords(digits, 'oh');
const area = (digits: string): string => (digits === '800' ? 'eight hundred' : group(digits));
const extension = (digits: string | undefined): string => (digits === undefined ? '' : `, extension ${group(digits)}`);

/** "911" → "nine-one-one". */
export function serviceNumberWords(digits: string): string {
  return [...digits.replace(/\D/g, '')].map((d) => numberToWords(Number(d))).join('-');
}

export function speakPhoneNumbers(text: string): string {
  let t = rewrite(text, NANP_RE, (m) => {
    const prefix = m[1] === '1' ? 'one, ' : '';
    const code = m[2] ?? m[3] ?? '';
    return `${prefix}${area(code)}, ${group(m[4] ?? '')}, ${group(m[5] ?? '')}${extension(m[6])}`;
  });
  t = rewrite(t, INTL_RE, (m) => {
    const groups = (m[2] ?? '').split(/[\s.-]+/).map((g) => g.replace(/\D/g, '')).filter((g) => g !== '');
    return `plus ${group(m[1] ?? '')}, ${groups.map(group).join(', ')}${extension(m[3])}`;
  });
  t = rewrite(t, SEVEN_RE, (m, src) => {
    const a = m[1] ?? '';
    const b = m[2] ?? '';
    if ((a.endsWith('0') && b.endsWith('00')) || isCountWord(wordAfter(src, m.index + m[0].length))) return null;
    return `${group(a)}, ${group(b)}${extension(m[3])}`;
  });
  return rewrite(t, SERVICE_RE, (m, src) => {
    const digits = (m[1] ?? '').replace(/\D/g, '');
    if (digits !== '911' && !CALL_CONTEXT.test(textBefore(src, m.index))) return null;
    return serviceNumberWords(digits);
  });
}
