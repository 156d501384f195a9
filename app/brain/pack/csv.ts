/** RFC 4180 CSV with line numbers: quoted fields, "" escapes, CRLF, newlines inside quotes. */
export interface CsvRow {
  /** Line (1-based) where the record starts. */
  line: number;
  fields: string[];
}

export class CsvSyntaxError extends Error {
  constructor(message: string, readonly line: number) {
    super(message);
    this.name = 'CsvSyntaxError';
  }
}

export function parseCsv(text: string): CsvRow[] {
  const rows: CsvRow[] = [];
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  while (i < text.length) {
    const start = line;
    const fields: string[] = [];
    let field = '';
    let quoted = false;
    let endOfRecord = false;
    while (i < text.length && !endOfRecord) {
      const c = text[i] as string;
      if (quoted) {
        if (c === '"' && text[i + 1] === '"') { field += '"'; i += 2; continue; }
        if (c === '"') { quoted = false; i++; continue; }
        if (c === '\n') line++;
        field += c;
        i++;
        continue;
      }
      if (c === '"') {
        if (field.length > 0) throw new CsvSyntaxError('a quote inside an unquoted field', line);
        quoted = true;
        i++;
      } else if (c === ',') { fields.push(field); field = ''; i++; }
      else if (c === '\r' && text[i + 1] === '\n') { i += 2; line++; endOfRecord = true; }
      else if (c === '\n') { i++; line++; endOfRecord = true; }
      else { field += c; i++; }
    }
    if (quoted) throw new CsvSyntaxError('unterminated quoted field', start);
    fields.push(field);
    if (fields.length === 1 && fields[0] === '') continue; // blank line
    rows.push({ line: start, fields });
  }
  return rows;
}
