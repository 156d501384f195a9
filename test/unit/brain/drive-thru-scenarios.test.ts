/** The drive-thru scenarios as typed text: every step's intent and reply, the final store, no forbidden write. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { repoRoot } from '../../../app/core/paths.js';
import { runScenario } from '../../helpers/pack-scenarios.js';
import { DRIVE_THRU_SCENARIOS } from '../../scenarios/drive-thru.js';

const DOMAIN = join(repoRoot(), 'domains', 'drive-thru');
const NOW = (): Date => new Date('2026-12-01T12:00:00');

test('drive-thru: at least 30 scenarios', () => {
  assert.ok(DRIVE_THRU_SCENARIOS.length >= 30, `${DRIVE_THRU_SCENARIOS.length} scenarios`);
});

for (const s of DRIVE_THRU_SCENARIOS) {
  test(`drive-thru text: ${s.name}`, { timeout: 30_000 }, async () => {
    const r = await runScenario(s, { domainDir: DOMAIN, now: NOW, mode: 'text' });
    assert.deepEqual(r.forbidden, [], 'no forbidden write');
    assert.deepEqual(r.problems, []);
  });
}
