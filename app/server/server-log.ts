/**
 * The logger the server writes to: the pino calling convention (an object of fields, then a
 * message), so a pino Logger fits. The server only ever logs ids, sizes, counts, codes and timings.
 */
export interface ServerLog {
  debug(obj: Record<string, unknown>, msg?: string): void;
  info(obj: Record<string, unknown>, msg?: string): void;
  warn(obj: Record<string, unknown>, msg?: string): void;
  error(obj: Record<string, unknown>, msg?: string): void;
}

function discard(): void {
  // logging is off
}

export const silentLog: ServerLog = { debug: discard, info: discard, warn: discard, error: discard };
