/** Checks a value against the tool-parameter JSON-schema subset (types.ts). Returns the first problem, or null. */
import type { JsonSchema } from './types.js';

export function checkJsonSchema(schema: JsonSchema, value: unknown, path = '$'): string | null {
  if ('const' in schema) return value === schema.const ? null : `${path}: expected ${JSON.stringify(schema.const)}`;
  if ('enum' in schema && !('type' in schema)) return schema.enum.includes(value as never) ? null : `${path}: expected one of ${JSON.stringify(schema.enum)}`;
  if ('oneOf' in schema) return schema.oneOf.some((s) => checkJsonSchema(s, value, path) === null) ? null : `${path}: matches none of the alternatives`;
  switch (schema.type) {
    case 'string':
      if (typeof value !== 'string') return `${path}: expected a string`;
      if (schema.enum && !schema.enum.includes(value)) return `${path}: expected one of ${JSON.stringify(schema.enum)}`;
      // JSON Schema counts characters (code points), not UTF-16 units.
      if (schema.minLength !== undefined && [...value].length < schema.minLength) return `${path}: shorter than ${schema.minLength}`;
      if (schema.maxLength !== undefined && [...value].length > schema.maxLength) return `${path}: longer than ${schema.maxLength}`;
      return null;
    case 'integer': case 'number':
      if (typeof value !== 'number' || !Number.isFinite(value)) return `${path}: expected a number`;
      if (schema.type === 'integer' && !Number.isInteger(value)) return `${path}: expected an integer`;
      if (schema.minimum !== undefined && value < schema.minimum) return `${path}: below ${schema.minimum}`;
      if (schema.maximum !== undefined && value > schema.maximum) return `${path}: above ${schema.maximum}`;
      return null;
    case 'boolean': return typeof value === 'boolean' ? null : `${path}: expected a boolean`;
    case 'null': return value === null ? null : `${path}: expected null`;
    case 'array': {
      if (!Array.isArray(value)) return `${path}: expected an array`;
      if (schema.minItems !== undefined && value.length < schema.minItems) return `${path}: fewer than ${schema.minItems} items`;
      if (schema.maxItems !== undefined && value.length > schema.maxItems) return `${path}: more than ${schema.maxItems} items`;
      for (let i = 0; i < value.length; i++) {
        const p = checkJsonSchema(schema.items, value[i], `${path}[${i}]`);
        if (p) return p;
      }
      return null;
    }
    case 'object': {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) return `${path}: expected an object`;
      const obj = value as Record<string, unknown>;
      for (const k of schema.required ?? []) if (!(k in obj)) return `${path}.${k}: required`;
      for (const [k, v] of Object.entries(obj)) {
        const s = schema.properties[k];
        if (!s) {
          if (schema.additionalProperties === false) return `${path}.${k}: not allowed`;
          continue;
        }
        const p = checkJsonSchema(s, v, `${path}.${k}`);
        if (p) return p;
      }
      return null;
    }
  }
}
