import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '../../../app/core/paths.js';

interface Run { code: number | null; stdout: string; stderr: string }

/** `node bin/heed.js normalize ...` with a deadline. */
function heedNormalize(args: string[], input = ''): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(repoRoot(), 'bin', 'heed.js'), 'normalize', ...args], {
      cwd: repoRoot(), stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    const timer = setTimeout(() => { child.kill('SIGKILL'); reject(new Error(`heed normalize ${args.join(' ')} timed out\n${stderr}`)); }, 15_000);
    child.on('error', (err) => { clearTimeout(timer); reject(err); });
    child.on('close', (code) => { clearTimeout(timer); resolve({ code, stdout, stderr }); });
    child.stdin.end(input);
  });
}

const TIMEOUT = { timeout: 30_000 };

test('prints the spoken form on stdout and exits 0', TIMEOUT, async () => {
  const r = await heedNormalize(['Your total is $4.95. Call 911 or (555) 123-4567 by Dec 1 at 3:30pm.']);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, 'Your total is four dollars and ninety-five cents. Call nine-one-one or five five five, one two three, four five six seven by December first at three thirty p m.\n');
  assert.equal(r.stderr, '');
});

test('several words are joined; "-" reads the text from stdin', TIMEOUT, async () => {
  const words = await heedNormalize(['2', '×', 'Fries', 'for', '$5']);
  assert.equal(words.code, 0, words.stderr);
  assert.equal(words.stdout, 'two Fries for five dollars\n');
  const stdin = await heedNormalize(['-'], 'Mon–Fri 9–5\n');
  assert.equal(stdin.code, 0, stdin.stderr);
  assert.equal(stdin.stdout, 'Monday to Friday nine to five\n');
});

test('--lexicon and --domain pick up a lexicon.json', TIMEOUT, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'heed-normalize-'));
  try {
    const lexFile = join(dir, 'brands.json');
    writeFileSync(lexFile, JSON.stringify({ say: { Qdoba: 'kew doba' }, spell: ['ZZ'] }));
    const pack = join(dir, 'pack');
    mkdirSync(pack);
    writeFileSync(join(pack, 'lexicon.json'), JSON.stringify({ say: { Heed: 'heed', Qdoba: 'q doba' }, words: ['NASA'] }));
    const empty = join(dir, 'no-lexicon-pack');
    mkdirSync(empty);

    const byFile = await heedNormalize(['Heed at Qdoba, ZZ', '--lexicon', lexFile]);
    assert.equal(byFile.code, 0, byFile.stderr);
    assert.equal(byFile.stdout, 'Heed at kew doba, Z Z\n');

    const byPack = await heedNormalize(['Heed at Qdoba', `--domain=${pack}`]);
    assert.equal(byPack.code, 0, byPack.stderr);
    assert.equal(byPack.stdout, 'heed at q doba\n');

    const both = await heedNormalize(['Heed at Qdoba', '--domain', pack, '--lexicon', lexFile]);
    assert.equal(both.stdout, 'heed at kew doba\n', 'the --lexicon file wins over the pack');

    const noLexicon = await heedNormalize(['Heed at Qdoba', '--domain', empty]);
    assert.equal(noLexicon.code, 0, noLexicon.stderr);
    assert.equal(noLexicon.stdout, 'Heed at Qdoba\n');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('bad usage exits 2 with a USAGE message; bad files exit 1', TIMEOUT, async () => {
  const none = await heedNormalize([]);
  assert.equal(none.code, 2);
  assert.match(none.stderr, /\[USAGE\]/);
  assert.equal(none.stdout, '');

  const blank = await heedNormalize(['   ']);
  assert.equal(blank.code, 2);
  assert.match(blank.stderr, /\[USAGE\]/);

  const unknown = await heedNormalize(['hi', '--voice', 'x']);
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /unknown option --voice \[USAGE\]/);

  const dangling = await heedNormalize(['hi', '--lexicon']);
  assert.equal(dangling.code, 2);
  assert.match(dangling.stderr, /--lexicon needs a value \[USAGE\]/);

  const missing = await heedNormalize(['hi', '--lexicon', '/no/such/lexicon.json']);
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, /\[FILE_NOT_FOUND\]/);

  const noPack = await heedNormalize(['hi', '--domain', '/no/such/pack']);
  assert.equal(noPack.code, 1);
  assert.match(noPack.stderr, /\[DOMAIN_INVALID\]/);

  const dir = mkdtempSync(join(tmpdir(), 'heed-normalize-bad-'));
  try {
    const bad = join(dir, 'lexicon.json');
    writeFileSync(bad, JSON.stringify({ pronounce: { zorble: 'z ao r b ah l' } }));
    const invalid = await heedNormalize(['hi', '--lexicon', bad]);
    assert.equal(invalid.code, 1);
    assert.match(invalid.stderr, /pronounce\.zorble.*ARPAbet.*\[DOMAIN_INVALID\]/);
    writeFileSync(bad, '{ not json');
    const notJson = await heedNormalize(['hi', '--domain', dir]);
    assert.equal(notJson.code, 1);
    assert.match(notJson.stderr, /not valid JSON.*\[DOMAIN_INVALID\]/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('--help prints the usage and exits 0', TIMEOUT, async () => {
  const r = await heedNormalize(['--help']);
  assert.equal(r.code, 0);
  assert.match(r.stdout, /usage: heed normalize/);
});
