/** Structured logging (pino) with redaction of phone and card numbers. Workers forward records to the main logger. */
import { pino, destination, type Logger, type LevelWithSilent } from 'pino';

const DIGIT_RUN = /\b(?:\d[ -]?){7,19}\b/g;

/** Masks long digit runs (phone, card numbers) in free text before it is logged. */
export function redact(text: string): string {
  return text.replace(DIGIT_RUN, (m) => m.replace(/\d(?=(?:[ -]?\d){2})/g, '•'));
}

let root: Logger | undefined;

export function rootLogger(level: LevelWithSilent = 'warn'): Logger {
  root ??= pino({ level, base: undefined }, destination(2));
  return root;
}

export function setLogLevel(level: LevelWithSilent): void {
  rootLogger(level).level = level;
}

export type { Logger };
