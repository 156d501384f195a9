import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { inspect } from 'node:util';
import { apiKeyFrom, DEFAULT_API_KEY_ENV, loadApiKey } from '../../../app/engines/llm/api-key.js';
import { HeedError } from '../../../app/core/errors.js';

const SECRET = 'sk-test-0123456789abcdef';
const posix = process.platform !== 'win32';

function withDir(fn: (dir: string) => void): void {
  const dir = mkdtempSync(join(tmpdir(), 'heed-key-'));
  try { fn(dir); } finally { rmSync(dir, { recursive: true, force: true }); }
}

function keyFile(dir: string, content: string, mode: number): string {
  const p = join(dir, 'key');
  writeFileSync(p, content, { mode });
  chmodSync(p, mode);
  return p;
}

const configInvalid = (re?: RegExp) => (e: unknown): boolean =>
  e instanceof HeedError && e.code === 'CONFIG_INVALID' && e.source === 'escalation' && (re === undefined || re.test(e.message)) && !e.message.includes(SECRET);

test('the environment variable comes first, trimmed', { timeout: 20_000 }, () => {
  withDir((dir) => {
    const file = keyFile(dir, 'from-file', 0o600);
    const key = loadApiKey({ file, environment: { [DEFAULT_API_KEY_ENV]: `  ${SECRET}\n` } });
    assert.equal(key?.reveal(), SECRET);
    assert.equal(key?.source, 'env');
  });
});

test('the variable name is configurable; an empty variable falls back to the file', { timeout: 20_000 }, () => {
  withDir((dir) => {
    const file = keyFile(dir, `\n${SECRET}\n\n`, 0o600);
    assert.equal(loadApiKey({ env: 'MY_KEY', environment: { MY_KEY: 'abc' } })?.reveal(), 'abc');
    const key = loadApiKey({ env: 'MY_KEY', file, environment: { MY_KEY: '   ', [DEFAULT_API_KEY_ENV]: 'ignored' } });
    assert.equal(key?.reveal(), SECRET);
    assert.equal(key?.source, 'file');
  });
});

test('no variable and no file: null', { timeout: 20_000 }, () => {
  assert.equal(loadApiKey({ environment: {} }), null);
  assert.equal(loadApiKey({ environment: {}, file: null }), null);
});

test('a 0600 or 0400 file is accepted', { skip: !posix, timeout: 20_000 }, () => {
  withDir((dir) => {
    assert.equal(loadApiKey({ environment: {}, file: keyFile(dir, SECRET, 0o600) })?.reveal(), SECRET);
    assert.equal(loadApiKey({ environment: {}, file: keyFile(dir, SECRET, 0o400) })?.reveal(), SECRET);
  });
});

test('a file others can read is refused with a chmod 600 hint', { skip: !posix, timeout: 20_000 }, () => {
  withDir((dir) => {
    for (const mode of [0o644, 0o640, 0o604, 0o660]) {
      const file = keyFile(dir, SECRET, mode);
      assert.throws(() => loadApiKey({ environment: {}, file }), (e: unknown) => configInvalid(/chmod 600/)(e) && e instanceof HeedError && e.hint === `chmod 600 ${file}`);
    }
  });
});

test('missing, empty, directory and FIFO key files are refused', { skip: !posix, timeout: 20_000 }, () => {
  withDir((dir) => {
    assert.throws(() => loadApiKey({ environment: {}, file: join(dir, 'nope') }), configInvalid(/does not exist/));
    assert.throws(() => loadApiKey({ environment: {}, file: keyFile(dir, ' \n', 0o600) }), configInvalid(/empty/));
    const sub = join(dir, 'sub');
    mkdirSync(sub, { mode: 0o700 });
    assert.throws(() => loadApiKey({ environment: {}, file: sub }), configInvalid(/not a regular file/));
    let fifo: string | undefined = join(dir, 'fifo');
    try { execFileSync('mkfifo', ['-m', '600', fifo]); } catch { fifo = undefined; }
    if (fifo !== undefined) assert.throws(() => loadApiKey({ environment: {}, file: fifo }), configInvalid(/not a regular file/));
  });
});

test('a key with spaces or control characters is refused without echoing it', { timeout: 20_000 }, () => {
  assert.throws(() => loadApiKey({ environment: { [DEFAULT_API_KEY_ENV]: `${SECRET} ${SECRET}` } }), configInvalid(new RegExp(DEFAULT_API_KEY_ENV)));
  assert.throws(() => apiKeyFrom(`${SECRET}\u0000`), configInvalid());
  assert.throws(() => apiKeyFrom(''), configInvalid(/empty/));
});

test('the key prints as [redacted] however it is shown', { timeout: 20_000 }, () => {
  const key = apiKeyFrom(SECRET);
  assert.equal(String(key), '[redacted]');
  assert.equal(`${key}`, '[redacted]');
  assert.equal(JSON.stringify({ key }), '{"key":"[redacted]"}');
  assert.equal(inspect(key), '[redacted]');
  assert.ok(!inspect({ nested: { key } }, { depth: 5, showHidden: true }).includes(SECRET));
  assert.ok(!Object.values(key).some((v) => v === SECRET));
  assert.equal(key.reveal(), SECRET);
});
