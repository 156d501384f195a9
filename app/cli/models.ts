/** `heed models list|verify|pull|import|bundle`: the manifest, sha256 checks, downloads and offline bundles. */
import { existsSync, statSync } from 'node:fs';
import { HeedError } from '../core/errors.js';
import { createBundle, importBundle } from '../models/bundle.js';
import { describeProblem, entriesNamed, loadManifest, resolveLocation, verifyModel, type Manifest, type ModelEntry } from '../models/manifest.js';
import { createProgressBar } from '../models/progress-bar.js';
import { pullModel } from '../models/pull.js';
import { parseArgs } from './args.js';

const USAGE = `usage: heed models <subcommand>
  list [--standard|--all]                  models in the manifest, installed or missing (default: embedded)
  verify [<name>...] [--standard|--all]    check sizes and sha256
  pull <name>... [--url-base <url>]        download, resumable; --url-base (or env HEED_MODELS_MIRROR)
                                           fetches the same path from a mirror, e.g. http://10.0.0.5/hf
  import <bundle.tar>                      install verified models from an offline bundle
  bundle <name>... --out <file.tar>        write an offline bundle from installed models
env: HEED_MODELS_DIR (default <repo>/models/cache), HEED_MANIFEST (default models/manifest.json)`;

function usage(message: string): HeedError {
  return new HeedError('USAGE', 'cli', `${message}\n${USAGE}`);
}

type Profile = 'embedded' | 'standard' | 'all';

function pickProfile(flags: Set<string>): Profile {
  return flags.has('all') ? 'all' : flags.has('standard') ? 'standard' : 'embedded';
}

function select(manifest: Manifest, names: readonly string[], profile: Profile): ModelEntry[] {
  if (names.length === 0) return manifest.models.filter((m) => profile === 'all' || m.profile === profile);
  return names.flatMap((n) => {
    const found = entriesNamed(manifest, n);
    if (found.length === 0) throw usage(`unknown model '${n}' (see heed models list --all)`);
    return found;
  });
}

/** Size-only status for `list` (no hashing, so it stays instant). */
function quickStatus(m: ModelEntry): string {
  const path = resolveLocation(m.location);
  if (!existsSync(path)) return 'missing';
  return statSync(path).size === m.size ? 'installed' : 'wrong size';
}

/** An AbortSignal that Ctrl-C fires, so a download stops cleanly and keeps its .part. */
async function withInterrupt<T>(fn: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const ac = new AbortController();
  const onSigint = (): void => ac.abort();
  process.once('SIGINT', onSigint);
  try { return await fn(ac.signal); } finally { process.removeListener('SIGINT', onSigint); }
}

export async function runModels(argv: string[]): Promise<number> {
  const [sub = 'list', ...rest] = argv;
  const args = parseArgs(rest, { flags: ['standard', 'all'], options: ['url-base', 'out'] });
  const names = args.positionals;
  const manifest = loadManifest();

  if (sub === 'list') {
    if (names.length > 0) throw usage('list takes no names');
    for (const m of select(manifest, [], pickProfile(args.flags))) {
      console.log(`${m.name.padEnd(40)} ${m.stage.padEnd(4)} ${(m.size / 1e6).toFixed(1).padStart(8)} MB  ${m.license.padEnd(20)} ${quickStatus(m).padEnd(10)} ${resolveLocation(m.location)}`);
    }
    return 0;
  }

  if (sub === 'verify') {
    const models = select(manifest, names, pickProfile(args.flags));
    let bad = 0;
    for (const m of models) {
      const s = await verifyModel(m);
      if (s.ok) console.log(`ok   ${m.name}`);
      else { bad++; console.error(`FAIL ${describeProblem(s)}`); }
    }
    console.log(bad === 0 ? `${models.length} model file(s) verified (sha256)` : `${bad} of ${models.length} model files failed`);
    return bad === 0 ? 0 : 1;
  }

  if (sub === 'pull') {
    if (names.length === 0) throw usage('pull needs at least one model name');
    const models = select(manifest, names, 'all');
    const urlBase = args.options.get('url-base') ?? process.env['HEED_MODELS_MIRROR'];
    return withInterrupt(async (signal) => {
      for (const m of models) {
        const bar = createProgressBar(m.name);
        const r = await pullModel(m, { signal, urlBase, onProgress: (p) => bar.update(p) });
        if (r.status === 'present') { bar.done(`${m.name}: already installed and verified at ${r.path}`); continue; }
        bar.done(`${m.name}: installed ${r.path} (sha256 ok${r.resumedFrom > 0 ? `, resumed at ${r.resumedFrom} bytes` : ''})`);
      }
      return 0;
    });
  }

  if (sub === 'import') {
    const [tar, ...extra] = names;
    if (tar === undefined || extra.length > 0) throw usage('import needs exactly one bundle file');
    const report = await withInterrupt((signal) => importBundle(tar, {
      manifest, signal,
      onFile: (f) => (f.status === 'installed' || f.status === 'info' ? console.log : console.error)(`${f.status.padEnd(9)} ${f.entry}${f.model && f.model !== f.entry ? ` (${f.model})` : ''}: ${f.detail}`),
    }));
    console.log(`${report.installed} model file(s) installed, ${report.rejected} rejected`);
    return report.rejected === 0 && report.installed > 0 ? 0 : 1;
  }

  if (sub === 'bundle') {
    const out = args.options.get('out');
    if (names.length === 0) throw usage('bundle needs at least one model name');
    if (out === undefined) throw usage('bundle needs --out <file.tar>');
    const b = await withInterrupt((signal) => createBundle(select(manifest, names, 'all').map((m) => m.name), out, { manifest, signal }));
    for (const m of b.models) console.log(`bundled ${m.name} (${m.entry}, ${m.size} bytes)`);
    console.log(`wrote ${b.path}`);
    return 0;
  }

  throw usage(`unknown models subcommand '${sub}'`);
}
