/**
 * Any user text → the content words of a question, and a safe FTS5 MATCH expression over them.
 * Only runs of letters and digits survive, each is double-quoted, so FTS5 syntax in the input
 * ("NEAR(", quotes, "*", "^", column filters, AND/OR/NOT) is never interpreted.
 */

/**
 * Words that say nothing about which answer is meant: question words, pronouns, fillers,
 * politeness, and verbs any question can carry ("can I buy…", "do you sell…", "can my dog come in").
 */
export const FAQ_STOP_WORDS: ReadonlySet<string> = new Set([
  'buy', 'bring', 'come', 'find', 'give', 'go', 'going', 'look', 'looking', 'make', 'sell', 'use', 'work',
  'actually', 'even', 'ever', 'guys', 'happen', 'happens', 'kind', 'maybe', 'really', 'sort', 'still', 'stuff', 'sure', 'though',
  'a', 'about', 'all', 'also', 'am', 'an', 'and', 'any', 'anyone', 'anything', 'are', 'as', 'at', 'be', 'been', 'but', 'by',
  'can', 'could', 'd', 'did', 'do', 'does', 'doing', 'don', 'else', 'excuse', 'for', 'from', 'get', 'got', 'had', 'has', 'have',
  'hello', 'help', 'here', 'hey', 'hi', 'how', 'i', 'if', 'im', 'in', 'is', 'it', 'its', 'just', 'know', 'let', 'like', 'll', 'm',
  'may', 'me', 'might', 'much', 'my', 'need', 'now', 'of', 'oh', 'ok', 'okay', 'on', 'one', 'or', 'our', 'ours', 'please', 're',
  's', 'say', 'says', 'should', 'so', 'some', 'someone', 'something', 'sorry', 't', 'tell', 'thank', 'thanks', 'that', 'the',
  'their', 'them', 'then', 'there', 'these', 'they', 'thing', 'things', 'this', 'those', 'to', 'too', 'u', 'uh', 'um', 'us',
  've', 'very', 'want', 'was', 'way', 'we', 'well', 'were', 'what', 'whats', 'when', 'where', 'which', 'who', 'why', 'will',
  'with', 'would', 'wondering', 'yeah', 'yes', 'you', 'your', 'yours', 'ya', 'y',
]);

/** Most content words a query keeps (longer input is cut: it bounds the work per search). */
export const MAX_QUERY_TERMS = 24;

/** The distinct content words of `text`, lower case, in order of first appearance. */
export function faqQueryTerms(text: string): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  for (const m of text.toLowerCase().replace(/['’‘`]/g, "'").matchAll(/[\p{L}\p{N}]+(?:'[\p{L}]+)?/gu)) {
    // "what's" → "what", "store's" → "store": the clitic carries no meaning for retrieval.
    const w = m[0].replace(/'[\p{L}]+$/u, '');
    // Single letters carry nothing ("w/o" typed as "w o"); single digits may ("4 ft").
    if (w.length === 0 || (w.length === 1 && /\p{L}/u.test(w)) || FAQ_STOP_WORDS.has(w) || seen.has(w)) continue;
    seen.add(w);
    out.push(w);
    if (out.length >= MAX_QUERY_TERMS) break;
  }
  return out;
}

/** One term as an FTS5 string literal. Terms hold only letters and digits; quotes are doubled anyway. */
export function ftsTerm(term: string): string {
  return `"${term.replace(/"/g, '""')}"`;
}

/** Any of the terms (OR); bm25 then favours rows holding more and rarer ones. Empty → null. */
export function ftsAnyOf(terms: readonly string[]): string | null {
  return terms.length === 0 ? null : terms.map(ftsTerm).join(' OR ');
}
