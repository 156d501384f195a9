/** The clinic scenarios as typed text: every step's intent and reply, the final store, no forbidden write. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { repoRoot } from '../../../../app/core/paths.js';
import { runScenario } from '../../../helpers/pack-scenarios.js';
import { CLINIC_SCENARIOS } from '../../../scenarios/clinic.js';

const DOMAIN = join(repoRoot(), 'domains', 'clinic');
// Tuesday 2026-12-01 09:00, local time.
const NOW = (): Date => new Date('2026-12-01T09:00:00');

test('clinic: at least 32 scenarios', () => {
  assert.ok(CLINIC_SCENARIOS.length >= 32, `${CLINIC_SCENARIOS.length} scenarios`);
  assert.equal(new Set(CLINIC_SCENARIOS.map((s) => s.name)).size, CLINIC_SCENARIOS.length, 'unique names');
});

for (const s of CLINIC_SCENARIOS) {
  test(`clinic text: ${s.name}`, { timeout: 30_000 }, async () => {
    const r = await runScenario(s, { domainDir: DOMAIN, now: NOW, mode: 'text' });
    assert.deepEqual(r.forbidden, [], 'no forbidden write');
    assert.deepEqual(r.problems, []);
  });
}
