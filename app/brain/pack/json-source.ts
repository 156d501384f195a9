/**
 * JSON.parse with positions: a small recursive-descent parser that returns the value and the line
 * of every path ("replies.help" → 12), so a pack error can say `domain.json:12: replies.help: …`.
 * Syntax errors name the line and column.
 */
export interface JsonSource {
  value: unknown;
  /** Line (1-based) where the value at a path starts; the root is "". */
  lineOf(path: ReadonlyArray<string | number>): number;
}

export class JsonSyntaxError extends Error {
  constructor(message: string, readonly line: number, readonly column: number) {
    super(message);
    this.name = 'JsonSyntaxError';
  }
}

export function parseJsonSource(text: string): JsonSource {
  const lines = new Map<string, number>();
  let i = 0;
  let line = 1;
  let lineStart = 0;
  const fail = (msg: string): never => { throw new JsonSyntaxError(msg, line, i - lineStart + 1); };
  const ws = (): void => {
    while (i < text.length) {
      const c = text[i];
      if (c === '\n') { line++; lineStart = i + 1; i++; } else if (c === ' ' || c === '\t' || c === '\r') i++;
      else break;
    }
  };
  const str = (): string => {
    const start = i;
    i++;
    while (i < text.length && text[i] !== '"') {
      if (text[i] === '\\') i++;
      else if (text[i] === '\n') fail('unterminated string');
      i++;
    }
    if (i >= text.length) fail('unterminated string');
    i++;
    try { return JSON.parse(text.slice(start, i)) as string; } catch { return fail('bad string escape'); }
  };
  const value = (path: string): unknown => {
    ws();
    lines.set(path, line);
    const c = text[i];
    if (c === '{') {
      i++;
      const obj: Record<string, unknown> = {};
      ws();
      if (text[i] === '}') { i++; return obj; }
      for (;;) {
        ws();
        if (text[i] !== '"') fail('expected a "key"');
        const key = str();
        ws();
        if (text[i] !== ':') fail(`expected ":" after "${key}"`);
        i++;
        if (Object.prototype.hasOwnProperty.call(obj, key)) fail(`duplicate key "${key}"`);
        obj[key] = value(path === '' ? key : `${path}.${key}`);
        ws();
        if (text[i] === ',') { i++; continue; }
        if (text[i] === '}') { i++; return obj; }
        fail('expected "," or "}"');
      }
    }
    if (c === '[') {
      i++;
      const arr: unknown[] = [];
      ws();
      if (text[i] === ']') { i++; return arr; }
      for (;;) {
        arr.push(value(path === '' ? String(arr.length) : `${path}.${arr.length}`));
        ws();
        if (text[i] === ',') { i++; continue; }
        if (text[i] === ']') { i++; return arr; }
        fail('expected "," or "]"');
      }
    }
    if (c === '"') return str();
    const m = /^(?:-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null)/.exec(text.slice(i, i + 64));
    if (!m) return fail(i >= text.length ? 'unexpected end of file' : `unexpected character ${JSON.stringify(c)}`);
    i += m[0].length;
    return JSON.parse(m[0]) as unknown;
  };
  if (text.charCodeAt(0) === 0xfeff) i = 1;
  const v = value('');
  ws();
  if (i < text.length) fail('unexpected text after the JSON value');
  return {
    value: v,
    lineOf: (path) => {
      for (let n = path.length; n >= 0; n--) {
        const hit = lines.get(path.slice(0, n).join('.'));
        if (hit !== undefined) return hit;
      }
      return 1;
    },
  };
}
