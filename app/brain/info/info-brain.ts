/**
 * The info brain (a shop's info kiosk): store hours, locations, products (aisle, price, stock) and
 * the FAQ. Read-only: every fact in a reply comes from a tool result; what it cannot answer it
 * hands to a person (a reply with intent "handoff": the agent files the staff request).
 */
import { normalizeTypedText } from '../../core/dialog/normalize-text.js';
import { faqQueryTerms } from '../../tools/faq/faq-terms.js';
import { hasFaqTable, ensureFaqIndex } from '../../tools/faq/faq-index.js';
import type { FaqFound, FaqResult } from '../../tools/faq/faq-tools.js';
import { infoToolApi, type InfoToolApi } from '../../tools/info/index.js';
import type { BrainFactory, DomainBrain, PolicyReply, ToolRunner, UniversalIntent } from '../brain.js';
import { infoIntents } from './info-grammar.js';
import { answerHours } from './info-hours.js';
import type { InfoIntent } from './info-intent.js';
import { interpretInfo } from './info-interpret.js';
import { answerLocation } from './info-locations.js';
import { infoPhrasesSchema, type InfoPhrases } from './info-phrases.js';
import { answerChoice, answerFollowup, answerProduct, confirmChoice, type ProductContext } from './info-products.js';
import { infoRepliesSchema, type InfoReplies } from './info-replies.js';
import { Say } from './info-reply.js';
import { infoState } from './info-state.js';
import { capitalize } from './info-text.js';

export const INFO_BRAIN_TOOLS = ['store_hours', 'find_locations', 'find_products', 'search_faq', 'read_faq', 'faq_topic'] as const;

/** Day words the hours logic needs before the grammar was compiled once (phrases.json normally gives them). */
const FALLBACK_DAY_WORDS = { now: ['now', 'right now'], tonight: ['tonight'] };

export const createInfoBrain: BrainFactory<InfoIntent> = (ctx) => {
  const { db } = ctx;
  // The FAQ index is built (or repaired) when the kiosk opens, not in the middle of a turn.
  if (hasFaqTable(db)) ensureFaqIndex(db);
  let phrases: InfoPhrases | null = null;

  const replies = (): InfoReplies => infoRepliesSchema.parse(
    Object.fromEntries(Object.entries(ctx.pack.replies).filter(([k]) => k in infoRepliesSchema.shape)),
  );
  const universal = (key: string): string => ctx.pack.replies[key] ?? '';
  const api = (run: ToolRunner): InfoToolApi => infoToolApi({ db, sessionId: run.sessionId, customerConfirmed: run.customerConfirmed }, run.records);

  const faqReply = (f: FaqFound): Say => {
    const say = new Say().add(`${f.answer} [${f.pointer}]`, f.answer);
    say.card = { title: f.question, rows: [{ label: 'Answer', value: f.answer }, { label: 'Source', value: f.pointer }], status: null };
    return say;
  };
  /** An FAQ tool result → the answer, or "I don't know, let me get someone". */
  const faqOrHandoff = (r: FaqResult, rep: InfoReplies): { say: Say; name: string } =>
    (r.found ? { say: faqReply(r), name: 'faq' } : { say: new Say().add(rep.unknownAnswer), name: 'handoff' });

  const act = (intent: InfoIntent | UniversalIntent, run: ToolRunner): { say: Say; name: string } => {
    const tools = api(run);
    const state = infoState(db, run.sessionId);
    const rep = replies();
    const pc: ProductContext = { tools, replies: rep, state };
    const pending = state.pending();
    const plain = (name: string, text: string): { say: Say; name: string } => ({ say: new Say().add(text), name });
    // A new question drops an open one ("Did you mean …?" left unanswered).
    if (!['yes', 'no', 'cancel', 'product_choice'].includes(intent.kind)) state.setPending(null);
    switch (intent.kind) {
      case 'yes':
        if (pending?.kind === 'offer_handoff') {
          state.setPending(null);
          return plain('handoff', rep.handoffAccepted);
        }
        if (pending?.kind === 'choose_product') return { say: confirmChoice(pc, pending), name: 'product' };
        return plain('yes', rep.anythingElse);
      case 'no':
        state.setPending(null);
        return plain('no', rep.anythingElse);
      case 'cancel':
        state.setPending(null);
        return plain('cancel', rep.cancelled);
      case 'hours': {
        const p = phrases ?? FALLBACK_DAY_WORDS;
        return { say: answerHours(intent, { tools, replies: rep, phrases: { now: p.now, tonight: p.tonight }, now: ctx.now() }), name: 'hours' };
      }
      case 'location':
        return { say: answerLocation(tools, intent.ask, intent.location), name: 'location' };
      case 'product':
        return { say: answerProduct(pc, intent.query, intent.ask, intent.location), name: 'product' };
      case 'product_followup':
        return { say: answerFollowup(pc, intent.ask), name: 'product' };
      case 'product_choice':
        return { say: answerChoice(pc, intent.query, intent.ordinal), name: 'product' };
      case 'faq':
        return faqOrHandoff(tools.read_faq({ id: intent.faqId }), rep);
      case 'topic': {
        // A topic the FAQ files several questions under: offer them (each is in the grammar).
        const listed = tools.faq_topic({ topic: intent.subject }).questions;
        if (listed.length > 1) {
          const say = new Say().add(`Here's what I can tell you about ${intent.subject}: ${listed.map((q) => q.question).join(' ')} Which would you like to know?`);
          say.card = { title: capitalize(intent.subject), rows: listed.map((q) => ({ label: `faq #${q.faqId}`, value: q.question })), status: null };
          return { say, name: 'faq_topic' };
        }
        if (listed.length === 1) return faqOrHandoff(tools.read_faq({ id: (listed[0] as { faqId: number }).faqId }), rep);
        const found = tools.search_faq({ query: intent.subject });
        if (found.found) return { say: faqReply(found), name: 'faq' };
        return plain('handoff', rep.unknownAnswer);
      }
      case 'refuse':
        return plain('refuse', rep.readOnly);
      case 'off_topic':
        return plain('off_topic', universal('offTopic'));
      case 'greeting':
        return plain('greeting', ctx.pack.persona.greeting);
      case 'thanks':
        state.setPending(null);
        return plain('thanks', rep.thanks);
    }
  };

  const brain: DomainBrain<InfoIntent> & { freeText(text: string, run: ToolRunner): PolicyReply | null } = {
    phrasesSchema: infoPhrasesSchema,
    repliesSchema: infoRepliesSchema,
    availableTools: INFO_BRAIN_TOOLS,
    requiredTools: INFO_BRAIN_TOOLS,
    grammar: (kit, raw) => {
      phrases = infoPhrasesSchema.parse(raw);
      return infoIntents(kit, phrases, db);
    },
    interpret: (name, match, words) => interpretInfo(name, match, words),
    act: (intent, run) => {
      const { say, name } = act(intent, run);
      const state = infoState(db, run.sessionId);
      if (say.card) state.setCard(say.card);
      return say.done(name);
    },
    /**
     * Words the grammar could not parse: FAQ search over them. An answer good enough is given; a
     * question about what the FAQ covers but not answered well enough gets a person ("handoff");
     * anything else is left to the agent (not understood / off topic).
     */
    freeText: (text, run) => {
      // Typed shorthand expanded first ("u" → "you", "w/o" → "without").
      const query = normalizeTypedText(text.slice(0, 600)).join(' ').slice(0, 300);
      if (faqQueryTerms(query).length === 0) return null;
      const r = api(run).search_faq({ query });
      if (r.found) {
        const say = faqReply(r);
        if (say.card) infoState(db, run.sessionId).setCard(say.card);
        return say.done('faq');
      }
      return r.related ? new Say().add(replies().unknownAnswer).done('handoff') : null;
    },
    reprompt: (sessionId) => infoState(db, sessionId).pending()?.question ?? null,
    clear: (sessionId) => infoState(db, sessionId).clear(),
    card: (sessionId) => infoState(db, sessionId).card(),
  };
  return brain;
};
