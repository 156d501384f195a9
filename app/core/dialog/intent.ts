/**
 * What the customer meant, built from the grammar's tags (post-order: a line's qty/size/item/mod
 * tags come before its closing "line" tag; an intent tag comes last).
 */
export interface RequestedLine {
  item: string;
  size: string | null;
  quantity: number;
  modifiers: string[];
}

/** "a sandwich" when the menu has several: the policy asks which one. */
export interface AmbiguousLine {
  head: string;
  size: string | null;
  quantity: number;
}

/** Which order line a remove/change/question is about: the last touched one or an item (+size). */
export type LineRef = { kind: 'last' } | { kind: 'item'; item: string; size: string | null };

export type Intent =
  | { kind: 'add'; lines: RequestedLine[]; ambiguous: AmbiguousLine[] }
  | { kind: 'size_answer'; size: string }
  | { kind: 'remove'; target: LineRef }
  | { kind: 'change'; target: LineRef; size: string | null; quantity: number | null }
  | { kind: 'ask_item'; target: LineRef }
  | { kind: 'yes' }
  | { kind: 'no' }
  | { kind: 'done' }
  | { kind: 'read_back' }
  | { kind: 'cancel' }
  | { kind: 'help' }
  | { kind: 'undo' };

export function intentFromTags(tags: readonly string[]): Intent | null {
  let qty: number | null = null;
  let size: string | null = null;
  let item: string | null = null;
  let mods: string[] = [];
  let amb: string | null = null;
  const ambiguous: AmbiguousLine[] = [];
  let toSize: string | null = null;
  let toQty: number | null = null;
  let target: LineRef = { kind: 'last' };
  const lines: RequestedLine[] = [];
  let intent: string | null = null;
  for (const t of tags) {
    const eq = t.indexOf('=');
    const key = eq < 0 ? t : t.slice(0, eq);
    const value = eq < 0 ? '' : t.slice(eq + 1);
    switch (key) {
      case 'qty': qty = Number(value); break;
      case 'size': size = value; break;
      case 'item': item = value; break;
      case 'mod': mods.push(value); break;
      case 'amb': amb = value; break;
      case 'to_size': toSize = value; break;
      case 'to_qty': toQty = Number(value); break;
      case 'line':
        if (item !== null) lines.push({ item, size, quantity: qty ?? 1, modifiers: mods });
        else if (amb !== null) ambiguous.push({ head: amb, size, quantity: qty ?? 1 });
        qty = null; size = null; item = null; mods = []; amb = null;
        break;
      case 'ref':
        if (item !== null) target = { kind: 'item', item, size };
        qty = null; size = null; item = null; mods = [];
        break;
      case 'intent': intent = value; break;
      default: break;
    }
  }
  switch (intent) {
    case 'add': return lines.length + ambiguous.length > 0 ? { kind: 'add', lines, ambiguous } : null;
    case 'size_answer': return toSize !== null ? { kind: 'size_answer', size: toSize } : null;
    case 'remove': return { kind: 'remove', target };
    case 'change': return toSize === null && toQty === null ? null : { kind: 'change', target, size: toSize, quantity: toQty };
    case 'ask_item': return target.kind === 'item' ? { kind: 'ask_item', target } : null;
    case 'yes': case 'no': case 'done': case 'read_back': case 'cancel': case 'help': case 'undo':
      return { kind: intent };
    case 'cancel_order': return { kind: 'cancel' };
    default: return null;
  }
}
