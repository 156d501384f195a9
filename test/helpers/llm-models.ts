/**
 * Where the tests find ../shared/models/stories260K.gguf. On this build farm it must exist (CI sets
 * HEED_REQUIRE_SHARED_MODELS=1 and a missing file fails the run); elsewhere the tests that need it
 * skip with a message saying how to get it.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../../app/core/paths.js';

export const STORIES_SHA256 = '270cba1bd5109f42d03350f60406024560464db173c0e387d91f0426d3bd256d';

/** HEED_STORIES_GGUF, else the shared models folder beside this checkout, else the build farm's. */
export function storiesGgufPath(): string {
  if (process.env.HEED_STORIES_GGUF) return process.env.HEED_STORIES_GGUF;
  const candidates = [join(repoRoot(), '..', 'shared', 'models', 'stories260K.gguf'), '/work/shared/models/stories260K.gguf'];
  return candidates.find((p) => existsSync(p)) ?? (candidates[0] as string);
}

/** The path, or throws when the file is required; returns '' when absent and optional (callers skip). */
export function requireStoriesGguf(): string {
  const p = storiesGgufPath();
  if (existsSync(p)) return p;
  if (process.env.HEED_REQUIRE_SHARED_MODELS === '1') throw new Error(`stories260K.gguf is required here but missing at ${p}`);
  return '';
}

export const STORIES_SKIP = 'stories260K.gguf is absent: fetch tinyllamas/stories260K.gguf from huggingface.co/ggml-org/models (sha256 270cba1b…) and set HEED_STORIES_GGUF';
