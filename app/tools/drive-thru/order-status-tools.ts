/** Tools that read the order back or move it through open → awaiting_confirmation → placed / cancelled. */
import { z } from 'zod';
import type { Refusal } from '../../core/dialog/drive-thru-contract.js';
import { inTransaction } from '../store/open-store.js';
import { defineTool } from './define-tool.js';
import { activeOrder, latestOrder, orderLines, orderView, setOrderStatus } from './order-repo.js';

const noArgs = z.object({}).strict();

function refuse(code: Refusal['code'], reason: string): Refusal {
  return { ok: false, code, reason };
}

export const readBackOrderTool = defineTool({
  name: 'read_back_order',
  description: "Reads the session's current (or last) order: numbered lines and the total, computed from the database. Never writes.",
  schema: noArgs,
  run: ({ db, sessionId }) => {
    const order = activeOrder(db, sessionId) ?? latestOrder(db, sessionId);
    if (!order) return { ok: true as const, order: null, lines: [] };
    const lines = orderLines(db, order.id).map(({ id: _i, touchSeq: _t, ...l }) => l);
    return { ok: true as const, order: orderView(db, order), lines };
  },
});

export const requestConfirmationTool = defineTool({
  name: 'request_confirmation',
  description: 'The customer is done: marks the open order as awaiting confirmation (read it back and ask before placing).',
  schema: noArgs,
  run: ({ db, sessionId }) => {
    const order = activeOrder(db, sessionId);
    if (!order || orderLines(db, order.id).length === 0) return refuse('empty_order', "You haven't ordered anything yet.");
    return inTransaction(db, () => {
      setOrderStatus(db, order.id, 'awaiting_confirmation');
      return { ok: true as const, order: orderView(db, order) };
    });
  },
});

export const reopenOrderTool = defineTool({
  name: 'reopen_order',
  description: 'The customer did not confirm: puts an order awaiting confirmation back to open.',
  schema: noArgs,
  run: ({ db, sessionId }) => {
    const order = activeOrder(db, sessionId);
    if (!order || order.status !== 'awaiting_confirmation') return refuse('not_awaiting_confirmation', 'Your order is still open.');
    return inTransaction(db, () => {
      setOrderStatus(db, order.id, 'open');
      return { ok: true as const, order: orderView(db, order) };
    });
  },
});

export const placeOrderTool = defineTool({
  name: 'place_order',
  description: 'Places the order. Only works when the order was read back (awaiting confirmation) and the customer has just said yes.',
  schema: noArgs,
  run: ({ db, sessionId, customerConfirmed }) => {
    const order = activeOrder(db, sessionId);
    if (!order) return refuse('no_order', "You don't have an order to place yet.");
    if (order.status !== 'awaiting_confirmation') return refuse('not_awaiting_confirmation', "I'll read your order back before I place it.");
    if (!customerConfirmed) return refuse('not_confirmed', 'I need you to confirm the order before I place it.');
    if (orderLines(db, order.id).length === 0) return refuse('empty_order', "You haven't ordered anything yet.");
    return inTransaction(db, () => {
      setOrderStatus(db, order.id, 'placed');
      return { ok: true as const, orderId: order.id, order: orderView(db, order) };
    });
  },
});

export const cancelOrderTool = defineTool({
  name: 'cancel_order',
  description: "Cancels the session's open order.",
  schema: noArgs,
  run: ({ db, sessionId }) => {
    const order = activeOrder(db, sessionId);
    if (!order) return refuse('no_order', "There's no order to cancel.");
    return inTransaction(db, () => {
      setOrderStatus(db, order.id, 'cancelled');
      return { ok: true as const, order: orderView(db, order) };
    });
  },
});
