/**
 * Where a sherpa-onnx model's files are. A config names a model either by its manifest name
 * (`whisper-base.en`: the manifest entries `whisper-base.en/<role>` share one directory under the
 * models directory) or by a directory path (any sherpa-onnx export of that family). The files in
 * the directory are found by the names sherpa-onnx's exports use; int8 files win over float ones.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { HeedError, type ErrorSource } from '../../core/errors.js';
import { isEspeakDataDir, systemEspeakDataDir } from '../../models/espeak-data.js';
import { entriesNamed, loadManifest, resolveLocation } from '../../models/manifest.js';

export type SherpaSttKind = 'whisper' | 'moonshine' | 'zipformer';

export interface WhisperFiles { kind: 'whisper'; dir: string; encoder: string; decoder: string; tokens: string }
export interface MoonshineFiles { kind: 'moonshine'; dir: string; preprocessor: string; encoder: string; uncachedDecoder: string; cachedDecoder: string; tokens: string }
export interface ZipformerFiles { kind: 'zipformer'; dir: string; encoder: string; decoder: string; joiner: string; tokens: string; bpeVocab: string | null }
export interface VitsFiles { kind: 'vits'; dir: string; model: string; tokens: string; dataDir: string | null }

export type SttModelFiles = WhisperFiles | MoonshineFiles | ZipformerFiles;

/**
 * The directory a model name or path stands for. A manifest name resolves to the directory of its
 * entries; `fix` is the command that installs it. A path is taken as it is.
 */
export function resolveModelDir(nameOrDir: string, source: ErrorSource): { dir: string; fix: string | null } {
  const looksLikePath = nameOrDir.includes('/') && (nameOrDir.startsWith('/') || nameOrDir.startsWith('.') || existsSync(nameOrDir));
  if (!looksLikePath) {
    const entries = entriesNamed(loadManifest(), nameOrDir);
    const first = entries[0];
    if (first) return { dir: dirname(resolveLocation(first.location)), fix: first.fix };
    if (!existsSync(nameOrDir)) {
      throw new HeedError('MODEL_MISSING', source, `'${nameOrDir}' is neither a model in the manifest (heed models list --standard) nor a directory`);
    }
  }
  return { dir: nameOrDir, fix: null };
}

function listOnnx(dir: string, source: ErrorSource, fix: string | null): string[] {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new HeedError('MODEL_MISSING', source, `model directory ${dir} does not exist${fix ? `; ${fix}` : ''}`, fix ? { hint: fix } : {});
  }
  return readdirSync(dir).filter((f) => statSync(join(dir, f)).isFile()).sort();
}

/** The one file matching `pattern`, preferring an int8 export; MODEL_MISSING naming the role when none does. */
function pick(files: readonly string[], dir: string, pattern: RegExp, role: string, source: ErrorSource, fix: string | null, exclude?: RegExp): string {
  const found = files.filter((f) => pattern.test(f) && !(exclude?.test(f) ?? false));
  const best = found.find((f) => /\.int8\.onnx$/.test(f)) ?? found[0];
  if (best === undefined) {
    throw new HeedError('MODEL_MISSING', source, `no ${role} in ${dir} (looked for ${pattern.source})${fix ? `; ${fix}` : ''}`, fix ? { hint: fix } : {});
  }
  return join(dir, best);
}

/** Finds a recognizer's files in its directory. */
export function findSttFiles(kind: SherpaSttKind, nameOrDir: string): SttModelFiles {
  const source: ErrorSource = 'stt';
  const { dir, fix } = resolveModelDir(nameOrDir, source);
  const files = listOnnx(dir, source, fix);
  const p = (re: RegExp, role: string, exclude?: RegExp): string => pick(files, dir, re, role, source, fix, exclude);
  switch (kind) {
    case 'whisper':
      return { kind, dir, encoder: p(/encoder.*\.onnx$/, 'Whisper encoder'), decoder: p(/decoder.*\.onnx$/, 'Whisper decoder'), tokens: p(/tokens\.txt$/, 'tokens.txt') };
    case 'moonshine':
      return {
        kind, dir,
        preprocessor: p(/^preprocess.*\.onnx$/, 'Moonshine preprocessor'),
        encoder: p(/^encode.*\.onnx$/, 'Moonshine encoder'),
        uncachedDecoder: p(/^uncached_decode.*\.onnx$/, 'Moonshine uncached decoder'),
        cachedDecoder: p(/^cached_decode.*\.onnx$/, 'Moonshine cached decoder'),
        tokens: p(/tokens\.txt$/, 'tokens.txt'),
      };
    case 'zipformer': {
      const bpe = files.find((f) => f === 'bpe.vocab');
      return {
        kind, dir,
        encoder: p(/^encoder.*\.onnx$/, 'transducer encoder'),
        decoder: p(/^decoder.*\.onnx$/, 'transducer decoder', /\.int8\.onnx$/),
        joiner: p(/^joiner.*\.onnx$/, 'transducer joiner'),
        tokens: p(/tokens\.txt$/, 'tokens.txt'),
        bpeVocab: bpe ? join(dir, bpe) : null,
      };
    }
  }
}

/** Finds a Piper/VITS voice: its .onnx, tokens.txt, and espeak-ng-data (its own, else Debian's). */
export function findVitsFiles(nameOrDir: string): VitsFiles {
  const source: ErrorSource = 'tts';
  const { dir, fix } = resolveModelDir(nameOrDir, source);
  const files = listOnnx(dir, source, fix);
  const own = join(dir, 'espeak-ng-data');
  return {
    kind: 'vits', dir,
    model: pick(files, dir, /\.onnx$/, 'voice model (.onnx)', source, fix),
    tokens: pick(files, dir, /^tokens\.txt$/, 'tokens.txt', source, fix),
    dataDir: isEspeakDataDir(own) ? own : systemEspeakDataDir(),
  };
}
