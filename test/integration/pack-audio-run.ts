/**
 * A pack's multi-turn scenarios as generated speech: each customer turn is synthesized by a voice
 * that is not the agent's own (rotating flite slt / awb / kal16 and festival kal), mixed with pink
 * noise at 30 dB SNR, recognized by the real pocketsphinx engine with the pack's compiled grammar,
 * and handed to the agent as a transcript. A misheard word may spoil a scenario's final state
 * (that is the accuracy we measure), but no scenario may ever write to a table it does not allow:
 * a misrecognition must never become a forbidden write. The one exception is the customer's own
 * draft (an open drive-thru order): a misheard sentence may add to it, since nothing is placed
 * without a read-back and a yes.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { repoRoot } from '../../app/core/paths.js';
import { PocketsphinxStt } from '../../app/engines/stt/pocketsphinx.js';
import { runScenario } from '../helpers/pack-scenarios.js';
import { TEST_VOICES } from '../helpers/scenarios.js';
import { PACKS } from '../scenarios/packs.js';

export function packAudioTest(name: string): void {
  const pack = PACKS.find((p) => p.name === name);
  if (!pack) throw new Error(`no pack ${name} in test/scenarios/packs.ts`);
  test(`${pack.name}: ${pack.scenarios.length} scenarios as generated speech`, { timeout: 900_000 }, async (t) => {
    const stt = new PocketsphinxStt();
    let right = 0;
    const misses: string[] = [];
    const forbidden: string[] = [];
    try {
      for (const [i, s] of pack.scenarios.entries()) {
        const voice = TEST_VOICES[i % TEST_VOICES.length] ?? 'flite:slt';
        const r = await runScenario(s, { domainDir: join(repoRoot(), 'domains', pack.dir), now: pack.now, mode: 'audio', stt, voice, seed: i + 1, draftTables: pack.draftTables });
        if (r.forbidden.length > 0) forbidden.push(`${s.name}: wrote ${r.forbidden.join(', ')} (heard: ${r.heard.join(' | ')})`);
        if (r.ok) right++;
        else misses.push(`${s.name} [${voice}]: heard ${r.heard.map((h) => `"${h}"`).join(', ')}`);
      }
    } finally {
      await stt.close();
    }
    t.diagnostic(`${pack.name}: ${right}/${pack.scenarios.length} scenarios end in the right state from speech`);
    for (const m of misses) t.diagnostic(`miss: ${m}`);
    assert.deepEqual(forbidden, [], 'no misrecognition became a forbidden write');
    assert.ok(right >= Math.ceil(pack.scenarios.length * pack.minAudioRatio), `${right}/${pack.scenarios.length} right; floor ${pack.minAudioRatio}:\n${misses.join('\n')}`);
  });
}
