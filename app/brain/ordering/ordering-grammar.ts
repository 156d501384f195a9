/**
 * The ordering brain's grammar, compiled from the menu rows and the pack's phrase templates:
 * order lines ([qty] [size] item [modifiers]), changes, removals, item questions, "that's all",
 * read-back, and the answer to "What size?". Tags: qty=, size=, item=, mod=, line, ref, to_size=,
 * to_qty=, amb= (a word that names several items, "sandwich"); see ordering-intent.ts.
 */
import { HeedError } from '../../core/errors.js';
import { alt, optional, phrase, phrases, seq, tag, word, type GrammarNode } from '../../core/grammar/ast.js';
import type { GrammarKit } from '../brain.js';
import type { OrderingPhrases } from './ordering-phrases.js';

export interface GrammarMenuItem {
  id: number;
  slug: string;
  name: string;
  category: string;
  sizes: string[];
  aliases: string[];
}

export interface GrammarMenuModifier {
  id: number;
  slug: string;
  name: string;
  kind: 'remove' | 'add' | 'extra';
  target: string;
  categories: string[];
}

export interface DriveThruMenu {
  items: GrammarMenuItem[];
  modifiers: GrammarMenuModifier[];
}

function pluralOf(w: string): string | null {
  if (/(s|ies)$/.test(w)) return null;
  if (/(ch|sh|x|z)$/.test(w)) return `${w}es`;
  if (/[^aeiou]y$/.test(w)) return `${w.slice(0, -1)}ies`;
  return `${w}s`;
}

/** Words that end several item names but name none themselves ("sandwich", "combo"): asking which one. */
export function ambiguousHeads(menu: DriveThruMenu, forms: ReadonlyMap<string, string>): Map<string, string[]> {
  const byHead = new Map<string, Set<string>>();
  for (const [form, slug] of forms) {
    const words = form.split(' ');
    if (words.length < 2) continue;
    const head = words[words.length - 1] as string;
    const set = byHead.get(head) ?? new Set<string>();
    set.add(slug);
    byHead.set(head, set);
  }
  const out = new Map<string, string[]>();
  for (const [head, slugs] of byHead) {
    if (slugs.size >= 2 && !forms.has(head)) out.set(head, menu.items.filter((i) => slugs.has(i.slug)).map((i) => i.slug));
  }
  return out;
}

export function orderingIntents(menu: DriveThruMenu, p: OrderingPhrases, kit: GrammarKit): Array<[string, GrammarNode]> {
  const list = (texts: string[], key: string): GrammarNode => kit.phrases(texts, `phrases.json ${key}`);
  const spoken = (texts: string[], key: string): string[] => texts.map((t) => kit.spoken(t, `phrase "${t}" (phrases.json ${key})`));

  // Items: every spoken form (name, aliases, and plurals the dictionary knows) → item tag.
  const owner = new Map<string, string>();
  const itemNode = new Map<string, GrammarNode>();
  for (const it of menu.items) {
    const row = `menu item "${it.name}" (menu_items id ${it.id}, slug ${it.slug})`;
    const forms = [kit.spoken(it.name, row, true), ...it.aliases.map((a) => kit.spoken(a, `alias "${a}" of ${row}`, true))];
    const all: string[] = [];
    for (const f of forms) {
      const words = f.split(' ');
      const pl = pluralOf(words[words.length - 1] as string);
      const plural = pl !== null && kit.known(pl) ? [...words.slice(0, -1), pl].join(' ') : null;
      for (const form of plural ? [f, plural] : [f]) {
        const prev = owner.get(form);
        if (prev !== undefined && prev !== it.slug) throw new HeedError('GRAMMAR_INVALID', 'domain', `"${form}" names two menu items: ${prev} and ${it.slug} (${row})`);
        if (prev === undefined) all.push(form);
        owner.set(form, it.slug);
      }
    }
    // Longer forms first so the matcher's first path is the most specific.
    all.sort((a, b) => b.split(' ').length - a.split(' ').length);
    itemNode.set(it.slug, tag(phrases(all), `item=${it.slug}`));
  }
  const ambiguous = ambiguousHeads(menu, owner);

  const sizeWords = [...new Set(menu.items.flatMap((i) => i.sizes))].map((s) => kit.spoken(s, `size "${s}" (menu_item_sizes)`));
  const qtyEntries = Object.entries(p.quantities).map(([w, n]) => [kit.spoken(w, `quantity "${w}" (phrases.json quantities)`), n] as const);
  const qty = kit.rule('quantity', alt(...qtyEntries.map(([w, n]) => tag(phrase(w), `qty=${n}`))));
  const qtyFiller = p.quantityFillers.length > 0 ? optional(list(p.quantityFillers, 'quantityFillers')) : null;
  const size = sizeWords.length > 0 ? kit.rule('size', alt(...sizeWords.map((s) => tag(word(s), `size=${s}`)))) : null;
  const toSize = sizeWords.length > 0 ? kit.rule('new_size', seq(optional(alt(word('a'), word('an'))), alt(...sizeWords.map((s) => tag(word(s), `to_size=${s}`))))) : null;
  const toQty = kit.rule('new_quantity', alt(...qtyEntries.filter(([w]) => !['a', 'an', 'another'].includes(w)).map(([w, n]) => tag(phrase(w), `to_qty=${n}`))));

  const verbs = {
    remove: list(p.modifierVerbs.remove, 'modifierVerbs.remove'),
    add: list(p.modifierVerbs.add, 'modifierVerbs.add'),
    extra: list(p.modifierVerbs.extra, 'modifierVerbs.extra'),
  };
  const modJoin = p.modifierJoiners.length > 0 ? optional(list(p.modifierJoiners, 'modifierJoiners')) : null;

  // One line rule per category: [qty [order of]] ([size] sized-item | unsized-item) [modifiers].
  const categories = [...new Set(menu.items.map((i) => i.category))];
  const lineRefs: GrammarNode[] = [];
  const anyItems: GrammarNode[] = [];
  for (const c of categories) {
    const rn = c.replace(/[^a-z0-9]+/g, '_');
    const items = menu.items.filter((i) => i.category === c);
    const sized = items.filter((i) => i.sizes.length > 0).map((i) => itemNode.get(i.slug) as GrammarNode);
    const unsized = items.filter((i) => i.sizes.length === 0).map((i) => itemNode.get(i.slug) as GrammarNode);
    const heads: GrammarNode[] = [];
    if (sized.length > 0) heads.push(seq(...(size ? [optional(size)] : []), kit.rule(`${rn}_sized_items`, alt(...sized))));
    if (unsized.length > 0) heads.push(kit.rule(`${rn}_items`, alt(...unsized)));
    anyItems.push(...sized, ...unsized);
    const mods = menu.modifiers.filter((m) => m.categories.includes(c)).map((m) =>
      tag(seq(verbs[m.kind], phrase(kit.spoken(m.target, `target "${m.target}" of menu modifier "${m.name}" (menu_modifiers id ${m.id})`))), `mod=${m.slug}`));
    const parts: GrammarNode[] = [optional(qtyFiller ? seq(qty, qtyFiller) : qty), alt(...heads)];
    if (mods.length > 0) {
      const mod = kit.rule(`${rn}_modifier`, alt(...mods));
      const next = modJoin ? seq(modJoin, mod) : mod;
      parts.push(optional(seq(mod, optional(seq(next, optional(next))))));
    }
    lineRefs.push(kit.rule(`${rn}_line`, tag(seq(...parts), 'line')));
  }
  if (lineRefs.length === 0) throw new HeedError('GRAMMAR_INVALID', 'domain', 'The menu has no items: nothing can be ordered');
  // "a sandwich" when two sandwiches are on the menu: a line the policy answers with a question.
  if (ambiguous.size > 0) {
    const heads = [...ambiguous.keys()].map((h) => tag(word(h), `amb=${h}`));
    lineRefs.push(kit.rule('ambiguous_line', tag(seq(optional(qtyFiller ? seq(qty, qtyFiller) : qty), ...(size ? [optional(size)] : []), alt(...heads)), 'line')));
  }

  const line = kit.rule('line', alt(...lineRefs));
  const join = optional(list(p.lineJoiners, 'lineJoiners'));
  const tail = optional(list(p.politeTails, 'politeTails'));
  const add = kit.rule('add', seq(
    optional(list(p.leadIns, 'leadIns')),
    optional(list(p.carriers, 'carriers')),
    line,
    optional(seq(join, line, optional(seq(join, line)))),
    tail,
  ));

  const determiners = p.itemDeterminers.length > 0 ? optional(list(p.itemDeterminers, 'itemDeterminers')) : null;
  const itemRef = kit.rule('item_ref', tag(seq(...(determiners ? [determiners] : []), ...(size ? [optional(size)] : []), kit.rule('any_item', alt(...anyItems))), 'ref'));
  const slots: Record<string, GrammarNode> = { item: itemRef, qty: toQty, ...(toSize ? { size: toSize } : {}) };
  const templates = (texts: string[], key: string): GrammarNode => kit.templates(texts, `phrases.json ${key}`, slots);
  const leadIn = p.changeLeadIns.length > 0 ? optional(list(p.changeLeadIns, 'changeLeadIns')) : null;
  const withLead = (n: GrammarNode): GrammarNode => (leadIn ? seq(leadIn, n) : n);

  const intents: Array<[string, GrammarNode]> = [
    ['done', kit.rule('done', phrases(spoken(p.done, 'done')))],
    ['read_back', kit.rule('read_back', phrases(spoken(p.readBack, 'readBack')))],
    ['cancel_order', kit.rule('cancel_order', phrases(spoken(p.cancelOrder, 'cancelOrder')))],
    ['undo', kit.rule('undo', phrases(spoken(p.undo, 'undo')))],
    ['add', add],
    ['remove', kit.rule('remove', withLead(templates(p.remove, 'remove')))],
    ['change', kit.rule('change', seq(withLead(templates(p.change, 'change')), tail))],
    ['ask_item', kit.rule('ask_item', templates(p.askItem, 'askItem'))],
  ];
  if (toSize) intents.push(['size_answer', kit.rule('size_answer', templates(p.sizeAnswer, 'sizeAnswer'))]);
  return intents;
}
