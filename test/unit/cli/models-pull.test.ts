import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '../../../app/core/paths.js';

interface Run { code: number | null; stdout: string; stderr: string }

const T = { timeout: 30_000 };
const DATA = randomBytes(2 * 1024 * 1024 + 99);
const FILE_PATH = '/org/tiny-GGUF/resolve/0123abcd/tiny-Q4_K_M.gguf';

/** `node bin/heed.js models ...` with a temp manifest and models dir, and a deadline. */
function heedModels(args: string[], env: Record<string, string>): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(repoRoot(), 'bin', 'heed.js'), 'models', ...args], {
      cwd: repoRoot(), stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, HEED_MODELS_MIRROR: '', ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    const timer = setTimeout(() => { child.kill('SIGKILL'); reject(new Error(`heed models ${args.join(' ')} timed out\n${stderr}`)); }, 20_000);
    child.on('error', (err) => { clearTimeout(timer); reject(err); });
    child.on('close', (code) => { clearTimeout(timer); resolve({ code, stdout, stderr }); });
  });
}

test('heed models pull downloads from --url-base (or HEED_MODELS_MIRROR) into HEED_MODELS_DIR and verifies it', T, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'heed-pull-'));
  const hits: string[] = [];
  const server = createServer((req, res) => {
    hits.push(req.url ?? '');
    if (req.url !== FILE_PATH) { res.writeHead(404); res.end(); return; }
    res.writeHead(200, { 'content-length': DATA.length });
    res.end(DATA);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  try {
    const manifest = join(dir, 'manifest.json');
    writeFileSync(manifest, JSON.stringify({
      models: [{
        name: 'tiny-llm', profile: 'standard', stage: 'llm', location: 'models:llm/tiny-Q4_K_M.gguf',
        url: `https://huggingface.example${FILE_PATH}`, sha256: createHash('sha256').update(DATA).digest('hex'),
        size: DATA.length, license: 'Apache-2.0', fix: 'heed models pull tiny-llm',
      }],
      libraries: [],
    }));
    const modelsDir = join(dir, 'cache');
    const env = { HEED_MANIFEST: manifest, HEED_MODELS_DIR: modelsDir };
    const installed = join(modelsDir, 'llm', 'tiny-Q4_K_M.gguf');

    const pulled = await heedModels(['pull', 'tiny-llm', '--url-base', base], env);
    assert.equal(pulled.code, 0, pulled.stderr);
    assert.deepEqual(readFileSync(installed), DATA);
    assert.equal(existsSync(`${installed}.part`), false);
    assert.match(pulled.stderr, /tiny-llm: installed .*sha256 ok/);
    assert.match(pulled.stderr, /100\.0%/);
    assert.deepEqual(hits, [FILE_PATH]);

    const again = await heedModels(['pull', 'tiny-llm'], { ...env, HEED_MODELS_MIRROR: base });
    assert.equal(again.code, 0, again.stderr);
    assert.match(again.stderr, /already installed and verified/);
    assert.equal(hits.length, 1);

    const listed = await heedModels(['list', '--standard'], env);
    assert.equal(listed.code, 0, listed.stderr);
    assert.match(listed.stdout, /tiny-llm .* installed /);
    const verified = await heedModels(['verify', 'tiny-llm'], env);
    assert.equal(verified.code, 0, verified.stderr);

    rmSync(installed);
    const missing = await heedModels(['pull', 'tiny-llm', '--url-base', `${base}/wrong-prefix`], env);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /HTTP 404.*\[DOWNLOAD_FAILED\]/);
    assert.equal(existsSync(installed), false);

    const unknown = await heedModels(['pull', 'no-such-model', '--url-base', base], env);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /unknown model 'no-such-model'.*\n[\s\S]*\[USAGE\]/);

    const noName = await heedModels(['pull'], env);
    assert.equal(noName.code, 2);
    const badSub = await heedModels(['fetch'], env);
    assert.equal(badSub.code, 2);
    assert.match(badSub.stderr, /unknown models subcommand 'fetch'/);
  } finally {
    server.closeAllConnections();
    await new Promise<void>((r) => server.close(() => r()));
    rmSync(dir, { recursive: true, force: true });
  }
});
