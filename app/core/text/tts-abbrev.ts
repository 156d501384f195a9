/**
 * Written abbreviations → spoken words, with context where one spelling has two readings:
 * "Dr." is "Doctor" before a name ("Dr. Patel") and "Drive" after a street name ("Elm Dr."); "St." is
 * "Saint" before a name ("St. Louis") and "Street" after one ("Main St."). A following capitalised
 * word that usually starts a sentence ("Main St. We open...") keeps the street reading.
 * Titles (Mr., Mrs. → "Missus", Ms. → "Miz", Prof.), street types (Ave., Blvd., Rd., Ln., Hwy., ...),
 * unit words before numbers (Ste. → "Suite", Apt., Rm., Bldg., "No. 5" → "number five", "p. 2" → "page two") and Latin/
 * business shorthands (approx., etc., e.g., i.e., vs., a.k.a., incl., Inc., Ltd., w/, w/o) are expanded.
 * An abbreviation's period stays when it also ends the sentence ("... Main Street.").
 */
import { keptPeriod, rewrite, textAfter, textBefore, wordAfter, wordBefore } from './tts-rewrite.js';

interface Simple { re: RegExp; say: string; keep: boolean }

/** `keep`: the period may double as a sentence end. Patterns match the abbreviation with its period. */
const SIMPLE: Simple[] = [
  { re: /\b[Ee]\.\s?g\.(?!\w)/g, say: 'for example', keep: false },
  { re: /\b[Ii]\.\s?e\.(?!\w)/g, say: 'that is', keep: false },
  { re: /\b[Aa]\.k\.a\.?(?!\w)/g, say: 'also known as', keep: false },
  { re: /\b[Ee]tc\.?(?!\w)/g, say: 'et cetera', keep: true },
  { re: /\bvs\.?(?![\w.])/g, say: 'versus', keep: false },
  { re: /\b[Aa]pprox\.?(?!\w)/g, say: 'approximately', keep: false },
  { re: /\b[Ii]ncl\.(?!\w)/g, say: 'including', keep: false },
  { re: /\b[Ee]xcl\.(?!\w)/g, say: 'excluding', keep: false },
  { re: /\b[Aa]vg\.(?!\w)/g, say: 'average', keep: false },
  { re: /\b[Mm]ax\.(?=\s+\w)/g, say: 'maximum', keep: false },
  { re: /\b[Dd]ept\.(?!\w)/g, say: 'department', keep: true },
  { re: /\bEst\.(?!\w)/g, say: 'established', keep: false },
  { re: /\best\.(?!\w)/g, say: 'estimated', keep: false },
  { re: /\b[Ee]xt\.(?=\s*\d)/g, say: 'extension', keep: false },
  { re: /\b[Qq]ty\.?(?!\w)/g, say: 'quantity', keep: false },
  { re: /\bInc\.(?!\w)/g, say: 'Incorporated', keep: true },
  { re: /\bLtd\.?(?!\w)/g, say: 'Limited', keep: true },
  { re: /\bCorp\.(?!\w)/g, say: 'Corporation', keep: true },
  { re: /\bBros\.(?!\w)/g, say: 'Brothers', keep: true },
  { re: /\b[Ww]\/o(?![\w/])/g, say: 'without', keep: false },
  { re: /\b[Ww]\/(?=\s)/g, say: 'with', keep: false },
];

const TITLES = new Map([['Mr', 'Mister'], ['Mrs', 'Missus'], ['Ms', 'Miz'], ['Mx', 'Mix'], ['Prof', 'Professor'],
  ['Rev', 'Reverend'], ['Capt', 'Captain'], ['Sgt', 'Sergeant'], ['Lt', 'Lieutenant'], ['Mt', 'Mount'], ['Ft', 'Fort']]);
const STREET_TYPES = new Map([['Ave', 'Avenue'], ['Av', 'Avenue'], ['Blvd', 'Boulevard'], ['Rd', 'Road'], ['Ln', 'Lane'],
  ['Hwy', 'Highway'], ['Pkwy', 'Parkway'], ['Ct', 'Court'], ['Pl', 'Place'], ['Sq', 'Square'], ['Cir', 'Circle'],
  ['Ter', 'Terrace'], ['Expy', 'Expressway'], ['Fwy', 'Freeway'], ['Trl', 'Trail']]);
const BEFORE_NUMBER = new Map([['Ste', 'Suite'], ['Apt', 'Apartment'], ['Bldg', 'Building'], ['Rm', 'Room'],
  ['Fl', 'Floor'], ['No', 'number'], ['no', 'number'], ['NO', 'number'], ['Nos', 'numbers'], ['nos', 'numbers'],
  ['p', 'page'], ['pp', 'pages'], ['pg', 'page']]);
/** These read as words too ("No, thanks", "p"), so they need their period to count as abbreviations. */
const NEEDS_PERIOD = new Set(['No', 'no', 'NO', 'Nos', 'nos', 'p', 'pp', 'pg']);
const COMPASS = new Map([['N', 'North'], ['S', 'South'], ['E', 'East'], ['W', 'West'],
  ['NE', 'Northeast'], ['NW', 'Northwest'], ['SE', 'Southeast'], ['SW', 'Southwest']]);

/** Capitalised words that start a new sentence or address part rather than name a person or place. */
const NOT_A_NAME = new Set(['I', 'We', 'You', 'It', 'The', 'This', 'That', 'They', 'He', 'She', 'Our', 'Your', 'There',
  'Please', 'Open', 'Opens', 'Closed', 'Call', 'Thank', 'Thanks', 'Turn', 'Go', 'Take', 'Head', 'Parking', 'Suite', 'Ste',
  'Apt', 'Apartment', 'Unit', 'Floor', 'Room', 'Building', 'Then', 'And', 'Or', 'But', 'See', 'Visit', 'Come', 'Find',
  'Look', 'Hours', 'A', 'An', 'My', 'Its', 'Park', 'Enter', 'Entrance', 'Near', 'Next', 'Across', 'Between', 'At', 'On',
  'In', 'From', 'To', 'We\'re', 'It\'s', 'You\'ll', 'We\'ll', 'Free', 'Order', 'Pick', 'Pickup', 'Delivery', 'Drive']);
const STREET_ALT = [...STREET_TYPES.keys()].join('|');

function isNameWord(w: string): boolean {
  return /^[A-Z][a-z]/.test(w) && !NOT_A_NAME.has(w);
}

function capitalisedOrNumbered(w: string): boolean {
  return /^[A-Z0-9]/.test(w);
}

/** "1200 Elm " before "St.": a house number and a capitalised street name make it a street. */
const HOUSE_NUMBER_BEFORE = /\b\d+[A-Za-z]?\s+(?:[A-Z][\w']*\s+){1,3}$/;
const DR_ST_RE = /\b(Dr|St|DR|ST|dr|st)(\.?)(?![\w'])/g;
const TITLE_RE = new RegExp(String.raw`\b(${[...TITLES.keys()].join('|')})(\.?)(?=\s+[A-Z])`, 'g');
const STREET_RE = new RegExp(String.raw`\b(${STREET_ALT})(\.?)(?![\w'])`, 'g');
const BEFORE_NUMBER_RE = new RegExp(String.raw`\b(${[...BEFORE_NUMBER.keys()].join('|')})(\.?)(?=\s*#?\s*\d)`, 'g');
const SUFFIX_RE = /(?<=[A-Za-z],?\s)(Jr|Sr)(\.?)(?![\w'])/g;
const COMPASS_RE = /(?<=\d\s)(NE|NW|SE|SW|N|S|E|W)\.?(?=\s+[A-Z][a-z])/g;

/** "Dr."/"St.": title before a name, street type after a street name. */
function drAndSt(text: string): string {
  return rewrite(text, DR_ST_RE, (m, t) => {
    const abbr = m[1] ?? '';
    const hadPeriod = m[2] === '.';
    if ((abbr === 'DR' || abbr === 'ST' || abbr === 'dr' || abbr === 'st') && !hadPeriod) return null;
    const end = m.index + m[0].length;
    const isDr = abbr.toLowerCase() === 'dr';
    const next = wordAfter(t, end);
    const prev = wordBefore(t, m.index);
    const sameLine = !/^\s*\n/.test(textAfter(t, end));
    const lower = abbr === abbr.toLowerCase() ? (w: string): string => w.toLowerCase() : (w: string): string => w;
    const street = prev !== '' && capitalisedOrNumbered(prev);
    const houseNumberBefore = !/^\d/.test(prev) && HOUSE_NUMBER_BEFORE.test(textBefore(t, m.index));
    if (houseNumberBefore) return lower(isDr ? 'Drive' : 'Street') + keptPeriod(hadPeriod, t, end);
    if (isNameWord(next) && sameLine && !STREET_TYPES.has(next)) return lower(isDr ? 'Doctor' : 'Saint');
    const reading = isDr ? (street ? 'Drive' : 'Doctor') : 'Street';
    return lower(reading) + keptPeriod(hadPeriod, t, end);
  });
}

export function speakAbbreviations(text: string): string {
  let t = text;
  for (const s of SIMPLE) {
    t = rewrite(t, s.re, (m, src) => s.say + (s.keep ? keptPeriod(m[0].endsWith('.'), src, m.index + m[0].length) : ''));
  }
  t = drAndSt(t);
  t = rewrite(t, TITLE_RE, (m, src) => {
    const abbr = m[1] ?? '';
    if (m[2] !== '.' && !['Mr', 'Mrs', 'Ms', 'Mx'].includes(abbr)) return null;
    if ((abbr === 'Mt' || abbr === 'Ft') && /^\d/.test(wordBefore(src, m.index))) return null;
    return TITLES.get(abbr) ?? null;
  });
  t = rewrite(t, STREET_RE, (m, src) => {
    const end = m.index + m[0].length;
    const prev = wordBefore(src, m.index);
    const nextIsNumber = /^\s*\d/.test(textAfter(src, end));
    if (!(prev !== '' && capitalisedOrNumbered(prev)) && !nextIsNumber) return null;
    return (STREET_TYPES.get(m[1] ?? '') ?? '') + keptPeriod(m[2] === '.', src, end);
  });
  t = rewrite(t, BEFORE_NUMBER_RE, (m) => {
    const abbr = m[1] ?? '';
    if (NEEDS_PERIOD.has(abbr) && m[2] !== '.') return null;
    return BEFORE_NUMBER.get(abbr) ?? null;
  });
  t = rewrite(t, SUFFIX_RE, (m, src) => (m[1] === 'Jr' ? 'Junior' : 'Senior') + keptPeriod(m[2] === '.', src, m.index + m[0].length));
  return rewrite(t, COMPASS_RE, (m) => COMPASS.get(m[1] ?? '') ?? null);
}
