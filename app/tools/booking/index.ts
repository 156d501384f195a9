/** The booking tool set (bound to a clock), and a typed, recording API over it for the booking brain. */
import type { z } from 'zod';
import type { ToolCallRecord } from '../../core/turn.js';
import { runTool, type Tool, type ToolContext } from '../drive-thru/define-tool.js';
import { createAppointmentTools } from './appointment-tools.js';
import { createCatalogTools } from './catalog-tools.js';

export function createBookingTools(now: () => Date) {
  return { ...createCatalogTools(now), ...createAppointmentTools(now) };
}

export type BookingTools = ReturnType<typeof createBookingTools>;
export type BookingToolName = keyof BookingTools;

export const BOOKING_TOOL_NAMES = [
  'find_services', 'find_staff', 'find_slots', 'book_appointment', 'find_appointments', 'check_in', 'cancel_appointment', 'reschedule_appointment',
] as const satisfies readonly BookingToolName[];

/** Tools the booking brain cannot work without. */
export const REQUIRED_BOOKING_TOOLS = ['find_services', 'find_staff', 'find_slots', 'book_appointment', 'find_appointments'] as const satisfies readonly BookingToolName[];

/** Tool list for an LLM (name, description, zod schema). */
export function bookingToolList(tools: BookingTools): Array<{ name: string; description: string; schema: z.ZodTypeAny }> {
  return Object.values(tools).map((t) => ({ name: t.name, description: t.description, schema: t.schema }));
}

type ToolArgs<T> = T extends Tool<infer S, unknown> ? z.input<S> : never;
type ToolResult<T> = T extends Tool<z.ZodTypeAny, infer R> ? R : never;

export type BookingToolApi = { [K in BookingToolName]: (args: ToolArgs<BookingTools[K]>) => ToolResult<BookingTools[K]> } & {
  /** Is the tool enabled in this pack? */
  has(name: BookingToolName): boolean;
};

/** Binds the tools to a context; every call is validated and appended to `records`. A disabled tool throws. */
export function bookingToolApi(tools: BookingTools, ctx: ToolContext, records: ToolCallRecord[], enabled: ReadonlySet<string>): BookingToolApi {
  const call = <S extends z.ZodTypeAny, R>(tool: Tool<S, R>, args: unknown): R => {
    if (!enabled.has(tool.name)) throw new Error(`the tool ${tool.name} is not enabled in this pack`);
    const result = runTool(tool, ctx, args);
    records.push({ name: tool.name, args, result });
    return result;
  };
  return {
    has: (name) => enabled.has(name),
    find_services: (a) => call(tools.find_services, a),
    find_staff: (a) => call(tools.find_staff, a),
    find_slots: (a) => call(tools.find_slots, a),
    book_appointment: (a) => call(tools.book_appointment, a),
    find_appointments: (a) => call(tools.find_appointments, a),
    check_in: (a) => call(tools.check_in, a),
    cancel_appointment: (a) => call(tools.cancel_appointment, a),
    reschedule_appointment: (a) => call(tools.reschedule_appointment, a),
  };
}
