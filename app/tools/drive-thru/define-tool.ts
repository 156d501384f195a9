/**
 * A tool: a name, a description (for an LLM), a zod schema for its arguments and a synchronous
 * run(ctx, args) whose args are typed from the schema. runTool validates before running.
 */
import type { z } from 'zod';
import { HeedError } from '../../core/errors.js';
import type { Db } from '../store/open-store.js';

export interface ToolContext {
  db: Db;
  sessionId: string;
  /**
   * True only when this turn's utterance was understood as the customer saying yes. Set by the
   * agent from the words heard, never from tool arguments, so a model cannot fake a confirmation.
   */
  customerConfirmed: boolean;
}

export interface Tool<S extends z.ZodTypeAny, R> {
  name: string;
  description: string;
  schema: S;
  run(ctx: ToolContext, args: z.output<S>): R;
}

export function defineTool<S extends z.ZodTypeAny, R>(tool: Tool<S, R>): Tool<S, R> {
  return tool;
}

export function parseToolArgs<S extends z.ZodTypeAny>(tool: { name: string; schema: S }, raw: unknown): z.output<S> {
  const parsed = tool.schema.safeParse(raw ?? {});
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(args)'}: ${i.message}`).join('; ');
    throw new HeedError('TOOL_ARGS_INVALID', 'dialog', `Invalid arguments for ${tool.name}: ${issues}`);
  }
  return parsed.data as z.output<S>;
}

export function runTool<S extends z.ZodTypeAny, R>(tool: Tool<S, R>, ctx: ToolContext, raw: unknown): R {
  return tool.run(ctx, parseToolArgs(tool, raw));
}
