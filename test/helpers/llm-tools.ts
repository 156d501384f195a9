/** Example tools for LLM tests and the LLM bench: enums, bounded integers, capped strings, optional fields. */
import type { ToolSpec } from '../../app/engines/llm/types.js';

export const ORDER_TOOLS: ToolSpec[] = [
  {
    name: 'add_item', description: 'Add items to the order.',
    parameters: {
      type: 'object', additionalProperties: false, required: ['item', 'quantity'],
      properties: {
        item: { type: 'string', enum: ['burger', 'fries', 'cola', 'chicken sandwich'] },
        quantity: { type: 'integer', minimum: 1, maximum: 9 },
        size: { type: 'string', enum: ['small', 'medium', 'large'] },
      },
    },
  },
  {
    name: 'lookup_faq', description: 'Search the store FAQ.',
    parameters: { type: 'object', additionalProperties: false, required: ['query'], properties: { query: { type: 'string', minLength: 1, maxLength: 80 } } },
  },
  {
    name: 'book', description: 'Book an appointment.',
    parameters: {
      type: 'object', additionalProperties: false, required: ['date', 'people'],
      properties: { date: { type: 'string', maxLength: 20 }, people: { type: 'integer', minimum: 1, maximum: 12 }, phone: { type: 'string', maxLength: 15 }, vip: { type: 'boolean' } },
    },
  },
];
