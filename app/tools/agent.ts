/**
 * The drive-thru DomainAgent: the SQLite store + the grammar compiled from its menu + the dialog
 * policy. Understanding never writes; sessions and orders appear with the first real change.
 */
import { z } from 'zod';
import { runDriveThruTurn, replyText, type DialogPorts, type PendingLine, type PolicyReply } from '../core/dialog/drive-thru-policy.js';
import type { Intent } from '../core/dialog/intent.js';
import { normalizeTypedText, transcriptWords } from '../core/dialog/normalize-text.js';
import { understandWords } from '../core/dialog/understand.js';
import { HeedError } from '../core/errors.js';
import { DEFAULT_DICT_PATH, loadDictionary, type PronunciationDictionary } from '../core/grammar/dictionary.js';
import { compileDriveThruGrammar, type DriveThruGrammar } from '../core/grammar/drive-thru-grammar.js';
import type { CompiledGrammar, DomainAgent, OrderView, ToolCallRecord, TurnResult } from '../core/turn.js';
import { readDomainPack } from './domain-pack-files.js';
import { driveThruToolApi } from './drive-thru/index.js';
import { menuForGrammar } from './drive-thru/menu-repo.js';
import { activeOrder, latestOrder, orderView, readPendingJson, writePendingJson } from './drive-thru/order-repo.js';
import { openStore, storeError } from './store/open-store.js';

export interface OpenDomainAgentOptions {
  dbPath: string;
  domainDir: string;
  /** The decoder's pronunciation dictionary; every grammar word must be in it. */
  dictPath?: string;
}

const pendingSchema = z.array(z.object({
  item: z.string(), size: z.string().nullable(), quantity: z.number().int().min(1), modifiers: z.array(z.string()),
  name: z.string(), sizes: z.array(z.string()),
}));

export function openDomainAgent(opts: OpenDomainAgentOptions): DomainAgent {
  const files = readDomainPack(opts.domainDir);
  const { pack, phrases } = files;
  const db = openStore(opts.dbPath, { migrations: files.migrations });
  let dict: PronunciationDictionary | null = null;

  const compile = (): DriveThruGrammar => {
    dict ??= loadDictionary(opts.dictPath ?? DEFAULT_DICT_PATH);
    return compileDriveThruGrammar(menuForGrammar(db), phrases, dict, pack.grammarName);
  };

  const currentOrder = (sessionId: string): OrderView | null => {
    const o = latestOrder(db, sessionId);
    return o ? orderView(db, o) : null;
  };

  const result = (r: PolicyReply, toolCalls: ToolCallRecord[], sessionId: string): TurnResult =>
    ({ intent: r.intent, toolCalls, reply: r.reply, spoken: r.spoken, order: currentOrder(sessionId) });

  const act = (sessionId: string, intent: Intent): TurnResult => {
    const records: ToolCallRecord[] = [];
    const tools = driveThruToolApi({ db, sessionId, customerConfirmed: intent.kind === 'yes' }, records);
    const ports: DialogPorts = {
      tools,
      replies: pack.replies,
      pending: () => {
        let raw: unknown = [];
        try { raw = JSON.parse(readPendingJson(db, sessionId)); } catch { /* unreadable: treat as none */ }
        const parsed = pendingSchema.safeParse(raw);
        return parsed.success ? parsed.data.map((p): PendingLine => ({ ...p })) : [];
      },
      setPending: (lines) => writePendingJson(db, sessionId, JSON.stringify(lines)),
      peekOrder: () => {
        const o = activeOrder(db, sessionId);
        return o ? orderView(db, o) : null;
      },
    };
    let reply: PolicyReply;
    try {
      // One transaction per turn: a failure half-way leaves the order as it was.
      reply = db.transaction(() => runDriveThruTurn(intent, ports))();
    } catch (err) {
      throw storeError(err);
    }
    return result(reply, records, sessionId);
  };

  const handleWords = (sessionId: string, words: string[]): TurnResult => {
    checkSession(sessionId);
    if (words.length === 0) return agent.handleNoSpeech(sessionId);
    const g = compile();
    const intent = understandWords(g.grammar, words, { tolerant: true, vocabulary: new Set(g.compiled.words) });
    if (!intent) return result(replyText('not_understood', pack.replies.notUnderstood), [], sessionId);
    return act(sessionId, intent);
  };

  const agent: DomainAgent = {
    domain: pack.name,
    grammar: (): CompiledGrammar => compile().compiled,
    handleTranscript: (sessionId, transcript) => handleWords(sessionId, transcriptWords(transcript)),
    handleText: (sessionId, text) => handleWords(sessionId, normalizeTypedText(text)),
    handleNoSpeech: (sessionId) => {
      checkSession(sessionId);
      return result(replyText('no_speech', pack.replies.noSpeech), [], sessionId);
    },
    order: (sessionId) => currentOrder(sessionId),
    close: () => {
      if (db.open) db.close();
    },
  };
  return agent;
}

function checkSession(sessionId: string): void {
  if (typeof sessionId !== 'string' || sessionId.length === 0 || sessionId.length > 200) {
    throw new HeedError('TOOL_ARGS_INVALID', 'dialog', 'A session id must be a non-empty string of at most 200 characters');
  }
}
