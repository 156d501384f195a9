/**
 * `heed serve-llm --model <path.gguf>`: the local model behind an OpenAI-compatible
 * chat-completions server (app/server/llm-server.ts), for a hub that kiosks escalate to, or for
 * trying the model with any OpenAI client. Listens on 127.0.0.1:8089 unless told otherwise; beyond
 * loopback a bearer token is required (--token-file, or HEED_SERVE_TOKEN). SIGINT/SIGTERM finish the
 * running requests (a second signal stops at once), then the model is unloaded.
 */
import { closeSync, existsSync, fstatSync, openSync, readSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { HeedError } from '../core/errors.js';
import { rootLogger, type Logger } from '../core/logger.js';
import { createLlamaEngine } from '../engines/llm/llama-engine.js';
import type { LlmEngine } from '../engines/llm/types.js';
import { isLoopbackHost } from '../server/http-util.js';
import { LLM_SERVER_DEFAULTS, startLlmServer } from '../server/llm-server.js';
import { parseArgs, type ParsedArgs } from './args.js';

export const SERVE_LLM_DEFAULT_PORT = 8089;
export const SERVE_TOKEN_ENV = 'HEED_SERVE_TOKEN';
/** How long running requests get to finish after SIGINT/SIGTERM. */
const SHUTDOWN_GRACE_MS = 10_000;
const MAX_TOKEN_FILE_BYTES = 64 * 1024;

export const SERVE_LLM_USAGE = `usage: heed serve-llm --model <path.gguf> [--host 127.0.0.1] [--port ${SERVE_LLM_DEFAULT_PORT}]
       [--token-file <path>] [--concurrency 1] [--max-queue 8] [--context-size <tokens>]
  the bearer token may also come from ${SERVE_TOKEN_ENV}; it is required when --host is not loopback`;

function intOption(args: ParsedArgs, name: string, min: number, max: number): number | undefined {
  const raw = args.options.get(name);
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || !Number.isSafeInteger(n) || n < min || n > max) {
    throw new HeedError('USAGE', 'cli', `--${name} needs a whole number from ${min} to ${max} (got "${raw}")`);
  }
  return n;
}

/** The token file's first line, trimmed. The token is never printed. */
function readTokenFile(path: string): string {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new HeedError('FILE_NOT_FOUND', 'cli', `token file not found: ${path}`);
    throw new HeedError('CONFIG_INVALID', 'cli', `cannot read the token file ${path} (${code ?? 'error'})`);
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) throw new HeedError('CONFIG_INVALID', 'cli', `the token file ${path} is not a regular file`);
    if (st.size > MAX_TOKEN_FILE_BYTES) throw new HeedError('CONFIG_INVALID', 'cli', `the token file ${path} is larger than ${MAX_TOKEN_FILE_BYTES} bytes`);
    const buf = Buffer.alloc(Math.max(1, st.size));
    const n = readSync(fd, buf, 0, buf.length, 0);
    return (buf.subarray(0, n).toString('utf8').split(/\r?\n/)[0] ?? '').trim();
  } finally {
    closeSync(fd);
  }
}

function resolveToken(args: ParsedArgs): string | null {
  const file = args.options.get('token-file');
  const token = file !== undefined ? readTokenFile(file) : (process.env[SERVE_TOKEN_ENV] ?? '').trim();
  const from = file !== undefined ? `the token file ${file}` : SERVE_TOKEN_ENV;
  if (token === '') {
    if (file !== undefined) throw new HeedError('CONFIG_INVALID', 'cli', `${from} is empty`);
    return null;
  }
  if (!/^[\x21-\x7e]{1,4096}$/.test(token)) throw new HeedError('CONFIG_INVALID', 'cli', `the token in ${from} must be printable ASCII without spaces`);
  return token;
}

/** What the command reaches outside itself; tests replace the engine, the signals and the output. */
export interface ServeLlmDeps {
  createEngine(opts: { modelPath: string; contextSize?: number; sequences?: number; log?: Logger }): Promise<LlmEngine>;
  /** Where SIGINT and SIGTERM come from. */
  signals: { on(event: 'SIGINT' | 'SIGTERM', fn: (signal: NodeJS.Signals) => void): unknown; off(event: 'SIGINT' | 'SIGTERM', fn: (signal: NodeJS.Signals) => void): unknown };
  log: Logger;
  out(line: string): void;
  err(line: string): void;
}

export function runServeLlm(argv: string[]): Promise<number> {
  return serveLlm(argv, {
    createEngine: createLlamaEngine,
    signals: process,
    log: rootLogger('info'),
    out: (line) => console.log(line),
    err: (line) => console.error(line),
  });
}

export async function serveLlm(argv: string[], deps: ServeLlmDeps): Promise<number> {
  const args = parseArgs(argv, { options: ['model', 'host', 'port', 'token-file', 'concurrency', 'max-queue', 'context-size'] });
  if (args.positionals.length > 0) throw new HeedError('USAGE', 'cli', `unexpected argument "${args.positionals[0] ?? ''}"\n${SERVE_LLM_USAGE}`);
  const model = args.options.get('model');
  if (model === undefined) throw new HeedError('USAGE', 'cli', `--model <path.gguf> is required\n${SERVE_LLM_USAGE}`);
  const modelPath = resolve(model);
  if (!existsSync(modelPath)) throw new HeedError('MODEL_MISSING', 'cli', `model file not found: ${modelPath}`);
  const host = args.options.get('host') ?? LLM_SERVER_DEFAULTS.host;
  const port = intOption(args, 'port', 0, 65535) ?? SERVE_LLM_DEFAULT_PORT;
  const concurrency = intOption(args, 'concurrency', 1, 64) ?? LLM_SERVER_DEFAULTS.concurrency;
  const maxQueue = intOption(args, 'max-queue', 0, 10_000) ?? LLM_SERVER_DEFAULTS.maxQueue;
  const contextSize = intOption(args, 'context-size', 128, 1 << 20);
  const token = resolveToken(args);
  // Checked before the model loads (seconds): the server would refuse the same way after.
  if (token === null && !isLoopbackHost(host)) {
    throw new HeedError('CONFIG_INVALID', 'cli', `refusing to listen on ${host} without a bearer token`, { hint: `pass --token-file <path> or set ${SERVE_TOKEN_ENV}, or listen on 127.0.0.1` });
  }

  const { log } = deps;
  const engineOpts: Parameters<ServeLlmDeps['createEngine']>[0] = { modelPath, sequences: concurrency, log };
  if (contextSize !== undefined) engineOpts.contextSize = contextSize;
  const engine = await deps.createEngine(engineOpts);

  let server: Awaited<ReturnType<typeof startLlmServer>>;
  let modelId: string;
  try {
    modelId = (await engine.info()).id || basename(modelPath, '.gguf');
    server = await startLlmServer({ engine, modelId, host, port, token, concurrency, maxQueue, log });
  } catch (err) {
    await engine.close();
    throw err;
  }
  deps.out(`heed serve-llm: listening on ${server.url} (model ${modelId})`);

  let signals = 0;
  let closing: Promise<void> | undefined;
  let stop = (): void => undefined;
  const stopped = new Promise<void>((r) => {
    stop = r;
  });
  const onSignal = (signal: NodeJS.Signals): void => {
    signals++;
    if (signals === 1) {
      deps.err(`heed serve-llm: ${signal}: finishing running requests (up to ${SHUTDOWN_GRACE_MS / 1000} s; again to stop now)`);
      closing = server.close({ graceMs: SHUTDOWN_GRACE_MS });
      stop();
    } else {
      void server.close({ graceMs: 0 });
    }
  };
  deps.signals.on('SIGINT', onSignal);
  deps.signals.on('SIGTERM', onSignal);
  try {
    await stopped;
    await closing;
  } finally {
    deps.signals.off('SIGINT', onSignal);
    deps.signals.off('SIGTERM', onSignal);
    await engine.close();
  }
  const s = server.stats();
  deps.err(`heed serve-llm: stopped (${s.served} answered, ${s.rejected} refused)`);
  return 0;
}
