/**
 * The drive-thru dialog policy: an understood intent → tool calls → the reply. Deterministic.
 * State between turns lives in the store (the order's status, the session's pending lines), read
 * and written only through the ports, so the policy itself holds nothing.
 */
import type { OrderView } from '../turn.js';
import { formatMoney, speakable } from '../speakable.js';
import type { DriveThruToolApi, NumberedLine } from './drive-thru-contract.js';
import type { AmbiguousLine, Intent, LineRef, RequestedLine } from './intent.js';
import { lineForScreen, lineForVoice, listWords, orderForScreen, orderForVoice, pricesText } from './order-text.js';

/** A line waiting for its size ("What size fries?"). */
export interface PendingLine extends RequestedLine {
  name: string;
  sizes: string[];
}

/** The ordering pack's canned replies (domain.json "replies"). */
export interface OrderingReplyTexts {
  notUnderstood: string;
  help: string;
  anythingElse: string;
  askConfirm: string;
  /** "{total}" is replaced by the order total ($12.34). */
  placed: string;
  cancelled: string;
  emptyOrder: string;
  reopened: string;
  nothingToConfirm: string;
  /** "{head}" (sandwich) and "{options}" (the Chicken Sandwich or the Spicy Chicken Sandwich). */
  whichOne: string;
}

export interface DialogPorts {
  tools: DriveThruToolApi;
  replies: OrderingReplyTexts;
  /** Item names a word like "sandwiches" could mean, and the word in the singular as the menu writes it. */
  candidates(head: string): { noun: string; names: string[] };
  /** Read-only. */
  pending(): PendingLine[];
  /** Writes (creates the session lazily). */
  setPending(lines: PendingLine[]): void;
  /** The open / awaiting-confirmation order, read-only. */
  peekOrder(): OrderView | null;
}

export interface PolicyReply {
  intent: string;
  reply: string;
  spoken: string;
}

class Say {
  readonly screen: string[] = [];
  readonly voice: string[] = [];
  add(screen: string, voice: string = screen): this {
    this.screen.push(screen);
    this.voice.push(voice);
    return this;
  }
  done(intent: string): PolicyReply {
    return { intent, reply: this.screen.join(' '), spoken: speakable(this.voice.join(' ')) };
  }
}

export function replyText(intent: string, text: string): PolicyReply {
  return new Say().add(text).done(intent);
}

const question = (p: PendingLine): string => `What size ${p.name.toLowerCase()}? We have ${listWords(p.sizes, 'or')}.`;

export function runDriveThruTurn(intent: Intent, ports: DialogPorts): PolicyReply {
  const { tools, replies } = ports;
  const say = new Say();

  /** Adds lines, collecting ones that need a size into `pending`; says what happened. */
  const addLines = (lines: RequestedLine[], pending: PendingLine[]): void => {
    const added: NumberedLine[] = [];
    for (const line of lines) {
      let req = line;
      const pi = pending.findIndex((p) => p.item === line.item);
      const prior = pending[pi];
      if (prior && line.size !== null) {
        // "two fries" … "What size?" … "large fries": complete the pending line.
        req = { ...line, quantity: line.quantity === 1 ? prior.quantity : line.quantity, modifiers: [...new Set([...prior.modifiers, ...line.modifiers])] };
        pending.splice(pi, 1);
      }
      const r = tools.add_item({ item: req.item, size: req.size, quantity: req.quantity, modifiers: req.modifiers });
      if (r.ok) added.push(r.line);
      else if (r.code === 'size_required' && r.item) {
        if (!pending.some((p) => p.item === req.item)) pending.push({ ...req, name: r.item.name, sizes: r.item.sizes.map((s) => s.size) });
      } else say.add(r.reason);
    }
    if (added.length > 0) {
      say.add(`Added ${listWords(added.map(lineForScreen))}.`, `${listWords(added.map(lineForVoice))}.`);
    }
  };

  const followUp = (pending: PendingLine[]): void => {
    const next = pending[0];
    if (next) say.add(question(next));
    else say.add(replies.anythingElse);
  };

  const savePending = (before: PendingLine[], after: PendingLine[]): void => {
    if (JSON.stringify(before) !== JSON.stringify(after)) ports.setPending(after);
  };

  const sameTarget = (p: PendingLine, t: LineRef): boolean => t.kind === 'item' && t.item === p.item;

  const readBack = (o: OrderView | null): boolean => {
    if (!o || o.lines.length === 0) return false;
    say.add(orderForScreen(o), orderForVoice(o));
    return true;
  };

  const answerSize = (size: string): PolicyReply => {
    const before = ports.pending();
    const first = before[0];
    if (!first) {
      const o = ports.peekOrder();
      if (o && o.lines.length > 0) return changeLine({ kind: 'last' }, size, null);
      return say.add(`Sorry, which item would you like ${size}?`).done('not_understood');
    }
    const pending = before.slice();
    addLines([{ item: first.item, size, quantity: first.quantity, modifiers: first.modifiers }], pending);
    savePending(before, pending);
    followUp(pending);
    return say.done('add_item');
  };

  const changeLine = (target: LineRef, size: string | null, quantity: number | null): PolicyReply => {
    const r = tools.change_item({
      ...(target.kind === 'item' ? { item: target.item } : {}),
      ...(size !== null ? { size } : {}),
      ...(quantity !== null ? { quantity } : {}),
    });
    if (!r.ok) return say.add(r.reason).done('change_item');
    say.add(`Okay, that's ${lineForScreen(r.line)} now.`, `Okay, that's ${lineForVoice(r.line)} now.`);
    followUp(ports.pending());
    return say.done('change_item');
  };

  const finish = (): PolicyReply => {
    const pending = ports.pending();
    if (pending[0]) return say.add(question(pending[0])).done('done');
    const r = tools.request_confirmation({});
    if (!r.ok) return say.add(replies.emptyOrder).done('done');
    readBack(r.order);
    return say.add(replies.askConfirm).done('done');
  };

  const askWhich = (amb: AmbiguousLine): void => {
    const c = ports.candidates(amb.head);
    say.add(replies.whichOne.replace('{head}', c.noun).replace('{options}', listWords(c.names.map((n) => `the ${n}`), 'or')));
  };

  switch (intent.kind) {
    case 'add': {
      const before = ports.pending();
      const pending = before.slice();
      addLines(intent.lines, pending);
      savePending(before, pending);
      const amb = intent.ambiguous[0];
      if (amb) {
        askWhich(amb);
        return say.done('clarify_item');
      }
      followUp(pending);
      return say.done('add_item');
    }
    case 'undo':
      return say.add(replies.notUnderstood).done('undo');
    case 'size_answer':
      return answerSize(intent.size);
    case 'change': {
      const pending = ports.pending();
      if (pending[0] && intent.size !== null && intent.quantity === null && (intent.target.kind === 'last' || sameTarget(pending[0], intent.target))) {
        return answerSize(intent.size);
      }
      return changeLine(intent.target, intent.size, intent.quantity);
    }
    case 'remove': {
      const before = ports.pending();
      const target = intent.target;
      const pi = before.findIndex((p) => sameTarget(p, target));
      if (pi >= 0) {
        const pending = before.filter((_, i) => i !== pi);
        ports.setPending(pending);
        say.add(`Okay, no ${(before[pi] as PendingLine).name.toLowerCase()}.`);
        followUp(pending);
        return say.done('remove_item');
      }
      const r = tools.remove_item(target.kind === 'item' ? { item: target.item, size: target.size } : {});
      if (!r.ok) return say.add(r.reason).done('remove_item');
      say.add(`Removed ${lineForScreen(r.removed)}.`, `Okay, I took off ${lineForVoice(r.removed)}.`);
      if (r.order.lines.length === 0 && before.length === 0) say.add(replies.emptyOrder);
      else followUp(before);
      return say.done('remove_item');
    }
    case 'read_back': {
      const r = tools.read_back_order({});
      const order = r.ok ? r.order : null;
      if (!readBack(order)) return say.add(replies.emptyOrder).done('read_back');
      const pending = ports.pending();
      if (order?.status === 'placed') say.add('That order is placed. Please pull forward.');
      else if (order?.status === 'awaiting_confirmation') say.add(replies.askConfirm);
      else followUp(pending);
      return say.done('read_back');
    }
    case 'done':
      return finish();
    case 'yes': {
      const o = ports.peekOrder();
      if (o?.status === 'awaiting_confirmation') {
        const r = tools.place_order({});
        if (!r.ok) return say.add(r.reason).done('confirm');
        if (ports.pending().length > 0) ports.setPending([]);
        return say.add(replies.placed.replace('{total}', formatMoney(r.order.total))).done('confirm');
      }
      const pending = ports.pending();
      if (pending[0]) return say.add(question(pending[0])).done('confirm');
      return say.add(replies.nothingToConfirm).done('confirm');
    }
    case 'no': {
      const o = ports.peekOrder();
      if (o?.status === 'awaiting_confirmation') {
        const r = tools.reopen_order({});
        return say.add(r.ok ? replies.reopened : r.reason).done('deny');
      }
      const before = ports.pending();
      const first = before[0];
      if (first) {
        const pending = before.slice(1);
        ports.setPending(pending);
        say.add(`Okay, no ${first.name.toLowerCase()}.`);
        followUp(pending);
        return say.done('deny');
      }
      // "No" to "Anything else?" means the customer is done.
      if (o && o.lines.length > 0) return finish();
      return say.add(replies.nothingToConfirm).done('deny');
    }
    case 'cancel': {
      if (ports.pending().length > 0) ports.setPending([]);
      const r = tools.cancel_order({});
      return say.add(r.ok ? replies.cancelled : `${r.reason} What would you like?`).done('cancel');
    }
    case 'help':
      return say.add(replies.help).done('help');
    case 'ask_item': {
      const t = intent.target;
      const r = tools.find_items({ query: t.kind === 'item' ? t.item : '' });
      const info = r.ok ? r.items[0] : undefined;
      if (!info) return say.add(r.ok ? replies.notUnderstood : r.reason).done('ask_item');
      if (!info.available) {
        const why = info.unavailableReason ? ` ${info.unavailableReason.replace(/^./, (c) => c.toUpperCase()).replace(/\.?$/, '.')}` : '';
        return say.add(`Sorry, the ${info.name} isn't available right now.${why}`).done('ask_item');
      }
      return say.add(`The ${info.name} is ${pricesText(info)}.`).done('ask_item');
    }
  }
}
