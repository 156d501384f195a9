/**
 * Product lookup: exact names and aliases first (an alias may name several products: "drill"),
 * then close matches by shared words for "Did you mean …?". Read-only.
 */
import type { Db } from '../store/open-store.js';
import { foldPlurals, normalizeName, stripDeterminers } from './names.js';

export interface ProductRow {
  id: number;
  sku: string;
  name: string;
  size: string | null;
  department: string;
  aisle: string;
  price_cents: number;
}

export interface StockRow { locationId: number; slug: string; name: string; quantity: number }

export function allProducts(db: Db): ProductRow[] {
  return db.prepare<[], ProductRow>('SELECT id, sku, name, size, department, aisle, price_cents FROM products ORDER BY id').all();
}

export function productAliases(db: Db): Array<{ productId: number; alias: string }> {
  return db.prepare<[], { productId: number; alias: string }>('SELECT product_id AS productId, alias FROM product_aliases ORDER BY product_id, rowid').all();
}

/** Stock of one product at every location (locations without a row count as 0). */
export function productStock(db: Db, productId: number): StockRow[] {
  return db.prepare<[number], StockRow>(`
    SELECT l.id AS locationId, l.slug AS slug, l.name AS name, COALESCE(s.quantity, 0) AS quantity
    FROM locations l LEFT JOIN product_stock s ON s.location_id = l.id AND s.product_id = ?
    ORDER BY l.id`).all(productId);
}

export interface ProductMatch {
  /** Products the query names exactly (by name or alias, plurals folded). */
  exact: ProductRow[];
  /** When nothing is exact: products sharing the query's words, best first (at most `limit`). */
  close: ProductRow[];
}

const FILLER = new Set(['a', 'an', 'the', 'some', 'any', 'of', 'for', 'and', 'with', 'in', 'stock', 'please']);

export function matchProducts(db: Db, query: string, limit = 5): ProductMatch {
  const q = stripDeterminers(query);
  if (q.length === 0) return { exact: [], close: [] };
  const products = allProducts(db);
  const aliases = productAliases(db);
  const formsOf = new Map<number, string[]>(products.map((p) => [p.id, [p.name]]));
  for (const a of aliases) formsOf.get(a.productId)?.push(a.alias);

  const byForm = (fold: (s: string) => string): ProductRow[] => {
    const key = fold(q);
    return products.filter((p) => (formsOf.get(p.id) ?? []).some((f) => fold(f) === key));
  };
  const exact = byForm(normalizeName);
  if (exact.length > 0) return { exact, close: [] };
  const folded = byForm(foldPlurals);
  if (folded.length > 0) return { exact: folded, close: [] };

  // Close: how many of the query's words (singular) each product's forms hold.
  const words = foldPlurals(q).split(' ').filter((w) => !FILLER.has(w));
  if (words.length === 0) return { exact: [], close: [] };
  const scored = products.map((p) => {
    const own = new Set((formsOf.get(p.id) ?? []).flatMap((f) => foldPlurals(f).split(' ')));
    return { p, n: words.filter((w) => own.has(w)).length };
  }).filter((s) => s.n > 0);
  const best = Math.max(0, ...scored.map((s) => s.n));
  // Only the products sharing the most words: "cordless" → the Cordless Drill, not every drill.
  const close = scored.filter((s) => s.n === best).map((s) => s.p).slice(0, limit);
  return { exact: [], close };
}

export function productById(db: Db, id: number): ProductRow | null {
  return db.prepare<[number], ProductRow>('SELECT id, sku, name, size, department, aisle, price_cents FROM products WHERE id = ?').get(id) ?? null;
}
