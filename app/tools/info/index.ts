/** The store info tool set and a typed, recording API over it for the info brain. */
import type { z } from 'zod';
import type { ToolCallRecord } from '../../core/turn.js';
import { runTool, type Tool, type ToolContext } from '../drive-thru/define-tool.js';
import { faqTopicTool, readFaqTool, searchFaqTool } from '../faq/faq-tools.js';
import { findLocationsTool, findProductsTool, storeHoursTool } from './info-tools.js';

export const INFO_TOOLS = {
  store_hours: storeHoursTool,
  find_locations: findLocationsTool,
  find_products: findProductsTool,
  search_faq: searchFaqTool,
  read_faq: readFaqTool,
  faq_topic: faqTopicTool,
} as const;

export type InfoToolName = keyof typeof INFO_TOOLS;

type Api = { [K in InfoToolName]: (args: z.input<(typeof INFO_TOOLS)[K]['schema']>) => ReturnType<(typeof INFO_TOOLS)[K]['run']> };

/** Binds the tools to a context; every call is validated and appended to `records`. */
export function infoToolApi(ctx: ToolContext, records: ToolCallRecord[]): Api {
  const call = <S extends z.ZodTypeAny, R>(tool: Tool<S, R>, args: unknown): R => {
    const result = runTool(tool, ctx, args);
    records.push({ name: tool.name, args, result });
    return result;
  };
  return {
    store_hours: (a) => call(INFO_TOOLS.store_hours, a),
    find_locations: (a) => call(INFO_TOOLS.find_locations, a),
    find_products: (a) => call(INFO_TOOLS.find_products, a),
    search_faq: (a) => call(INFO_TOOLS.search_faq, a),
    read_faq: (a) => call(INFO_TOOLS.read_faq, a),
    faq_topic: (a) => call(INFO_TOOLS.faq_topic, a),
  };
}

export type InfoToolApi = ReturnType<typeof infoToolApi>;
