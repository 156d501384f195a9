/** Menu queries: items, sizes, modifiers, and the menu snapshot the grammar is compiled from. */
import type { ItemInfo } from '../../core/dialog/drive-thru-contract.js';
import type { DriveThruMenu } from '../../brain/ordering/ordering-grammar.js';
import { spokenForm } from '../../core/grammar/spoken-form.js';
import type { Db } from '../store/open-store.js';

export interface ItemRow {
  id: number;
  slug: string;
  name: string;
  category: string;
  base_price_cents: number | null;
  available: number;
  unavailable_reason: string | null;
}

export interface ModifierRow {
  id: number;
  slug: string;
  name: string;
  kind: 'remove' | 'add' | 'extra';
  target: string;
  price_cents: number;
}

const ITEM_COLS = 'i.id, i.slug, i.name, i.category, i.base_price_cents, i.available, i.unavailable_reason';

/** By slug, name, alias or spoken form (a trailing plural "s" is tolerated). */
export function resolveItem(db: Db, text: string): ItemRow | undefined {
  const spoken = spokenForm(text.replace(/_/g, ' '));
  const candidates = [text, spoken, spoken.replace(/(e?s)$/, ''), spoken.replace(/s$/, '')];
  const stmt = db.prepare<{ raw: string; low: string }, ItemRow>(`
    SELECT ${ITEM_COLS} FROM menu_items i
    WHERE i.slug = @raw OR lower(i.name) = @low
       OR i.id IN (SELECT item_id FROM menu_item_aliases WHERE alias = @low)
    LIMIT 1`);
  for (const c of candidates) {
    if (c.length === 0) continue;
    const row = stmt.get({ raw: c, low: c.toLowerCase() });
    if (row) return row;
  }
  return undefined;
}

export function itemSizes(db: Db, itemId: number): Array<{ size: string; price_cents: number }> {
  return db.prepare<[number], { size: string; price_cents: number }>(`
    SELECT size, price_cents FROM menu_item_sizes WHERE item_id = ?
    ORDER BY CASE size WHEN 'small' THEN 1 WHEN 'medium' THEN 2 WHEN 'large' THEN 3 ELSE 4 END`).all(itemId);
}

export function itemInfo(db: Db, row: ItemRow): ItemInfo {
  const sizes = itemSizes(db, row.id).map((s) => ({ size: s.size, price: s.price_cents / 100 }));
  return {
    slug: row.slug,
    name: row.name,
    category: row.category,
    available: row.available === 1,
    unavailableReason: row.unavailable_reason,
    sizes,
    price: sizes.length === 0 && row.base_price_cents !== null ? row.base_price_cents / 100 : null,
  };
}

export function searchItems(db: Db, query: string | undefined): ItemRow[] {
  const q = spokenForm(query ?? '');
  if (q.length === 0) return db.prepare<[], ItemRow>(`SELECT ${ITEM_COLS} FROM menu_items i ORDER BY sort_order, id`).all();
  const exact = resolveItem(db, q);
  if (exact) return [exact];
  const like = `%${q}%`;
  return db.prepare<{ like: string }, ItemRow>(`
    SELECT ${ITEM_COLS} FROM menu_items i
    WHERE lower(i.name) LIKE @like OR i.category LIKE @like OR i.slug LIKE @like
       OR i.id IN (SELECT item_id FROM menu_item_aliases WHERE alias LIKE @like)
    ORDER BY sort_order, id`).all({ like });
}

/** By slug ("no_onions") or name ("no onions"), limited to modifiers that apply to the category. */
export function resolveModifier(db: Db, text: string, category: string): ModifierRow | undefined {
  const t = spokenForm(text.replace(/_/g, ' '));
  return db.prepare<{ raw: string; spoken: string; category: string }, ModifierRow>(`
    SELECT m.id, m.slug, m.name, m.kind, m.target, m.price_cents FROM menu_modifiers m
    JOIN menu_modifier_categories c ON c.modifier_id = m.id AND c.category = @category
    WHERE m.slug = @raw OR lower(m.name) = @spoken
    ORDER BY (m.slug = @raw) DESC, m.id LIMIT 1`).get({ raw: text, spoken: t, category });
}

/** The rows the grammar is compiled from (all items, available or not: unavailable ones get a spoken refusal). */
export function menuForGrammar(db: Db): DriveThruMenu {
  const items = db.prepare<[], { id: number; slug: string; name: string; category: string }>(
    'SELECT id, slug, name, category FROM menu_items ORDER BY sort_order, id').all();
  const sizes = db.prepare<[], { item_id: number; size: string }>('SELECT item_id, size FROM menu_item_sizes ORDER BY item_id').all();
  const aliases = db.prepare<[], { item_id: number; alias: string }>('SELECT item_id, alias FROM menu_item_aliases ORDER BY rowid').all();
  const mods = db.prepare<[], ModifierRow>('SELECT id, slug, name, kind, target, price_cents FROM menu_modifiers ORDER BY id').all();
  const modCats = db.prepare<[], { modifier_id: number; category: string }>('SELECT modifier_id, category FROM menu_modifier_categories').all();
  return {
    items: items.map((i) => ({
      ...i,
      sizes: sizes.filter((s) => s.item_id === i.id).map((s) => s.size),
      aliases: aliases.filter((a) => a.item_id === i.id).map((a) => a.alias),
    })),
    modifiers: mods.map((m) => ({
      id: m.id, slug: m.slug, name: m.name, kind: m.kind, target: m.target,
      categories: modCats.filter((c) => c.modifier_id === m.id).map((c) => c.category),
    })),
  };
}
