/**
 * Where espeak-ng's data is: Piper voices phonemize with it. Debian's package espeak-ng-data puts
 * it in /usr/lib/<multiarch>/espeak-ng-data (older releases: /usr/share/espeak-ng-data).
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/** The files sherpa-onnx checks for in a Piper voice's data directory. */
export const ESPEAK_DATA_FILES = ['phontab', 'phonindex', 'phondata', 'intonations'] as const;

export function isEspeakDataDir(dir: string): boolean {
  return ESPEAK_DATA_FILES.every((f) => existsSync(join(dir, f)));
}

/** The system's espeak-ng data directory, or null when it is not installed. */
export function systemEspeakDataDir(): string | null {
  const candidates: string[] = [];
  try {
    for (const entry of readdirSync('/usr/lib', { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      if (entry.isDirectory()) candidates.push(join('/usr/lib', entry.name, 'espeak-ng-data'));
    }
  } catch { /* no /usr/lib */ }
  candidates.push('/usr/share/espeak-ng-data', '/usr/local/share/espeak-ng-data');
  return candidates.find(isEspeakDataDir) ?? null;
}
