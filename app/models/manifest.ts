/**
 * The model manifest (models/manifest.json): where each model lives and the sha256 it must have.
 * `location` is an absolute path, `npm:<package>/<path>`, or `models:<relative path>` under modelsDir()
 * (the files `heed models pull|import` manage). `url` is where `pull` fetches a `models:` file from.
 */
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, isAbsolute, join } from 'node:path';
import { z } from 'zod';
import { HeedError } from '../core/errors.js';
import { repoRoot } from '../core/paths.js';

const MODELS_SCHEME = 'models:';

/** A `models:` path: relative, forward slashes, no empty, `.` or `..` segments. */
function isSafeRelative(rel: string): boolean {
  if (rel === '' || rel.includes('\\') || rel.includes('\0') || isAbsolute(rel) || /^[A-Za-z]:/.test(rel)) return false;
  return rel.split('/').every((seg) => seg !== '' && seg !== '.' && seg !== '..');
}

const locationSchema = z.string().min(1).refine(
  (l) => !l.startsWith(MODELS_SCHEME) || isSafeRelative(l.slice(MODELS_SCHEME.length)),
  { message: 'a models: location must be a relative path without . or .. segments' },
);

const modelSchema = z.object({
  name: z.string().min(1),
  profile: z.enum(['embedded', 'standard']),
  stage: z.enum(['vad', 'stt', 'tts', 'llm']),
  location: locationSchema,
  url: z.string().url().refine((u) => u.startsWith('https://'), { message: 'url must be https' }).optional(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  size: z.number().int().positive(),
  license: z.string(),
  description: z.string().optional(),
  fix: z.string(),
}).strict();

const librarySchema = z.object({ name: z.string(), file: z.string(), fix: z.string() }).strict();

const manifestSchema = z.object({
  $comment: z.string().optional(),
  models: z.array(modelSchema),
  libraries: z.array(librarySchema),
}).strict().superRefine((m, ctx) => {
  const seen = new Set<string>();
  m.models.forEach((e, i) => {
    if (seen.has(e.name)) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['models', i, 'name'], message: `duplicate model name '${e.name}'` });
    seen.add(e.name);
  });
});

export type ModelEntry = z.infer<typeof modelSchema>;
export type LibraryEntry = z.infer<typeof librarySchema>;
export type Manifest = z.infer<typeof manifestSchema>;

/** The manifest file: env HEED_MANIFEST when set (tests, field overrides), else models/manifest.json in the checkout. */
export function manifestPath(): string {
  const env = process.env['HEED_MANIFEST'];
  return env !== undefined && env !== '' ? env : join(repoRoot(), 'models', 'manifest.json');
}

/** Where `models:` locations live: env HEED_MODELS_DIR when set, else <repo>/models/cache. */
export function modelsDir(): string {
  const env = process.env['HEED_MODELS_DIR'];
  return env !== undefined && env !== '' ? env : join(repoRoot(), 'models', 'cache');
}

/** True for entries whose file Heed itself installs (`models:` locations), as opposed to npm or system packages. */
export function isManagedLocation(location: string): boolean {
  return location.startsWith(MODELS_SCHEME);
}

export function loadManifest(path = manifestPath()): Manifest {
  if (!existsSync(path)) throw new HeedError('FILE_NOT_FOUND', 'models', `model manifest ${path} does not exist`);
  let raw: unknown;
  try { raw = JSON.parse(readFileSync(path, 'utf8')); } catch (err) {
    throw new HeedError('CONFIG_INVALID', 'models', `${path}: ${(err as Error).message}`);
  }
  const r = manifestSchema.safeParse(raw);
  if (!r.success) throw new HeedError('CONFIG_INVALID', 'models', `${path}: ${r.error.issues[0]?.path.join('.')}: ${r.error.issues[0]?.message}`);
  return r.data;
}

/**
 * The entries a name stands for: the entry of that exact name, or a model's files, the entries
 * named `<name>/<role>` (a Whisper model is its encoder, decoder and tokens).
 */
export function entriesNamed(manifest: Manifest, name: string): ModelEntry[] {
  const exact = manifest.models.filter((m) => m.name === name);
  return exact.length > 0 ? exact : manifest.models.filter((m) => m.name.startsWith(`${name}/`));
}

/** Resolves `models:<path>` under modelsDir(), `npm:<pkg>/<path>` against the installed package, or returns an absolute path. */
export function resolveLocation(location: string): string {
  if (location.startsWith(MODELS_SCHEME)) return join(modelsDir(), ...location.slice(MODELS_SCHEME.length).split('/'));
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
