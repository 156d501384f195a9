/** The store-info scenarios as typed text: every step's intent and reply, the final store, no forbidden write. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { repoRoot } from '../../../../app/core/paths.js';
import { runScenario } from '../../../helpers/pack-scenarios.js';
import { STORE_INFO_SCENARIOS } from '../../../scenarios/store-info.js';

const DOMAIN = join(repoRoot(), 'domains', 'store-info');
// Tuesday 2026-12-01 10:00, local time.
const NOW = (): Date => new Date(2026, 11, 1, 10, 0, 0);

test('store-info: at least 32 scenarios, uniquely named', () => {
  assert.ok(STORE_INFO_SCENARIOS.length >= 32, `${STORE_INFO_SCENARIOS.length} scenarios`);
  assert.equal(new Set(STORE_INFO_SCENARIOS.map((s) => s.name)).size, STORE_INFO_SCENARIOS.length, 'unique names');
});

for (const s of STORE_INFO_SCENARIOS) {
  test(`store-info text: ${s.name}`, { timeout: 30_000 }, async () => {
    const r = await runScenario(s, { domainDir: DOMAIN, now: NOW, mode: 'text' });
    assert.deepEqual(r.forbidden, [], 'no forbidden write');
    assert.deepEqual(r.problems, []);
  });
}
