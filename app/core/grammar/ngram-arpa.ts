/**
 * A backoff n-gram language model in ARPA format, estimated from sentences in pure TypeScript.
 *
 * Smoothing: interpolated Kneser-Ney with one absolute discount D per order, written in backoff
 * form (as SRILM's `-kndiscount -interpolate` does):
 *   - the highest order counts n-grams as they occur; a lower order counts, for each n-gram, the
 *     distinct words seen before it (its continuation count), except n-grams starting with <s>,
 *     which nothing can precede and which keep their plain counts;
 *   - p(w | h) = (a(h w) - D) / a(h ·) + γ(h) p(w | h'), with γ(h) = D · |{w : a(h w) > 0}| / a(h ·)
 *     and h' the context h without its first word;
 *   - unigrams are a(w) / a(·) over every word and </s> (all of them were seen, so none needs a
 *     share of an "unseen" mass); <s> is a context only and gets log10 p = -99.
 * A listed n-gram's probability is the interpolated one and an unlisted one is γ(h) p(w | h'), so
 * the backoff weight of h is γ(h) and every context's distribution sums to 1 exactly (D <= 1 and
 * every count is at least 1). D per order defaults to Ney's estimate n1 / (n1 + 2 n2) from that
 * order's counts of counts, kept within [0.1, 0.9].
 *
 * Output: log10 values with 6 decimals; unigrams `</s>`, `<s>`, then words in code-unit order,
 * and every section sorted by that word order (readers such as sphinxbase's expect sorted
 * sections). A backoff weight is written only for an n-gram that is some longer n-gram's context.
 */
import { HeedError } from '../errors.js';

export interface ArpaOptions {
  /** 2 (bigram) or 3 (trigram, the default). */
  order?: 2 | 3;
  /** The absolute discount for every order, 0 < D <= 1; by default estimated per order. */
  discount?: number;
}

export const SENTENCE_START = '<s>';
export const SENTENCE_END = '</s>';

const MIN_DISCOUNT = 0.1;
const MAX_DISCOUNT = 0.9;
const LOG_ZERO = -99;

/** Word ids joined by spaces: the key of an n-gram. */
type Key = string;

interface OrderStats {
  /** n-gram -> count used for estimation (plain at the top order and after <s>, else continuation). */
  counts: Map<Key, number>;
  /** context (the first n-1 ids) -> [sum of counts, number of distinct next words] */
  contexts: Map<Key, { total: number; types: number }>;
}

export function buildArpa(sentences: string[], opts: ArpaOptions = {}): string {
  const order = opts.order ?? 3;
  if (order !== 2 && order !== 3) throw invalid(`order must be 2 or 3, got ${String(order)}`);
  if (opts.discount !== undefined && !(opts.discount > 0 && opts.discount <= 1)) {
    throw invalid(`discount must be in (0, 1], got ${opts.discount}`);
  }
  const tokenized = sentences.map((s) => s.trim().split(/\s+/).filter((w) => w.length > 0)).filter((ws) => ws.length > 0);
  if (tokenized.length === 0) throw invalid('no sentences to estimate a language model from');

  const words = new Set<string>();
  for (const ws of tokenized) {
    for (const w of ws) {
      if (w === SENTENCE_START || w === SENTENCE_END) throw invalid(`a sentence contains the marker ${w}`);
      words.add(w);
    }
  }
  // Ids: </s> = 0, <s> = 1, then the words in code-unit order (deterministic, locale-free).
  const vocab = [SENTENCE_END, SENTENCE_START, ...[...words].sort(compareCodeUnits)];
  const id = new Map(vocab.map((w, i) => [w, i]));
  const BOS = 1;
  const padded = tokenized.map((ws) => [BOS, ...ws.map((w) => id.get(w) as number), 0]);

  // Plain counts of every n-gram up to the order.
  const raw: Array<Map<Key, number>> = [];
  for (let n = 1; n <= order; n++) {
    const m = new Map<Key, number>();
    for (const s of padded) {
      for (let i = 0; i + n <= s.length; i++) {
        const k = s.slice(i, i + n).join(' ');
        m.set(k, (m.get(k) ?? 0) + 1);
      }
    }
    raw.push(m);
  }
  // Estimation counts: plain at the top order and for n-grams after <s>, continuation below.
  const stats: OrderStats[] = [];
  for (let n = 1; n <= order; n++) {
    const plain = raw[n - 1] as Map<Key, number>;
    let counts: Map<Key, number>;
    if (n === order) counts = new Map(plain);
    else {
      counts = new Map();
      for (const k of (raw[n] as Map<Key, number>).keys()) {
        const suffix = k.slice(k.indexOf(' ') + 1);
        counts.set(suffix, (counts.get(suffix) ?? 0) + 1);
      }
      for (const [k, c] of plain) if (firstId(k) === BOS) counts.set(k, c);
    }
    if (n === 1) counts.delete(String(BOS));
    const contexts = new Map<Key, { total: number; types: number }>();
    if (n > 1) {
      for (const [k, c] of counts) {
        const ctx = k.slice(0, k.lastIndexOf(' '));
        const e = contexts.get(ctx) ?? { total: 0, types: 0 };
        e.total += c;
        e.types += 1;
        contexts.set(ctx, e);
      }
    }
    stats.push({ counts, contexts });
  }

  const discounts = stats.map((s) => opts.discount ?? neyDiscount(s.counts));
  // prob[n-1]: n-gram -> p(w | h) (interpolated); bow[n-1]: n-gram as a context -> γ.
  const prob: Array<Map<Key, number>> = [];
  const bow: Array<Map<Key, number>> = [];
  const unigrams = stats[0] as OrderStats;
  let unigramTotal = 0;
  for (const c of unigrams.counts.values()) unigramTotal += c;
  prob.push(new Map([...unigrams.counts].map(([k, c]) => [k, c / unigramTotal])));

  /** p(w | ids) by backoff through the orders estimated so far. */
  const lookup = (ids: number[]): number => {
    const k = ids.join(' ');
    const p = prob[ids.length - 1]?.get(k);
    if (p !== undefined) return p;
    if (ids.length === 1) return 0;
    const ctx = ids.slice(0, -1).join(' ');
    return (bow[ids.length - 2]?.get(ctx) ?? 1) * lookup(ids.slice(1));
  };

  for (let n = 2; n <= order; n++) {
    const s = stats[n - 1] as OrderStats;
    const d = discounts[n - 1] as number;
    const gammas = new Map<Key, number>();
    for (const [ctx, { total, types }] of s.contexts) gammas.set(ctx, (d * types) / total);
    bow.push(gammas);
    const p = new Map<Key, number>();
    for (const [k, c] of s.counts) {
      const ids = k.split(' ').map(Number);
      const ctx = ids.slice(0, -1).join(' ');
      const e = s.contexts.get(ctx) as { total: number; types: number };
      p.set(k, (c - d) / e.total + (gammas.get(ctx) as number) * lookup(ids.slice(1)));
    }
    prob.push(p);
  }

  const lines = ['\\data\\'];
  for (let n = 1; n <= order; n++) lines.push(`ngram ${n}=${(prob[n - 1] as Map<Key, number>).size + (n === 1 ? 1 : 0)}`);
  for (let n = 1; n <= order; n++) {
    lines.push('', `\\${n}-grams:`);
    const p = prob[n - 1] as Map<Key, number>;
    const keys = [...p.keys()];
    if (n === 1) keys.push(String(BOS));
    const sorted = keys.map((k) => k.split(' ').map(Number)).sort(compareIds);
    const backoffs = n < order ? (bow[n - 1] as Map<Key, number>) : undefined;
    for (const ids of sorted) {
      const k = ids.join(' ');
      const lp = ids.length === 1 && ids[0] === BOS ? LOG_ZERO : log10(p.get(k) as number);
      const text = ids.map((i) => vocab[i] as string).join(' ');
      const b = backoffs?.get(k);
      lines.push(b === undefined ? `${fmt(lp)} ${text}` : `${fmt(lp)} ${text} ${fmt(log10(b))}`);
    }
  }
  lines.push('', '\\end\\', '');
  return lines.join('\n');
}

/** Ney's estimate n1 / (n1 + 2 n2) from counts of counts, kept within [0.1, 0.9]. */
function neyDiscount(counts: Map<Key, number>): number {
  let n1 = 0;
  let n2 = 0;
  for (const c of counts.values()) {
    if (c === 1) n1++;
    else if (c === 2) n2++;
  }
  const d = n1 + 2 * n2 > 0 ? n1 / (n1 + 2 * n2) : 0.5;
  return Math.min(MAX_DISCOUNT, Math.max(MIN_DISCOUNT, d));
}

function firstId(k: Key): number {
  const sp = k.indexOf(' ');
  return Number(sp < 0 ? k : k.slice(0, sp));
}

function compareIds(a: number[], b: number[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const d = (a[i] as number) - (b[i] as number);
    if (d !== 0) return d;
  }
  return a.length - b.length;
}

function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function log10(p: number): number {
  return p > 0 ? Math.log10(p) : LOG_ZERO;
}

function fmt(x: number): string {
  // -0.000000 reads oddly and some readers choke on it.
  const s = x.toFixed(6);
  return s === '-0.000000' ? '0.000000' : s;
}

function invalid(msg: string): HeedError {
  return new HeedError('GRAMMAR_INVALID', 'domain', `Cannot build the n-gram LM: ${msg}`);
}
