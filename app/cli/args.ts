/** A small argv parser: positionals, --flag, --key value, --key=value. Unknown options are usage errors. */
import { HeedError } from '../core/errors.js';

export interface ParsedArgs {
  positionals: string[];
  flags: Set<string>;
  options: Map<string, string>;
}

export function parseArgs(argv: readonly string[], spec: { flags?: readonly string[]; options?: readonly string[] }): ParsedArgs {
  const flags = new Set<string>();
  const options = new Map<string, string>();
  const positionals: string[] = [];
  const knownFlags = new Set(spec.flags ?? []);
  const knownOptions = new Set(spec.options ?? []);
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] ?? '';
    if (a === '--') { positionals.push(...argv.slice(i + 1)); break; }
    if (!a.startsWith('--') || a === '-') { positionals.push(a); continue; }
    const eq = a.indexOf('=');
    const name = a.slice(2, eq === -1 ? undefined : eq);
    if (knownFlags.has(name) && eq === -1) { flags.add(name); continue; }
    if (!knownOptions.has(name)) throw new HeedError('USAGE', 'cli', `unknown option --${name}`);
    const value = eq === -1 ? argv[++i] : a.slice(eq + 1);
    if (value === undefined || value === '') throw new HeedError('USAGE', 'cli', `--${name} needs a value`);
    options.set(name, value);
  }
  return { positionals, flags, options };
}
