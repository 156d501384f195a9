/**
 * A canary load of a streaming recognizer config in a child process (see canary-child.ts): the
 * pre-flight checks structure, this catches what only onnxruntime can tell (a graph it cannot
 * load, metadata that disagrees with tensor shapes). A config that passed once is remembered for
 * the life of the process, so hotword changes with the same model cost one child each.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { HeedError } from '../../core/errors.js';

const passed = new Set<string>();
const CHILD = fileURLToPath(new URL('./canary-child.js', import.meta.url));

export async function canaryOnlineRecognizer(config: Record<string, unknown>, what: string, opts: { timeoutMs?: number; signal?: AbortSignal } = {}): Promise<void> {
  const json = JSON.stringify(config);
  const key = createHash('sha256').update(json).digest('hex');
  if (passed.has(key)) return;
  const result = await new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>((resolve) => {
    execFile(process.execPath, [CHILD, json], {
      // Under Electron process.execPath is the app: run it as plain Node.
      env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' }, timeout: opts.timeoutMs ?? 60_000, maxBuffer: 1 << 20, ...(opts.signal ? { signal: opts.signal } : {}),
    }, (err, _stdout, stderr) => {
      const e = err as (Error & { code?: number | string; signal?: NodeJS.Signals }) | null;
      resolve({ code: e ? (typeof e.code === 'number' ? e.code : -1) : 0, signal: e?.signal ?? null, stderr: String(stderr) });
    });
  });
  if (opts.signal?.aborted) throw new HeedError('ABORTED', 'stt', 'aborted');
  if (result.code === 0) { passed.add(key); return; }
  const why = result.stderr.split('\n').map((l) => l.trim()).filter((l) => l !== '' && !l.startsWith('at ')).slice(-2).join(' / ');
  throw new HeedError('MODEL_CORRUPT', 'stt', `${what} cannot be run by onnxruntime (a test load ${result.signal ? `died with ${result.signal}` : `exited with ${result.code}`}${why ? `: ${why.slice(0, 300)}` : ''})`);
}
