import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { HeedError } from '../../../app/core/errors.js';
import { createBundle, importBundle } from '../../../app/models/bundle.js';
import { loadManifest, resolveLocation, type Manifest } from '../../../app/models/manifest.js';
import { readTar } from '../../../app/models/tar-reader.js';
import { TAR_END, tarFileHeader, tarPadding } from '../../../app/models/tar-writer.js';

const T = { timeout: 20_000 };
const A = randomBytes(300_000 + 7);
const B = randomBytes(5_000);
const sha = (b: Buffer): string => createHash('sha256').update(b).digest('hex');
const hasTar = spawnSync('tar', ['--version']).status === 0;

interface Site { root: string; modelsDir: string; manifest: Manifest; done(): void }

/** A temp checkout: a manifest with two `models:` entries and an empty models dir (HEED_MODELS_DIR). */
function site(): Site {
  const root = mkdtempSync(join(tmpdir(), 'heed-bundle-'));
  const modelsDir = join(root, 'models');
  mkdirSync(modelsDir);
  const manifestPath = join(root, 'manifest.json');
  writeFileSync(manifestPath, JSON.stringify({
    models: [
      { name: 'test-llm-a', profile: 'standard', stage: 'llm', location: 'models:llm/a.gguf', url: 'https://example.invalid/a.gguf', sha256: sha(A), size: A.length, license: 'MIT', fix: 'heed models pull test-llm-a' },
      { name: 'test-stt-b', profile: 'standard', stage: 'stt', location: 'models:stt/sub/b.bin', sha256: sha(B), size: B.length, license: 'MIT', fix: 'heed models import x.tar' },
      { name: 'system-file', profile: 'embedded', stage: 'stt', location: '/usr/share/nothing/b.bin', sha256: sha(B), size: B.length, license: 'MIT', fix: 'apt-get install nothing' },
    ],
    libraries: [],
  }));
  process.env['HEED_MODELS_DIR'] = modelsDir;
  return { root, modelsDir, manifest: loadManifest(manifestPath), done: () => { delete process.env['HEED_MODELS_DIR']; rmSync(root, { recursive: true, force: true }); } };
}

/** A tar from (name, bytes) pairs, written with our own header writer (so it can hold hostile names). */
function tarOf(files: Array<[string, Buffer]>): Buffer {
  const parts: Buffer[] = [];
  for (const [name, data] of files) parts.push(tarFileHeader(name, data.length, Date.now()), data, tarPadding(data.length));
  parts.push(TAR_END);
  return Buffer.concat(parts);
}

/** A header with a different type flag (links, devices), checksum recomputed. */
function withType(header: Buffer, type: string, linkName = ''): Buffer {
  const h = Buffer.from(header);
  h.write(type, 156, 'latin1');
  h.write(linkName, 157, 100, 'utf8');
  h.fill(0x20, 148, 156);
  let sum = 0;
  for (const b of h) sum += b;
  h.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'latin1');
  return h;
}

async function rejectsWith(p: Promise<unknown>, code: string): Promise<HeedError> {
  try { await p; } catch (err) {
    assert.ok(err instanceof HeedError, `expected a HeedError, got ${String(err)}`);
    assert.equal(err.code, code, err.message);
    return err;
  }
  assert.fail(`expected ${code}`);
}

const signal = (): AbortSignal => AbortSignal.timeout(15_000);

test('import installs files named by file name or manifest name, made by GNU tar (pax, gnu and ustar formats, long paths)', { ...T, skip: !hasTar && 'no tar binary' }, async () => {
  for (const format of ['pax', 'gnu', 'ustar']) {
    const s = site();
    try {
      const src = join(s.root, 'src');
      const longDir = join(src, 'usb', 'x'.repeat(95));
      mkdirSync(join(src, 'usb', 'deep'), { recursive: true });
      mkdirSync(longDir, { recursive: true });
      writeFileSync(join(longDir, 'a.gguf'), A);
      writeFileSync(join(src, 'usb', 'deep', 'test-stt-b'), B);
      const tarPath = join(s.root, 'bundle.tar');
      const r = spawnSync('tar', [`--format=${format}`, '-cf', tarPath, '-C', src, 'usb'], { encoding: 'utf8' });
      assert.equal(r.status, 0, r.stderr);
      const report = await importBundle(tarPath, { manifest: s.manifest, signal: signal() });
      assert.equal(report.installed, 2, JSON.stringify(report.files));
      assert.equal(report.rejected, 0);
      assert.deepEqual(readFileSync(join(s.modelsDir, 'llm', 'a.gguf')), A);
      assert.deepEqual(readFileSync(join(s.modelsDir, 'stt', 'sub', 'b.bin')), B);
      assert.deepEqual(readdirSync(join(s.modelsDir, 'llm')), ['a.gguf']);
    } finally { s.done(); }
  }
});

test('a path-traversal entry makes the bundle BUNDLE_INVALID and writes nothing outside', T, async () => {
  const s = site();
  try {
    for (const name of ['../evil.gguf', 'usb/../../evil.gguf', '/tmp/heed-evil.gguf']) {
      const tarPath = join(s.root, 'evil.tar');
      writeFileSync(tarPath, tarOf([[name, A]]));
      const e = await rejectsWith(importBundle(tarPath, { manifest: s.manifest, signal: signal() }), 'BUNDLE_INVALID');
      assert.match(e.message, /traversal|absolute/);
    }
    assert.equal(existsSync(join(s.root, 'evil.gguf')), false);
    assert.equal(existsSync('/tmp/heed-evil.gguf'), false);
  } finally { s.done(); }
});

test('links are rejected', T, async () => {
  const s = site();
  try {
    const tarPath = join(s.root, 'link.tar');
    writeFileSync(tarPath, Buffer.concat([withType(tarFileHeader('a.gguf', 0, Date.now()), '2', '/etc/passwd'), TAR_END]));
    const e = await rejectsWith(importBundle(tarPath, { manifest: s.manifest, signal: signal() }), 'BUNDLE_INVALID');
    assert.match(e.message, /link/);
    assert.equal(existsSync(join(s.modelsDir, 'llm', 'a.gguf')), false);
  } finally { s.done(); }
});

test('a file with the wrong sha256 is reported and not installed; unknown files are reported', T, async () => {
  const s = site();
  try {
    const forged = randomBytes(A.length);
    const tarPath = join(s.root, 'bad.tar');
    writeFileSync(tarPath, tarOf([['a.gguf', forged], ['README.txt', Buffer.from('hello')], ['b.bin', B.subarray(0, 100)]]));
    const report = await importBundle(tarPath, { manifest: s.manifest, signal: signal() });
    assert.equal(report.installed, 0);
    assert.equal(report.rejected, 3);
    const byEntry = new Map(report.files.map((f) => [f.entry, f]));
    assert.equal(byEntry.get('a.gguf')?.status, 'mismatch');
    assert.match(byEntry.get('a.gguf')?.detail ?? '', new RegExp(`sha256 ${sha(forged)}, expected ${sha(A)}`));
    assert.equal(byEntry.get('README.txt')?.status, 'unknown');
    assert.equal(byEntry.get('b.bin')?.status, 'mismatch');
    assert.equal(existsSync(join(s.modelsDir, 'llm', 'a.gguf')), false);
    assert.deepEqual(readdirSync(join(s.modelsDir, 'llm')), [], 'no part file left behind');
  } finally { s.done(); }
});

test('an entry larger than any model is rejected as oversized', T, async () => {
  const s = site();
  try {
    const tarPath = join(s.root, 'big.tar');
    writeFileSync(tarPath, tarOf([['huge.bin', Buffer.alloc(1024 * 1024 + 1)]]));
    const e = await rejectsWith(importBundle(tarPath, { manifest: s.manifest, signal: signal() }), 'BUNDLE_INVALID');
    assert.match(e.message, /limit/);
  } finally { s.done(); }
});

test('garbage and truncated archives are BUNDLE_INVALID', T, async () => {
  const s = site();
  try {
    const junk = join(s.root, 'junk.tar');
    writeFileSync(junk, randomBytes(4096));
    await rejectsWith(importBundle(junk, { manifest: s.manifest, signal: signal() }), 'BUNDLE_INVALID');
    const cut = join(s.root, 'cut.tar');
    writeFileSync(cut, tarOf([['a.gguf', A]]).subarray(0, 512 + 1000));
    await rejectsWith(importBundle(cut, { manifest: s.manifest, signal: signal() }), 'BUNDLE_INVALID');
    assert.equal(existsSync(join(s.modelsDir, 'llm', 'a.gguf')), false);
  } finally { s.done(); }
});

test('long names survive the pax header round trip', T, async () => {
  const name = `${'d'.repeat(80)}/${'n'.repeat(90)}.gguf`;
  const data = randomBytes(1500);
  const out: Array<[string, Buffer]> = [];
  for await (const e of readTar(Readable.from([tarOf([[name, data]])]), { signal: signal() })) {
    const chunks: Buffer[] = [];
    for await (const c of e.body) chunks.push(c);
    out.push([e.path, Buffer.concat(chunks)]);
  }
  assert.deepEqual(out, [[name, data]]);
});

test('bundle → import round trip, readable by GNU tar', T, async () => {
  const from = site();
  let tarPath = '';
  try {
    mkdirSync(join(from.modelsDir, 'llm'), { recursive: true });
    mkdirSync(join(from.modelsDir, 'stt', 'sub'), { recursive: true });
    writeFileSync(resolveLocation('models:llm/a.gguf'), A);
    writeFileSync(resolveLocation('models:stt/sub/b.bin'), B);
    tarPath = join(tmpdir(), `heed-roundtrip-${process.pid}-${Date.now()}.tar`);
    const made = await createBundle(['test-llm-a', 'test-stt-b'], tarPath, { manifest: from.manifest, signal: signal() });
    assert.deepEqual(made.models.map((m) => m.entry), ['llm/a.gguf', 'stt/sub/b.bin']);
    assert.equal(existsSync(`${tarPath}.part`), false);
    if (hasTar) {
      const listed = spawnSync('tar', ['-tf', tarPath], { encoding: 'utf8' });
      assert.equal(listed.status, 0, listed.stderr);
      assert.deepEqual(listed.stdout.trim().split('\n'), ['manifest.json', 'llm/a.gguf', 'stt/sub/b.bin']);
    }
    await rejectsWith(createBundle(['system-file'], join(from.root, 'x.tar'), { manifest: from.manifest, signal: signal() }), 'USAGE');
    rmSync(resolveLocation('models:stt/sub/b.bin'));
    await rejectsWith(createBundle(['test-stt-b'], join(from.root, 'x.tar'), { manifest: from.manifest, signal: signal() }), 'MODEL_MISSING');
  } finally { from.done(); }

  const to = site();
  try {
    const lines: string[] = [];
    const report = await importBundle(tarPath, { manifest: to.manifest, signal: signal(), onFile: (f) => lines.push(`${f.status} ${f.entry}`) });
    assert.equal(report.installed, 2);
    assert.equal(report.rejected, 0);
    assert.deepEqual(lines, ['info manifest.json', 'installed llm/a.gguf', 'installed stt/sub/b.bin']);
    assert.deepEqual(readFileSync(join(to.modelsDir, 'llm', 'a.gguf')), A);
    assert.deepEqual(readFileSync(join(to.modelsDir, 'stt', 'sub', 'b.bin')), B);
  } finally { to.done(); rmSync(tarPath, { force: true }); }
});
