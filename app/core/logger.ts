/**
 * Structured logging (pino). Every record passes through PII redaction (redact.ts): the message and
 * its arguments, every string field of the logged object and of child bindings, and the values
 * under PII keys (phone, email, customerName, …). Workers forward records to the main logger.
 */
import { pino, destination, type Logger, type LevelWithSilent, type LoggerOptions, type DestinationStream, type LogFn } from 'pino';
import { DEFAULT_PII_KEYS, MASKS, redactText, redactValue } from './redact.js';

/** Masks phone numbers, card-like digit runs and e-mail addresses in free text before it is logged. */
export function redact(text: string): string {
  return redactText(text);
}

function redactRecord(record: Record<string, unknown>): Record<string, unknown> {
  const out = redactValue(record);
  if (!isRecord(out)) return { value: out };
  // Top-level errors stay errors (with redacted text) so pino's err serializer still reports their type.
  for (const [key, value] of Object.entries(record)) if (value instanceof Error && isRecord(out[key])) out[key] = asError(value, out[key]);
  return out;
}

function asError(original: Error, redacted: Record<string, unknown>): Error {
  const copy = Object.create(Object.getPrototypeOf(original) as object | null) as Error;
  const hidden = (key: string, value: unknown): void => {
    if (value !== undefined) Object.defineProperty(copy, key, { value, enumerable: false, writable: true, configurable: true });
  };
  hidden('name', redacted['type']);
  hidden('message', redacted['message']);
  hidden('stack', redacted['stack']);
  hidden('cause', redacted['cause']);
  for (const [key, value] of Object.entries(redacted)) {
    if (key !== 'type' && key !== 'message' && key !== 'stack' && key !== 'cause') Object.defineProperty(copy, key, { value, enumerable: true, writable: true, configurable: true });
  }
  return copy;
}

function censorField(value: unknown, path: readonly unknown[]): unknown {
  const key = path[path.length - 1];
  if (typeof key !== 'string') return redactValue(value);
  const out = redactValue({ [key]: value });
  return isRecord(out) ? out[key] : MASKS.redacted;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Error);
}

/**
 * Redacts a log call's arguments. When no message is given pino takes it from the error
 * (`log.error(err)`, `log.error({ err })`), unredacted: supply the redacted one instead.
 */
function redactArgs(args: readonly unknown[]): unknown[] {
  const out = args.map((a, i) => (typeof a === 'string' ? redactText(a) : i > 0 && a !== null && typeof a === 'object' ? redactValue(a) : a));
  const [first, second] = out;
  if (typeof second !== 'string') {
    if (first instanceof Error) return [{ err: first }, redactText(String(first.message)), ...out.slice(1)];
    if (isRecord(first) && first['msg'] === undefined && first['err'] instanceof Error) {
      return [first, redactText(String(first['err'].message)), ...out.slice(1)];
    }
  }
  return out;
}

/** The pino options every Heed logger uses: level, no pid/hostname, and redaction of every record. */
export function loggerOptions(level: LevelWithSilent = 'warn'): LoggerOptions {
  return {
    level,
    base: undefined,
    // Logged objects: walked whole, so PII keys are found at any depth and in any spelling.
    formatters: { log: (record) => redactRecord(record) },
    // Child bindings skip formatters.log: every top-level value (and the exact PII keys) goes through
    // redaction as it is serialized. Logged objects pass here too, already redacted (idempotent).
    redact: { paths: ['*', ...DEFAULT_PII_KEYS], censor: censorField },
    hooks: {
      logMethod(args, method) {
        method.apply(this, redactArgs(args) as Parameters<LogFn>);
      },
    },
  };
}

/** A redacting logger writing to `dest` (stderr by default). */
export function createLogger(level: LevelWithSilent = 'warn', dest: DestinationStream = destination(2)): Logger {
  return pino(loggerOptions(level), dest);
}

let root: Logger | undefined;

export function rootLogger(level: LevelWithSilent = 'warn'): Logger {
  root ??= createLogger(level);
  return root;
}

export function setLogLevel(level: LevelWithSilent): void {
  rootLogger(level).level = level;
}

export type { Logger };
