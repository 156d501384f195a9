/**
 * Splits an SQL script into statements with the line each starts on, so a failing statement in a
 * pack's schema.sql or seed.sql is reported as `schema.sql:42`. Knows quotes, comments and the
 * BEGIN … END body of CREATE TRIGGER.
 */
export interface SqlStatement {
  line: number;
  sql: string;
}

export function splitSql(script: string): SqlStatement[] {
  const out: SqlStatement[] = [];
  let i = 0;
  let line = 1;
  let start = 0;
  let startLine = 1;
  let sawCode = false;
  let depth = 0;
  const flush = (end: number): void => {
    const sql = script.slice(start, end).trim();
    if (sawCode && sql.length > 0) out.push({ line: startLine, sql });
    sawCode = false;
    depth = 0;
  };
  while (i < script.length) {
    const c = script[i] as string;
    if (c === '\n') { line++; i++; continue; }
    if (/\s/.test(c)) { i++; continue; }
    if (!sawCode && c !== '-' && c !== '/') { start = i; startLine = line; }
    if (c === '-' && script[i + 1] === '-') {
      while (i < script.length && script[i] !== '\n') i++;
      continue;
    }
    if (c === '/' && script[i + 1] === '*') {
      const end = script.indexOf('*/', i + 2);
      const stop = end < 0 ? script.length : end + 2;
      for (let j = i; j < stop; j++) if (script[j] === '\n') line++;
      i = stop;
      continue;
    }
    if (!sawCode) { start = i; startLine = line; sawCode = true; }
    if (c === "'" || c === '"' || c === '`' || c === '[') {
      const close = c === '[' ? ']' : c;
      i++;
      while (i < script.length) {
        if (script[i] === '\n') line++;
        if (script[i] === close) {
          if (close !== ']' && script[i + 1] === close) { i += 2; continue; }
          break;
        }
        i++;
      }
      i++;
      continue;
    }
    if (/[A-Za-z_]/.test(c)) {
      let j = i;
      while (j < script.length && /[A-Za-z0-9_]/.test(script[j] as string)) j++;
      const word = script.slice(i, j).toUpperCase();
      const head = script.slice(start, j).toUpperCase();
      if (word === 'BEGIN' && /^CREATE\s+(?:TEMP(?:ORARY)?\s+)?TRIGGER\b/.test(head)) depth++;
      else if (word === 'CASE' && depth > 0) depth++;
      else if (word === 'END' && depth > 0) depth--;
      i = j;
      continue;
    }
    if (c === ';' && depth === 0) {
      flush(i + 1);
      i++;
      continue;
    }
    i++;
  }
  flush(script.length);
  return out;
}
