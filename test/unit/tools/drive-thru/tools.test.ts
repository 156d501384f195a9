import { test } from 'node:test';
import assert from 'node:assert/strict';
import { HeedError } from '../../../../app/core/errors.js';
import { DRIVE_THRU_TOOLS } from '../../../../app/tools/drive-thru/index.js';
import { runTool } from '../../../../app/tools/drive-thru/define-tool.js';
import { count, tmpStore, tools } from './drive-thru-fixture.js';

const TIMEOUT = { timeout: 20_000 };

test('add_item copies the unit price from the menu, with modifier prices', TIMEOUT, () => {
  const s = tmpStore();
  try {
    const { api } = tools(s.db);
    const r = api.add_item({ item: 'cheeseburger', quantity: 2, modifiers: ['extra cheese', 'add_bacon'] });
    assert.ok(r.ok);
    assert.equal(r.line.unitPrice, 3.49 + 0.5 + 1.0);
    assert.equal(r.order.total, 9.98);
    const fries = api.add_item({ item: 'fries', size: 'large', quantity: 1, modifiers: [] });
    assert.ok(fries.ok);
    assert.equal(fries.line.unitPrice, 2.89);
    // A menu price change later does not reprice what is already on the order …
    s.db.prepare("UPDATE menu_item_sizes SET price_cents = 999 WHERE size = 'large'").run();
    const rb = api.read_back_order({});
    assert.ok(rb.ok);
    assert.equal(rb.order?.total, 12.87);
    // … but a new add reads the new price.
    const again = api.add_item({ item: 'coke', size: 'large', quantity: 1, modifiers: [] });
    assert.ok(again.ok);
    assert.equal(again.line.unitPrice, 9.99);
  } finally { s.done(); }
});

test('prices cannot come from the caller: extra args are refused', TIMEOUT, () => {
  const s = tmpStore();
  try {
    assert.throws(() => runTool(DRIVE_THRU_TOOLS.add_item, { db: s.db, sessionId: 's', customerConfirmed: false }, { item: 'fries', size: 'small', quantity: 1, modifiers: [], unitPrice: 0.01 }),
      (e: unknown) => e instanceof HeedError && e.code === 'TOOL_ARGS_INVALID' && /unitPrice|Unrecognized/.test(e.message));
    assert.throws(() => runTool(DRIVE_THRU_TOOLS.add_item, { db: s.db, sessionId: 's', customerConfirmed: false }, { item: 'fries', quantity: 0 }),
      (e: unknown) => e instanceof HeedError && e.code === 'TOOL_ARGS_INVALID');
    assert.throws(() => runTool(DRIVE_THRU_TOOLS.change_item, { db: s.db, sessionId: 's', customerConfirmed: false }, {}),
      (e: unknown) => e instanceof HeedError && e.code === 'TOOL_ARGS_INVALID');
    assert.equal(count(s.db, 'sessions'), 0);
  } finally { s.done(); }
});

test('unavailable, unknown, unsized and wrong-modifier items are refused with a spoken reason and no writes', TIMEOUT, () => {
  const s = tmpStore();
  try {
    const { api } = tools(s.db);
    const shake = api.add_item({ item: 'chocolate shake', size: 'large', quantity: 1, modifiers: [] });
    assert.ok(!shake.ok);
    assert.equal(shake.code, 'unavailable');
    assert.match(shake.reason, /Chocolate Shake isn't available.*shake machine/);
    const nope = api.add_item({ item: 'pizza', quantity: 1, modifiers: [] });
    assert.ok(!nope.ok && nope.code === 'not_found');
    const fries = api.add_item({ item: 'fries', quantity: 1, modifiers: [] });
    assert.ok(!fries.ok && fries.code === 'size_required');
    assert.equal(fries.reason, 'What size Fries? We have small, medium or large.');
    const pie = api.add_item({ item: 'apple pie', quantity: 1, modifiers: ['no onions'] });
    assert.ok(!pie.ok && pie.code === 'modifier_invalid');
    assert.equal(count(s.db, 'sessions') + count(s.db, 'orders') + count(s.db, 'order_lines'), 0);
  } finally { s.done(); }
});

test('identical lines merge; change and remove pick the last touched line', TIMEOUT, () => {
  const s = tmpStore();
  try {
    const { api } = tools(s.db);
    api.add_item({ item: 'hamburger', quantity: 1, modifiers: [] });
    api.add_item({ item: 'fries', size: 'small', quantity: 1, modifiers: [] });
    const merged = api.add_item({ item: 'hamburger', quantity: 2, modifiers: [] });
    assert.ok(merged.ok);
    assert.equal(merged.order.lines.length, 2);
    assert.equal(merged.line.quantity, 3);
    const changed = api.change_item({ quantity: 1 });
    assert.ok(changed.ok && changed.line.item === 'Hamburger' && changed.line.quantity === 1);
    const bigger = api.change_item({ item: 'fries', size: 'large' });
    assert.ok(bigger.ok && bigger.line.size === 'large' && bigger.line.unitPrice === 2.89);
    const badSize = api.change_item({ item: 'hamburger', size: 'large' });
    assert.ok(!badSize.ok && badSize.code === 'size_invalid');
    const removed = api.remove_item({});
    assert.ok(removed.ok && removed.removed.item === 'Fries');
    assert.deepEqual(removed.order.lines.map((l) => l.item), ['Hamburger']);
  } finally { s.done(); }
});

test('place_order needs awaiting_confirmation and a customer yes in this turn', TIMEOUT, () => {
  const s = tmpStore();
  try {
    const plain = tools(s.db, 's1', false).api;
    const yes = tools(s.db, 's1', true).api;
    assert.ok(!yes.place_order({}).ok, 'no order yet');
    plain.add_item({ item: 'cheeseburger', quantity: 1, modifiers: [] });
    const early = yes.place_order({});
    assert.ok(!early.ok && early.code === 'not_awaiting_confirmation');
    assert.ok(plain.request_confirmation({}).ok);
    const unconfirmed = plain.place_order({});
    assert.ok(!unconfirmed.ok && unconfirmed.code === 'not_confirmed');
    // A change after the read-back re-opens the order: confirmation must be asked again.
    plain.add_item({ item: 'apple pie', quantity: 1, modifiers: [] });
    const stale = yes.place_order({});
    assert.ok(!stale.ok && stale.code === 'not_awaiting_confirmation');
    assert.ok(plain.request_confirmation({}).ok);
    const placed = yes.place_order({});
    assert.ok(placed.ok);
    assert.equal(placed.order.status, 'placed');
    assert.equal(placed.order.total, 4.98);
    // The next add starts a new order.
    const next = plain.add_item({ item: 'coffee', size: 'small', quantity: 1, modifiers: [] });
    assert.ok(next.ok && next.order.lines.length === 1 && next.order.status === 'open');
  } finally { s.done(); }
});

test('read_back_order never writes; cancel_order cancels', TIMEOUT, () => {
  const s = tmpStore();
  try {
    const { api, records } = tools(s.db);
    const empty = api.read_back_order({});
    assert.ok(empty.ok && empty.order === null);
    assert.equal(count(s.db, 'sessions'), 0);
    api.add_item({ item: 'nuggets', quantity: 1, modifiers: [] });
    const c = api.cancel_order({});
    assert.ok(c.ok && c.order.status === 'cancelled');
    assert.ok(!api.cancel_order({}).ok);
    assert.deepEqual(records.map((r) => r.name), ['read_back_order', 'add_item', 'cancel_order', 'cancel_order']);
  } finally { s.done(); }
});

test('find_items reports availability and prices', TIMEOUT, () => {
  const s = tmpStore();
  try {
    const { api } = tools(s.db);
    const all = api.find_items({});
    assert.ok(all.ok && all.items.length === 16);
    const coke = api.find_items({ query: 'coke' });
    assert.ok(coke.ok);
    assert.equal(coke.items[0]?.name, 'Cola');
    assert.deepEqual(coke.items[0]?.sizes, [{ size: 'small', price: 1.49 }, { size: 'medium', price: 1.79 }, { size: 'large', price: 2.09 }]);
    const drinks = api.find_items({ query: 'drink' });
    assert.ok(drinks.ok && drinks.items.length === 5);
  } finally { s.done(); }
});
