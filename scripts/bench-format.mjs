// Shared by the bench sections (bench.mjs, bench-standard.mjs, bench-llm.mjs, bench-live.mjs):
// the markdown table printer and the nearest-rank percentile.

/** Prints rows as a markdown table (the first row is the header), then a blank line. */
export function printTable(t, out = console.log) {
  const w = t[0].map((_, i) => Math.max(...t.map((r) => String(r[i]).length)));
  for (const [j, r] of t.entries()) {
    out('| ' + r.map((c, i) => String(c).padEnd(w[i])).join(' | ') + ' |');
    if (j === 0) out('|' + w.map((n) => '-'.repeat(n + 2)).join('|') + '|');
  }
  out('');
}

/** Nearest-rank percentile: the smallest value with at least p % of the values at or below it. */
export function percentile(xs, p) {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length, Math.max(1, Math.ceil((p / 100) * s.length))) - 1];
}
