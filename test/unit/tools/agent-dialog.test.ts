/**
 * Dialog specs as events in → events out: each step is what the customer says (transcript, typed
 * text or silence) and what must come out (intent, reply, order lines, status, total).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { DomainAgent, OrderLineView, TurnResult } from '../../../app/core/turn.js';
import { openDomainAgent } from '../../../app/brain/open-agent.js';
import { DICT_PATH, DOMAIN_DIR, tmpDir } from './drive-thru/drive-thru-fixture.js';

const OPTS = { timeout: 30_000 };

type Line = [quantity: number, size: string | null, item: string, ...modifiers: string[]];
interface Step {
  /** A transcript (exact grammar words), `text:` typed text, or null for silence. */
  hear: string | null;
  intent: string;
  reply?: string | RegExp;
  spoken?: string | RegExp;
  lines?: Line[];
  status?: string | null;
  total?: number;
  tools?: string[];
}

const asLine = (l: OrderLineView): Line => [l.quantity, l.size, l.item, ...l.modifiers];

function play(agent: DomainAgent, session: string, steps: Step[]): TurnResult[] {
  return steps.map((s, i) => {
    const where = `step ${i + 1} (${s.hear ?? 'silence'})`;
    const r = s.hear === null ? agent.handleNoSpeech(session)
      : s.hear.startsWith('text:') ? agent.handleText(session, s.hear.slice(5)) : agent.handleTranscript(session, s.hear);
    assert.equal(r.intent, s.intent, `${where}: intent; reply was "${r.reply}"`);
    if (typeof s.reply === 'string') assert.equal(r.reply, s.reply, where);
    else if (s.reply) assert.match(r.reply, s.reply, where);
    if (typeof s.spoken === 'string') assert.equal(r.spoken, s.spoken, where);
    else if (s.spoken) assert.match(r.spoken, s.spoken, where);
    if (s.lines) assert.deepEqual(r.order?.lines.map(asLine) ?? [], s.lines, where);
    if (s.status !== undefined) assert.equal(r.order?.status ?? null, s.status, where);
    if (s.total !== undefined) assert.equal(r.order?.total, s.total, where);
    if (s.tools) assert.deepEqual(r.toolCalls.map((c) => c.name), s.tools, where);
    assert.ok(!/\$|\d/.test(r.spoken), `${where}: spoken text has no digits or $: ${r.spoken}`);
    return r;
  });
}

function withAgent(fn: (agent: DomainAgent) => void): void {
  const t = tmpDir();
  const agent = openDomainAgent({ dbPath: join(t.dir, 'heed.db'), domainDir: DOMAIN_DIR, dictPath: DICT_PATH });
  try { fn(agent); } finally { agent.close(); t.done(); }
}

test('order, size question, change, remove, read back, confirm, place', OPTS, () => withAgent((a) => {
  play(a, 'car-1', [
    { hear: null, intent: 'no_speech', reply: /didn't catch anything/, status: null, tools: [] },
    { hear: "i'd like two cheeseburgers with no onions and a large coke", intent: 'add_item',
      reply: 'Added 2 × Cheeseburger (no onions) and 1 × Large Cola. Anything else?',
      spoken: 'two cheeseburgers with no onions and a large cola. Anything else?',
      lines: [[2, null, 'Cheeseburger', 'no onions'], [1, 'large', 'Cola']], status: 'open', total: 9.07 },
    { hear: 'and fries', intent: 'add_item', reply: 'What size fries? We have small, medium or large.', lines: [[2, null, 'Cheeseburger', 'no onions'], [1, 'large', 'Cola']] },
    { hear: 'large', intent: 'add_item', reply: 'Added 1 × Large Fries. Anything else?', total: 11.96 },
    { hear: 'make that a medium', intent: 'change_item', reply: "Okay, that's 1 × Medium Fries now. Anything else?", total: 11.56, tools: ['change_item'] },
    { hear: 'remove the coke', intent: 'remove_item', reply: 'Removed 1 × Large Cola. Anything else?', lines: [[2, null, 'Cheeseburger', 'no onions'], [1, 'medium', 'Fries']], total: 9.47 },
    { hear: "what's my total", intent: 'read_back', reply: 'Your order: 2 × Cheeseburger (no onions) $6.98; 1 × Medium Fries $2.49. Total $9.47. Anything else?',
      spoken: 'You have two cheeseburgers with no onions and a medium fries. Your total is nine dollars and forty-seven cents. Anything else?', tools: ['read_back_order'] },
    { hear: "that's all", intent: 'done', reply: /Total \$9\.47\. Shall I place the order\?$/, status: 'awaiting_confirmation' },
    { hear: 'yes', intent: 'confirm', reply: 'Your order is placed. Your total is $9.47. Please pull forward.',
      spoken: 'Your order is placed. Your total is nine dollars and forty-seven cents. Please pull forward.', status: 'placed', tools: ['place_order'] },
  ]);
}));

test('saying no at the confirmation goes back to an open order', OPTS, () => withAgent((a) => {
  play(a, 'car-2', [
    { hear: 'can i get a number one', intent: 'add_item', lines: [[1, null, 'Number One Combo']], total: 7.49 },
    { hear: "that's it", intent: 'done', status: 'awaiting_confirmation' },
    { hear: 'no', intent: 'deny', reply: 'Okay. What would you like to change?', status: 'open' },
    { hear: 'and an apple pie', intent: 'add_item', lines: [[1, null, 'Number One Combo'], [1, null, 'Apple Pie']], total: 8.98 },
    { hear: 'yes', intent: 'confirm', status: 'open', tools: [] },
    { hear: 'nope', intent: 'done', reply: /Shall I place the order\?/, status: 'awaiting_confirmation' },
    { hear: 'yes please', intent: 'confirm', status: 'placed', total: 8.98 },
  ]);
}));

test('cancel, unavailable items, and questions', OPTS, () => withAgent((a) => {
  play(a, 'car-3', [
    { hear: 'a large chocolate shake', intent: 'add_item', reply: /^Sorry, the Chocolate Shake isn't available right now\. The shake machine is being cleaned\./, status: null },
    { hear: 'how much is a cheeseburger', intent: 'ask_item', reply: 'The Cheeseburger is $3.49.', spoken: 'The Cheeseburger is three dollars and forty-nine cents.' },
    { hear: 'how much are the fries', intent: 'ask_item', reply: 'The Fries is small $1.89, medium $2.49 or large $2.89.' },
    { hear: 'two hamburgers and two small sodas', intent: 'add_item', lines: [[2, null, 'Hamburger'], [2, 'small', 'Cola']], total: 8.96 },
    { hear: 'cancel my order', intent: 'cancel', reply: "Okay, I've cancelled your order.", status: 'cancelled' },
    { hear: 'cancel my order', intent: 'cancel', reply: /no order to cancel/, status: 'cancelled' },
    { hear: 'a coffee', intent: 'add_item', reply: /What size coffee/ },
    { hear: 'start over', intent: 'start_over', status: 'cancelled' },
    { hear: 'large', intent: 'not_understood', tools: [] },
    { hear: 'help', intent: 'help', reply: /that's all/ },
  ]);
}));

test('a pending size survives other lines and "no" drops it', OPTS, () => withAgent((a) => {
  play(a, 'car-4', [
    { hear: 'two fries and a lemonade', intent: 'add_item', reply: 'What size fries? We have small, medium or large.', lines: [] },
    { hear: 'a hamburger', intent: 'add_item', reply: 'Added 1 × Hamburger. What size fries? We have small, medium or large.', lines: [[1, null, 'Hamburger']] },
    { hear: 'large fries', intent: 'add_item', reply: /Added 2 × Large Fries\. What size lemonade\?/, lines: [[1, null, 'Hamburger'], [2, 'large', 'Fries']] },
    { hear: 'no', intent: 'deny', reply: 'Okay, no lemonade. Anything else?' },
    { hear: 'make it three', intent: 'change_item', lines: [[1, null, 'Hamburger'], [3, 'large', 'Fries']] },
    { hear: 'change the hamburger to two', intent: 'change_item', lines: [[2, null, 'Hamburger'], [3, 'large', 'Fries']], total: 14.65 },
    { hear: 'take off the fries', intent: 'remove_item', lines: [[2, null, 'Hamburger']] },
  ]);
}));

test('typed text is tolerant of filler words, digits and shorthand', OPTS, () => withAgent((a) => {
  play(a, 'chat-1', [
    { hear: 'text:Hi there! Um, can I get 2 spicy chicken sandwiches w/ bacon, and a med diet coke?', intent: 'add_item',
      lines: [[2, null, 'Spicy Chicken Sandwich', 'add bacon'], [1, 'medium', 'Diet Cola']], total: 13.37 },
    { hear: 'text:hmm actually make it 1', intent: 'change_item', lines: [[2, null, 'Spicy Chicken Sandwich', 'add bacon'], [1, 'medium', 'Diet Cola']] },
    { hear: 'text:what is the capital of France?', intent: 'not_understood', tools: [] },
    { hear: 'text:ok thats all thx', intent: 'done', status: 'awaiting_confirmation' },
    { hear: 'text:Yes, that’s right.', intent: 'confirm', status: 'placed' },
  ]);
}));
