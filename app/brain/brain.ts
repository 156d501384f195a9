/**
 * The seam between the domain-independent agent (open-agent.ts) and a policy ("brain") that a
 * domain pack picks by name: ordering (drive-thru), booking (clinic / salon desk), info (store
 * kiosk). A brain compiles its part of the grammar from the pack's data, turns a grammar match
 * into its own typed intent, and acts on one intent through its tools. The agent owns what every
 * domain shares: universal intents (yes/no/cancel/start over/repeat/help/talk to a person),
 * silence, the conversation log, one transaction per turn, and tolerant parsing of free text.
 */
import type { z } from 'zod';
import type { BuiltinKind } from '../core/grammar/builtins.js';
import type { GrammarNode } from '../core/grammar/ast.js';
import type { MatchResult } from '../core/grammar/matcher.js';
import type { Lexicon } from '../core/text/lexicon.js';
import type { OrderView, ScreenCard, ToolCallRecord } from '../core/turn.js';
import type { Db } from '../tools/store/open-store.js';
import type { DomainPack } from './pack/pack-schema.js';

/** What every domain understands the same way; yes / no / cancel are handed to the brain to act on. */
export type UniversalIntent = { kind: 'yes' } | { kind: 'no' } | { kind: 'cancel' };

export interface PolicyReply {
  intent: string;
  /** Screen text (prices as $4.95). */
  reply: string;
  /** Voice text as written for the ear ("that's $4.95"); the agent runs the TTS normalizer with the pack lexicon over it. */
  spoken: string;
}

export type { CardRow, ScreenCard } from '../core/turn.js';

/** Builds grammar nodes with the pack's words checked against the recognizer's dictionary. */
export interface GrammarKit {
  /** "Spicy Chicken-Sandwich!" → "spicy chicken sandwich", every word checked; `data` words may be unknown (letter-to-sound). */
  spoken(text: string, where: string, data?: boolean): string;
  /** Whether the recognizer can say this word (dictionary or lexicon). */
  known(word: string): boolean;
  /** Alternatives of authored phrases (phrases.json key named by `where`). */
  phrases(texts: readonly string[], where: string): GrammarNode;
  /** Alternatives of data phrases (names from the database), each tagged; plurals are not added. */
  names(entries: ReadonlyArray<{ forms: string[]; tag: string; where: string }>): GrammarNode;
  /** Declares a private rule and returns a reference to it. */
  rule(name: string, node: GrammarNode): GrammarNode;
  /** A reference to a built-in sub-grammar (numbers, prices, times, dates, phone, letters…). */
  builtin(kind: BuiltinKind): GrammarNode;
  /** Wraps a node as a named slot: the brain reads its words back with `slotWords(match, words, name)`. */
  slot(name: string, node: GrammarNode): GrammarNode;
  /**
   * Phrase templates: "book me with {staff} on {date}" → words and slot nodes; `slots` maps each
   * {name} to its node (already a slot or not). Throws GRAMMAR_INVALID naming the template.
   */
  templates(texts: readonly string[], where: string, slots: Readonly<Record<string, GrammarNode>>): GrammarNode;
}

export interface BrainContext {
  db: Db;
  pack: DomainPack;
  lexicon: Lexicon;
  /** The clock for relative dates ("tomorrow"); tests pin it. */
  now: () => Date;
}

/** Calls a tool by name with validation and records it for the turn result. */
export interface ToolRunner {
  readonly sessionId: string;
  /** True only when this turn's words were understood as "yes" (a model cannot fake it). */
  readonly customerConfirmed: boolean;
  readonly records: ToolCallRecord[];
}

export interface DomainBrain<I> {
  /** Zod schema of the brain's own keys in phrases.json (the "universal" key is the agent's). */
  readonly phrasesSchema: z.ZodTypeAny;
  /** Zod schema of the brain's own keys in domain.json "replies" (universal replies are the agent's). */
  readonly repliesSchema: z.ZodTypeAny;
  /** Tool names this brain can use; the pack's "tools" list must be a subset, and must include `requiredTools`. */
  readonly availableTools: readonly string[];
  readonly requiredTools: readonly string[];
  /**
   * The brain's intents as [name, node] alternatives of the utterance (the agent tags each
   * `intent=<name>` and adds the universal intents). Called on every recompile with fresh data.
   */
  grammar(kit: GrammarKit, phrases: unknown): Array<[string, GrammarNode]>;
  /** A whole-utterance match of one of this brain's intents → its intent, or null when it means nothing here. */
  interpret(intentName: string, match: MatchResult, words: readonly string[]): I | null;
  /** Several intents found in one free-text utterance → one (e.g. two "add" spans merge), or null to keep the longest. */
  merge?(parts: readonly I[]): I | null;
  /** Acts on one intent. Runs inside the agent's transaction; writes only through its tools. */
  act(intent: I | UniversalIntent, run: ToolRunner): PolicyReply;
  /** The open question to ask again when the customer goes quiet, or null for the pack's noSpeech reply. */
  reprompt(sessionId: string): string | null;
  /** Drops everything not yet committed for the session (start over, walk-away). True if something was dropped. */
  clear(sessionId: string, run: ToolRunner): boolean;
  /** What the screen shows for the session now. Never writes. */
  card(sessionId: string): ScreenCard | null;
  /** The order for TurnResult.order (ordering brains). Never writes. */
  order?(sessionId: string): OrderView | null;
  /**
   * Words the grammar could not parse (typed text, or the recognizer's free-form fallback): e.g.
   * an FAQ search. Null means not understood. Runs inside the turn's transaction.
   */
  freeText?(text: string, run: ToolRunner): PolicyReply | null;
  /** Names of people the brain holds for the session (a booking's customer): masked in the conversation log. */
  personalNames?(sessionId: string): string[];
  /** Example sentences for the free-form LM beyond the grammar's own (optional). */
  lmSentences?(): string[];
}

/** A brain factory, bound to an opened store and pack. */
export type BrainFactory<I> = (ctx: BrainContext) => DomainBrain<I>;

/** The words a slot covered in a match (the first slot of that name, or null). */
export function slotWords(match: MatchResult, words: readonly string[], name: string): string[] | null {
  const s = match.spans.find((sp) => sp.tag === `slot=${name}`);
  return s ? words.slice(s.start, s.end) : null;
}

/** Every span of a slot name, in order (repeated slots, e.g. several order lines). */
export function slotSpans(match: MatchResult, words: readonly string[], name: string): string[][] {
  return match.spans.filter((sp) => sp.tag === `slot=${name}`).map((s) => words.slice(s.start, s.end));
}
