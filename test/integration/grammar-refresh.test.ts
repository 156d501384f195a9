/** A running agent follows the store: a row added by a back office changes the recognizer's grammar on the next refresh, without a restart. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { bootRuntime } from '../../app/cli/boot.js';
import { parseArgs } from '../../app/cli/args.js';
import { loadConfig } from '../../app/cli/options.js';

test('refreshGrammar reloads the recognizer only when the data changed the grammar', { timeout: 120_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'heed-refresh-'));
  const db = join(dir, 'store.db');
  const rt = await bootRuntime(loadConfig(parseArgs(['--db', db], { options: ['db'] })));
  try {
    assert.equal(await rt.refreshGrammar(), false, 'nothing changed');
    assert.doesNotMatch(rt.agent.grammar().jsgf, /veggie/);
    const conn = new Database(db);
    conn.prepare("INSERT INTO menu_items (slug, name, category, base_price_cents) VALUES ('veggie_burger', 'Veggie Burger', 'burger', 429)").run();
    conn.close();
    assert.equal(await rt.refreshGrammar(), true, 'the new row changed the grammar');
    assert.match(rt.agent.grammar().jsgf, /veggie burger/);
    assert.equal(await rt.refreshGrammar(), false, 'loaded once');
    const r = rt.agent.handleTranscript('s1', "i'd like a veggie burger");
    assert.equal(r.order?.lines[0]?.item, 'Veggie Burger');
    assert.equal(r.order?.total, 4.29);
  } finally {
    await rt.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
