import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildArpa } from '../../../../app/core/grammar/ngram-arpa.js';
import { HeedError } from '../../../../app/core/errors.js';

const TIMEOUT = { timeout: 10_000 };

const TOY = [
  'i want a burger',
  'i want two burgers',
  'i want a coke please',
  'a burger please',
  'two cokes',
  'yes',
  'no thanks',
  'i want a burger and a coke',
];

interface ParsedArpa {
  counts: Map<number, number>;
  /** order -> n-gram text -> [log10 p, log10 backoff | undefined] */
  sections: Map<number, Map<string, [number, number | undefined]>>;
  order: number;
}

/** A strict reader: header, one section per order with as many lines as declared, \end\. */
function parseArpa(text: string): ParsedArpa {
  const lines = text.split('\n');
  let i = 0;
  const next = (): string => lines[i++] ?? '';
  assert.equal(next(), '\\data\\');
  const counts = new Map<number, number>();
  for (let l = next(); l !== ''; l = next()) {
    const m = /^ngram (\d+)=(\d+)$/.exec(l);
    assert.ok(m, `header line "${l}"`);
    counts.set(Number(m[1]), Number(m[2]));
  }
  const order = counts.size;
  const sections = new Map<number, Map<string, [number, number | undefined]>>();
  for (let n = 1; n <= order; n++) {
    assert.equal(next(), `\\${n}-grams:`);
    const sec = new Map<string, [number, number | undefined]>();
    for (let l = next(); l !== ''; l = next()) {
      const f = l.split(' ');
      assert.ok(f.length === n + 1 || f.length === n + 2, `line "${l}" has ${f.length} fields for order ${n}`);
      const p = Number(f[0]);
      assert.ok(Number.isFinite(p) && p <= 0, `log10 prob ${f[0]}`);
      const b = f.length === n + 2 ? Number(f[n + 1]) : undefined;
      if (b !== undefined) assert.ok(Number.isFinite(b) && b <= 1e-9, `log10 backoff ${f[n + 1]} (backoff weights are at most 1)`);
      if (n === order) assert.equal(b, undefined, 'no backoff weights at the highest order');
      const key = f.slice(1, n + 1).join(' ');
      assert.ok(!sec.has(key), `duplicate n-gram ${key}`);
      sec.set(key, [p, b]);
    }
    assert.equal(sec.size, counts.get(n), `the header count of ${n}-grams matches the section`);
    sections.set(n, sec);
  }
  assert.equal(next(), '\\end\\');
  return { counts, sections, order };
}

/** log10 p(w | ctx) by the ARPA backoff rule. */
function logProb(m: ParsedArpa, ctx: string[], w: string): number {
  const h = ctx.slice(-(m.order - 1));
  for (let start = 0; start <= h.length; start++) {
    const hist = h.slice(start);
    const entry = m.sections.get(hist.length + 1)?.get([...hist, w].join(' '));
    if (entry) {
      let bo = 0;
      for (let s = 0; s < start; s++) {
        const c = h.slice(s);
        bo += m.sections.get(c.length)?.get(c.join(' '))?.[1] ?? 0;
      }
      return bo + entry[0];
    }
  }
  throw new Error(`no unigram for ${w}`);
}

function checkNormalized(m: ParsedArpa): number {
  const predicted = [...(m.sections.get(1)?.keys() ?? [])].filter((w) => w !== '<s>');
  // Every context the model can be asked about: the empty one and each listed lower-order n-gram
  // that can be followed (it does not end the sentence).
  const contexts: string[][] = [[]];
  for (let n = 1; n < m.order; n++) {
    for (const k of m.sections.get(n)?.keys() ?? []) if (!k.endsWith('</s>')) contexts.push(k.split(' '));
  }
  for (const ctx of contexts) {
    let sum = 0;
    for (const w of predicted) sum += 10 ** logProb(m, ctx, w);
    assert.ok(Math.abs(sum - 1) < 1e-4, `p(· | ${ctx.join(' ') || '∅'}) sums to ${sum}`);
  }
  return contexts.length;
}

for (const order of [2, 3] as const) {
  test(`order ${order}: the ARPA structure is valid and every context's distribution sums to 1`, TIMEOUT, () => {
    const m = parseArpa(buildArpa(TOY, { order }));
    assert.equal(m.order, order);
    const words = new Set(TOY.flatMap((s) => s.split(' ')));
    const unigrams = m.sections.get(1) as Map<string, [number, number | undefined]>;
    for (const w of [...words, '<s>', '</s>']) assert.ok(unigrams.has(w), `unigram ${w}`);
    assert.equal(unigrams.size, words.size + 2);
    assert.equal(unigrams.get('<s>')?.[0], -99, '<s> is never predicted');
    const checked = checkNormalized(m);
    assert.ok(checked > words.size, `checked ${checked} contexts`);
  });
}

test('a fixed discount also normalizes, and the seen continuation beats an unseen one', TIMEOUT, () => {
  for (const discount of [0.1, 0.5, 1]) {
    const m = parseArpa(buildArpa(TOY, { order: 3, discount }));
    checkNormalized(m);
    assert.ok(logProb(m, ['i', 'want'], 'a') > logProb(m, ['i', 'want'], 'please'));
    assert.ok(logProb(m, ['<s>'], 'i') > logProb(m, ['<s>'], 'burgers'));
    // Unseen but possible: backoff gives it a little probability.
    assert.ok(logProb(m, ['two', 'cokes'], 'please') > -99);
  }
});

test('the sections are sorted by the unigram order and the output is deterministic', TIMEOUT, () => {
  const text = buildArpa(TOY);
  assert.equal(buildArpa([...TOY]), text);
  const m = parseArpa(text);
  const rank = new Map([...(m.sections.get(1)?.keys() ?? [])].map((w, i) => [w, i]));
  assert.deepEqual([...rank.keys()].slice(0, 2), ['</s>', '<s>']);
  for (let n = 2; n <= m.order; n++) {
    const ids = [...(m.sections.get(n)?.keys() ?? [])].map((k) => k.split(' ').map((w) => rank.get(w) as number));
    for (let i = 1; i < ids.length; i++) {
      const a = ids[i - 1] as number[];
      const b = ids[i] as number[];
      const d = a.findIndex((x, j) => x !== b[j]);
      assert.ok(d >= 0 && (a[d] as number) < (b[d] as number), `${n}-grams out of order at ${i}`);
    }
    // Every n-gram's prefix and suffix are listed one order down.
    for (const k of m.sections.get(n)?.keys() ?? []) {
      const f = k.split(' ');
      assert.ok(m.sections.get(n - 1)?.has(f.slice(0, -1).join(' ')), `prefix of ${k}`);
      assert.ok(m.sections.get(n - 1)?.has(f.slice(1).join(' ')), `suffix of ${k}`);
    }
  }
});

test('bad input is GRAMMAR_INVALID', TIMEOUT, () => {
  const invalid = (e: unknown): boolean => e instanceof HeedError && e.code === 'GRAMMAR_INVALID';
  assert.throws(() => buildArpa([]), invalid);
  assert.throws(() => buildArpa(['  ', '']), invalid);
  assert.throws(() => buildArpa(['a <s> b']), invalid);
  assert.throws(() => buildArpa(['a b'], { discount: 0 }), invalid);
  assert.throws(() => buildArpa(['a b'], { discount: 1.5 }), invalid);
});

test('a single one-word sentence is still a valid model', TIMEOUT, () => {
  const m = parseArpa(buildArpa(['yes']));
  checkNormalized(m);
  assert.deepEqual([...(m.sections.get(1)?.keys() ?? [])], ['</s>', '<s>', 'yes']);
});
