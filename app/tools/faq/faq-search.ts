/**
 * FAQ search: ranked BM25 hits for any text, and the confidence decision that either answers with
 * one row or says "I don't know" (so the kiosk hands over to a person rather than guess).
 *
 * `bestAnswer` takes, of the top five hits, the one covering most of the question (then the best
 * score) and answers only when all three hold:
 *  - coverage ≥ FAQ_MIN_COVERAGE (0.5): the share of the question's content words (stop words and
 *    generic verbs removed) found in the row after porter stemming, each word weighted by its
 *    rarity in the FAQ (idf; a word no row holds weighs like a word one row holds). "do you take
 *    returns without a receipt" → the no-receipt row covers returns/without/receipt, 0.72;
 *    "what's the capital of peru" → no row holds capital or peru: unknown; "what's your favorite
 *    color" → only "color" (paint mixing), 0.45: unknown.
 *  - score ≥ FAQ_MIN_SCORE (3): -bm25 with column weights question 4, topic 2, answer 1, source 1.
 *    Keeps out hits on words nearly every row shares ("the store").
 *  - questionScore ≥ FAQ_MIN_QUESTION_SCORE (2): the same over question and topic only, so a word
 *    met only in some answer ("layaway plan" → "protection plan", "buy a house" → "house keys")
 *    is not taken for the question.
 * Chosen on the store-info pack (32 rows) with ~50 typed questions: paraphrases of FAQ questions
 * score ≥ 3 with questionScore ≥ 2.5 and coverage ≥ 0.5, while each off-topic question that shares
 * a word with the FAQ fails at least one test. Missing a question costs a handoff to a person;
 * answering the wrong one misinforms, so ties go to "unknown". Both sides are pinned in
 * test/unit/tools/faq/faq-search.test.ts.
 */
import type { Db } from '../store/open-store.js';
import { ensureFaqIndex, FAQ_COLUMN_WEIGHTS, FAQ_FTS_TABLE } from './faq-index.js';
import { faqQueryTerms, ftsAnyOf, ftsTerm } from './faq-terms.js';

export const FAQ_MIN_COVERAGE = 0.5;
export const FAQ_MIN_SCORE = 3;
export const FAQ_MIN_QUESTION_SCORE = 2;
/** How many top hits bestAnswer weighs (by coverage first, then score). */
const CANDIDATES = 5;

export interface FaqHit {
  id: number;
  topic: string | null;
  question: string;
  answer: string;
  source: string | null;
  /** -bm25 (higher is better; 0 when nothing matched). */
  score: number;
  /** -bm25 over the question and topic only: 0 when the words are found only in the answer or source. */
  questionScore: number;
  /** Content words of the query found in this row. */
  matched: string[];
  /** Share of the query's content words found in this row, each word weighted by its rarity (idf), 0…1. */
  coverage: number;
}

export interface FaqSearchOptions {
  /** Most hits returned (1…50, default 5). */
  limit?: number;
}

export type FaqDecision =
  | { kind: 'answer'; faqId: number; question: string; answer: string; source: string | null; score: number; coverage: number }
  | { kind: 'unknown'; /** The best row that was not good enough, for logs. */ nearest: { faqId: number; score: number; questionScore: number; coverage: number } | null };

const W = FAQ_COLUMN_WEIGHTS;
const BM25 = `bm25(${FAQ_FTS_TABLE}, ${W.question}, ${W.answer}, ${W.topic}, ${W.source})`;

/** The same ranking with only the question and topic counted: how well the row's own question fits. */
const KEY_BM25 = `bm25(${FAQ_FTS_TABLE}, ${W.question}, 0, ${W.topic}, 0)`;

interface Row { id: number; topic: string | null; question: string; answer: string; source: string | null; bm: number; key: number }

/** Ranked hits for any text (never throws on what the text holds). No content words → no hits. */
export function searchFaq(db: Db, query: string, opts: FaqSearchOptions = {}): FaqHit[] {
  ensureFaqIndex(db);
  const limit = Math.max(1, Math.min(50, Math.floor(opts.limit ?? 5)));
  const terms = faqQueryTerms(query);
  const match = ftsAnyOf(terms);
  if (match === null) return [];
  const rows = db.prepare<[string, number], Row>(`
    SELECT faq.id AS id, faq.topic AS topic, faq.question AS question, faq.answer AS answer, faq.source AS source, ${BM25} AS bm, ${KEY_BM25} AS key
    FROM ${FAQ_FTS_TABLE} JOIN faq ON faq.id = ${FAQ_FTS_TABLE}.rowid
    WHERE ${FAQ_FTS_TABLE} MATCH ? ORDER BY bm LIMIT ?`).all(match, limit);
  if (rows.length === 0) return [];
  // Which rows hold each term, by FTS5's own tokenizer and stemmer (so "returns" finds "return").
  const holders = db.prepare<[string], { id: number }>(`SELECT rowid AS id FROM ${FAQ_FTS_TABLE} WHERE ${FAQ_FTS_TABLE} MATCH ?`);
  const termRows = new Map(terms.map((t) => [t, new Set(holders.all(ftsTerm(t)).map((r) => r.id))]));
  const total = db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM faq').get()?.n ?? 0;
  // A word's weight is its rarity in the FAQ (BM25's idf); a word found in no row weighs as much
  // as one found in a single row, so "favorite" in "what's your favorite color" counts against
  // the paint-colour row as much as "color" counts for it.
  const weight = (t: string): number => idf(total, Math.max(1, termRows.get(t)?.size ?? 0));
  const all = terms.reduce((s, t) => s + weight(t), 0);
  return rows.map((r) => {
    const matched = terms.filter((t) => termRows.get(t)?.has(r.id) === true);
    return {
      id: r.id, topic: r.topic, question: r.question, answer: r.answer, source: r.source,
      score: round(-r.bm), questionScore: round(-r.key), matched, coverage: round(matched.reduce((s, t) => s + weight(t), 0) / all),
    };
  });
}

/** BM25's inverse document frequency, kept positive: ln(1 + (N − n + 0.5) / (n + 0.5)). */
function idf(total: number, rows: number): number {
  return Math.log(1 + (Math.max(total, rows) - rows + 0.5) / (rows + 0.5));
}

/** One answer when the best hit clears both thresholds, else unknown. */
export function bestAnswer(db: Db, query: string): FaqDecision {
  const hits = searchFaq(db, query, { limit: CANDIDATES });
  const best = [...hits].sort((a, b) => b.coverage - a.coverage || b.score - a.score)[0];
  if (!best) return { kind: 'unknown', nearest: null };
  if (best.coverage < FAQ_MIN_COVERAGE || best.score < FAQ_MIN_SCORE || best.questionScore < FAQ_MIN_QUESTION_SCORE) {
    return { kind: 'unknown', nearest: { faqId: best.id, score: best.score, questionScore: best.questionScore, coverage: best.coverage } };
  }
  return { kind: 'answer', faqId: best.id, question: best.question, answer: best.answer, source: best.source, score: best.score, coverage: best.coverage };
}

/**
 * Whether an unanswered question is still about what the FAQ covers (so a person should take it)
 * rather than about something else entirely ("who won the game last night"): some of its words
 * are in a row's question or topic, or it is at least half covered by one row.
 */
export function isFaqRelated(d: FaqDecision): boolean {
  if (d.kind === 'answer') return true;
  return d.nearest !== null && (d.nearest.questionScore >= FAQ_MIN_QUESTION_SCORE || d.nearest.coverage >= FAQ_MIN_COVERAGE);
}

/** "faq #12, Returns policy §2": where an answer came from, for the screen and the log. */
export function faqPointer(id: number, source: string | null): string {
  return source ? `faq #${id}, ${source}` : `faq #${id}`;
}

function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}
