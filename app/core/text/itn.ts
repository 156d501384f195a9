/**
 * Inverse text normalization: recognized words (lower case, one word per array item, as the
 * recognizer or normalizeTypedText gives them) → typed values. Every parser returns null when the
 * words are not exactly one valid instance and never throws.
 *
 *   parseCardinal   "two thousand and twenty five"         → 2025
 *   parseQuantity   "a couple of", "half a dozen", "three" → 2, 6, 3
 *   parseOrdinal    "the twenty first"                      → 21
 *   parsePrice      "two ninety nine", "a dollar fifty"     → 2.99, 1.5
 *   parsePhone      "five five five twelve thirty four"     → "5551234" (formatPhone → "555-1234")
 *   parseTime       "quarter to five p m"                   → { hour: 16, minute: 45, ambiguous: false }
 *   parseDate       "next tuesday", "december fifth"        → "YYYY-MM-DD" relative to today
 *   parseDateTime   "next tuesday at half past three"       → { date, hour: 3, minute: 30, ambiguous: true }
 *   parseSpelled    "j o h n", "double l"                   → "John", "Ll"
 *
 * The details and the rules for ambiguous forms are documented in the itn-*.ts files.
 */
export { parseCardinal, parseOrdinal, parseQuantity, parseTwoDigitGroup } from './itn-numbers.js';
export { parsePrice } from './itn-price.js';
export { formatPhone, isPhoneLength, parsePhone } from './itn-phone.js';
export { parseTime, resolveHour, type ClockTime } from './itn-time.js';
export { daysInMonth, parseDate, parseYear } from './itn-date.js';
export { parseDateTime, type DateAndTime } from './itn-datetime.js';
export { MAX_SPELLED_UNITS, parseSpelled } from './itn-letters.js';
