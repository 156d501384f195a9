/** `heed models pull`: fetch a manifest model from its url (or a mirror of it) into modelsDir(), verified. */
import { HeedError } from '../core/errors.js';
import { downloadModel, type DownloadOptions, type DownloadProgress } from './download.js';
import { isManagedLocation, resolveLocation, verifyModel, type ModelEntry } from './manifest.js';

/**
 * The URL to fetch from: the entry's own, or the same path under a mirror base
 * (`http://mirror/hf` + `/org/repo/resolve/<rev>/file.gguf`).
 */
export function mirrorUrl(url: string, base: string | undefined): string {
  if (base === undefined || base === '') return url;
  let b: URL;
  try { b = new URL(base); } catch {
    throw new HeedError('USAGE', 'models', `--url-base / HEED_MODELS_MIRROR must be an http(s) URL, got '${base}'`);
  }
  if (b.protocol !== 'http:' && b.protocol !== 'https:') throw new HeedError('USAGE', 'models', `--url-base must be http or https, got ${b.protocol}`);
  const original = new URL(url);
  return `${b.origin}${b.pathname.replace(/\/+$/, '')}${original.pathname}${original.search}`;
}

export interface PullOptions {
  signal: AbortSignal;
  urlBase?: string | undefined;
  onProgress?: (p: DownloadProgress) => void;
  /** Passed through to downloadModel (timeouts, retries, fetchImpl). */
  download?: Omit<DownloadOptions, 'sha256' | 'size' | 'signal' | 'onProgress'>;
}

export interface PullResult {
  name: string;
  path: string;
  status: 'downloaded' | 'present';
  resumedFrom: number;
}

export async function pullModel(entry: ModelEntry, opts: PullOptions): Promise<PullResult> {
  if (!isManagedLocation(entry.location)) {
    throw new HeedError('USAGE', 'models', `${entry.name} is not downloaded by heed (location ${entry.location}); fix: ${entry.fix}`);
  }
  if (!entry.url) throw new HeedError('USAGE', 'models', `${entry.name} has no url in the manifest; install it with heed models import <bundle.tar>`);
  const source = mirrorUrl(entry.url, opts.urlBase);
  const path = resolveLocation(entry.location);
  const current = await verifyModel(entry, opts.signal);
  if (current.ok) return { name: entry.name, path, status: 'present', resumedFrom: entry.size };
  const r = await downloadModel(source, path, {
    ...opts.download,
    sha256: entry.sha256,
    size: entry.size,
    signal: opts.signal,
    ...(opts.onProgress ? { onProgress: opts.onProgress } : {}),
  });
  return { name: entry.name, path, status: 'downloaded', resumedFrom: r.resumedFrom };
}
