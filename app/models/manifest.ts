/** The model manifest (models/manifest.json): where each model lives and the sha256 it must have. */
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { HeedError } from '../core/errors.js';
import { repoRoot } from '../core/paths.js';

const modelSchema = z.object({
  name: z.string(),
  profile: z.enum(['embedded', 'standard']),
  stage: z.enum(['vad', 'stt', 'tts', 'llm']),
  location: z.string(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  size: z.number().int().positive(),
  license: z.string(),
  fix: z.string(),
}).strict();

const librarySchema = z.object({ name: z.string(), file: z.string(), fix: z.string() }).strict();

const manifestSchema = z.object({
  $comment: z.string().optional(),
  models: z.array(modelSchema),
  libraries: z.array(librarySchema),
}).strict();

export type ModelEntry = z.infer<typeof modelSchema>;
export type LibraryEntry = z.infer<typeof librarySchema>;
export type Manifest = z.infer<typeof manifestSchema>;

export function loadManifest(path = join(repoRoot(), 'models', 'manifest.json')): Manifest {
  const r = manifestSchema.safeParse(JSON.parse(readFileSync(path, 'utf8')));
  if (!r.success) throw new HeedError('CONFIG_INVALID', 'models', `${path}: ${r.error.issues[0]?.path.join('.')}: ${r.error.issues[0]?.message}`);
  return r.data;
}

/** Resolves `npm:<pkg>/<path>` against the installed package, or returns an absolute path. */
export function resolveLocation(location: string): string {
  if (!location.startsWith('npm:')) return location;
  const spec = location.slice(4);
  const parts = spec.split('/');
  const pkg = spec.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? '');
  const rest = parts.slice(spec.startsWith('@') ? 2 : 1).join('/');
  try {
    const req = createRequire(join(repoRoot(), 'package.json'));
    return join(dirname(req.resolve(`${pkg}/package.json`)), rest);
  } catch {
    return join(repoRoot(), 'node_modules', pkg, rest);
  }
}

export function sha256File(path: string, signal?: AbortSignal): Promise<string> {
  return new Promise((resolve, reject) => {
    const h = createHash('sha256');
    const s = createReadStream(path, signal ? { signal } : {});
    s.on('data', (c) => h.update(c));
    s.on('error', reject);
    s.on('end', () => resolve(h.digest('hex')));
  });
}

export type ModelStatus = { entry: ModelEntry; path: string; ok: boolean; problem?: 'missing' | 'size' | 'sha256'; actual?: string };

export async function verifyModel(entry: ModelEntry, signal?: AbortSignal): Promise<ModelStatus> {
  const path = resolveLocation(entry.location);
  if (!existsSync(path)) return { entry, path, ok: false, problem: 'missing' };
  const size = statSync(path).size;
  if (size !== entry.size) return { entry, path, ok: false, problem: 'size', actual: `${size} bytes` };
  const sha = await sha256File(path, signal);
  return sha === entry.sha256 ? { entry, path, ok: true } : { entry, path, ok: false, problem: 'sha256', actual: sha };
}

/** One line per problem: names the file, what is wrong, the expected sha256 and the fixing command. */
export function describeProblem(s: ModelStatus): string {
  const what = s.problem === 'missing' ? 'is missing' : s.problem === 'size' ? `has the wrong size (${s.actual}, expected ${s.entry.size})` : `is corrupt (sha256 ${s.actual})`;
  return `${s.entry.name}: ${s.path} ${what}; expected sha256 ${s.entry.sha256}; fix: ${s.entry.fix}`;
}

/** Throws MODEL_MISSING / MODEL_CORRUPT for the first bad model of a profile (used before engines load). */
export async function assertModels(profile: 'embedded' | 'standard', stages: ReadonlyArray<ModelEntry['stage']>, signal?: AbortSignal): Promise<void> {
  for (const m of loadManifest().models) {
    if (m.profile !== profile || !stages.includes(m.stage)) continue;
    const s = await verifyModel(m, signal);
    if (!s.ok) throw new HeedError(s.problem === 'missing' ? 'MODEL_MISSING' : 'MODEL_CORRUPT', 'models', describeProblem(s));
  }
}
