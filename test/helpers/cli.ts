/** Runs the real `heed` CLI as a child process, with a deadline. */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { repoRoot } from '../../app/core/paths.js';

export interface CliResult { code: number | null; stdout: string; stderr: string; ms: number }

export function heed(args: string[], opts: { input?: string; timeoutMs?: number; env?: NodeJS.ProcessEnv } = {}): Promise<CliResult> {
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(repoRoot(), 'bin', 'heed.js'), ...args], {
      cwd: repoRoot(), env: { ...process.env, ...opts.env }, stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    const timer = setTimeout(() => { child.kill('SIGKILL'); reject(new Error(`heed ${args.join(' ')} timed out\n${stderr}`)); }, opts.timeoutMs ?? 60_000);
    child.on('error', reject);
    child.on('close', (code) => { clearTimeout(timer); resolve({ code, stdout, stderr, ms: performance.now() - t0 }); });
    child.stdin.end(opts.input ?? '');
  });
}

/** Parses the single JSON object `respond --json` prints. */
export function parseJsonLine<T>(stdout: string): T {
  const line = stdout.trim().split('\n').filter((l) => l.startsWith('{')).pop();
  if (!line) throw new Error(`no JSON in output: ${stdout}`);
  return JSON.parse(line) as T;
}

/** Appends every JSON object line a child prints (`heed start --json` events) to `into`, as it arrives. */
export function collectJsonLines(stream: Readable, into: Array<Record<string, unknown>>, other?: string[]): void {
  let buf = '';
  stream.on('data', (d: Buffer) => {
    buf += d.toString();
    let nl;
    while ((nl = buf.indexOf('\n')) >= 0) {
      const line = buf.slice(0, nl);
      buf = buf.slice(nl + 1);
      if (line.startsWith('{')) into.push(JSON.parse(line) as Record<string, unknown>);
      else other?.push(line);
    }
  });
}
