/**
 * The drive-thru tools as the dialog policy sees them: argument and result types only. The tools
 * themselves (zod schemas, SQL) live in app/tools/drive-thru/ and implement this contract.
 */
import type { OrderLineView, OrderView } from '../turn.js';

export interface ItemInfo {
  slug: string;
  name: string;
  category: string;
  available: boolean;
  unavailableReason: string | null;
  /** Empty when the item comes in one size. */
  sizes: Array<{ size: string; price: number }>;
  /** The one-size price, null when sized. */
  price: number | null;
}

/** An order line with its 1-based position in the order. */
export interface NumberedLine extends OrderLineView {
  line: number;
}

export type RefusalCode =
  | 'unavailable' | 'not_found' | 'size_required' | 'size_invalid' | 'modifier_invalid'
  | 'no_order' | 'no_line' | 'empty_order' | 'not_awaiting_confirmation' | 'not_confirmed' | 'already_closed';

/** A tool said no: `reason` is a sentence fit to say to the customer. */
export interface Refusal {
  ok: false;
  code: RefusalCode;
  reason: string;
  item?: ItemInfo;
}

export type Outcome<T> = ({ ok: true } & T) | Refusal;

export interface FindItemsArgs { query?: string | undefined }
export interface AddItemArgs { item: string; size?: string | null | undefined; quantity: number; modifiers: string[] }
export interface LineSelector { line?: number | undefined; item?: string | undefined; size?: string | null | undefined }
/** `line` (1-based) or `item` picks the line (default: the last one touched); `size`/`quantity` are the new values. */
export interface ChangeItemArgs { line?: number | undefined; item?: string | undefined; size?: string | undefined; quantity?: number | undefined }
export type EmptyArgs = Record<string, never>;

export interface DriveThruToolMap {
  find_items: { args: FindItemsArgs; result: Outcome<{ items: ItemInfo[] }> };
  add_item: { args: AddItemArgs; result: Outcome<{ line: NumberedLine; order: OrderView }> };
  remove_item: { args: LineSelector; result: Outcome<{ removed: NumberedLine; order: OrderView }> };
  change_item: { args: ChangeItemArgs; result: Outcome<{ line: NumberedLine; order: OrderView }> };
  read_back_order: { args: EmptyArgs; result: Outcome<{ order: OrderView | null; lines: NumberedLine[] }> };
  request_confirmation: { args: EmptyArgs; result: Outcome<{ order: OrderView }> };
  reopen_order: { args: EmptyArgs; result: Outcome<{ order: OrderView }> };
  place_order: { args: EmptyArgs; result: Outcome<{ orderId: number; order: OrderView }> };
  cancel_order: { args: EmptyArgs; result: Outcome<{ order: OrderView }> };
}

export type DriveThruToolName = keyof DriveThruToolMap;

export type DriveThruToolApi = {
  [N in DriveThruToolName]: (args: DriveThruToolMap[N]['args']) => DriveThruToolMap[N]['result'];
};
