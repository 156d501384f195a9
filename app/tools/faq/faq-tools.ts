/**
 * FAQ tools for any pack with an `faq` table: search_faq (free question → one answer or unknown)
 * and read_faq (a row the grammar already identified). Answers are the row's text, verbatim, with
 * a pointer to the row it came from.
 */
import { z } from 'zod';
import { defineTool } from '../drive-thru/define-tool.js';
import { ensureFaqIndex } from './faq-index.js';
import { bestAnswer, faqPointer, isFaqRelated } from './faq-search.js';

export interface FaqFound {
  ok: true;
  found: true;
  faqId: number;
  question: string;
  /** The row's answer, verbatim. */
  answer: string;
  source: string | null;
  /** "faq #12, Returns policy §2" */
  pointer: string;
}

export interface FaqNotFound {
  ok: true;
  found: false;
  /** Why: nothing matched well enough (search) or no such row (read). */
  reason: string;
  /** The question touches what the FAQ covers (a person should answer it), rather than something else entirely. */
  related: boolean;
}

export type FaqResult = FaqFound | FaqNotFound;

export const searchFaqTool = defineTool({
  name: 'search_faq',
  description: "Searches the store's FAQ (policies, services, store guide) for a customer's question. Returns one answer with its source, or found=false when nothing matches well enough (then say you don't know and offer a person).",
  schema: z.object({ query: z.string().max(300) }).strict(),
  run: ({ db }, { query }): FaqResult => {
    const d = bestAnswer(db, query);
    if (d.kind === 'unknown') return { ok: true, found: false, reason: 'No FAQ entry matches the question well enough.', related: isFaqRelated(d) };
    return { ok: true, found: true, faqId: d.faqId, question: d.question, answer: d.answer, source: d.source, pointer: faqPointer(d.faqId, d.source) };
  },
});

export const readFaqTool = defineTool({
  name: 'read_faq',
  description: 'Reads one FAQ entry by id (the answer verbatim, with its source).',
  schema: z.object({ id: z.number().int().min(1) }).strict(),
  run: ({ db }, { id }): FaqResult => {
    ensureFaqIndex(db);
    const row = db.prepare<[number], { id: number; question: string; answer: string; source: string | null }>(
      'SELECT id, question, answer, source FROM faq WHERE id = ?').get(id);
    if (!row) return { ok: true, found: false, reason: `There is no FAQ entry #${id}.`, related: false };
    return { ok: true, found: true, faqId: row.id, question: row.question, answer: row.answer, source: row.source, pointer: faqPointer(row.id, row.source) };
  },
});

export const faqTopicTool = defineTool({
  name: 'faq_topic',
  description: 'Lists the FAQ questions filed under one topic (e.g. "gift cards"), to offer them when a customer asks about the topic in general.',
  schema: z.object({ topic: z.string().trim().min(1).max(80) }).strict(),
  run: ({ db }, { topic }): { ok: true; topic: string; questions: Array<{ faqId: number; question: string }> } => {
    ensureFaqIndex(db);
    const rows = db.prepare<[string], { faqId: number; question: string }>(
      'SELECT id AS faqId, question FROM faq WHERE lower(trim(topic)) = lower(?) ORDER BY id').all(topic);
    return { ok: true, topic, questions: rows };
  },
});

export const FAQ_TOOLS = { search_faq: searchFaqTool, read_faq: readFaqTool, faq_topic: faqTopicTool } as const;
