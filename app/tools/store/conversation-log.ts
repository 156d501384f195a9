/**
 * The conversation log: each turn of a session (what the customer said or typed, what the agent
 * answered, the tools it called), redacted before it reaches the disk (app/core/redact.ts) and
 * purged once older than the configured number of days. The table is the core migration
 * core/002_conversation_turns (core-migrations.ts); `at` is ISO-8601 UTC text, like every other
 * timestamp in the store, so it sorts and compares as text.
 */
import { HeedError } from '../../core/errors.js';
import { createRedactor, namesIn, type RedactValueOptions, type Redactor } from '../../core/redact.js';
import { storeError, type Db } from './open-store.js';

export type TurnRole = 'customer' | 'agent' | 'system';
export type TurnChannel = 'voice' | 'text';

const ROLES: ReadonlySet<string> = new Set<TurnRole>(['customer', 'agent', 'system']);
const CHANNELS: ReadonlySet<string> = new Set<TurnChannel>(['voice', 'text']);
const DAY_MS = 86_400_000;
const MAX_RETENTION_DAYS = 3650;
const HOUR_MS = 3_600_000;

export interface TurnInput {
  sessionId: string;
  role: TurnRole;
  /** Raw text: redacted before it is stored. */
  text: string;
  intent?: string | null | undefined;
  /** Tool calls of the turn (e.g. ToolCallRecord[]): redacted, stored as JSON. */
  toolCalls?: unknown;
  /** Default 'voice'. */
  channel?: TurnChannel | undefined;
  /** When the turn happened (Date, epoch ms or an ISO string); default now. */
  at?: Date | number | string | undefined;
}

export interface RecordTurnOptions extends RedactValueOptions {
  /** The conversation config: `store: false` or `retentionDays: 0` stores nothing. */
  store?: boolean | undefined;
  retentionDays?: number | undefined;
}

export interface ConversationTurn {
  id: number;
  sessionId: string;
  /** ISO-8601 UTC. */
  at: string;
  role: TurnRole;
  text: string;
  intent: string | null;
  /** The redacted tool calls as stored (parsed JSON), or null. */
  toolCalls: unknown;
  channel: TurnChannel;
}

export interface PurgeOptions {
  /** Turns older than this many days are deleted; 0 deletes every turn. */
  olderThanDays: number;
  now?: Date | number | undefined;
}

export interface SchedulePurgeOptions {
  /** Stops the schedule when it fires. */
  signal?: AbortSignal | undefined;
  /** Default one hour. */
  intervalMs?: number | undefined;
  now?: (() => Date | number) | undefined;
  /** Called after every purge (the one at start included) with the number of turns deleted. */
  onPurge?: ((deleted: number) => void) | undefined;
  /** A timed purge that failed (default: a process warning). The schedule keeps running. */
  onError?: ((err: HeedError) => void) | undefined;
}

export interface PurgeSchedule {
  /** Turns deleted by the purge run when the schedule started. */
  readonly purgedAtStart: number;
  readonly stopped: boolean;
  stop(): void;
}

/**
 * Stores one turn, redacted: phone numbers, card-like runs, e-mails, the names in `opts.names` and
 * any names found under person-name keys of the tool calls are masked in the text, the intent and
 * the tool calls. Returns the row id, or null when the config says to keep nothing.
 */
export function recordTurn(db: Db, turn: TurnInput, opts: RecordTurnOptions = {}): number | null {
  if (opts.store === false || opts.retentionDays === 0) return null;
  const row = turnRow(turn, opts);
  try {
    const info = db.prepare<[string, string, string, string, string | null, string | null, string]>(
      'INSERT INTO conversation_turns (session_id, at, role, text, intent, tool_calls_json, channel) VALUES (?, ?, ?, ?, ?, ?, ?)',
    ).run(row.sessionId, row.at, row.role, row.text, row.intent, row.toolCallsJson, row.channel);
    return Number(info.lastInsertRowid);
  } catch (err) {
    throw storeError(err);
  }
}

/** The stored turns of a session, oldest first. */
export function conversationFor(db: Db, sessionId: string): ConversationTurn[] {
  try {
    return db.prepare<[string], TurnRowOut>(
      'SELECT id, session_id, at, role, text, intent, tool_calls_json, channel FROM conversation_turns WHERE session_id = ? ORDER BY at, id',
    ).all(sessionId).map(fromRow);
  } catch (err) {
    throw storeError(err);
  }
}

/** Deletes the turns older than `olderThanDays` days (all of them for 0) and returns how many. */
export function purgeConversations(db: Db, opts: PurgeOptions): number {
  const days = checkDays(opts.olderThanDays);
  const nowMs = opts.now === undefined ? Date.now() : toMs(opts.now, 'now');
  try {
    if (days === 0) return db.prepare('DELETE FROM conversation_turns').run().changes;
    const cutoff = new Date(nowMs - days * DAY_MS).toISOString();
    return db.prepare<[string]>('DELETE FROM conversation_turns WHERE at < ?').run(cutoff).changes;
  } catch (err) {
    throw storeError(err);
  }
}

/**
 * Purges turns older than `days` now (errors here throw), then every hour on an unref'd timer
 * until the signal aborts, stop() is called or the database is closed.
 */
export function schedulePurge(db: Db, days: number, opts: SchedulePurgeOptions = {}): PurgeSchedule {
  checkDays(days);
  const intervalMs = opts.intervalMs ?? HOUR_MS;
  if (!Number.isFinite(intervalMs) || intervalMs <= 0) {
    throw new HeedError('CONFIG_INVALID', 'store', `conversation purge interval must be a positive number of ms, got ${String(intervalMs)}`);
  }
  const now = opts.now ?? Date.now;
  const signal = opts.signal;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const stop = (): void => {
    if (stopped) return;
    stopped = true;
    if (timer !== undefined) clearInterval(timer);
    timer = undefined;
    signal?.removeEventListener('abort', stop);
  };
  const purge = (): number => {
    const n = purgeConversations(db, { olderThanDays: days, now: now() });
    opts.onPurge?.(n);
    return n;
  };
  if (signal?.aborted) {
    stopped = true;
    return handle(0);
  }
  const purgedAtStart = purge();
  timer = setInterval(() => {
    if (stopped) return;
    if (!db.open) { stop(); return; }
    try {
      purge();
    } catch (err) {
      reportError(HeedError.from(err, 'store', 'STORE_FAILED'), opts.onError);
    }
  }, intervalMs);
  timer.unref();
  signal?.addEventListener('abort', stop, { once: true });
  return handle(purgedAtStart);

  function handle(n: number): PurgeSchedule {
    return { purgedAtStart: n, get stopped() { return stopped; }, stop };
  }
}

// ---------------------------------------------------------------------------------------------

interface TurnRowIn {
  sessionId: string;
  at: string;
  role: TurnRole;
  text: string;
  intent: string | null;
  toolCallsJson: string | null;
  channel: TurnChannel;
}

interface TurnRowOut {
  id: number;
  session_id: string;
  at: string;
  role: TurnRole;
  text: string;
  intent: string | null;
  tool_calls_json: string | null;
  channel: TurnChannel;
}

function turnRow(turn: TurnInput, opts: RedactValueOptions): TurnRowIn {
  if (typeof turn.sessionId !== 'string' || turn.sessionId.length === 0) throw invalid('sessionId must be a non-empty string');
  if (!ROLES.has(turn.role)) throw invalid(`role must be one of ${[...ROLES].join(', ')}, got ${JSON.stringify(turn.role)}`);
  const channel = turn.channel ?? 'voice';
  if (!CHANNELS.has(channel)) throw invalid(`channel must be one of ${[...CHANNELS].join(', ')}, got ${JSON.stringify(channel)}`);
  const at = new Date(turn.at === undefined ? Date.now() : toMs(turn.at, 'at')).toISOString();
  const names = [...(opts.names ?? []), ...namesIn(turn.toolCalls, { keys: opts.keys })];
  const r = createRedactor({ names, keys: opts.keys });
  return {
    sessionId: turn.sessionId,
    at,
    role: turn.role,
    text: r.text(typeof turn.text === 'string' ? turn.text : String(turn.text ?? '')),
    intent: turn.intent === undefined || turn.intent === null ? null : r.text(String(turn.intent)),
    toolCallsJson: turn.toolCalls === undefined || turn.toolCalls === null ? null : toJson(redactToolCalls(turn.toolCalls, r), r),
    channel,
  };
}

/**
 * Tool call records ({ name, args, result }) keep the tool's name as it is (a code identifier,
 * not a person's) while their args and results are redacted; anything else is redacted whole.
 */
function redactToolCalls(calls: unknown, r: Redactor): unknown {
  if (!Array.isArray(calls)) return r.value(calls);
  return calls.map((call: unknown) => {
    if (call === null || typeof call !== 'object' || Array.isArray(call)) return r.value(call);
    const { name, ...rest } = call as Record<string, unknown>;
    if (typeof name !== 'string') return r.value(call);
    const redacted = r.value(rest);
    return { name: r.text(name), ...(redacted !== null && typeof redacted === 'object' ? redacted : { value: redacted }) };
  });
}

function toJson(value: unknown, r: Redactor): string | null {
  try {
    return JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? r.text(v.toString()) : v)) ?? null;
  } catch (err) {
    throw new HeedError('STORE_FAILED', 'store', 'conversation turn: the tool calls cannot be stored as JSON', { cause: err });
  }
}

function fromRow(row: TurnRowOut): ConversationTurn {
  return {
    id: row.id,
    sessionId: row.session_id,
    at: row.at,
    role: row.role,
    text: row.text,
    intent: row.intent,
    toolCalls: parseJson(row.tool_calls_json),
    channel: row.channel,
  };
}

function parseJson(json: string | null): unknown {
  if (json === null) return null;
  try {
    return JSON.parse(json) as unknown;
  } catch {
    return null;
  }
}

function toMs(at: Date | number | string, what: string): number {
  const ms = at instanceof Date ? at.getTime() : typeof at === 'number' ? at : Date.parse(at);
  if (!Number.isFinite(ms) || Math.abs(ms) > 8.64e15) throw invalid(`${what} is not a valid time: ${String(at)}`);
  return ms;
}

function checkDays(days: number): number {
  if (typeof days !== 'number' || !Number.isFinite(days) || days < 0 || days > MAX_RETENTION_DAYS) {
    throw new HeedError('CONFIG_INVALID', 'store', `conversation retention must be 0..${MAX_RETENTION_DAYS} days, got ${String(days)}`);
  }
  return days;
}

function invalid(message: string): HeedError {
  return new HeedError('STORE_FAILED', 'store', `conversation turn: ${message}`, { recoverable: false });
}

function reportError(err: HeedError, onError: ((err: HeedError) => void) | undefined): void {
  try {
    if (onError !== undefined) onError(err);
    else process.emitWarning(`conversation purge failed: ${err.message}`, { code: err.code });
  } catch {
    // a failing error handler must not take the timer (and the process) down
  }
}
