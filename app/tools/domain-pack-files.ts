/** Reads a domain pack folder: domain.json, phrases.json, and schema.sql + seed.sql as migrations. */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { z } from 'zod';
import { domainPackSchema, type DomainPack } from '../core/dialog/domain-pack.js';
import { HeedError } from '../core/errors.js';
import { driveThruPhrasesSchema, type DriveThruPhrases } from '../core/grammar/drive-thru-phrases.js';
import type { Migration } from './store/migrations.js';

export interface DomainPackFiles {
  dir: string;
  pack: DomainPack;
  phrases: DriveThruPhrases;
  migrations: Migration[];
}

function readText(dir: string, name: string): string {
  const file = join(dir, name);
  if (!existsSync(file)) throw new HeedError('DOMAIN_INVALID', 'domain', `The domain pack ${dir} has no ${name}`, { hint: 'A domain pack needs domain.json, phrases.json, schema.sql and seed.sql.' });
  return readFileSync(file, 'utf8');
}

function readJson<S extends z.ZodTypeAny>(dir: string, name: string, schema: S): z.output<S> {
  let raw: unknown;
  try {
    raw = JSON.parse(readText(dir, name));
  } catch (err) {
    if (err instanceof HeedError) throw err;
    throw new HeedError('DOMAIN_INVALID', 'domain', `${join(dir, name)} is not valid JSON: ${(err as Error).message}`, { cause: err });
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    throw new HeedError('DOMAIN_INVALID', 'domain', `${join(dir, name)} is not valid: ${issues}`);
  }
  return parsed.data as z.output<S>;
}

export function readDomainPack(domainDir: string): DomainPackFiles {
  const dir = resolve(domainDir);
  if (!existsSync(dir)) throw new HeedError('DOMAIN_INVALID', 'domain', `The domain pack folder ${dir} does not exist`);
  const pack = readJson(dir, 'domain.json', domainPackSchema);
  const phrases = readJson(dir, 'phrases.json', driveThruPhrasesSchema);
  const migrations: Migration[] = [
    { id: `${pack.name}/001_schema`, sql: readText(dir, 'schema.sql') },
    { id: `${pack.name}/002_seed`, sql: readText(dir, 'seed.sql') },
  ];
  return { dir, pack, phrases, migrations };
}
