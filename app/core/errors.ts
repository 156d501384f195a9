/**
 * Every error that crosses a seam (worker RPC, CLI, UI) is a HeedError: a stable code from
 * error-codes.ts, the stage that raised it, and whether the caller may retry or carry on.
 */
import { ERROR_CODES, type ErrorCode } from './error-codes.js';

export type ErrorSource =
  | 'vad' | 'stt' | 'tts' | 'native' | 'store' | 'dialog' | 'domain' | 'audio'
  | 'config' | 'cli' | 'worker' | 'models' | 'pipeline' | 'llm' | 'escalation' | 'server';

export interface HeedErrorShape {
  readonly code: ErrorCode;
  readonly source: ErrorSource;
  readonly recoverable: boolean;
  readonly message: string;
  readonly hint?: string | undefined;
}

export class HeedError extends Error implements HeedErrorShape {
  readonly code: ErrorCode;
  readonly source: ErrorSource;
  readonly recoverable: boolean;
  readonly hint: string | undefined;

  constructor(code: ErrorCode, source: ErrorSource, message?: string, opts: { recoverable?: boolean; hint?: string; cause?: unknown } = {}) {
    super(message ?? ERROR_CODES[code].message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = 'HeedError';
    this.code = code;
    this.source = source;
    this.recoverable = opts.recoverable ?? ERROR_CODES[code].recoverable;
    this.hint = opts.hint;
  }

  toJSON(): HeedErrorShape {
    return { code: this.code, source: this.source, recoverable: this.recoverable, message: this.message, hint: this.hint };
  }

  static fromShape(shape: HeedErrorShape): HeedError {
    const opts: { recoverable: boolean; hint?: string } = { recoverable: shape.recoverable };
    if (shape.hint !== undefined) opts.hint = shape.hint;
    return new HeedError(shape.code, shape.source, shape.message, opts);
  }

  /** Wraps anything thrown into a HeedError, keeping HeedErrors (and native errors with known codes) as they are. */
  static from(err: unknown, source: ErrorSource, fallback: ErrorCode = 'INTERNAL'): HeedError {
    if (err instanceof HeedError) return err;
    if (isAbortError(err)) return new HeedError('ABORTED', source, 'aborted', { cause: err });
    if (err instanceof Error) {
      const code = (err as Error & { code?: unknown }).code;
      if (typeof code === 'string' && isErrorCode(code)) return new HeedError(code, source, err.message, { cause: err });
      return new HeedError(fallback, source, err.message, { cause: err });
    }
    return new HeedError(fallback, source, String(err));
  }
}

export function isErrorCode(code: string): code is ErrorCode {
  return Object.prototype.hasOwnProperty.call(ERROR_CODES, code);
}

export function isAbortError(err: unknown): boolean {
  if (err instanceof HeedError) return err.code === 'ABORTED';
  return err instanceof Error && (err.name === 'AbortError' || (err as Error & { code?: unknown }).code === 'ABORT_ERR');
}

/** Throws the standard abort error if the signal has fired. */
export function throwIfAborted(signal: AbortSignal | undefined, source: ErrorSource): void {
  if (signal?.aborted) throw new HeedError('ABORTED', source, 'aborted');
}
