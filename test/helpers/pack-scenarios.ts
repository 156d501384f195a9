/**
 * Runs PackScenarios against a real domain agent on a fresh SQLite file: as text (handleText), or
 * as generated speech recognized by the real pocketsphinx engine with the pack's compiled grammar
 * (handleTranscript). After the steps, the final checks are queried and every domain table that
 * the scenario did not declare in `writes` must be byte-for-byte what it was.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { toMono, floatToInt16 } from '../../app/audio/pcm.js';
import { resample } from '../../app/audio/resample.js';
import { parseWav } from '../../app/audio/wav.js';
import { openDomainAgent } from '../../app/brain/open-agent.js';
import type { SttEngine } from '../../app/engines/stt/types.js';
import type { PackScenario } from '../scenarios/scenario-types.js';
import { makeUtterance, type UtteranceSpec, type VoiceId } from './utterances.js';

export const DICT_PATH = '/usr/share/pocketsphinx/model/en-us/cmudict-en-us.dict';

/** Tables that change on every conversation by design (sessions, dialog state, logs, FTS shadows). */
const BOOKKEEPING = /^(sqlite_|schema_migrations$|sessions$|dialog_state$|conversation_turns$|handoffs$)|_fts($|_)/;

export function snapshot(db: Database.Database): Map<string, string> {
  const tables = db.prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table'").all().map((r) => r.name).filter((n) => !BOOKKEEPING.test(n));
  const out = new Map<string, string>();
  for (const t of tables) out.set(t, JSON.stringify(db.prepare(`SELECT * FROM "${t}" ORDER BY rowid`).all()));
  return out;
}

export interface ScenarioOutcome {
  name: string;
  /** Final checks all held. */
  ok: boolean;
  /** Tables changed that the scenario did not allow. */
  forbidden: string[];
  problems: string[];
  heard: string[];
}

export interface RunOptions {
  domainDir: string;
  now: () => Date;
  mode: 'text' | 'audio';
  stt?: SttEngine;
  voice?: VoiceId;
  seed?: number;
  /** Tables that may change in audio mode even if the scenario does not list them (see PackUnderTest.draftTables). */
  draftTables?: string[];
}

/** The grammar each engine has loaded: loading a big grammar takes pocketsphinx seconds, so it is done once per pack. */
const loaded = new WeakMap<SttEngine, string>();

/** A generated utterance as the recognizer takes it: 16 kHz mono int16. */
export async function utterancePcm16k(spec: UtteranceSpec): Promise<Int16Array> {
  const wav = parseWav(readFileSync(await makeUtterance(spec)));
  const mono = toMono(wav.channelData);
  return floatToInt16(wav.sampleRate === 16000 ? mono : resample(mono, wav.sampleRate, 16000));
}

/**
 * Recognizes like the live listener does: the audio is fed in 32 ms chunks, and when the grammar
 * gives no final result the last partial hypothesis stands in for it (see Listener#end).
 */
async function hear(stt: SttEngine, text: string, voice: VoiceId, seed: number): Promise<string> {
  const pcm = await utterancePcm16k({ text, voice, snrDb: 30, seed });
  await stt.begin();
  let partial = '';
  for (let i = 0; i < pcm.length; i += 512) {
    const h = await stt.feed(pcm.slice(i, i + 512));
    if (h?.text) partial = h.text;
  }
  const final = (await stt.end()).text;
  return final || partial;
}

export async function runScenario(s: PackScenario, o: RunOptions): Promise<ScenarioOutcome> {
  const dir = mkdtempSync(join(tmpdir(), 'heed-scn-'));
  const dbPath = join(dir, 'store.db');
  const agent = openDomainAgent({ dbPath, domainDir: o.domainDir, dictPath: DICT_PATH, now: o.now });
  const problems: string[] = [];
  const heard: string[] = [];
  try {
    const g = agent.grammar();
    if (o.mode === 'audio') {
      assert.ok(o.stt, 'audio mode needs an STT engine');
      if (loaded.get(o.stt) !== g.jsgf) {
        await o.stt.setSearch({ kind: 'jsgf', name: g.name, text: g.jsgf, pronounceUnknown: true });
        loaded.set(o.stt, g.jsgf);
      }
    }
    const reader = new Database(dbPath, { readonly: true });
    const before = snapshot(reader);
    const session = `scn-${s.name.replace(/\W+/g, '-').slice(0, 60)}`;
    for (const [i, step] of s.steps.entries()) {
      let r;
      if (step.say === null) r = agent.handleNoSpeech(session);
      else if (o.mode === 'text') r = agent.handleText(session, step.say);
      else {
        const text = await hear(o.stt as SttEngine, step.say, o.voice ?? 'flite:slt', (o.seed ?? 1) * 100 + i);
        heard.push(text);
        r = text.trim().length === 0 ? agent.handleNoSpeech(session) : agent.handleTranscript(session, text);
      }
      if (o.mode === 'text') {
        if (step.intent !== undefined && r.intent !== step.intent) problems.push(`step ${i + 1} "${step.say ?? '(silence)'}": intent ${r.intent}, want ${step.intent} — reply "${r.reply}"`);
        if (step.reply && !step.reply.test(r.reply)) problems.push(`step ${i + 1} "${step.say ?? '(silence)'}": reply "${r.reply}" does not match ${String(step.reply)}`);
        if (/\d|\$/.test(r.spoken)) problems.push(`step ${i + 1}: spoken text has digits: "${r.spoken}"`);
      }
    }
    for (const f of s.final) {
      const rows = reader.prepare(f.sql).all();
      try { assert.deepEqual(rows, f.rows); } catch { problems.push(`final ${f.sql}: got ${JSON.stringify(rows)}, want ${JSON.stringify(f.rows)}`); }
    }
    const after = snapshot(reader);
    const allowed = new Set([...s.writes, ...(o.mode === 'audio' ? o.draftTables ?? [] : [])]);
    const forbidden = [...after.keys()].filter((t) => !allowed.has(t) && after.get(t) !== before.get(t));
    for (const t of before.keys()) if (!after.has(t)) forbidden.push(t);
    reader.close();
    return { name: s.name, ok: problems.length === 0, forbidden, problems, heard };
  } finally {
    agent.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
