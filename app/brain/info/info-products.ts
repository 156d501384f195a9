/**
 * Product questions → find_products → the reply: aisle, price and stock, the asked part first.
 * A name several products share ("drill") gets "Did you mean the cordless drill or the hammer
 * drill?" — except "where" questions about a few products, which are answered for all of them
 * ("where can I find batteries"). Nothing found offers a person.
 */
import type { CardRow, ScreenCard } from '../../core/turn.js';
import type { LocationInfo, ProductInfo } from '../../tools/info/info-tools.js';
import type { InfoToolApi } from '../../tools/info/index.js';
import type { ProductAsk } from './info-intent.js';
import { fill, type InfoReplies } from './info-replies.js';
import { Say } from './info-reply.js';
import type { InfoState, Pending } from './info-state.js';
import { capitalize, isPlural, listWords } from './info-text.js';

/** Most products listed in one "where" answer; more, or price / stock of several, asks which. */
const MAX_LISTED = 4;

export interface ProductContext {
  tools: InfoToolApi;
  replies: InfoReplies;
  state: InfoState;
}

const the = (p: ProductInfo): string => (isPlural(p.name) ? p.name : `the ${p.name}`);
const sized = (p: ProductInfo): string => (p.size ? `${the(p)} (${p.size})` : the(p));
const be = (p: ProductInfo): string => (isPlural(p.name) ? 'are' : 'is');
const it = (p: ProductInfo): string => (isPlural(p.name) ? "They're" : "It's");

/** Stock at the asked store, and where else to find it when it is out. `named`: the product was just named ("It's …"). */
function stockText(p: ProductInfo, at: LocationInfo, named: boolean): string {
  const here = at.isKiosk ? 'We have' : `The ${at.name} store has`;
  if (p.stock > 0) return `${here} ${p.stock} in stock.`;
  const others = p.stockByLocation.filter((s) => s.slug !== at.slug && s.quantity > 0);
  const subject = named ? `${it(p)}` : `${capitalize(the(p))} ${be(p)}`;
  const out = `${subject} out of stock ${at.isKiosk ? 'here' : `at the ${at.name} store`}`;
  if (others.length === 0) return `${out}, and at our other stores too.`;
  return `${out}, but ${listWords(others.map((s) => `${s.isKiosk ? 'this store' : `the ${s.name} store`} has ${s.quantity}`))}.`;
}

function productCard(ps: ProductInfo[], at: LocationInfo): ScreenCard {
  const rows: CardRow[] = ps.flatMap((p) => [
    { label: p.name, value: `${p.priceText}${p.size ? ` · ${p.size}` : ''}` },
    { label: 'Aisle', value: `${p.aisle} (${p.department})` },
    { label: `In stock at ${at.name}`, value: String(p.stock) },
  ]);
  return { title: ps.length === 1 ? (ps[0] as ProductInfo).name : 'Products', rows, status: null };
}

/** One product, the asked part first. */
export function oneProduct(say: Say, p: ProductInfo, at: LocationInfo, ask: ProductAsk): Say {
  const aisle = `aisle ${p.aisle} (${p.department})`;
  const aisleVoice = `aisle ${p.aisle}, in ${p.department}`;
  switch (ask) {
    case 'where':
      say.add(`${capitalize(the(p))} ${be(p)} in ${aisle}, ${p.priceText}.`, `${capitalize(the(p))} ${be(p)} in ${aisleVoice}, for ${p.priceText}.`);
      say.add(stockText(p, at, true));
      break;
    case 'price':
      say.add(`${capitalize(sized(p))} ${be(p)} ${p.priceText}.`, `${capitalize(the(p))} ${be(p)} ${p.priceText}.`);
      say.add(`${it(p)} in ${aisle}.`, `${it(p)} in ${aisleVoice}.`);
      say.add(stockText(p, at, true));
      break;
    case 'stock':
      if (p.stock > 0) {
        say.add(`Yes. ${stockText(p, at, false)}`);
        say.add(`${it(p)} in ${aisle}, ${p.priceText}.`, `${it(p)} in ${aisleVoice}, for ${p.priceText}.`);
      } else {
        say.add(`Sorry, ${stockText(p, at, false).replace(/^The /, 'the ')}`);
      }
      break;
  }
  say.card = productCard([p], at);
  return say;
}

function listProducts(say: Say, query: string, ps: ProductInfo[], at: LocationInfo): Say {
  const aisles = [...new Set(ps.map((p) => p.aisle))];
  const item = (p: ProductInfo): string => `${p.name} ${p.priceText} (${p.stock > 0 ? `${p.stock} in stock` : 'out of stock'})`;
  const label = capitalize(query.replace(/^(?:the|a|an|some|any)\s+/, ''));
  const itemVoice = (p: ProductInfo): string => `${p.name} for ${p.priceText}, ${p.stock > 0 ? `${p.stock} in stock` : 'out of stock'}`;
  if (aisles.length === 1) {
    const p0 = ps[0] as ProductInfo;
    say.add(`${label} are in aisle ${p0.aisle} (${p0.department}): ${listWords(ps.map(item))}.`,
      `${label} are in aisle ${p0.aisle}: ${ps.map(itemVoice).join('; ')}.`);
  } else {
    say.add(`We have ${listWords(ps.map((p) => `${the(p)} in aisle ${p.aisle} (${p.priceText})`))}.`);
  }
  if (!at.isKiosk) say.add(`Stock is for the ${at.name} store.`);
  say.card = productCard(ps, at);
  return say;
}

function askWhich(say: Say, c: ProductContext, ps: ProductInfo[], ask: ProductAsk, location: string | null, prefix = 'Did you mean'): Say {
  const names = ps.map((p) => `the ${p.name.toLowerCase()}`);
  const question = ps.length <= MAX_LISTED ? `${prefix} ${listWords(names, 'or')}?` : `We have ${ps.length} kinds: ${listWords(names, 'and')}. Which one do you mean?`;
  const pending: Pending = { kind: 'choose_product', ask, location, options: ps.map((p) => ({ id: p.id, name: p.name })), question };
  c.state.setPending(pending);
  return say.add(question);
}

/** A product question. */
export function answerProduct(c: ProductContext, query: string, ask: ProductAsk, location: string | null): Say {
  const say = new Say();
  const r = c.tools.find_products(location === null ? { query } : { query, location });
  if (!r.ok) return say.add(r.reason);
  if (r.exact.length === 1) {
    c.state.setLastProduct({ query: (r.exact[0] as ProductInfo).name, location });
    return oneProduct(say, r.exact[0] as ProductInfo, r.location, ask);
  }
  if (r.exact.length > 1) {
    if (ask === 'where' && r.exact.length <= MAX_LISTED) {
      c.state.setLastProduct(null);
      return listProducts(say, query, r.exact, r.location);
    }
    return askWhich(say, c, r.exact, ask, location);
  }
  if (r.close.length > 0) return askWhich(say, c, r.close, ask, location);
  c.state.setPending({ kind: 'offer_handoff', question: fill(c.replies.productNotFound, { query }) });
  return say.add(fill(c.replies.productNotFound, { query }));
}

/** The answer to "Did you mean …?": a product named, or an ordinal ("the second one"). */
export function answerChoice(c: ProductContext, query: string | null, ordinal: number | null): Say {
  const pending = c.state.pending();
  if (pending?.kind !== 'choose_product') {
    // Not answering anything: a product name alone is a question about it.
    if (query !== null) return answerProduct(c, query, 'where', null);
    return new Say().add(c.replies.whichProduct);
  }
  let picked: { id: number; name: string } | undefined;
  if (ordinal !== null) picked = ordinal === -1 ? pending.options[pending.options.length - 1] : pending.options[ordinal - 1];
  if (query !== null && !picked) {
    const r = c.tools.find_products({ query });
    const ids = r.ok ? [...r.exact, ...r.close].map((p) => p.id) : [];
    const among = pending.options.filter((o) => ids.includes(o.id));
    if (among.length === 1) picked = among[0];
    else if (among.length === 0) {
      c.state.setPending(null);
      return answerProduct(c, query, pending.ask, pending.location);
    }
  }
  if (!picked) return new Say().add(pending.question);
  c.state.setPending(null);
  return answerProduct(c, picked.name, pending.ask, pending.location);
}

/** "Yes" to "Did you mean the X?" with a single option. */
export function confirmChoice(c: ProductContext, pending: Extract<NonNullable<Pending>, { kind: 'choose_product' }>): Say {
  const only = pending.options.length === 1 ? pending.options[0] : undefined;
  if (!only) return new Say().add(pending.question.replace(/^Did you mean/, 'Which one:'));
  c.state.setPending(null);
  return answerProduct(c, only.name, pending.ask, pending.location);
}

/** "How much is it?" about the last product. */
export function answerFollowup(c: ProductContext, ask: ProductAsk): Say {
  const last = c.state.lastProduct();
  if (!last) return new Say().add(c.replies.whichProduct);
  return answerProduct(c, last.query, ask, last.location);
}
