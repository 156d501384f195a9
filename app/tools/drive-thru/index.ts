/** The drive-thru tool set, and a typed, recording API over it for the dialog policy. */
import type { z } from 'zod';
import type { DriveThruToolApi, DriveThruToolName } from '../../core/dialog/drive-thru-contract.js';
import type { ToolCallRecord } from '../../core/turn.js';
import { runTool, type Tool, type ToolContext } from './define-tool.js';
import { addItemTool, changeItemTool, findItemsTool, removeItemTool } from './line-tools.js';
import { cancelOrderTool, placeOrderTool, readBackOrderTool, reopenOrderTool, requestConfirmationTool } from './order-status-tools.js';

export const DRIVE_THRU_TOOLS = {
  find_items: findItemsTool,
  add_item: addItemTool,
  remove_item: removeItemTool,
  change_item: changeItemTool,
  read_back_order: readBackOrderTool,
  request_confirmation: requestConfirmationTool,
  reopen_order: reopenOrderTool,
  place_order: placeOrderTool,
  cancel_order: cancelOrderTool,
} as const satisfies Record<DriveThruToolName, { name: string }>;

/** Tool list for an LLM (name, description, zod schema). */
export function driveThruToolList(): Array<{ name: string; description: string; schema: z.ZodTypeAny }> {
  return Object.values(DRIVE_THRU_TOOLS).map((t) => ({ name: t.name, description: t.description, schema: t.schema }));
}

/** Binds the tools to a context; every call is validated and appended to `records`. */
export function driveThruToolApi(ctx: ToolContext, records: ToolCallRecord[]): DriveThruToolApi {
  const call = <S extends z.ZodTypeAny, R>(tool: Tool<S, R>, args: unknown): R => {
    const result = runTool(tool, ctx, args);
    records.push({ name: tool.name, args, result });
    return result;
  };
  return {
    find_items: (a) => call(DRIVE_THRU_TOOLS.find_items, a),
    add_item: (a) => call(DRIVE_THRU_TOOLS.add_item, a),
    remove_item: (a) => call(DRIVE_THRU_TOOLS.remove_item, a),
    change_item: (a) => call(DRIVE_THRU_TOOLS.change_item, a),
    read_back_order: (a) => call(DRIVE_THRU_TOOLS.read_back_order, a),
    request_confirmation: (a) => call(DRIVE_THRU_TOOLS.request_confirmation, a),
    reopen_order: (a) => call(DRIVE_THRU_TOOLS.reopen_order, a),
    place_order: (a) => call(DRIVE_THRU_TOOLS.place_order, a),
    cancel_order: (a) => call(DRIVE_THRU_TOOLS.cancel_order, a),
  };
}
