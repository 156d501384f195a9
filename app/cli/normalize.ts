/**
 * `heed normalize "<text>" [--lexicon <lexicon.json>] [--domain <pack dir>]`: prints what the voice
 * would say for a written reply. A pack dir contributes its lexicon.json when it has one; with both
 * options the --lexicon file wins on conflicts. "-" as the text reads it from stdin.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { HeedError } from '../core/errors.js';
import { emptyLexicon, mergeLexicons, parseLexicon, type Lexicon } from '../core/text/lexicon.js';
import { normalizeForSpeech } from '../core/text/tts-normalize.js';
import { parseArgs } from './args.js';

export const NORMALIZE_USAGE = 'usage: heed normalize "<text>" [--lexicon <lexicon.json>] [--domain <pack dir>]';

function readLexiconFile(file: string): Lexicon {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new HeedError('DOMAIN_INVALID', 'domain', `${file} is not valid JSON: ${(err as Error).message}`, { cause: err });
  }
  return parseLexicon(raw, file);
}

function domainLexicon(dir: string): Lexicon {
  const abs = resolve(dir);
  if (!existsSync(abs) || !statSync(abs).isDirectory()) {
    throw new HeedError('DOMAIN_INVALID', 'domain', `The domain pack folder ${abs} does not exist`, { hint: 'Pass --domain <folder> of a domain pack.' });
  }
  const file = join(abs, 'lexicon.json');
  return existsSync(file) ? readLexiconFile(file) : emptyLexicon;
}

function explicitLexicon(file: string): Lexicon {
  const abs = resolve(file);
  if (!existsSync(abs) || !statSync(abs).isFile()) throw new HeedError('FILE_NOT_FOUND', 'cli', `lexicon file not found: ${file}`);
  return readLexiconFile(abs);
}

export async function runNormalize(argv: string[]): Promise<number> {
  const args = parseArgs(argv, { flags: ['help'], options: ['lexicon', 'domain'] });
  if (args.flags.has('help')) {
    console.log(NORMALIZE_USAGE);
    return 0;
  }
  if (args.positionals.length === 0) throw new HeedError('USAGE', 'cli', 'normalize needs the text to read', { hint: NORMALIZE_USAGE });
  const text = args.positionals.length === 1 && args.positionals[0] === '-' ? readFileSync(0, 'utf8') : args.positionals.join(' ');
  if (text.trim() === '') throw new HeedError('USAGE', 'cli', 'normalize was given empty text', { hint: NORMALIZE_USAGE });
  const parts: Lexicon[] = [];
  const domain = args.options.get('domain');
  if (domain !== undefined) parts.push(domainLexicon(domain));
  const file = args.options.get('lexicon');
  if (file !== undefined) parts.push(explicitLexicon(file));
  const lexicon = parts.length === 0 ? emptyLexicon : mergeLexicons(...parts);
  process.stdout.write(`${normalizeForSpeech(text, { lexicon })}\n`);
  return 0;
}
