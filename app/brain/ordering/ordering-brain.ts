/**
 * The ordering brain (drive-thru, counter): menu items with sizes and modifiers, an order per
 * session, read-back with the total and an explicit yes before the order is placed. The policy
 * itself is app/core/dialog/drive-thru-policy.ts; this binds it to the store and the grammar.
 */
import { z } from 'zod';
import { runDriveThruTurn, type DialogPorts, type PendingLine, type PolicyReply } from '../../core/dialog/drive-thru-policy.js';
import { intentFromTags, type Intent } from '../../core/dialog/intent.js';
import { lineForScreen } from '../../core/dialog/order-text.js';
import { formatMoney } from '../../core/speakable.js';
import type { OrderView, ScreenCard } from '../../core/turn.js';
import { driveThruToolApi } from '../../tools/drive-thru/index.js';
import { menuForGrammar } from '../../tools/drive-thru/menu-repo.js';
import { activeOrder, latestOrder, orderView, readPendingJson, writePendingJson } from '../../tools/drive-thru/order-repo.js';
import type { BrainFactory, DomainBrain, ToolRunner, UniversalIntent } from '../brain.js';
import { sessionState } from '../session-state.js';
import { ambiguousHeads, orderingIntents } from './ordering-grammar.js';
import { orderingPhrasesSchema } from './ordering-phrases.js';
import { orderingRepliesSchema, type OrderingReplies } from './ordering-replies.js';

const pendingSchema = z.array(z.object({
  item: z.string(), size: z.string().nullable(), quantity: z.number().int().min(1), modifiers: z.array(z.string()),
  name: z.string(), sizes: z.array(z.string()),
}));

const snapshotLine = z.object({ item: z.string(), size: z.string().nullable(), quantity: z.number().int(), modifiers: z.array(z.string()) });
const undoSchema = z.object({ lines: z.array(snapshotLine) }).nullable();

const MUTATING = new Set(['add_item', 'remove_item', 'change_item']);

export const ORDERING_TOOLS = ['find_items', 'add_item', 'remove_item', 'change_item', 'read_back_order', 'request_confirmation', 'reopen_order', 'place_order', 'cancel_order'] as const;

export const createOrderingBrain: BrainFactory<Intent> = (ctx) => {
  const { db } = ctx;
  // The pack's replies are fixed for the agent's life (the agent has checked them against the schema).
  const texts: OrderingReplies & { notUnderstood: string; help: string } = {
    ...orderingRepliesSchema.parse(Object.fromEntries(Object.entries(ctx.pack.replies).filter(([k]) => k in orderingRepliesSchema.shape))),
    notUnderstood: ctx.pack.replies['notUnderstood'] ?? '',
    help: ctx.pack.replies['help'] ?? '',
  };

  const currentOrder = (sessionId: string): OrderView | null => {
    const o = latestOrder(db, sessionId);
    return o ? orderView(db, o) : null;
  };

  const ports = (run: ToolRunner): DialogPorts => {
    const tools = driveThruToolApi({ db, sessionId: run.sessionId, customerConfirmed: run.customerConfirmed }, run.records);
    return {
      tools,
      replies: texts,
      candidates: (head) => {
        const menu = menuForGrammar(db);
        const forms = new Map<string, string>();
        for (const it of menu.items) for (const f of [it.name, ...it.aliases]) forms.set(f.toLowerCase(), it.slug);
        const heads = ambiguousHeads(menu, forms);
        const slugs = heads.get(head) ?? heads.get(head.replace(/(?:es|s)$/, '')) ?? [];
        const names = menu.items.filter((i) => slugs.includes(i.slug)).map((i) => i.name);
        const noun = names[0]?.split(/\s+/).pop()?.toLowerCase() ?? head;
        return { noun, names };
      },
      pending: () => {
        let raw: unknown = [];
        try { raw = JSON.parse(readPendingJson(db, run.sessionId)); } catch { /* unreadable: treat as none */ }
        const parsed = pendingSchema.safeParse(raw);
        return parsed.success ? parsed.data.map((p): PendingLine => ({ ...p })) : [];
      },
      setPending: (lines) => writePendingJson(db, run.sessionId, JSON.stringify(lines)),
      peekOrder: () => {
        const o = activeOrder(db, run.sessionId);
        return o ? orderView(db, o) : null;
      },
    };
  };

  const snapshot = (sessionId: string): z.infer<typeof snapshotLine>[] | null => {
    const o = activeOrder(db, sessionId);
    if (!o) return null;
    const v = orderView(db, o);
    return v.status === 'open' ? v.lines.map((l) => ({ item: l.item, size: l.size, quantity: l.quantity, modifiers: l.modifiers })) : null;
  };

  /** Puts the order back as it was before the last change: remove every line, re-add the saved ones at today's prices. */
  const undo = (run: ToolRunner): PolicyReply => {
    const st = sessionState(db, run.sessionId);
    const saved = st.get('undo', undoSchema, null);
    const o = activeOrder(db, run.sessionId);
    if (!saved || !o || orderView(db, o).status !== 'open') return { intent: 'undo', reply: texts.nothingToUndo, spoken: texts.nothingToUndo };
    const { tools } = ports(run);
    const lines = orderView(db, o).lines;
    for (let n = lines.length; n >= 1; n--) tools.remove_item({ line: n });
    for (const l of saved.lines) tools.add_item({ item: l.item, size: l.size, quantity: l.quantity, modifiers: l.modifiers });
    st.delete('undo');
    const now = activeOrder(db, run.sessionId);
    const view = now ? orderView(db, now) : null;
    const what = view && view.lines.length > 0 ? ` You have ${view.lines.map(lineForScreen).join(', ')}.` : '';
    return { intent: 'undo', reply: `${texts.undone}${what}`, spoken: `${texts.undone}${what}` };
  };

  const brain: DomainBrain<Intent> = {
    phrasesSchema: orderingPhrasesSchema,
    repliesSchema: orderingRepliesSchema,
    availableTools: ORDERING_TOOLS,
    requiredTools: ['add_item', 'read_back_order', 'request_confirmation', 'place_order', 'cancel_order'],
    grammar: (kit, raw) => {
      return orderingIntents(menuForGrammar(db), orderingPhrasesSchema.parse(raw), kit);
    },
    interpret: (_name, match) => intentFromTags(match.tags),
    merge: (parts) => {
      const adds = parts.flatMap((p) => (p.kind === 'add' ? [p] : []));
      if (adds.length === 0) return null;
      return { kind: 'add', lines: adds.flatMap((a) => a.lines), ambiguous: adds.flatMap((a) => a.ambiguous) };
    },
    act: (intent: Intent | UniversalIntent, run) => {
      if (intent.kind === 'undo') return undo(run);
      const before = snapshot(run.sessionId);
      const reply = runDriveThruTurn(intent, ports(run));
      if (before !== null && run.records.some((c) => MUTATING.has(c.name) && isOk(c.result))) {
        sessionState(db, run.sessionId).set('undo', { lines: before });
      } else if (before === null && run.records.some((c) => c.name === 'add_item' && isOk(c.result))) {
        sessionState(db, run.sessionId).set('undo', { lines: [] });
      }
      return reply;
    },
    reprompt: (sessionId) => {
      const pending = ports({ sessionId, customerConfirmed: false, records: [] }).pending();
      const first = pending[0];
      if (first) return `What size ${first.name.toLowerCase()}? We have ${first.sizes.join(', ')}.`;
      const o = activeOrder(db, sessionId);
      if (o && orderView(db, o).status === 'awaiting_confirmation') return texts.askConfirm;
      return null;
    },
    clear: (sessionId, run) => {
      const p = ports(run);
      const hadPending = p.pending().length > 0;
      if (hadPending) p.setPending([]);
      const o = activeOrder(db, sessionId);
      const r = o ? p.tools.cancel_order({}) : null;
      sessionState(db, sessionId).delete('undo');
      return hadPending || (r?.ok ?? false);
    },
    card: (sessionId): ScreenCard | null => {
      const o = currentOrder(sessionId);
      if (!o) return null;
      return {
        title: 'Your order',
        rows: [...o.lines.map((l) => ({ label: lineForScreen(l), value: formatMoney(l.unitPrice * l.quantity) })), { label: 'Total', value: formatMoney(o.total) }],
        status: o.status,
      };
    },
    order: currentOrder,
  };
  return brain;
};

function isOk(result: unknown): boolean {
  return typeof result === 'object' && result !== null && (result as { ok?: unknown }).ok === true;
}
