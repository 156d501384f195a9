/**
 * What the info brain keeps per session (in dialog_state, not in the store's data): the open
 * question ("Did you mean …?", "Shall I get someone?"), the product last talked about (for "how
 * much is it"), and the card the screen shows.
 */
import { z } from 'zod';
import type { ScreenCard } from '../../core/turn.js';
import type { Db } from '../../tools/store/open-store.js';
import { sessionState } from '../session-state.js';

const askSchema = z.enum(['where', 'price', 'stock']);

export const pendingSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('choose_product'),
    ask: askSchema,
    location: z.string().nullable(),
    options: z.array(z.object({ id: z.number().int(), name: z.string() })).min(1),
    question: z.string(),
  }),
  z.object({ kind: z.literal('offer_handoff'), question: z.string() }),
]).nullable();

export type Pending = z.infer<typeof pendingSchema>;

export const lastProductsSchema = z.object({ query: z.string(), location: z.string().nullable() }).nullable();

const cardSchema = z.object({
  title: z.string(),
  rows: z.array(z.object({ label: z.string(), value: z.string() })),
  status: z.string().nullable(),
}).nullable();

const K = { pending: 'info_pending', last: 'info_last_product', card: 'info_card' } as const;

export interface InfoState {
  pending(): Pending;
  setPending(p: Pending): void;
  lastProduct(): z.infer<typeof lastProductsSchema>;
  setLastProduct(v: z.infer<typeof lastProductsSchema>): void;
  card(): ScreenCard | null;
  setCard(c: ScreenCard | null): void;
  /** Drops everything; true when a question was open. */
  clear(): boolean;
}

export function infoState(db: Db, sessionId: string): InfoState {
  const st = sessionState(db, sessionId);
  const put = (key: string, v: unknown): void => { if (v === null) st.delete(key); else st.set(key, v); };
  return {
    pending: () => st.get(K.pending, pendingSchema, null),
    setPending: (p) => put(K.pending, p),
    lastProduct: () => st.get(K.last, lastProductsSchema, null),
    setLastProduct: (v) => put(K.last, v),
    card: () => st.get(K.card, cardSchema, null),
    setCard: (c) => put(K.card, c),
    clear: () => {
      const had = st.get(K.pending, pendingSchema, null) !== null;
      for (const k of Object.values(K)) st.delete(k);
      return had;
    },
  };
}
