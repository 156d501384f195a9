/**
 * Offline model bundles (a plain tar on a USB stick). importBundle installs each file that matches a
 * `models:` manifest entry (by manifest name, relative location or file name) after checking its size
 * and sha256 against the local manifest; anything unknown or mismatching is reported and left out.
 * createBundle writes such a tar from the models installed on a connected machine.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import { HeedError } from '../core/errors.js';
import { isManagedLocation, resolveLocation, type Manifest, type ModelEntry } from './manifest.js';
import { readTar, type TarEntry } from './tar-reader.js';
import { TAR_END, tarFileHeader, tarPadding } from './tar-writer.js';

export type BundleFileStatus = 'installed' | 'unknown' | 'mismatch' | 'info';

export interface BundleFileResult {
  /** The path inside the tar. */
  entry: string;
  status: BundleFileStatus;
  model?: string;
  /** Where it was installed (status 'installed'). */
  path?: string;
  detail: string;
}

export interface ImportReport {
  files: BundleFileResult[];
  installed: number;
  rejected: number;
}

export interface BundleOptions {
  manifest: Manifest;
  signal: AbortSignal;
  onFile?: (r: BundleFileResult) => void;
}

const BUNDLE_MANIFEST = 'manifest.json';
const MAX_BUNDLE_MANIFEST = 1024 * 1024;

function relLocation(m: ModelEntry): string {
  return m.location.slice('models:'.length);
}

/** The manifest entry a tar path stands for: its manifest name, then its relative location, then its file name (size breaks ties); any leading folders are ignored. */
export function matchBundleEntry(models: readonly ModelEntry[], path: string, size: number): ModelEntry | undefined {
  const managed = models.filter((m) => isManagedLocation(m.location));
  const endsWith = (suffix: string): boolean => path === suffix || path.endsWith(`/${suffix}`);
  const byName = managed.find((m) => endsWith(m.name));
  if (byName) return byName;
  const byRel = managed.find((m) => endsWith(relLocation(m)));
  if (byRel) return byRel;
  const byBase = managed.filter((m) => basename(relLocation(m)) === basename(path));
  return byBase.find((m) => m.size === size) ?? byBase[0];
}

async function drain(body: AsyncIterable<Buffer>): Promise<void> {
  for await (const _chunk of body) { /* skip */ }
}

async function readAll(body: AsyncIterable<Buffer>): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const chunk of body) parts.push(Buffer.from(chunk));
  return Buffer.concat(parts);
}

/** Copies one tar entry to `<dest>.import.part`, checks the sha256 and renames it into place. */
async function installEntry(entry: TarEntry, m: ModelEntry): Promise<BundleFileResult> {
  const dest = resolveLocation(m.location);
  const part = `${dest}.import.part`;
  await mkdir(dirname(dest), { recursive: true });
  const hash = createHash('sha256');
  const fh = await open(part, 'w');
  let written = 0;
  try {
    for await (const chunk of entry.body) {
      await fh.write(chunk);
      hash.update(chunk);
      written += chunk.length;
    }
    await fh.sync();
  } catch (err) {
    await fh.close();
    await rm(part, { force: true });
    throw err;
  }
  await fh.close();
  const actual = hash.digest('hex');
  if (written !== m.size || actual !== m.sha256) {
    await rm(part, { force: true });
    return { entry: entry.path, status: 'mismatch', model: m.name, detail: `sha256 ${actual}, expected ${m.sha256}; not installed` };
  }
  await rename(part, dest);
  return { entry: entry.path, status: 'installed', model: m.name, path: dest, detail: `${m.size} bytes, sha256 ok` };
}

function describeBundleManifest(data: Buffer, local: Manifest): string {
  let parsed: unknown;
  try { parsed = JSON.parse(data.toString('utf8')); } catch { return 'the bundle manifest.json is not valid JSON; ignored'; }
  const models = (parsed as { models?: unknown }).models;
  if (!Array.isArray(models)) return 'the bundle manifest.json lists no models; ignored';
  const names = models.map((x) => (x as { name?: unknown }).name).filter((n): n is string => typeof n === 'string');
  const unknown = names.filter((n) => !local.models.some((m) => m.name === n));
  const note = unknown.length > 0 ? `; not in this machine's manifest: ${unknown.join(', ')} (update Heed to use them)` : '';
  return `the bundle lists ${names.length} model(s); checked against this machine's manifest${note}`;
}

export async function importBundle(tarPath: string, opts: BundleOptions): Promise<ImportReport> {
  const { manifest, signal } = opts;
  let info;
  try { info = await stat(tarPath); } catch {
    throw new HeedError('FILE_NOT_FOUND', 'models', `bundle ${tarPath} does not exist`);
  }
  if (!info.isFile()) throw new HeedError('BUNDLE_INVALID', 'models', `${tarPath} is not a file`);
  const maxEntrySize = Math.max(MAX_BUNDLE_MANIFEST, ...manifest.models.filter((m) => isManagedLocation(m.location)).map((m) => m.size));
  const files: BundleFileResult[] = [];
  const note = (r: BundleFileResult): void => { files.push(r); opts.onFile?.(r); };
  const source = createReadStream(tarPath, { highWaterMark: 1024 * 1024, signal });
  try {
    for await (const entry of readTar(source, { signal, maxEntrySize })) {
      if (entry.type !== 'file') continue;
      if (entry.path === BUNDLE_MANIFEST && !manifest.models.some((m) => m.name === BUNDLE_MANIFEST)) {
        if (entry.size > MAX_BUNDLE_MANIFEST) { await drain(entry.body); note({ entry: entry.path, status: 'info', detail: 'the bundle manifest.json is too large; ignored' }); continue; }
        note({ entry: entry.path, status: 'info', detail: describeBundleManifest(await readAll(entry.body), manifest) });
        continue;
      }
      const m = matchBundleEntry(manifest.models, entry.path, entry.size);
      if (!m) {
        await drain(entry.body);
        note({ entry: entry.path, status: 'unknown', detail: 'matches no model in the manifest; not installed' });
        continue;
      }
      if (entry.size !== m.size) {
        await drain(entry.body);
        note({ entry: entry.path, status: 'mismatch', model: m.name, detail: `${entry.size} bytes, expected ${m.size}; not installed` });
        continue;
      }
      note(await installEntry(entry, m));
    }
  } finally {
    source.destroy();
  }
  const installed = files.filter((f) => f.status === 'installed').length;
  const rejected = files.filter((f) => f.status === 'unknown' || f.status === 'mismatch').length;
  return { files, installed, rejected };
}

export interface CreatedBundle {
  path: string;
  models: Array<{ name: string; entry: string; size: number }>;
}

/** Writes `<outTar>` (via `<outTar>.part`) holding the named installed models and a manifest.json of their entries. */
export async function createBundle(names: readonly string[], outTar: string, opts: { manifest: Manifest; signal: AbortSignal }): Promise<CreatedBundle> {
  const { manifest, signal } = opts;
  if (names.length === 0) throw new HeedError('USAGE', 'models', 'name at least one model to bundle');
  const entries = names.map((n) => {
    const m = manifest.models.find((x) => x.name === n);
    if (!m) throw new HeedError('USAGE', 'models', `unknown model '${n}' (see heed models list --all)`);
    if (!isManagedLocation(m.location)) throw new HeedError('USAGE', 'models', `${n} is installed by ${m.fix}, not by heed; it cannot be bundled`);
    return m;
  });
  for (const m of entries) {
    const path = resolveLocation(m.location);
    let size: number;
    try { size = (await stat(path)).size; } catch {
      throw new HeedError('MODEL_MISSING', 'models', `${m.name}: ${path} is missing; fix: ${m.fix}`);
    }
    if (size !== m.size) throw new HeedError('MODEL_CORRUPT', 'models', `${m.name}: ${path} has ${size} bytes, expected ${m.size}; fix: ${m.fix}`);
  }
  const part = `${outTar}.part`;
  await mkdir(dirname(outTar), { recursive: true });
  const fh = await open(part, 'w');
  const written: CreatedBundle['models'] = [];
  try {
    const now = Date.now();
    const manifestJson = Buffer.from(`${JSON.stringify({ $comment: 'Models in this Heed bundle; import with `heed models import <file.tar>`.', models: entries }, null, 2)}\n`);
    await fh.write(tarFileHeader(BUNDLE_MANIFEST, manifestJson.length, now));
    await fh.write(manifestJson);
    await fh.write(tarPadding(manifestJson.length));
    for (const m of entries) {
      const path = resolveLocation(m.location);
      const name = relLocation(m);
      const st = await stat(path);
      await fh.write(tarFileHeader(name, m.size, st.mtimeMs));
      const hash = createHash('sha256');
      let copied = 0;
      for await (const chunk of createReadStream(path, { highWaterMark: 1024 * 1024, signal })) {
        const b = chunk as Buffer;
        copied += b.length;
        if (copied > m.size) break;
        hash.update(b);
        await fh.write(b);
      }
      const actual = hash.digest('hex');
      if (copied !== m.size || actual !== m.sha256) {
        throw new HeedError('MODEL_CORRUPT', 'models', `${m.name}: ${path} changed or is corrupt (sha256 ${actual}, expected ${m.sha256}); fix: ${m.fix}`);
      }
      await fh.write(tarPadding(m.size));
      written.push({ name: m.name, entry: name, size: m.size });
    }
    await fh.write(TAR_END);
    await fh.sync();
  } catch (err) {
    await fh.close();
    await rm(part, { force: true });
    throw err;
  }
  await fh.close();
  await rename(part, outTar);
  return { path: outTar, models: written };
}
