/**
 * The info brain on a fresh store-info database, with the pack's grammar compiled by the real
 * kit: `turn(text)` understands like the agent (exact parse, then tolerant) and acts in a
 * transaction. Universal intents other than yes/no/cancel are reported, not acted on.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PolicyReply, ToolRunner } from '../../../../app/brain/brain.js';
import { compilePackGrammar, type PackGrammar } from '../../../../app/brain/grammar-kit.js';
import { HANDOFF_MIGRATION } from '../../../../app/brain/handoff.js';
import { createInfoBrain } from '../../../../app/brain/info/info-brain.js';
import type { InfoIntent } from '../../../../app/brain/info/info-intent.js';
import { readPackFiles } from '../../../../app/brain/pack/pack-files.js';
import { DIALOG_STATE_MIGRATION } from '../../../../app/brain/session-state.js';
import { understandWords, type Parsed } from '../../../../app/brain/understand.js';
import { universalPhrasesSchema } from '../../../../app/brain/universal.js';
import { normalizeTypedText } from '../../../../app/core/dialog/normalize-text.js';
import { loadDictionary } from '../../../../app/core/grammar/dictionary.js';
import { repoRoot } from '../../../../app/core/paths.js';
import type { ToolCallRecord } from '../../../../app/core/turn.js';
import { openStore, type Db } from '../../../../app/tools/store/open-store.js';

export const STORE_INFO_DIR = join(repoRoot(), 'domains', 'store-info');
export const DICT_PATH = '/usr/share/pocketsphinx/model/en-us/cmudict-en-us.dict';
/** Tuesday 2026-12-01 10:00 local. */
export const TUESDAY_10AM = (): Date => new Date(2026, 11, 1, 10, 0, 0);

export interface TurnOut extends PolicyReply { parsed: Parsed<InfoIntent> | null; records: ToolCallRecord[] }

export interface InfoFixture {
  db: Db;
  brain: ReturnType<typeof createInfoBrain>;
  grammar: PackGrammar;
  /** Understands and acts on typed text in `session` (default "s1"). */
  turn(text: string, session?: string): TurnOut;
  runner(session?: string): ToolRunner;
  done(): void;
}

export function infoFixture(now: () => Date = TUESDAY_10AM, setup?: (db: Db) => void): InfoFixture {
  const files = readPackFiles(STORE_INFO_DIR);
  const dir = mkdtempSync(join(tmpdir(), 'heed-info-'));
  const db = openStore(join(dir, 'store.db'), { migrations: [DIALOG_STATE_MIGRATION, HANDOFF_MIGRATION, ...files.migrations] });
  setup?.(db);
  const brain = createInfoBrain({ db, pack: files.pack, lexicon: files.lexicon, now });
  const { universal, ...rest } = files.phrases.source.value as Record<string, unknown>;
  const grammar = compilePackGrammar({
    name: files.pack.grammarName, brain, brainPhrases: brain.phrasesSchema.parse(rest), universal: universalPhrasesSchema.parse(universal),
    dict: loadDictionary(DICT_PATH), lexicon: files.lexicon,
  });
  const runner = (session = 's1'): ToolRunner => ({ sessionId: session, customerConfirmed: false, records: [] });
  const turn = (text: string, session = 's1'): TurnOut => {
    const parsed = understandWords(grammar.grammar, brain, normalizeTypedText(text), grammar.vocabulary);
    const run: ToolRunner = { sessionId: session, customerConfirmed: parsed?.kind === 'universal' && parsed.name === 'yes', records: [] };
    const r = db.transaction((): PolicyReply => {
      if (parsed?.kind === 'universal') {
        if (parsed.name === 'yes' || parsed.name === 'no' || parsed.name === 'cancel') return brain.act({ kind: parsed.name }, run);
        return { intent: parsed.name, reply: '', spoken: '' };
      }
      if (parsed?.kind === 'brain') return brain.act(parsed.intent, run);
      return brain.freeText?.(text, run) ?? { intent: 'not_understood', reply: '', spoken: '' };
    })();
    return { ...r, parsed, records: run.records };
  };
  return { db, brain, grammar, turn, runner, done: () => { if (db.open) db.close(); rmSync(dir, { recursive: true, force: true }); } };
}

export function count(db: Db, table: string): number {
  return db.prepare<[], { n: number }>(`SELECT COUNT(*) AS n FROM ${table}`).get()?.n ?? 0;
}
