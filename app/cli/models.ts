/** `heed models list|verify`: the manifest and the sha256 of every model file on this machine. */
import { HeedError } from '../core/errors.js';
import { describeProblem, loadManifest, resolveLocation, verifyModel } from '../models/manifest.js';

export async function runModels(argv: string[]): Promise<number> {
  const [sub = 'list', ...rest] = argv;
  const profile = rest.includes('--standard') ? 'standard' : 'embedded';
  const manifest = loadManifest();
  const models = manifest.models.filter((m) => m.profile === profile);
  if (sub === 'list') {
    for (const m of models) console.log(`${m.name.padEnd(40)} ${m.stage.padEnd(4)} ${String(m.size).padStart(9)} B  ${m.license.padEnd(13)} ${resolveLocation(m.location)}`);
    return 0;
  }
  if (sub === 'verify') {
    let bad = 0;
    for (const m of models) {
      const s = await verifyModel(m);
      if (s.ok) console.log(`ok   ${m.name}`);
      else { bad++; console.error(`FAIL ${describeProblem(s)}`); }
    }
    console.log(bad === 0 ? `${models.length} ${profile} model files verified (sha256)` : `${bad} of ${models.length} model files failed`);
    return bad === 0 ? 0 : 1;
  }
  throw new HeedError('USAGE', 'cli', `unknown models subcommand '${sub}' (use list or verify; install/import arrive with the standard profile)`);
}
