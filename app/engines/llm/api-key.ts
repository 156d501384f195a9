/**
 * The escalation server's API key: from an environment variable first, else from a file that only
 * its owner may read (mode 0600 or stricter). The key is held by an object that prints as
 * "[redacted]" however it is logged, serialized or inspected; only reveal() gives the value.
 */
import { closeSync, constants, fstatSync, openSync, readFileSync } from 'node:fs';
import { inspect } from 'node:util';
import { HeedError } from '../../core/errors.js';

export const DEFAULT_API_KEY_ENV = 'HEED_ESCALATION_API_KEY';
const MAX_KEY_FILE_BYTES = 64 * 1024;
const REDACTED = '[redacted]';
/** Visible ASCII only: a key is sent in an HTTP header. */
const KEY_RE = /^[\x21-\x7e]+$/;

export type ApiKeySource = 'env' | 'file' | 'value';

export interface ApiKey {
  /** Where the key came from (safe to log). */
  readonly source: ApiKeySource;
  /** The secret itself: for the Authorization header, nothing else. */
  reveal(): string;
  toString(): string;
  toJSON(): string;
}

class SecretApiKey implements ApiKey {
  readonly #value: string;
  readonly source: ApiKeySource;

  constructor(value: string, source: ApiKeySource) {
    this.#value = value;
    this.source = source;
  }

  reveal(): string {
    return this.#value;
  }

  toString(): string {
    return REDACTED;
  }

  toJSON(): string {
    return REDACTED;
  }

  [inspect.custom](): string {
    return REDACTED;
  }

  [Symbol.toPrimitive](): string {
    return REDACTED;
  }
}

/** Wraps a key given directly (config, tests). Throws CONFIG_INVALID when it is empty or not visible ASCII. */
export function apiKeyFrom(value: string, source: ApiKeySource = 'value', origin: string = describe(source)): ApiKey {
  const key = value.trim();
  if (key.length === 0) throw invalid(`the API key from ${origin} is empty`);
  if (!KEY_RE.test(key)) throw invalid(`the API key from ${origin} contains spaces or non-ASCII characters`);
  return new SecretApiKey(key, source);
}

export interface LoadApiKeyOptions {
  /** The environment variable to read first (default HEED_ESCALATION_API_KEY). */
  env?: string;
  /** A file holding the key, read when the variable is unset or empty. */
  file?: string | null;
  /** The environment (default process.env). */
  environment?: Readonly<Record<string, string | undefined>>;
}

/**
 * The key from the environment variable, else from the file, else null. The file must be a regular
 * file of at most 64 KiB that neither group nor others can access; otherwise CONFIG_INVALID.
 */
export function loadApiKey(opts: LoadApiKeyOptions = {}): ApiKey | null {
  const name = opts.env ?? DEFAULT_API_KEY_ENV;
  const fromEnv = (opts.environment ?? process.env)[name];
  if (fromEnv !== undefined && fromEnv.trim().length > 0) return apiKeyFrom(fromEnv, 'env', name);
  if (opts.file === undefined || opts.file === null || opts.file === '') return null;
  return apiKeyFrom(readKeyFile(opts.file), 'file', opts.file);
}

function readKeyFile(path: string): string {
  let fd: number;
  try {
    // Non-blocking: opening a FIFO must not hang; it is refused below as not a regular file.
    fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw invalid(`API key file ${path} does not exist`, `Create it with the key on one line, then: chmod 600 ${path}`);
    if (code === 'EACCES' || code === 'EPERM') throw invalid(`API key file ${path} cannot be read by this user`, `Make the kiosk user its owner: chown <kiosk-user> ${path} && chmod 600 ${path}`);
    throw invalid(`API key file ${path} cannot be opened (${code ?? 'unknown error'})`);
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) throw invalid(`API key file ${path} is not a regular file`);
    if (process.platform !== 'win32' && (st.mode & 0o077) !== 0) {
      const mode = (st.mode & 0o777).toString(8).padStart(4, '0');
      throw invalid(`API key file ${path} can be accessed by other users (mode ${mode}); run: chmod 600 ${path}`, `chmod 600 ${path}`);
    }
    if (st.size > MAX_KEY_FILE_BYTES) throw invalid(`API key file ${path} is larger than ${MAX_KEY_FILE_BYTES} bytes`);
    const text = readFileSync(fd, 'utf8').trim();
    if (text.length === 0) throw invalid(`API key file ${path} is empty`);
    return text;
  } finally {
    closeSync(fd);
  }
}

function describe(source: ApiKeySource): string {
  return source === 'env' ? 'the environment' : source === 'file' ? 'the key file' : 'the configuration';
}

function invalid(message: string, hint?: string): HeedError {
  return new HeedError('CONFIG_INVALID', 'escalation', message, hint === undefined ? { recoverable: false } : { recoverable: false, hint });
}
