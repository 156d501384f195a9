/**
 * The spoken-word vocabulary shared by inverse text normalization (words → values) and the
 * built-in sub-grammars (app/core/grammar/builtins.ts) that accept the same words. Every word here
 * that a grammar uses is in the pocketsphinx cmudict (checked by test/unit/core/grammar/builtins.test.ts).
 */

/** one..nine (the words a grammar uses for digits 1–9). */
export const ONE_TO_NINE = ['one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'] as const;
/** ten..nineteen, index + 10. */
export const TEENS = ['ten', 'eleven', 'twelve', 'thirteen', 'fourteen', 'fifteen', 'sixteen', 'seventeen', 'eighteen', 'nineteen'] as const;
/** twenty..ninety, index 0 = 20. */
export const TENS = ['twenty', 'thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety'] as const;

/** first..nineteenth, index + 1. */
export const ORDINALS_1_19 = [
  'first', 'second', 'third', 'fourth', 'fifth', 'sixth', 'seventh', 'eighth', 'ninth', 'tenth',
  'eleventh', 'twelfth', 'thirteenth', 'fourteenth', 'fifteenth', 'sixteenth', 'seventeenth', 'eighteenth', 'nineteenth',
] as const;
/** twentieth..ninetieth, index 0 = 20. */
export const ORDINAL_TENS = ['twentieth', 'thirtieth', 'fortieth', 'fiftieth', 'sixtieth', 'seventieth', 'eightieth', 'ninetieth'] as const;

export const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'] as const;
/** In JavaScript getDay() order: sunday = 0. */
export const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'] as const;

/** The NATO spelling alphabet as dictionary words: "x ray" is two words ("x-ray" would be split by transcriptWords). */
export const NATO: Readonly<Record<string, string>> = {
  a: 'alpha', b: 'bravo', c: 'charlie', d: 'delta', e: 'echo', f: 'foxtrot', g: 'golf', h: 'hotel', i: 'india',
  j: 'juliet', k: 'kilo', l: 'lima', m: 'mike', n: 'november', o: 'oscar', p: 'papa', q: 'quebec', r: 'romeo',
  s: 'sierra', t: 'tango', u: 'uniform', v: 'victor', w: 'whiskey', x: 'x ray', y: 'yankee', z: 'zulu',
};
export const LETTERS = 'abcdefghijklmnopqrstuvwxyz'.split('');

const index = (list: readonly string[], offset: number): ReadonlyMap<string, number> =>
  new Map(list.map((w, i) => [w, i + offset]));

/** Word → value lookups. */
export const ONE_TO_NINE_VALUE = index(ONE_TO_NINE, 1);
export const TEEN_VALUE = index(TEENS, 10);
export const TENS_VALUE: ReadonlyMap<string, number> = new Map(TENS.map((w, i) => [w, (i + 2) * 10]));
export const MONTH_VALUE = index(MONTHS, 1);
export const WEEKDAY_VALUE = index(WEEKDAYS, 0);

/** Ordinal word → the cardinal word it stands for ("twenty first" reads as "twenty one"). */
export const ORDINAL_AS_CARDINAL: ReadonlyMap<string, string> = new Map<string, string>([
  ...ORDINALS_1_19.map((w, i): [string, string] => [w, (i < 9 ? ONE_TO_NINE[i] : TEENS[i - 9]) as string]),
  ...ORDINAL_TENS.map((w, i): [string, string] => [w, TENS[i] as string]),
  ['hundredth', 'hundred'], ['thousandth', 'thousand'], ['millionth', 'million'],
]);

/** Digit words as spoken in phone numbers, prices and times ("oh" for 0). */
export const DIGIT_VALUE: ReadonlyMap<string, number> = new Map<string, number>([['zero', 0], ['oh', 0], ['o', 0], ...ONE_TO_NINE_VALUE]);
