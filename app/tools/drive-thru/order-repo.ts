/**
 * Sessions, orders and order lines. Reads never create rows; sessions and orders are created
 * lazily by the first write. Line prices and totals are computed by SQL from the stored cents.
 */
import type { NumberedLine } from '../../core/dialog/drive-thru-contract.js';
import type { OrderView } from '../../core/turn.js';
import type { Db } from '../store/open-store.js';

export type OrderStatus = OrderView['status'];

export interface OrderRow {
  id: number;
  session_id: string;
  status: OrderStatus;
}

interface LineRow {
  id: number;
  item: string;
  size: string | null;
  quantity: number;
  unit_cents: number;
  touch_seq: number;
}

const UNIT_CENTS = `(l.base_price_cents + COALESCE((SELECT SUM(m.price_cents) FROM order_line_modifiers m WHERE m.line_id = l.id), 0))`;

/** The session's open or awaiting-confirmation order, if any. */
export function activeOrder(db: Db, sessionId: string): OrderRow | undefined {
  return db.prepare<[string], OrderRow>(`SELECT id, session_id, status FROM orders
    WHERE session_id = ? AND status IN ('open', 'awaiting_confirmation') ORDER BY id DESC LIMIT 1`).get(sessionId);
}

/** The session's most recent order, whatever its status. */
export function latestOrder(db: Db, sessionId: string): OrderRow | undefined {
  return db.prepare<[string], OrderRow>('SELECT id, session_id, status FROM orders WHERE session_id = ? ORDER BY id DESC LIMIT 1').get(sessionId);
}

export function ensureSession(db: Db, sessionId: string): void {
  db.prepare<[string]>('INSERT INTO sessions (id) VALUES (?) ON CONFLICT(id) DO UPDATE SET updated_at = excluded.updated_at').run(sessionId);
}

export function ensureActiveOrder(db: Db, sessionId: string): OrderRow {
  const existing = activeOrder(db, sessionId);
  if (existing) return existing;
  ensureSession(db, sessionId);
  const id = Number(db.prepare<[string]>('INSERT INTO orders (session_id) VALUES (?)').run(sessionId).lastInsertRowid);
  return { id, session_id: sessionId, status: 'open' };
}

export function setOrderStatus(db: Db, orderId: number, status: OrderStatus): void {
  db.prepare<{ status: string; id: number }>(`UPDATE orders SET status = @status, updated_at = strftime('%Y-%m-%dT%H:%M:%fZ','now'),
    placed_at = CASE WHEN @status = 'placed' THEN strftime('%Y-%m-%dT%H:%M:%fZ','now') ELSE placed_at END WHERE id = @id`).run({ status, id: orderId });
}

/** Any change to the lines re-opens an order that was awaiting confirmation. */
export function touchOrder(db: Db, order: OrderRow): void {
  if (order.status === 'awaiting_confirmation') setOrderStatus(db, order.id, 'open');
  else db.prepare<[number]>("UPDATE orders SET updated_at = strftime('%Y-%m-%dT%H:%M:%fZ','now') WHERE id = ?").run(order.id);
}

export function nextTouchSeq(db: Db, orderId: number): number {
  const row = db.prepare<[number], { s: number }>('SELECT COALESCE(MAX(touch_seq), 0) + 1 AS s FROM order_lines WHERE order_id = ?').get(orderId);
  return row?.s ?? 1;
}

export function orderLines(db: Db, orderId: number): Array<NumberedLine & { id: number; touchSeq: number }> {
  const rows = db.prepare<[number], LineRow>(`
    SELECT l.id, i.name AS item, l.size, l.quantity, ${UNIT_CENTS} AS unit_cents, l.touch_seq
    FROM order_lines l JOIN menu_items i ON i.id = l.item_id
    WHERE l.order_id = ? ORDER BY l.id`).all(orderId);
  const mods = db.prepare<[number], { line_id: number; name: string }>(`
    SELECT m.line_id, mm.name FROM order_line_modifiers m JOIN menu_modifiers mm ON mm.id = m.modifier_id
    WHERE m.line_id IN (SELECT id FROM order_lines WHERE order_id = ?) ORDER BY mm.id`).all(orderId);
  return rows.map((r, i) => ({
    id: r.id,
    line: i + 1,
    touchSeq: r.touch_seq,
    item: r.item,
    size: r.size,
    quantity: r.quantity,
    unitPrice: r.unit_cents / 100,
    modifiers: mods.filter((m) => m.line_id === r.id).map((m) => m.name),
  }));
}

export function orderTotalCents(db: Db, orderId: number): number {
  const row = db.prepare<[number], { total: number }>(`SELECT COALESCE(SUM(l.quantity * ${UNIT_CENTS}), 0) AS total
    FROM order_lines l WHERE l.order_id = ?`).get(orderId);
  return row?.total ?? 0;
}

export function orderView(db: Db, order: OrderRow): OrderView {
  const status = db.prepare<[number], { status: OrderStatus }>('SELECT status FROM orders WHERE id = ?').get(order.id)?.status ?? order.status;
  const lines = orderLines(db, order.id).map(({ item, size, quantity, unitPrice, modifiers }) => ({ item, size, quantity, unitPrice, modifiers }));
  return { lines, total: orderTotalCents(db, order.id) / 100, status };
}

/** The pending "what size?" lines of a session (read-only; [] when the session does not exist). */
export function readPendingJson(db: Db, sessionId: string): string {
  return db.prepare<[string], { pending_json: string }>('SELECT pending_json FROM sessions WHERE id = ?').get(sessionId)?.pending_json ?? '[]';
}

export function writePendingJson(db: Db, sessionId: string, json: string): void {
  ensureSession(db, sessionId);
  db.prepare<[string, string]>("UPDATE sessions SET pending_json = ?, updated_at = strftime('%Y-%m-%dT%H:%M:%fZ','now') WHERE id = ?").run(json, sessionId);
}
