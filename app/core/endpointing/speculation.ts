/**
 * Speculative understanding: while the endpointer waits out the trailing silence, understanding
 * runs on the partial transcript, and its result is reused when the final transcript agrees, so
 * the reply starts as soon as the turn ends. Pure bookkeeping: no I/O, no clock.
 *
 * - At most one pending speculation per turn, keyed by the normalized words (transcriptWords of
 *   the words joined by spaces: lower case, punctuation dropped). A new partial replaces it; the
 *   same words again keep it (`speculate` does not recompute).
 * - `take(turn, finalWords)` returns the result only when the final words equal the key exactly
 *   after the same normalization; it clears the turn either way.
 * - A discarded speculation (mismatch, replaced, `discard`, `clear`) leaves no trace: the cache
 *   drops its reference and calls `dispose` (for instance to abort async work), nothing else.
 *
 * SPECULATION MUST NEVER WRITE TO THE DATABASE. The agent's handleTranscript / handleText /
 * understand run a whole turn (brain.act in a transaction, the dialog state, the conversation
 * log), so they must not be speculated. Use a read-only parse instead:
 *   - `grammarClassifier(agent.packGrammar().grammar)` (endpoint-policy.ts) or `matchWords`
 *     (app/core/grammar/matcher.ts) over `agent.packGrammar().grammar`: pure, no store at all;
 *   - `understandWords(g.grammar, brain, words, g.vocabulary)` (app/brain/understand.ts): the
 *     agent's own exact-then-tolerant parse into the brain's intent. It only calls
 *     `brain.interpret` (reads, never writes), but the agent does not expose its brain, so a
 *     `PackAgent.parse(words)` returning that `Parsed` would be the API to add.
 * The final turn then acts on the reused parse in its one transaction, as it does today.
 */
import { transcriptWords } from '../dialog/normalize-text.js';

/** The key words are compared by: transcriptWords over the words joined by spaces. */
export function speculationKey(words: readonly string[]): string {
  return transcriptWords(words.join(' ')).join(' ');
}

export interface SpeculationOptions<T> {
  /** Called with every result the cache drops without handing it out (abort pending work here). */
  dispose?: (result: T) => void;
}

interface Pending<T> {
  key: string;
  result: T;
}

export class SpeculationCache<T> {
  readonly #pending = new Map<string, Pending<T>>();
  readonly #dispose: ((result: T) => void) | undefined;

  constructor(opts: SpeculationOptions<T> = {}) {
    this.#dispose = opts.dispose;
  }

  /** Turns with a pending speculation. */
  get size(): number { return this.#pending.size; }

  /** Stores `result` as the turn's speculation for these words, dropping any other one of the turn. */
  offer(turn: string, partialWords: readonly string[], result: T): void {
    const key = speculationKey(partialWords);
    const old = this.#pending.get(turn);
    if (old !== undefined && old.result !== result) this.#drop(old);
    if (key.length === 0) { this.#pending.delete(turn); return; }
    this.#pending.set(turn, { key, result });
  }

  /**
   * The turn's speculation for these words: the pending one if its key is the same, else
   * `compute(normalizedWords)` stored in its place. Empty words speculate nothing (null).
   */
  speculate(turn: string, partialWords: readonly string[], compute: (words: readonly string[]) => T): T | null {
    const words = transcriptWords(partialWords.join(' '));
    const key = words.join(' ');
    const old = this.#pending.get(turn);
    if (old !== undefined && old.key === key) return old.result;
    if (old !== undefined) { this.#pending.delete(turn); this.#drop(old); }
    if (key.length === 0) return null;
    const result = compute(words);
    this.#pending.set(turn, { key, result });
    return result;
  }

  /** The pending key of the turn (normalized words), or null. */
  pendingKey(turn: string): string | null {
    return this.#pending.get(turn)?.key ?? null;
  }

  /** The turn has ended with these words: its speculation if they agree exactly, else null. Clears the turn. */
  take(turn: string, finalWords: readonly string[]): T | null {
    const p = this.#pending.get(turn);
    if (p === undefined) return null;
    this.#pending.delete(turn);
    if (p.key === speculationKey(finalWords)) return p.result;
    this.#drop(p);
    return null;
  }

  /** Drops the turn's speculation (barge-in, abandoned turn). */
  discard(turn: string): void {
    const p = this.#pending.get(turn);
    if (p === undefined) return;
    this.#pending.delete(turn);
    this.#drop(p);
  }

  /** Drops every speculation. */
  clear(): void {
    const all = [...this.#pending.values()];
    this.#pending.clear();
    for (const p of all) this.#drop(p);
  }

  #drop(p: Pending<T>): void {
    this.#dispose?.(p.result);
  }
}
