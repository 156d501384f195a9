/**
 * The domain agent: a pack's brain on a SQLite store, plus what every domain shares — universal
 * intents, silence handling, the staff handoff, "repeat that", one transaction per turn, the
 * conversation log and TTS normalization with the pack's lexicon. Synchronous and free of audio.
 */
import { HeedError, throwIfAborted } from '../core/errors.js';
import { DEFAULT_DICT_PATH, loadDictionary, type PronunciationDictionary } from '../core/grammar/dictionary.js';
import { normalizeTypedText, transcriptWords } from '../core/dialog/normalize-text.js';
import { normalizeForSpeech } from '../core/text/tts-normalize.js';
import type { CompiledGrammar, DomainAgent, ToolCallRecord, TurnResult } from '../core/turn.js';
import { openStore, storeError, type Db } from '../tools/store/open-store.js';
import { isSqliteBusy, isStoreBusy, storeBusy, whenStoreFree } from '../tools/store/busy-retry.js';
import { runTool } from '../tools/drive-thru/define-tool.js';
import type { DomainBrain, PolicyReply, ToolRunner } from './brain.js';
import { compilePackGrammar, type PackGrammar } from './grammar-kit.js';
import { HANDOFF_MIGRATION, handoffTool, type HandoffReason } from './handoff.js';
import { checkJson, readPackFiles, type PackFiles } from './pack/pack-files.js';
import { universalRepliesSchema, type UniversalReplies } from './pack/pack-schema.js';
import { createBrain, SHARED_TOOLS } from './registry.js';
import { DIALOG_STATE_MIGRATION, sessionState } from './session-state.js';
import { universalPhrasesSchema, type UniversalName, type UniversalPhrases } from './universal.js';
import { understandWords } from './understand.js';
import { lastReplySchema, recordConversation, type ConversationOptions } from './conversation.js';
import { schedulePurge } from '../tools/store/conversation-log.js';
import { ensureFaqIndex, hasFaqTable } from '../tools/faq/faq-index.js';
import type { Logger } from '../core/logger.js';
import { redactText } from '../core/redact.js';
import type { ChatMessage } from '../engines/llm/types.js';
import { intentTools, type IntentToolSet } from './llm/intent-tools.js';
import type { StageName, UnderstandingChain } from './llm/understanding-chain.js';
import type { Parsed } from './understand.js';

export interface OpenDomainAgentOptions {
  dbPath: string;
  domainDir: string;
  /** The decoder's pronunciation dictionary; every grammar word must be in it. */
  dictPath?: string;
  /** The clock for relative dates and retention; tests pin it. */
  now?: () => Date;
  conversation?: ConversationOptions;
  /** LLM stages after the grammar (local, escalation); without it `understand` is the grammar alone. */
  understanding?: UnderstandingChain;
  /** Where each chain decision is logged with its reasons (never the customer's words). */
  log?: Logger;
  /** Ask the LLM stages about partial grammar parses too (default true; understanding.checkPartialParses). */
  checkPartialParses?: boolean;
  /**
   * Another writer holding the store (a POS sync, a menu import): SQLite waits `syncMs` on the
   * spot (it blocks the thread, so keep it short), then `understand` waits without blocking, up to
   * `waitMs` in all, before the turn fails with STORE_BUSY. Defaults 50 ms and 8000 ms.
   */
  storeLockWait?: { syncMs?: number; waitMs?: number };
}

export interface UnderstandOptions {
  channel?: 'voice' | 'text';
  signal?: AbortSignal;
}

export interface ActOptions {
  /** Aborted before acting: nothing is written and act throws ABORTED. */
  signal?: AbortSignal;
}

/**
 * What an utterance means, decided without writing anything (PackAgent.interpret); PackAgent.act
 * runs the turn on it. `reading` is the chain's decision:
 *   - no_speech: no words (act runs the silence handling);
 *   - grammar: the deterministic parse (or null: act gives the brain's free text, then "not
 *     understood" / off topic, as handleTranscript would);
 *   - faq: no parse, and the brain's free-text answer (FAQ) answers it (checked read-only);
 *   - llm: an LLM stage's reading, already re-parsed by the grammar, and the stage.
 * `stamp` is the session's dialog-state version when it was made: act re-reads a stale one.
 * Only values made by interpret are accepted by act, once each (they are frozen and registered).
 */
export interface Interpretation {
  readonly sessionId: string;
  readonly text: string;
  readonly words: readonly string[];
  readonly channel: 'voice' | 'text';
  readonly reading: Reading;
  readonly stamp: string;
}

export type Reading =
  | { readonly kind: 'no_speech' }
  | { readonly kind: 'grammar'; readonly parsed: Parsed<unknown> | null }
  | { readonly kind: 'faq' }
  | { readonly kind: 'llm'; readonly parsed: Parsed<unknown>; readonly stage: StageName };

/** Every live Interpretation, with the agent that made it (a token): act takes only its own, once. */
const made = new WeakMap<Interpretation, object>();

/** True for a value interpret() made and no act() has consumed yet. */
export function isInterpretation(value: unknown): value is Interpretation {
  return typeof value === 'object' && value !== null && made.has(value as Interpretation);
}

export interface PackAgent extends DomainAgent {
  /** The grammar with its n-gram LM, for the recognizer (understanding uses grammar()). */
  recognitionGrammar(): CompiledGrammar;
  /** The grammar AST and vocabulary as understanding uses them (tests, tools). */
  packGrammar(): PackGrammar;
  readonly files: PackFiles;
  /**
   * The whole understanding chain for one utterance: the grammar; the FAQ; then, when the grammar
   * finds nothing, the LLM stages within the turn budget; then a clarifying question or staff.
   * Nothing is written until the chain has decided.
   */
  understand(sessionId: string, text: string, opts?: UnderstandOptions): Promise<TurnResult>;
  /**
   * The read-only half of `understand`: the grammar, the FAQ check and the LLM stages decide what
   * the utterance means; nothing is written (not the store, the conversation log, the silence
   * count or the dialog state), so it may run speculatively on a partial transcript. Rejects with
   * ABORTED when `opts.signal` is aborted before it is done (the model call is aborted with it).
   */
  interpret(sessionId: string, text: string, opts?: UnderstandOptions): Promise<Interpretation>;
  /**
   * The acting half: runs the turn on an interpretation in one transaction and logs it, with no
   * model call. An interpretation made before another turn of the session (or a commit from
   * another connection) is stale: it is not acted on, the words are re-read by the grammar
   * instead (as handleTranscript / handleText would). Each interpretation can be acted on once.
   * `understand(s, t, o)` is `act(s, await interpret(s, t, o))`, except that an abort there still
   * ends in a (grammar) turn, as before.
   */
  act(sessionId: string, interpretation: Interpretation, opts?: ActOptions): TurnResult;
  /** Whether act would use the interpretation as made (same session, state unchanged since), rather than re-read it. */
  isFresh(sessionId: string, interpretation: Interpretation): boolean;
  /** Prefills the local LLM with the system prompt and this pack's intent tools (no-op without one). */
  warmUp(signal?: AbortSignal): Promise<void>;
}

export function openDomainAgent(opts: OpenDomainAgentOptions): PackAgent {
  const files = readPackFiles(opts.domainDir);
  const now = opts.now ?? ((): Date => new Date());
  const db = openStore(opts.dbPath, { migrations: [DIALOG_STATE_MIGRATION, HANDOFF_MIGRATION, ...files.migrations] });
  try {
    const agent = makeAgent(db, files, opts, now);
    // Opening (migrations, the FAQ index, the retention purge) may wait the usual 5 s for a lock;
    // turns must not block the loop that long.
    db.pragma(`busy_timeout = ${Math.max(0, Math.floor(opts.storeLockWait?.syncMs ?? 50))}`);
    return agent;
  } catch (err) {
    db.close();
    throw err;
  }
}

function makeAgent(db: Db, files: PackFiles, opts: OpenDomainAgentOptions, now: () => Date): PackAgent {
  const { pack } = files;
  const brain = createBrain(pack.policy, { db, pack, lexicon: files.lexicon, now });
  // The FAQ index is built now, outside any turn: a turn whose transaction is rolled back (the FAQ
  // probe before the LLM stages) must not take a lazily created index with it.
  if (hasFaqTable(db)) ensureFaqIndex(db);
  const { replies, brainPhrases, universal } = checkPack(files, brain);
  let dict: PronunciationDictionary | null = null;
  let cached: { key: string; g: PackGrammar } | null = null;
  const silence = new Map<string, number>();
  const conv = opts.conversation ?? { store: true, retentionDays: 30 };
  // Conversations older than the retention are purged now and every hour (0 days: nothing is stored).
  const purge = conv.store && conv.retentionDays > 0 ? schedulePurge(db, conv.retentionDays, { now: () => now().getTime() }) : null;
  const dataKey = db.prepare<[], { v: number; c: number }>('SELECT (SELECT data_version FROM pragma_data_version) AS v, total_changes() AS c');
  /** This agent's mark on the interpretations it makes. */
  const token = {};
  /**
   * Per-session dialog version: bumped by every turn of the session (and silence). With the
   * store's data_version (commits by other connections: a menu reload, another kiosk) it stamps an
   * Interpretation. This connection's total_changes() is left out: other sessions' turns (and the
   * FAQ probe's rolled-back statements) bump it without changing this session's state.
   */
  const versions = new Map<string, number>();
  const bump = (sessionId: string): void => { versions.set(sessionId, (versions.get(sessionId) ?? 0) + 1); };
  const stampOf = (sessionId: string): string => `${versions.get(sessionId) ?? 0}:${dataKey.get()?.v ?? 0}`;

  const compile = (withLm = false): PackGrammar => {
    const k = dataKey.get();
    const key = `${k?.v ?? 0}:${k?.c ?? 0}`;
    if (!withLm && cached?.key === key) return cached.g;
    dict ??= loadDictionary(opts.dictPath ?? DEFAULT_DICT_PATH);
    const g = compilePackGrammar({ name: pack.grammarName, brain, brainPhrases, universal, dict, lexicon: files.lexicon, withLm });
    cached = { key, g };
    return g;
  };

  const speak = (text: string): string => normalizeForSpeech(text, { lexicon: files.lexicon });

  const runner = (sessionId: string, customerConfirmed: boolean): ToolRunner => ({ sessionId, customerConfirmed, records: [] });

  const handoff = (run: ToolRunner, reason: HandoffReason): void => {
    const result = runTool(handoffTool, { db, sessionId: run.sessionId, customerConfirmed: run.customerConfirmed }, { reason });
    run.records.push({ name: handoffTool.name, args: { reason }, result });
  };

  /** The turn's own writes besides the tools': the last reply (for "repeat") and the conversation log. Inside the turn's transaction. */
  const persist = (sessionId: string, heard: string | null, channel: 'voice' | 'text', r: PolicyReply, spoken: string, records: ToolCallRecord[], names: string[]): void => {
    const st = sessionState(db, sessionId);
    if (r.intent !== 'repeat' && r.intent !== 'no_speech') st.set('last_reply', { reply: r.reply, spoken });
    recordConversation(db, conv, {
      sessionId, heard, channel, intent: r.intent, reply: r.reply, toolCalls: records, now: now(),
      names: [...names, ...(brain.personalNames?.(sessionId) ?? [])],
    });
  };

  const finish = (sessionId: string, r: PolicyReply, spoken: string, records: ToolCallRecord[], handedOff: boolean): TurnResult => {
    return {
      intent: r.intent, toolCalls: records, reply: r.reply, spoken,
      order: brain.order?.(sessionId) ?? null, card: brain.card(sessionId),
      handoff: handedOff || records.some((c) => c.name === handoffTool.name),
    };
  };

  const say = (intent: string, text: string): PolicyReply => ({ intent, reply: text, spoken: text });

  const universalTurn = (name: UniversalName, run: ToolRunner): { r: PolicyReply; handedOff: boolean } => {
    switch (name) {
      case 'yes': case 'no': case 'cancel':
        return { r: brain.act({ kind: name }, run), handedOff: false };
      case 'start_over':
        brain.clear(run.sessionId, run);
        return { r: say('start_over', replies.startOver), handedOff: false };
      case 'repeat': {
        const last = sessionState(db, run.sessionId).get('last_reply', lastReplySchema, null);
        return { r: last ? { intent: 'repeat', reply: last.reply, spoken: last.spoken } : say('repeat', replies.nothingToRepeat), handedOff: false };
      }
      case 'help':
        return { r: say('help', replies.help), handedOff: false };
      case 'handoff':
        handoff(run, 'customer_asked');
        return { r: say('handoff', replies.handoff), handedOff: true };
    }
  };

  type Via = NonNullable<TurnResult['understoodBy']>;
  /**
   * One turn in one transaction. Without `given`, the words are parsed by the grammar here; with
   * it, `given.parsed` is the interpretation's parse (null: none) and `given.via` the LLM stage
   * whose reading it is (absent: the customer's own words).
   */
  function turn(sessionId: string, words: readonly string[], raw: string, channel: 'voice' | 'text', given?: { parsed: Parsed<unknown> | null; via?: Via }): TurnResult {
    checkSession(sessionId);
    if (words.length === 0) return agent.handleNoSpeech(sessionId);
    bump(sessionId);
    const g = compile();
    const parsed = given ? given.parsed : understandWords(g.grammar, brain, words, g.vocabulary);
    silence.delete(sessionId);
    // Only the customer's own words confirm: a model's reading of "yes" never commits an order or booking.
    const run = runner(sessionId, given?.via === undefined && parsed?.kind === 'universal' && parsed.name === 'yes');
    // Names the brain held before the turn (a booking about to be committed and cleared) stay masked in the log.
    const namesBefore = brain.personalNames?.(sessionId) ?? [];
    let handedOff = false;
    const decide = (): PolicyReply => {
        if (parsed?.kind === 'universal') {
          const u = universalTurn(parsed.name, run);
          handedOff = u.handedOff;
          if (!handedOff && u.r.intent === 'handoff') { handoff(run, 'unknown_answer'); handedOff = true; }
          return u.r;
        }
        if (parsed?.kind === 'brain') {
          const r = brain.act(parsed.intent, run);
          // A brain that cannot help ("shall I get someone?" … "yes") asks for the handoff by intent.
          if (r.intent === 'handoff' && !run.records.some((c) => c.name === handoffTool.name)) { handoff(run, 'unknown_answer'); handedOff = true; }
          return r;
        }
        const free = brain.freeText?.(raw, run) ?? null;
        if (free) {
          if (free.intent === 'handoff') { handoff(run, 'unknown_answer'); handedOff = true; }
          return free;
        }
        // Three words or more, under a third of them the domain's: a request from elsewhere.
        const domainWords = words.filter((w) => g.vocabulary.has(w)).length;
        return words.length >= 3 && domainWords * 3 < words.length ? say('off_topic', replies.offTopic) : say('not_understood', replies.notUnderstood);
    };
    let done: { reply: PolicyReply; spoken: string };
    try {
      // One transaction for the whole turn, its log included: when another writer holds the file,
      // nothing of the turn is written, and STORE_BUSY says it may simply be run again.
      done = db.transaction(() => {
        const reply = decide();
        const spoken = speak(reply.spoken);
        persist(sessionId, raw, channel, reply, spoken, run.records, namesBefore);
        return { reply, spoken };
      })();
    } catch (err) {
      if (isSqliteBusy(err)) throw storeBusy(err, 'turn');
      throw storeError(err);
    }
    const { reply, spoken } = done;
    const result = finish(sessionId, reply, spoken, run.records, handedOff);
    result.understoodBy = given?.via ?? (parsed ? 'grammar' : reply.intent === 'faq' ? 'faq' : 'none');
    return result;
  }

  /**
   * Would the brain's free text (the FAQ) answer these words? The FAQ comes before the LLM stages,
   * so interpret must know it before calling a model; deferring the attempt to act would call the
   * model for questions the FAQ answers (slower, and a different result). It cannot be made a
   * pure read without changing the brains: their freeText is the only judge of "answered" (query
   * terms, match quality, related → handoff) and it runs inside the turn's transaction, where the
   * info brain also writes its screen card. So the probe runs it in a transaction that is ALWAYS
   * rolled back: nothing is ever committed (another connection, the file and the log never see
   * it; the FAQ search itself only reads, its index is built at open). It touches no in-memory
   * state either (the silence count, the session version). act then gives the answer for real in
   * the turn's own transaction. Its rolled-back statements do count in total_changes() (the
   * grammar cache key), which is why the session stamp does not use it.
   */
  const probeFaq = (sessionId: string, raw: string): boolean => {
    const freeText = brain.freeText;
    if (!freeText) return false;
    let answered = false;
    try {
      db.transaction(() => {
        const free = freeText(raw, runner(sessionId, false));
        answered = free !== null && free.intent !== 'handoff';
        throw new NoAnswer(); // always unwound
      })();
    } catch (err) {
      if (err instanceof NoAnswer) { /* unwound, as always */ } else if (isSqliteBusy(err)) throw storeBusy(err, 'FAQ check');
      else throw storeError(err);
    }
    return answered;
  };

  let tools: { key: PackGrammar; set: IntentToolSet } | null = null;
  const system = `You are the understanding step of the ${pack.name} kiosk. Map what the customer says to exactly one tool. `
    + 'Rewrite the request in the words of that tool\'s examples, keeping every name, size, quantity, number and date the customer gave. '
    + `Use ${'not_sure'} when nothing fits.`;

  const toolsFor = (g: PackGrammar): IntentToolSet => {
    if (tools?.key !== g) tools = { key: g, set: intentTools(g.grammar) };
    return tools.set;
  };

  const warmUp = async (signal?: AbortSignal): Promise<void> => {
    const chain = opts.understanding;
    if (!chain) return;
    const t0 = performance.now();
    const tokens = await chain.warm({ system, tools: toolsFor(compile()) }, signal);
    if (tokens !== null) opts.log?.info({ tokens, ms: Math.round(performance.now() - t0) }, 'local LLM prefilled with the system prompt and intent tools');
  };

  /**
   * What the utterance means, written nowhere. `strictAbort`: an aborted signal rejects (interpret);
   * without it an aborted LLM stage only means no reading was accepted (understand, as before).
   */
  const interpretWith = async (sessionId: string, text: string, o: UnderstandOptions, strictAbort: boolean): Promise<Interpretation> => {
    checkSession(sessionId);
    if (strictAbort) throwIfAborted(o.signal, 'dialog');
    const channel = o.channel ?? 'text';
    const words = Object.freeze(channel === 'voice' ? transcriptWords(text) : normalizeTypedText(text));
    // Taken before anything is read: a turn of the session while a model thinks makes this stale.
    const stamp = stampOf(sessionId);
    const make = (reading: Reading): Interpretation => {
      const i: Interpretation = Object.freeze({ sessionId, text, words, channel, reading: Object.freeze(reading), stamp });
      made.set(i, token);
      return i;
    };
    const chain = opts.understanding;
    if (words.length === 0) return make({ kind: 'no_speech' });
    const g = compile();
    const det = understandWords(g.grammar, brain, words, g.vocabulary);
    if (!chain || (det && (det.exact === true || opts.checkPartialParses === false))) return make({ kind: 'grammar', parsed: det });
    if (!det && probeFaq(sessionId, text)) return make({ kind: 'faq' });
    const set = toolsFor(g);
    const last = sessionState(db, sessionId).get('last_reply', lastReplySchema, null);
    const history: ChatMessage[] = last ? [{ role: 'assistant', content: last.reply }] : [];
    const d = await chain.decide<Parsed<unknown>>({
      text, system, history, tools: set,
      parse: (sentence) => {
        const c = compile();
        const w = normalizeTypedText(sentence);
        return w.length === 0 ? null : understandWords(c.grammar, brain, w, c.vocabulary) as Parsed<unknown> | null;
      },
      intentName: (p) => p.name,
      redactForRemote: (t) => redactText(t, { names: brain.personalNames?.(sessionId) ?? [] }),
    }, o.signal);
    if (strictAbort) throwIfAborted(o.signal, 'dialog');
    opts.log?.info({ session: sessionId, steps: d.steps, accepted: d.accepted?.stage ?? null, partialParse: det !== null },
      d.accepted ? `understood by the ${d.accepted.stage} LLM` : det ? 'the LLM stages did not improve on the partial parse' : 'the LLM stages did not understand');
    return d.accepted ? make({ kind: 'llm', parsed: d.accepted.parsed, stage: d.accepted.stage }) : make({ kind: 'grammar', parsed: det });
  };

  const isFresh = (sessionId: string, i: Interpretation): boolean =>
    made.get(i) === token && i.sessionId === sessionId && i.stamp === stampOf(sessionId);

  const act = (sessionId: string, i: Interpretation, o: ActOptions = {}): TurnResult => {
    checkSession(sessionId);
    if (made.get(i) !== token) {
      throw new HeedError('TOOL_ARGS_INVALID', 'dialog', 'act() takes an interpretation this agent made with interpret(), once');
    }
    throwIfAborted(o.signal, 'dialog');
    const fresh = isFresh(sessionId, i);
    made.delete(i);
    try {
      return actOn(sessionId, i, fresh);
    } catch (err) {
      // The store was locked and nothing was written: the interpretation may be acted on again.
      if (isStoreBusy(err)) made.set(i, token);
      throw err;
    }
  };

  const actOn = (sessionId: string, i: Interpretation, fresh: boolean): TurnResult => {
    if (!fresh) {
      // The dialog moved on since (another turn, a commit elsewhere): never act on the old reading.
      opts.log?.info({ session: sessionId, reading: i.reading.kind }, 'a stale interpretation was re-read by the grammar');
      return turn(sessionId, i.words, i.text, i.channel);
    }
    const r = i.reading;
    switch (r.kind) {
      case 'no_speech': return agent.handleNoSpeech(sessionId);
      case 'grammar': return turn(sessionId, i.words, i.text, i.channel, { parsed: r.parsed });
      case 'faq': return turn(sessionId, i.words, i.text, i.channel, { parsed: null });
      case 'llm': return turn(sessionId, i.words, i.text, i.channel, { parsed: r.parsed, via: r.stage });
    }
  };

  const storeWait = (signal: AbortSignal | undefined): { signal: AbortSignal | undefined; waitMs: number; onBusy: (attempt: number, waitedMs: number) => void } => ({
    signal,
    waitMs: opts.storeLockWait?.waitMs ?? 8000,
    onBusy: (attempt, waitedMs) => { if (attempt === 1) opts.log?.warn({ waitedMs }, 'the store is locked by another writer: waiting'); },
  });

  const understand = async (sessionId: string, text: string, o: UnderstandOptions = {}): Promise<TurnResult> => {
    const wait = storeWait(o.signal);
    const i = await whenStoreFree(() => interpretWith(sessionId, text, o, false), wait);
    // As before, an abort during interpret still ends in a (grammar) turn; an abort while waiting for the store does not.
    return whenStoreFree(() => act(sessionId, i), wait);
  };

  const agent: PackAgent = {
    domain: pack.name,
    greeting: pack.persona.greeting,
    files,
    grammar: () => compile().compiled,
    recognitionGrammar: () => compile(true).compiled,
    packGrammar: () => compile(),
    handleTranscript: (sessionId, transcript) => turn(sessionId, transcriptWords(transcript), transcript, 'voice'),
    handleText: (sessionId, text) => turn(sessionId, normalizeTypedText(text), text, 'text'),
    understand,
    interpret: (sessionId, text, o = {}) => interpretWith(sessionId, text, o, true),
    act,
    isFresh,
    warmUp,
    handleNoSpeech: (sessionId) => {
      checkSession(sessionId);
      bump(sessionId);
      const n = (silence.get(sessionId) ?? 0) + 1;
      silence.set(sessionId, n);
      const run = runner(sessionId, false);
      let r: PolicyReply;
      if (n >= pack.silence.clearAfter) {
        silence.delete(sessionId);
        try {
          r = db.transaction(() => {
            const dropped = brain.clear(sessionId, run);
            sessionState(db, sessionId).clear();
            return say(dropped ? 'cleared' : 'no_speech', dropped ? replies.cleared : replies.noSpeech);
          })();
        } catch (err) {
          throw storeError(err);
        }
      } else if (n >= pack.silence.holdAfter) {
        r = say('hold', replies.hold);
      } else {
        const again = brain.reprompt(sessionId);
        r = say('no_speech', again ?? replies.noSpeech);
      }
      // Silence never writes unless it clears the session.
      const spoken = speak(r.spoken);
      return { intent: r.intent, toolCalls: run.records, reply: r.reply, spoken, order: brain.order?.(sessionId) ?? null, card: brain.card(sessionId), handoff: false };
    },
    order: (sessionId) => brain.order?.(sessionId) ?? null,
    close: () => {
      purge?.stop();
      if (db.open) db.close();
    },
  };
  return agent;
}

/** Checks the pack's replies and phrases against the universal schemas and the brain's own. */
function checkPack<I>(files: PackFiles, brain: DomainBrain<I>): { replies: UniversalReplies; brainPhrases: unknown; universal: UniversalPhrases } {
  const { pack, domainJson, phrases } = files;
  const universalKeys = Object.keys(universalRepliesSchema.shape);
  const mine: Record<string, string> = {};
  const theirs: Record<string, string> = {};
  for (const [k, v] of Object.entries(pack.replies)) (universalKeys.includes(k) ? mine : theirs)[k] = v;
  const replies = checkJson(domainJson, universalRepliesSchema, mine, ['replies']);
  checkJson(domainJson, brain.repliesSchema, theirs, ['replies']);
  const raw = phrases.source.value;
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) checkJson(phrases, universalPhrasesSchema, raw);
  const { universal: u, ...rest } = raw as Record<string, unknown>;
  const universal = checkJson(phrases, universalPhrasesSchema, u ?? {}, ['universal']);
  const brainPhrases: unknown = checkJson(phrases, brain.phrasesSchema, rest);
  const tools = new Set([...brain.availableTools, ...SHARED_TOOLS]);
  pack.tools.forEach((t, i) => {
    if (!tools.has(t)) checkFail(files, ['tools', i], `unknown tool "${t}" for the ${pack.policy} brain; it has ${[...tools].join(', ')}`);
  });
  for (const t of brain.requiredTools) if (!pack.tools.includes(t)) checkFail(files, ['tools'], `the ${pack.policy} brain needs the tool "${t}"`);
  return { replies, brainPhrases, universal };
}

function checkFail(files: PackFiles, path: Array<string | number>, message: string): never {
  throw new HeedError('DOMAIN_INVALID', 'domain', `${files.domainJson.file}:${files.domainJson.source.lineOf(path)}: ${path.join('.')}: ${message}`);
}

/** Unwinds the free-text probe's transaction when the brain has no answer. */
class NoAnswer extends Error {}

function checkSession(sessionId: string): void {
  if (typeof sessionId !== 'string' || sessionId.length === 0 || sessionId.length > 200) {
    throw new HeedError('TOOL_ARGS_INVALID', 'dialog', 'A session id must be a non-empty string of at most 200 characters');
  }
}
