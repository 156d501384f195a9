/** Tools that read the menu or change the lines of the session's order. */
import { z } from 'zod';
import type { ItemInfo, NumberedLine, Refusal } from '../../core/dialog/drive-thru-contract.js';
import { inTransaction, type Db } from '../store/open-store.js';
import { defineTool } from './define-tool.js';
import { itemInfo, itemSizes, resolveItem, resolveModifier, searchItems, type ItemRow, type ModifierRow } from './menu-repo.js';
import { activeOrder, ensureActiveOrder, nextTouchSeq, orderLines, orderView, touchOrder, type OrderRow } from './order-repo.js';

const sizeArg = z.string().trim().toLowerCase().min(1);

function refuse(code: Refusal['code'], reason: string, item?: ItemInfo): Refusal {
  return item ? { ok: false, code, reason, item } : { ok: false, code, reason };
}

function listWords(words: string[]): string {
  return words.length <= 1 ? words.join('') : `${words.slice(0, -1).join(', ')} or ${words[words.length - 1] as string}`;
}

function unavailable(db: Db, row: ItemRow): Refusal {
  const why = row.unavailable_reason ? ` ${row.unavailable_reason.replace(/^./, (c) => c.toUpperCase()).replace(/\.?$/, '.')}` : '';
  return refuse('unavailable', `Sorry, the ${row.name} isn't available right now.${why}`, itemInfo(db, row));
}

/** Base price (cents) for the item in that size, from the menu; a refusal when the size does not fit. */
function basePrice(db: Db, row: ItemRow, size: string | null | undefined): { cents: number; size: string | null } | Refusal {
  const sizes = itemSizes(db, row.id);
  if (sizes.length === 0) {
    if (size) return refuse('size_invalid', `The ${row.name} only comes in one size.`, itemInfo(db, row));
    if (row.base_price_cents === null) return refuse('unavailable', `Sorry, the ${row.name} has no price yet.`, itemInfo(db, row));
    return { cents: row.base_price_cents, size: null };
  }
  const names = sizes.map((s) => s.size);
  if (!size) return refuse('size_required', `What size ${row.name}? We have ${listWords(names)}.`, itemInfo(db, row));
  const hit = sizes.find((s) => s.size === size);
  if (!hit) return refuse('size_invalid', `The ${row.name} comes in ${listWords(names)}.`, itemInfo(db, row));
  return { cents: hit.price_cents, size: hit.size };
}

/** The line a selector means: by number, else the most recently touched line of that item (and size), else the last touched. */
function pickLine(db: Db, order: OrderRow, sel: { line?: number | undefined; item?: string | undefined; size?: string | null | undefined }): ReturnType<typeof orderLines>[number] | Refusal {
  const lines = orderLines(db, order.id);
  if (lines.length === 0) return refuse('empty_order', "There's nothing on your order yet.");
  if (sel.line !== undefined) return lines.find((l) => l.line === sel.line) ?? refuse('no_line', `There's no line ${sel.line} on your order.`);
  let pool = lines;
  if (sel.item !== undefined) {
    const row = resolveItem(db, sel.item);
    pool = row ? lines.filter((l) => l.item === row.name && (!sel.size || l.size === sel.size)) : [];
    if (pool.length === 0) return refuse('no_line', `There's no ${sel.size ? `${sel.size} ` : ''}${row?.name ?? sel.item} on your order.`);
  }
  return pool.reduce((a, b) => (b.touchSeq > a.touchSeq ? b : a));
}

function numbered(db: Db, order: OrderRow, lineId: number): NumberedLine {
  const l = orderLines(db, order.id).find((x) => x.id === lineId);
  if (!l) throw new Error(`order line ${lineId} vanished`);
  return { line: l.line, item: l.item, size: l.size, quantity: l.quantity, unitPrice: l.unitPrice, modifiers: l.modifiers };
}

export const findItemsTool = defineTool({
  name: 'find_items',
  description: 'Looks up menu items by name, alias or category (empty query: the whole menu), with availability and prices in dollars.',
  schema: z.object({ query: z.string().max(100).optional() }).strict(),
  run: ({ db }, { query }) => {
    const rows = searchItems(db, query);
    if (rows.length === 0) return refuse('not_found', `Sorry, we don't have ${query ?? 'that'} on the menu.`);
    return { ok: true as const, items: rows.map((r) => itemInfo(db, r)) };
  },
});

export const addItemTool = defineTool({
  name: 'add_item',
  description: 'Adds an item to the order. Items with sizes need a size. Prices come from the menu.',
  schema: z.object({
    item: z.string().trim().min(1).max(100),
    size: sizeArg.nullish(),
    quantity: z.number().int().min(1).max(20).default(1),
    modifiers: z.array(z.string().trim().min(1).max(60)).max(6).default([]),
  }).strict(),
  run: ({ db, sessionId }, args) => {
    const row = resolveItem(db, args.item);
    if (!row) return refuse('not_found', `Sorry, we don't have ${args.item} on the menu.`);
    if (row.available !== 1) return unavailable(db, row);
    const price = basePrice(db, row, args.size);
    if ('ok' in price) return price;
    const mods: ModifierRow[] = [];
    for (const m of new Set(args.modifiers)) {
      const mod = resolveModifier(db, m, row.category);
      if (!mod) return refuse('modifier_invalid', `Sorry, I can't do ${m.replace(/_/g, ' ')} on the ${row.name}.`, itemInfo(db, row));
      mods.push(mod);
    }
    mods.sort((a, b) => a.id - b.id);
    return inTransaction(db, () => {
      const order = ensureActiveOrder(db, sessionId);
      touchOrder(db, order);
      const modKey = mods.map((m) => m.id).join(',');
      // Same item, size and modifiers already on the order: bump its quantity.
      const same = db.prepare<{ order: number; item: number; size: string | null; mods: string }, { id: number }>(`
        SELECT l.id FROM order_lines l WHERE l.order_id = @order AND l.item_id = @item AND l.size IS @size
          AND COALESCE((SELECT group_concat(modifier_id, ',') FROM (SELECT modifier_id FROM order_line_modifiers WHERE line_id = l.id ORDER BY modifier_id)), '') = @mods
        LIMIT 1`).get({ order: order.id, item: row.id, size: price.size, mods: modKey });
      const seq = nextTouchSeq(db, order.id);
      let lineId: number;
      if (same) {
        db.prepare<[number, number, number]>('UPDATE order_lines SET quantity = MIN(99, quantity + ?), touch_seq = ? WHERE id = ?').run(args.quantity, seq, same.id);
        lineId = same.id;
      } else {
        lineId = Number(db.prepare<[number, number, string | null, number, number, number]>(
          'INSERT INTO order_lines (order_id, item_id, size, quantity, base_price_cents, touch_seq) VALUES (?, ?, ?, ?, ?, ?)',
        ).run(order.id, row.id, price.size, args.quantity, price.cents, seq).lastInsertRowid);
        const insMod = db.prepare<[number, number, number]>('INSERT INTO order_line_modifiers (line_id, modifier_id, price_cents) VALUES (?, ?, ?)');
        for (const m of mods) insMod.run(lineId, m.id, m.price_cents);
      }
      return { ok: true as const, line: numbered(db, order, lineId), order: orderView(db, order) };
    });
  },
});

export const removeItemTool = defineTool({
  name: 'remove_item',
  description: 'Removes a line from the order: by line number, by item (and size), or the last line touched.',
  schema: z.object({ line: z.number().int().min(1).optional(), item: z.string().trim().min(1).optional(), size: sizeArg.nullish() }).strict(),
  run: ({ db, sessionId }, sel) => {
    const order = activeOrder(db, sessionId);
    if (!order) return refuse('no_order', "You don't have an order yet.");
    const line = pickLine(db, order, sel);
    if ('ok' in line) return line;
    return inTransaction(db, () => {
      db.prepare<[number]>('DELETE FROM order_lines WHERE id = ?').run(line.id);
      touchOrder(db, order);
      const { id: _id, touchSeq: _t, ...removed } = line;
      return { ok: true as const, removed, order: orderView(db, order) };
    });
  },
});

export const changeItemTool = defineTool({
  name: 'change_item',
  description: 'Changes the size and/or quantity of a line (by number or item; default the last line touched). The price is re-read from the menu.',
  schema: z.object({
    line: z.number().int().min(1).optional(),
    item: z.string().trim().min(1).optional(),
    size: sizeArg.optional(),
    quantity: z.number().int().min(1).max(20).optional(),
  }).strict().refine((a) => a.size !== undefined || a.quantity !== undefined, { message: 'give a new size or quantity' }),
  run: ({ db, sessionId }, args) => {
    const order = activeOrder(db, sessionId);
    if (!order) return refuse('no_order', "You don't have an order yet.");
    const line = pickLine(db, order, { line: args.line, item: args.item });
    if ('ok' in line) return line;
    const row = db.prepare<[number], ItemRow>(`SELECT i.id, i.slug, i.name, i.category, i.base_price_cents, i.available, i.unavailable_reason
      FROM menu_items i JOIN order_lines l ON l.item_id = i.id WHERE l.id = ?`).get(line.id);
    if (!row) return refuse('no_line', 'That line is no longer on your order.');
    let price: { cents: number; size: string | null } | null = null;
    if (args.size !== undefined) {
      const p = basePrice(db, row, args.size);
      if ('ok' in p) return p;
      price = p;
    }
    return inTransaction(db, () => {
      const seq = nextTouchSeq(db, order.id);
      if (price) db.prepare<[string | null, number, number]>('UPDATE order_lines SET size = ?, base_price_cents = ? WHERE id = ?').run(price.size, price.cents, line.id);
      if (args.quantity !== undefined) db.prepare<[number, number]>('UPDATE order_lines SET quantity = ? WHERE id = ?').run(args.quantity, line.id);
      db.prepare<[number, number]>('UPDATE order_lines SET touch_seq = ? WHERE id = ?').run(seq, line.id);
      touchOrder(db, order);
      return { ok: true as const, line: numbered(db, order, line.id), order: orderView(db, order) };
    });
  },
});

