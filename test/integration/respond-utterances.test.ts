/**
 * `heed respond` end to end on generated speech: 24 utterances in 4 voices that are not the
 * agent's own, with noise, speed changes and assorted WAV encodings. Each order is read back from
 * the SQLite file afterwards.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseWav } from '../../app/audio/wav.js';
import type { OrderView } from '../../app/core/turn.js';
import { heed, parseJsonLine } from '../helpers/cli.js';
import { describeOrder, orderMatches, SINGLE_TURN, TEST_VOICES, variants } from '../helpers/scenarios.js';
import { orderInDb } from '../helpers/store-reader.js';
import { makeUtterance } from '../helpers/utterances.js';

interface RespondJson {
  transcript: string; confidence: number; intent: string; reply: string;
  toolCalls: Array<{ name: string; args: unknown; result: unknown }>;
  order: OrderView | null;
  timings: Record<string, number>;
}

const dir = mkdtempSync(join(tmpdir(), 'heed-utt-'));
const db = join(dir, 'store.db');
const cases = variants(SINGLE_TURN, TEST_VOICES, 24);

test('respond: 24 generated utterances, 4 voices, noise and speed changes → the right order in the DB', { timeout: 600_000 }, async (t) => {
  const failures: string[] = [];
  let right = 0;
  for (const [i, c] of cases.entries()) {
    const wav = await makeUtterance(c.spec);
    const out = join(dir, `reply-${i}.wav`);
    const session = `utt-${i}`;
    const r = await heed(['respond', wav, out, '--db', db, '--session', session, '--json'], { timeoutMs: 60_000 });
    assert.equal(r.code, 0, `${c.spec.text} (${c.spec.voice}): ${r.stderr}`);
    const j = parseJsonLine<RespondJson>(r.stdout);
    // Structure every time, whatever was heard.
    assert.equal(typeof j.transcript, 'string');
    assert.ok(j.confidence >= 0 && j.confidence <= 1);
    for (const k of ['vadMs', 'sttMs', 'understandMs', 'ttsFirstAudioMs', 'endOfSpeechToFirstAudioMs']) assert.equal(typeof j.timings[k], 'number', k);
    const reply = parseWav(readFileSync(out));
    assert.ok(reply.durationSec > 0.3, 'a spoken reply was written');
    // The order as stored, read by a separate connection after the process exited.
    const stored = orderInDb(db, session);
    assert.deepEqual(stored, j.order, 'the printed order is the stored one');
    if (orderMatches(stored, c.scenario.lines)) right++;
    else failures.push(`[${c.spec.voice} snr ${c.spec.snrDb} tempo ${c.spec.tempo}] said "${c.spec.text}", heard "${j.transcript}" → ${describeOrder(stored)}`);
  }
  t.diagnostic(`utterance accuracy: ${right}/${cases.length}`);
  for (const f of failures) t.diagnostic(`miss: ${f}`);
  assert.ok(right >= 20, `at least 20 of 24 orders right (measured 21 here; the misses are 8 kHz inputs); got ${right}:\n${failures.join('\n')}`);
  assert.ok(existsSync(db));
});
