/** How order lines and prices are written: for the screen ("2 × Large Fries") and for the voice ("two large fries"). */
import type { OrderLineView, OrderView } from '../turn.js';
import { formatMoney } from '../speakable.js';
import type { ItemInfo } from './drive-thru-contract.js';

export function listWords(words: readonly string[], conj = 'and'): string {
  if (words.length <= 1) return words.join('');
  return `${words.slice(0, -1).join(', ')} ${conj} ${words[words.length - 1] as string}`;
}

const cap = (s: string): string => s.replace(/^./, (c) => c.toUpperCase());

function plural(name: string): string {
  if (/s$/.test(name)) return name;
  if (/(ch|sh|x|z)$/.test(name)) return `${name}es`;
  if (/[^aeiou]y$/.test(name)) return `${name.slice(0, -1)}ies`;
  return `${name}s`;
}

export function lineForScreen(l: OrderLineView): string {
  const mods = l.modifiers.length > 0 ? ` (${l.modifiers.join(', ')})` : '';
  return `${l.quantity} × ${l.size ? `${cap(l.size)} ` : ''}${l.item}${mods}`;
}

export function lineForVoice(l: Pick<OrderLineView, 'item' | 'size' | 'quantity' | 'modifiers'>): string {
  const name = `${l.size ? `${l.size} ` : ''}${l.item.toLowerCase()}`;
  const head = l.quantity === 1 ? `${/^[aeiou]/.test(name) ? 'an' : 'a'} ${name}` : `${l.quantity} ${plural(name)}`;
  const mods = l.modifiers.map((m) => m.replace(/^add /, ''));
  return mods.length > 0 ? `${head} with ${listWords(mods)}` : head;
}

export function orderForScreen(o: OrderView): string {
  const lines = o.lines.map((l) => `${lineForScreen(l)} ${formatMoney(l.unitPrice * l.quantity)}`);
  return `Your order: ${lines.join('; ')}. Total ${formatMoney(o.total)}.`;
}

export function orderForVoice(o: OrderView): string {
  return `You have ${listWords(o.lines.map(lineForVoice))}. Your total is ${formatMoney(o.total)}.`;
}

/** "$3.49" for a one-size item; "small $1.89, medium $2.49 or large $2.89" for sized ones. */
export function pricesText(info: ItemInfo): string {
  if (info.sizes.length === 0) return info.price === null ? 'not priced yet' : formatMoney(info.price);
  return listWords(info.sizes.map((s) => `${s.size} ${formatMoney(s.price)}`), 'or');
}
