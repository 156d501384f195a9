/** Tells when a streamed JSON value is complete: the depth of {…}/[…] returns to zero outside strings. */
export class JsonEnd {
  #depth = 0;
  #started = false;
  #inString = false;
  #escaped = false;

  /** Feeds more text; true once the first top-level object or array has closed. */
  push(chunk: string): boolean {
    for (const c of chunk) {
      if (this.#inString) {
        if (this.#escaped) this.#escaped = false;
        else if (c === '\\') this.#escaped = true;
        else if (c === '"') this.#inString = false;
        continue;
      }
      if (c === '"') this.#inString = true;
      else if (c === '{' || c === '[') { this.#depth++; this.#started = true; }
      else if (c === '}' || c === ']') {
        this.#depth--;
        if (this.#started && this.#depth === 0) return true;
      }
    }
    return false;
  }
}
