/**
 * The first and last passes of the speech normalizer. `prepareText` makes the text plain: NFKC
 * (full-width digits, ligatures, "…" → "..."), one kind of minus, hyphen and apostrophe, vulgar
 * fractions ("1½" → "1 1/2"), ™/® dropped, © → "copyright", control characters → spaces.
 * `speakSymbols` reads the symbols left over: "&" → "and", "@" → "at", em/en dash and a spaced
 * hyphen → a comma pause, "%" → "percent", "°" → "degrees", "$" → "dollars", "×" → "times".
 * Runs of spaces and tabs become one space and runs of blank lines one blank line, up front.
 * `tidySpacing` collapses spaces and the commas the passes may have doubled, keeping line breaks
 * and sentence punctuation (. , ? ! : ;) because the voice uses them for pauses and intonation.
 */

const VULGAR = /(\d?)([\u00BC-\u00BE\u2150-\u215E\u2189])/g;

export function prepareText(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u200B-\u200D\u2060\uFEFF]/g, ' ')
    .replace(/[™®℠]/g, '')
    .replace(/©\s?/g, ' copyright ')
    .replace(/²/g, ' squared')
    .replace(/³/g, ' cubed')
    .replace(VULGAR, (_m, d: string, f: string) => `${d}${d ? ' ' : ''}${f.normalize('NFKC').replace('\u2044', '/')}`)
    .normalize('NFKC')
    .replace(/\u2044/g, '/')
    .replace(/[\u2212\u2010\u2011\uFE63\uFF0D]/g, '-')
    .replace(/[\u2012]/g, '–')
    .replace(/[\u2015]/g, '—')
    .replace(/[\u2018\u2019\u02BC]/g, "'")
    .replace(/[\u201C\u201D]/g, '"')
    // One space between words keeps every later pattern linear (no run of blanks is re-scanned).
    .replace(/[ \t]+/g, ' ')
    .replace(/ ?\n[\n ]*/g, (run) => (run.split('\n').length > 2 ? '\n\n' : '\n'));
}

export function speakSymbols(text: string): string {
  return text
    .replace(/&/g, ' and ')
    .replace(/@/g, ' at ')
    .replace(/[ \t]*%/g, ' percent ')
    .replace(/[ \t]*°/g, ' degrees ')
    .replace(/×/g, ' times ')
    .replace(/\$/g, ' dollars ')
    .replace(/€/g, ' euros ')
    .replace(/£/g, ' pounds ')
    .replace(/¢/g, ' cents ')
    .replace(/[ \t]+/g, ' ')
    .replace(/ ?[—–] ?/g, ', ')
    .replace(/(?<=\S) - (?=\S)/g, ', ');
}

export function tidySpacing(text: string): string {
  return text
    .replace(/[ \t]+/g, ' ')
    .replace(/ ([,.;:?!])/g, '$1')
    .replace(/,(?:\s*,)+/g, ',')
    .replace(/,(?=[.?!;:])/g, '')
    .replace(/([,;:])(?=[A-Za-z])/g, '$1 ')
    .replace(/^[ \t]*,[ \t]*/gm, '')
    .replace(/ *\n */g, '\n')
    .trim();
}
