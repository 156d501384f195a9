/**
 * The info brain's grammar, compiled from the store's data on every recompile: store names and
 * aliases, holidays, products and their aliases (with plurals the dictionary knows), the FAQ's
 * questions and their extra phrasings (faq_phrasings), and the FAQ topics; and from phrases.json.
 * Tags inside an intent: `ask=<kind>`, `faq=<id>`, `ordinal=<n>`, `here`; slots: location, day,
 * product, subject.
 */
import { alt, optional, seq, tag, type GrammarNode } from '../../core/grammar/ast.js';
import { HeedError } from '../../core/errors.js';
import type { Db } from '../../tools/store/open-store.js';
import { allProducts, productAliases } from '../../tools/info/product-repo.js';
import { allHolidays, allLocations, holidayAliases, locationAliases } from '../../tools/info/store-repo.js';
import type { GrammarKit } from '../brain.js';
import type { InfoIntentKind } from './info-intent.js';
import type { InfoPhrases } from './info-phrases.js';

interface Entry { forms: string[]; tag: string; where: string }

function pluralOf(w: string): string | null {
  if (/s$/.test(w)) return null;
  if (/(ch|sh|x|z)$/.test(w)) return `${w}es`;
  if (/[^aeiou]y$/.test(w)) return `${w.slice(0, -1)}ies`;
  return `${w}s`;
}

/** FAQ rows as the grammar hears them: each row's question and its extra phrasings. */
export function faqGrammarRows(db: Db): Array<{ id: number; question: string; phrasings: string[] }> {
  const hasPhrasings = db.prepare<[], { n: number }>("SELECT COUNT(*) AS n FROM sqlite_master WHERE type = 'table' AND name = 'faq_phrasings'").get()?.n === 1;
  const rows = db.prepare<[], { id: number; question: string }>('SELECT id, question FROM faq ORDER BY id').all();
  const phr = hasPhrasings ? db.prepare<[], { faqId: number; phrasing: string }>('SELECT faq_id AS faqId, phrasing FROM faq_phrasings ORDER BY faq_id, rowid').all() : [];
  return rows.map((r) => ({ ...r, phrasings: phr.filter((p) => p.faqId === r.id).map((p) => p.phrasing) }));
}

export function faqTopics(db: Db): string[] {
  return db.prepare<[], { topic: string }>("SELECT DISTINCT topic FROM faq WHERE topic IS NOT NULL AND trim(topic) <> '' ORDER BY topic").all().map((r) => r.topic);
}

export function infoIntents(kit: GrammarKit, p: InfoPhrases, db: Db): Array<[InfoIntentKind, GrammarNode]> {
  // Data forms are spoken forms; a form the recognizer cannot say at all (digits, symbols) is
  // left out rather than failing the whole grammar: the row stays reachable by its other forms.
  const used = new Set<string>();
  const speakable = (text: string, where: string): string | null => {
    try {
      return kit.spoken(text, where, true);
    } catch (err) {
      if (err instanceof HeedError && err.code === 'GRAMMAR_INVALID') return null;
      throw err;
    }
  };
  const entry = (forms: string[], tagName: string, where: string, plurals = false): Entry | null => {
    const out: string[] = [];
    for (const f of forms) {
      const s = speakable(f, where);
      if (s === null) continue;
      const words = s.split(' ');
      const pl = plurals ? pluralOf(words[words.length - 1] as string) : null;
      const plural = pl !== null && kit.known(pl) ? [...words.slice(0, -1), pl].join(' ') : null;
      for (const form of plural ? [s, plural] : [s]) {
        const key = `${tagName.split('=')[0] ?? ''}:${form}`;
        if (used.has(key)) continue;
        used.add(key);
        out.push(form);
      }
    }
    // Longer forms first: the matcher's first path is the most specific.
    out.sort((a, b) => b.split(' ').length - a.split(' ').length);
    return out.length > 0 ? { forms: out, tag: tagName, where } : null;
  };
  const present = <T>(xs: Array<T | null>): T[] => xs.filter((x): x is T => x !== null);
  const maybe = (texts: readonly string[], where: string): GrammarNode | null => (texts.length > 0 ? optional(kit.phrases(texts, where)) : null);
  const join = (...nodes: Array<GrammarNode | null>): GrammarNode => seq(...present(nodes));
  const lead = maybe(p.leadIns, 'leadIns');
  const tail = maybe(p.tails, 'tails');
  const wrap = (node: GrammarNode): GrammarNode => join(lead, node, tail);

  // Stores.
  const aliases = locationAliases(db);
  const locEntries = present(allLocations(db).map((l) => entry([l.name, l.slug.replace(/-/g, ' '), ...aliases.filter((a) => a.locationId === l.id).map((a) => a.alias)],
    `location=${l.slug}`, `location "${l.name}" (locations id ${l.id})`)));
  if (locEntries.length === 0) throw new HeedError('GRAMMAR_INVALID', 'domain', 'The store has no locations: the info kiosk needs at least one row in locations');
  const storeName = kit.rule('store_name', kit.names(locEntries));
  const store = kit.rule('store', alt(
    tag(kit.phrases(p.thisStore, 'thisStore'), 'here'),
    join(maybe(p.storeLeads, 'storeLeads'), kit.slot('location', storeName), maybe(p.storeNouns, 'storeNouns')),
  ));

  // Days: a built-in date, a holiday, "tonight", "right now".
  const hAliases = holidayAliases(db);
  const holidayEntries = present(allHolidays(db).map((h) => entry([h.name, ...hAliases.filter((a) => a.holidayId === h.id).map((a) => a.alias)],
    `holiday=${h.id}`, `holiday "${h.name}" (holidays id ${h.id})`)));
  const dayWords = kit.rule('day_words', alt(
    kit.builtin('date'),
    ...(holidayEntries.length > 0 ? [kit.names(holidayEntries)] : []),
    kit.phrases(p.now, 'now'),
    kit.phrases(p.tonight, 'tonight'),
  ));
  const day = optional(join(maybe(p.dayLeads, 'dayLeads'), kit.slot('day', dayWords)));

  // Products.
  const pAliases = productAliases(db);
  const productEntries = present(allProducts(db).map((pr) => entry([pr.name, ...pAliases.filter((a) => a.productId === pr.id).map((a) => a.alias)],
    `product=${pr.id}`, `product "${pr.name}" (products id ${pr.id}, sku ${pr.sku})`, true)));
  const product = productEntries.length > 0
    ? kit.rule('product', join(maybe(p.productDeterminers, 'productDeterminers'), kit.slot('product', kit.rule('product_name', kit.names(productEntries)))))
    : null;

  // FAQ questions and phrasings, and the subjects of "tell me about …".
  const faqEntries = present(faqGrammarRows(db).map((r) => entry([r.question, ...r.phrasings], `faq=${r.id}`, `faq #${r.id} "${r.question}"`)));
  const topicForms = present(faqTopics(db).map((t) => speakable(t, `faq topic "${t}"`)));
  const subjectForms = [...new Set([...topicForms, ...p.subjects.map((s) => kit.spoken(s, `subject "${s}" (phrases.json subjects)`))])];
  const subject = subjectForms.length > 0 ? kit.slot('subject', kit.rule('subject', kit.names([{ forms: subjectForms, tag: 'subject', where: 'faq topics and phrases.json subjects' }]))) : null;

  const slots: Record<string, GrammarNode> = { store, day };
  if (product) slots['product'] = product;
  if (subject) slots['subject'] = subject;
  const ordinals = Object.entries(p.ordinals);
  if (ordinals.length > 0) slots['ordinal'] = kit.rule('ordinal', alt(...ordinals.map(([w, n]) => tag(kit.phrases([w], 'ordinals'), `ordinal=${n}`))));
  const templates = (texts: readonly string[], key: string): GrammarNode => kit.templates(texts, `phrases.json ${key}`, slots);
  const ask = (node: GrammarNode, kind: string): GrammarNode => tag(node, `ask=${kind}`);

  const intents: Array<[InfoIntentKind, GrammarNode]> = [];
  if (faqEntries.length > 0) intents.push(['faq', kit.rule('faq', wrap(kit.names(faqEntries)))]);
  intents.push(['hours', kit.rule('hours', wrap(alt(
    ask(templates(p.hoursOpens, 'hoursOpens'), 'opens'),
    ask(templates(p.hoursCloses, 'hoursCloses'), 'closes'),
    ask(templates(p.hoursIsOpen, 'hoursIsOpen'), 'is_open'),
    ask(templates(p.hoursWeek, 'hoursWeek'), 'hours'),
  )))]);
  intents.push(['location', kit.rule('location', wrap(alt(
    ask(templates(p.address, 'address'), 'address'),
    ask(templates(p.phone, 'phone'), 'phone'),
    ask(templates(p.locations, 'locations'), 'list'),
  )))]);
  if (product) {
    intents.push(['product', kit.rule('product_question', wrap(alt(
      ask(templates(p.productWhere, 'productWhere'), 'where'),
      ask(templates(p.productPrice, 'productPrice'), 'price'),
      ask(templates(p.productStock, 'productStock'), 'stock'),
    )))]);
    intents.push(['product_choice', kit.rule('product_choice', wrap(templates(p.choice, 'choice')))]);
  }
  intents.push(['product_followup', kit.rule('product_followup', wrap(alt(
    ask(kit.phrases(p.followWhere, 'followWhere'), 'where'),
    ask(kit.phrases(p.followPrice, 'followPrice'), 'price'),
    ask(kit.phrases(p.followStock, 'followStock'), 'stock'),
  )))]);
  if (subject) intents.push(['topic', kit.rule('topic', wrap(templates(p.askAbout, 'askAbout')))]);
  intents.push(['refuse', kit.rule('refuse', wrap(templates(p.refuse, 'refuse')))]);
  intents.push(['off_topic', kit.rule('off_topic', wrap(kit.phrases(p.offTopic, 'offTopic')))]);
  intents.push(['greeting', kit.rule('greeting', kit.phrases(p.greeting, 'greeting'))]);
  intents.push(['thanks', kit.rule('thanks', kit.phrases(p.thanks, 'thanks'))]);
  return intents;
}
