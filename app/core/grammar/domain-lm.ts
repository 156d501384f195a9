/**
 * The domain n-gram LM behind the recognizer's free-form fallback: a trigram model (ARPA text)
 * of sentences sampled from the same grammar the recognizer parses with, so an utterance the
 * grammar cannot parse still comes out in the domain's words.
 */
import type { Grammar } from './ast.js';
import { buildArpa } from './ngram-arpa.js';
import { enumerateSentences, sampleSentences, sentenceCountBound } from './ngram-corpus.js';

/** Sentences sampled from the grammar (duplicates keep the sampling frequencies). */
export const DOMAIN_LM_SAMPLES = 3000;
/** Fixed so the same grammar always compiles to the same LM. */
export const DOMAIN_LM_SEED = 0x4eed;
const MAX_WORDS = 30;

/**
 * ARPA text for the grammar: DOMAIN_LM_SAMPLES seeded random walks, plus every sentence once when
 * the grammar has no more than that many (so a small grammar's rare branches are covered), plus
 * `extraSentences` (e.g. phrasings the grammar lacks; lower case, words the dictionary knows).
 * Deterministic.
 */
export function compileDomainLm(g: Grammar, extraSentences: readonly string[] = []): string {
  const sampled = sampleSentences(g, { count: DOMAIN_LM_SAMPLES, seed: DOMAIN_LM_SEED, maxWords: MAX_WORDS });
  // Listing a big grammar's sentences only to throw them away costs more than the rest together.
  const small = sentenceCountBound(g, DOMAIN_LM_SAMPLES + 1) <= DOMAIN_LM_SAMPLES;
  const enumerated = small ? enumerateSentences(g, DOMAIN_LM_SAMPLES) : [];
  const extra = extraSentences.map((s) => s.trim().toLowerCase().split(/\s+/).join(' ')).filter((s) => s.length > 0);
  return buildArpa([...sampled, ...enumerated, ...extra], { order: 3 });
}
