/**
 * Streams the text of one JSON string property out of a JSON object that is still being decoded:
 * `{"name":"say","arguments":{"text":"Hel` → "Hel", then "lo" … Escapes are decoded; a partial
 * escape is held back until complete. Used to speak a constrained reply while the model writes it.
 */
export class JsonTextStream {
  readonly #opener: RegExp;
  #buf = '';
  #start = -1;
  #pos = 0;
  #closed = false;

  constructor(property: string) {
    this.#opener = new RegExp(`"${property}"\\s*:\\s*"`);
  }

  /** Appends decoded model text; returns the newly available part of the property's value. */
  push(chunk: string): string {
    if (this.#closed) return '';
    this.#buf += chunk;
    if (this.#start < 0) {
      const m = this.#opener.exec(this.#buf);
      if (!m) return '';
      this.#start = m.index + m[0].length;
      this.#pos = this.#start;
    }
    let out = '';
    while (this.#pos < this.#buf.length) {
      const c = this.#buf[this.#pos] as string;
      if (c === '"') { this.#closed = true; break; }
      if (c !== '\\') { out += c; this.#pos++; continue; }
      const next = this.#buf[this.#pos + 1];
      if (next === undefined) break;
      if (next === 'u') {
        const hex = this.#buf.slice(this.#pos + 2, this.#pos + 6);
        if (hex.length < 4) break;
        out += String.fromCharCode(Number.parseInt(hex, 16) || 0xfffd);
        this.#pos += 6;
        continue;
      }
      out += ESCAPES[next] ?? next;
      this.#pos += 2;
    }
    return out;
  }

  get done(): boolean {
    return this.#closed;
  }
}

const ESCAPES: Readonly<Record<string, string>> = { n: '\n', t: '\t', r: '\r', b: '\b', f: '\f', '"': '"', '\\': '\\', '/': '/' };
