/** Options shared by the commands: config file, domain, database, voice — folded into one parsed config. */
import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { configSchema, parseConfig, type HeedConfig } from '../core/config.js';
import { HeedError } from '../core/errors.js';
import { repoRoot } from '../core/paths.js';
import type { ParsedArgs } from './args.js';

export const COMMON_OPTIONS = ['domain', 'db', 'config', 'voice'] as const;

/** Relative paths in the config resolve against the checkout, so `npx heed` works from any directory. */
export function loadConfig(args: ParsedArgs): HeedConfig {
  const file = args.options.get('config');
  let raw: Record<string, unknown> = {};
  if (file) {
    if (!existsSync(file)) throw new HeedError('FILE_NOT_FOUND', 'config', `config file not found: ${file}`);
    try {
      raw = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    } catch (err) {
      throw new HeedError('CONFIG_INVALID', 'config', `${file}: not valid JSON (${(err as Error).message})`);
    }
  }
  const merged = { ...raw } as Record<string, unknown>;
  const domain = args.options.get('domain');
  if (domain) merged['domainDir'] = resolve(domain);
  const db = args.options.get('db');
  if (db) merged['dbPath'] = resolve(db);
  const voice = args.options.get('voice');
  if (voice) merged['tts'] = { ...(merged['tts'] as Record<string, unknown> | undefined), voice };
  const cfg = parseConfig(merged, configSchema, file ?? 'config');
  const root = repoRoot();
  return {
    ...cfg,
    domainDir: isAbsolute(cfg.domainDir) ? cfg.domainDir : resolve(root, cfg.domainDir),
    dbPath: isAbsolute(cfg.dbPath) ? cfg.dbPath : resolve(root, cfg.dbPath),
  };
}
