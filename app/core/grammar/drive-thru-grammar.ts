/**
 * Compiles the drive-thru recognition grammar from the menu rows and the domain's phrase
 * templates. The same AST drives the JSGF text for pocketsphinx and the matcher that turns words
 * into tags (see drive-thru-tags.ts for the tag vocabulary).
 */
import { HeedError } from '../errors.js';
import type { CompiledGrammar } from '../turn.js';
import { alt, grammarWords, makeGrammar, optional, phrase, phrases, ref, seq, tag, word, type Grammar, type GrammarNode, type GrammarRule } from './ast.js';
import type { PronunciationDictionary } from './dictionary.js';
import type { DriveThruPhrases } from './drive-thru-phrases.js';
import { writeJsgf } from './jsgf-writer.js';

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

export interface DriveThruGrammar {
  grammar: Grammar;
  compiled: CompiledGrammar;
}

/** "Spicy Chicken-Sandwich!" → "spicy chicken sandwich" (apostrophes kept, as in cmudict). */
export function spokenForm(text: string): string {
  return text.toLowerCase().replace(/[’‘]/g, "'").replace(/&/g, ' and ').replace(/[^a-z0-9' ]+/g, ' ').trim().split(/\s+/).join(' ');
}

function pluralOf(w: string): string | null {
  if (/(s|ies)$/.test(w)) return null;
  if (/(ch|sh|x|z)$/.test(w)) return `${w}es`;
  if (/[^aeiou]y$/.test(w)) return `${w.slice(0, -1)}ies`;
  return `${w}s`;
}

export function compileDriveThruGrammar(menu: DriveThruMenu, p: DriveThruPhrases, dict: PronunciationDictionary, name = 'drive_thru'): DriveThruGrammar {
  // Words of the store's own data (menu names, aliases) that the dictionary lacks are kept when
  // they are plain letters: the recognizer gives them letter-to-sound pronunciations. Authored
  // phrases must use dictionary words.
  const unknown = new Set<string>();
  const check = (text: string, where: string, data = false): string => {
    const spoken = spokenForm(text);
    if (spoken.length === 0) throw oov('', where, dict.path, `${where} has no speakable words`);
    for (const w of spoken.split(' ')) {
      if (dict.has(w)) continue;
      if (data && /^[a-z]{2,}$/.test(w)) unknown.add(w);
      else throw oov(w, where, dict.path);
    }
    return spoken;
  };
  const list = (texts: string[], key: string): string[] => texts.map((t) => check(t, `phrase "${t}" (phrases.json ${key})`));

  // Items: every spoken form (name, aliases, and plurals the dictionary knows) → item tag.
  const owner = new Map<string, string>();
  const itemNode = new Map<string, GrammarNode>();
  for (const it of menu.items) {
    const row = `menu item "${it.name}" (menu_items id ${it.id}, slug ${it.slug})`;
    const forms = [check(it.name, row, true), ...it.aliases.map((a) => check(a, `alias "${a}" of ${row}`, true))];
    const all: string[] = [];
    for (const f of forms) {
      const words = f.split(' ');
      const pl = pluralOf(words[words.length - 1] as string);
      const plural = pl !== null && dict.has(pl) ? [...words.slice(0, -1), pl].join(' ') : null;
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

  const rules: GrammarRule[] = [];
  const rule = (ruleName: string, node: GrammarNode, isPublic = false): GrammarNode => {
    rules.push({ name: ruleName, isPublic, node });
    return ref(ruleName);
  };

  const sizeWords = [...new Set(menu.items.flatMap((i) => i.sizes))].map((s) => check(s, `size "${s}" (menu_item_sizes)`));
  const qtyEntries = Object.entries(p.quantities).map(([w, n]) => [check(w, `quantity "${w}" (phrases.json quantities)`), n] as const);
  const qty = rule('quantity', alt(...qtyEntries.map(([w, n]) => tag(phrase(w), `qty=${n}`))));
  const qtyFiller = p.quantityFillers.length > 0 ? optional(phrases(list(p.quantityFillers, 'quantityFillers'))) : null;
  const size = sizeWords.length > 0 ? rule('size', alt(...sizeWords.map((s) => tag(word(s), `size=${s}`)))) : null;
  const toSize = sizeWords.length > 0 ? rule('new_size', seq(optional(alt(word('a'), word('an'))), alt(...sizeWords.map((s) => tag(word(s), `to_size=${s}`))))) : null;
  const toQty = rule('new_quantity', alt(...qtyEntries.filter(([w]) => !['a', 'an', 'another'].includes(w)).map(([w, n]) => tag(phrase(w), `to_qty=${n}`))));

  const verbs = {
    remove: phrases(list(p.modifierVerbs.remove, 'modifierVerbs.remove')),
    add: phrases(list(p.modifierVerbs.add, 'modifierVerbs.add')),
    extra: phrases(list(p.modifierVerbs.extra, 'modifierVerbs.extra')),
  };
  const modJoin = p.modifierJoiners.length > 0 ? optional(phrases(list(p.modifierJoiners, 'modifierJoiners'))) : null;

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
    if (sized.length > 0) heads.push(seq(...(size ? [optional(size)] : []), rule(`${rn}_sized_items`, alt(...sized))));
    if (unsized.length > 0) heads.push(rule(`${rn}_items`, alt(...unsized)));
    anyItems.push(...sized, ...unsized);
    const mods = menu.modifiers.filter((m) => m.categories.includes(c)).map((m) =>
      tag(seq(verbs[m.kind], phrase(check(m.target, `target "${m.target}" of menu modifier "${m.name}" (menu_modifiers id ${m.id})`))), `mod=${m.slug}`));
    const parts: GrammarNode[] = [optional(qtyFiller ? seq(qty, qtyFiller) : qty), alt(...heads)];
    if (mods.length > 0) {
      const mod = rule(`${rn}_modifier`, alt(...mods));
      const next = modJoin ? seq(modJoin, mod) : mod;
      parts.push(optional(seq(mod, optional(seq(next, optional(next))))));
    }
    lineRefs.push(rule(`${rn}_line`, tag(seq(...parts), 'line')));
  }
  if (lineRefs.length === 0) throw new HeedError('GRAMMAR_INVALID', 'domain', 'The menu has no items: nothing can be ordered');

  const line = rule('line', alt(...lineRefs));
  const join = optional(phrases(list(p.lineJoiners, 'lineJoiners')));
  const tail = optional(phrases(list(p.politeTails, 'politeTails')));
  const add = rule('add', seq(
    optional(phrases(list(p.leadIns, 'leadIns'))),
    optional(phrases(list(p.carriers, 'carriers'))),
    line,
    optional(seq(join, line, optional(seq(join, line)))),
    tail,
  ));

  const determiners = p.itemDeterminers.length > 0 ? optional(phrases(list(p.itemDeterminers, 'itemDeterminers'))) : null;
  const itemRef = rule('item_ref', tag(seq(...(determiners ? [determiners] : []), ...(size ? [optional(size)] : []), rule('any_item', alt(...anyItems))), 'ref'));
  const slots: Record<string, GrammarNode | null> = { item: itemRef, size: toSize, qty: toQty };
  const templates = (texts: string[], key: string): GrammarNode => alt(...texts.map((t) => seq(...t.split(/\s+/).map((tok) => {
    const slot = /^\{(\w+)\}$/.exec(tok);
    if (!slot) return word(check(tok, `template "${t}" (phrases.json ${key})`));
    const node = slots[slot[1] as string];
    if (!node) throw new HeedError('GRAMMAR_INVALID', 'domain', `Unknown or unusable slot ${tok} in template "${t}" (phrases.json ${key})`);
    return node;
  }))));
  const leadIn = p.changeLeadIns.length > 0 ? optional(phrases(list(p.changeLeadIns, 'changeLeadIns'))) : null;
  const withLead = (n: GrammarNode): GrammarNode => (leadIn ? seq(leadIn, n) : n);

  const intents: Array<[string, GrammarNode]> = [
    ['yes', rule('yes', phrases(list(p.yes, 'yes')))],
    ['no', rule('no', phrases(list(p.no, 'no')))],
    ['done', rule('done', phrases(list(p.done, 'done')))],
    ['read_back', rule('read_back', phrases(list(p.readBack, 'readBack')))],
    ['cancel', rule('cancel', phrases(list(p.cancel, 'cancel')))],
    ['help', rule('help', phrases(list(p.help, 'help')))],
    ['add', add],
    ['remove', rule('remove', withLead(templates(p.remove, 'remove')))],
    ['change', rule('change', seq(withLead(templates(p.change, 'change')), tail))],
    ['ask_item', rule('ask_item', templates(p.askItem, 'askItem'))],
  ];
  if (toSize) intents.push(['size_answer', rule('size_answer', templates(p.sizeAnswer, 'sizeAnswer'))]);
  rules.unshift({ name: 'utterance', isPublic: true, node: alt(...intents.map(([i, n]) => tag(n, `intent=${i}`))) });

  const grammar = makeGrammar(name, 'utterance', rules);
  const words = grammarWords(grammar);
  for (const w of words) if (!dict.has(w) && !unknown.has(w)) throw oov(w, 'the grammar', dict.path);
  return { grammar, compiled: { name, jsgf: writeJsgf(grammar), words, unknownWords: [...unknown].sort() } };
}

function oov(w: string, where: string, dictPath: string, message?: string): HeedError {
  return new HeedError('GRAMMAR_INVALID', 'domain', message ?? `The word "${w}" in ${where} is not in the pronunciation dictionary ${dictPath}`, {
    hint: 'Respell the name or add a spoken alias made of dictionary words (menu_item_aliases).',
  });
}
