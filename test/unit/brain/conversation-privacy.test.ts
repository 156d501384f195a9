/** The conversation log as a booking leaves it: no phone number, no name, no spelling; retention 0 stores nothing. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { openDomainAgent } from '../../../app/brain/open-agent.js';
import { repoRoot } from '../../../app/core/paths.js';

const CLINIC = join(repoRoot(), 'domains', 'clinic');
const NOW = (): Date => new Date(2026, 11, 1, 9, 0, 0);
const STEPS = ['a checkup with maria on friday at two', 'my name is m a r k', 'five five five one two three four five six seven', 'yes',
  'my name is john smith and my number is 555-123-4567'];

function run(conversation?: { store: boolean; retentionDays: number }): { rows: Array<{ text: string; tool_calls_json: string | null }>; file: Buffer } {
  const dir = mkdtempSync(join(tmpdir(), 'heed-privacy-'));
  const dbPath = join(dir, 'store.db');
  try {
    const a = openDomainAgent({ dbPath, domainDir: CLINIC, now: NOW, ...(conversation ? { conversation } : {}) });
    try {
      const replies = STEPS.map((s) => a.handleText('kiosk-1', s).reply);
      assert.match(replies[3] ?? '', /booked/i, 'the booking itself went through');
    } finally { a.close(); }
    const db = new Database(dbPath, { readonly: true });
    const rows = db.prepare<[], { text: string; tool_calls_json: string | null }>('SELECT text, tool_calls_json FROM conversation_turns ORDER BY id').all();
    db.close();
    // The booking keeps its customer's contact details (the clinic needs them); the log must not.
    return { rows, file: readFileSync(dbPath) };
  } finally { rmSync(dir, { recursive: true, force: true }); }
}

test('a booking conversation is stored without phone numbers, names or spelled letters', { timeout: 30_000 }, () => {
  const { rows } = run();
  assert.ok(rows.length >= 8, `${rows.length} turns stored`);
  const all = rows.map((r) => `${r.text} ${r.tool_calls_json ?? ''}`).join('\n');
  for (const leak of ['5551234567', '555-123-4567', '123-4567', 'five five five', 'Mark', 'm a r k', 'john smith', 'John']) {
    assert.ok(!all.toLowerCase().includes(leak.toLowerCase()), `the log holds "${leak}":\n${all}`);
  }
  assert.match(all, /\[phone\]/);
  assert.match(all, /\[name\]|\[spelled\]/);
});

test('retentionDays 0 stores no conversation at all', { timeout: 30_000 }, () => {
  const { rows } = run({ store: true, retentionDays: 0 });
  assert.equal(rows.length, 0);
});
