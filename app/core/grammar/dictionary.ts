/**
 * The decoder's pronunciation dictionary as a word set. Every word a compiled grammar can produce
 * must be in it, or pocketsphinx refuses (or silently drops) the grammar.
 */
import { readFileSync, statSync } from 'node:fs';
import { HeedError } from '../errors.js';

export const DEFAULT_DICT_PATH = '/usr/share/pocketsphinx/model/en-us/cmudict-en-us.dict';

export interface PronunciationDictionary {
  path: string;
  has(word: string): boolean;
}

const cache = new Map<string, { mtimeMs: number; size: number; dict: PronunciationDictionary }>();

/** Loads (and caches by path + mtime) a CMU-style dictionary: "word PH ON EMES", alternates "word(2) ...". */
export function loadDictionary(path: string = DEFAULT_DICT_PATH): PronunciationDictionary {
  let st;
  try {
    st = statSync(path);
  } catch (err) {
    throw new HeedError('FILE_NOT_FOUND', 'domain', `Pronunciation dictionary not found: ${path}`, {
      cause: err, hint: 'Install the Debian package pocketsphinx-en-us or set stt.dict in the config.',
    });
  }
  const hit = cache.get(path);
  if (hit && hit.mtimeMs === st.mtimeMs && hit.size === st.size) return hit.dict;
  const words = new Set<string>();
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    const sp = line.search(/\s/);
    if (sp <= 0) continue;
    words.add(line.slice(0, sp).replace(/\(\d+\)$/, '').toLowerCase());
  }
  if (words.size === 0) throw new HeedError('GRAMMAR_INVALID', 'domain', `Pronunciation dictionary ${path} holds no words`);
  const dict: PronunciationDictionary = { path, has: (w) => words.has(w) };
  cache.set(path, { mtimeMs: st.mtimeMs, size: st.size, dict });
  return dict;
}

/** A dictionary over a fixed word list (tests, or engines that accept any word). */
export function wordListDictionary(words: Iterable<string>, path = '<word list>'): PronunciationDictionary {
  const set = new Set([...words].map((w) => w.toLowerCase()));
  return { path, has: (w) => set.has(w) };
}
