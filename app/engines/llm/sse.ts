/**
 * A streaming Server-Sent-Events parser (the WHATWG event-stream format) over a byte stream, as
 * OpenAI-compatible servers stream chat completions. Lines end with CRLF, LF or CR, and may be split
 * anywhere by the transport, including inside a UTF-8 sequence: lines are cut on bytes and decoded
 * whole. Comments (":…") and unknown fields are skipped, multi-line data is joined with "\n", an
 * unterminated last event is dropped (as the spec says). `data: [DONE]` is yielded and ends the
 * parse. A line or an event over the size limit throws ESCALATION_PROTOCOL.
 */
import { HeedError } from '../../core/errors.js';

export interface SseEvent {
  /** The `event:` field, when the server named the event. */
  event?: string;
  /** The `data:` lines joined with "\n". */
  data: string;
  /** The last `id:` seen in the stream, when any. */
  id?: string;
}

export interface SseOptions {
  /** Longest accepted line in bytes (default 1 MiB). */
  maxLineBytes?: number;
  /** Largest accepted event (the sum of its data lines) in bytes (default 4 MiB). */
  maxEventBytes?: number;
  /** Stop after yielding `data: [DONE]` (default true). */
  stopAtDone?: boolean;
}

export const SSE_DONE = '[DONE]';

export const SSE_DEFAULTS = { maxLineBytes: 1 << 20, maxEventBytes: 4 << 20 } as const;

/** Whether an event is the OpenAI end-of-stream marker `data: [DONE]`. */
export function isSseDone(e: SseEvent): boolean {
  return e.data.trim() === SSE_DONE;
}

const LF = 0x0a;
const CR = 0x0d;

export async function* parseSse(source: AsyncIterable<Uint8Array>, opts: SseOptions = {}): AsyncGenerator<SseEvent, void, undefined> {
  const maxLine = opts.maxLineBytes ?? SSE_DEFAULTS.maxLineBytes;
  const maxEvent = opts.maxEventBytes ?? SSE_DEFAULTS.maxEventBytes;
  const stopAtDone = opts.stopAtDone ?? true;
  const decoder = new TextDecoder('utf-8', { ignoreBOM: true });

  let pending: Uint8Array[] = [];
  let pendingBytes = 0;
  let skipLf = false; // the previous line ended with CR: a LF right after it belongs to that line ending
  let firstLine = true;
  let data: string[] = [];
  let eventBytes = 0;
  let eventName: string | undefined;
  let lastId: string | undefined;

  const tooLong = (what: string, limit: number): HeedError =>
    new HeedError('ESCALATION_PROTOCOL', 'escalation', `event stream ${what} is longer than ${limit} bytes`, { recoverable: true });

  /** Takes one decoded line; returns the event it completes, if any. */
  const onLine = (line: string, bytes: number): SseEvent | undefined => {
    if (firstLine) {
      firstLine = false;
      if (line.charCodeAt(0) === 0xfeff) line = line.slice(1);
    }
    if (line.length === 0) {
      if (data.length === 0) {
        eventName = undefined;
        return undefined;
      }
      const ev: SseEvent = { data: data.join('\n') };
      if (eventName !== undefined && eventName.length > 0) ev.event = eventName;
      if (lastId !== undefined && lastId.length > 0) ev.id = lastId;
      data = [];
      eventBytes = 0;
      eventName = undefined;
      return ev;
    }
    if (line.charCodeAt(0) === 0x3a) return undefined; // ":" comment (keep-alive)
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? '' : line.slice(colon + 1);
    if (value.charCodeAt(0) === 0x20) value = value.slice(1);
    switch (field) {
      case 'data':
        eventBytes += bytes;
        if (eventBytes > maxEvent) throw tooLong('event', maxEvent);
        data.push(value);
        break;
      case 'event':
        eventName = value;
        break;
      case 'id':
        if (!value.includes('\0')) lastId = value;
        break;
      default:
        break; // "retry" and unknown fields
    }
    return undefined;
  };

  for await (const chunk of source) {
    let start = 0;
    while (start < chunk.length) {
      if (skipLf) {
        skipLf = false;
        if (chunk[start] === LF) {
          start++;
          continue;
        }
      }
      const eol = nextLineEnd(chunk, start);
      if (eol < 0) {
        const rest = chunk.slice(start); // a copy: the source may reuse its buffers
        pendingBytes += rest.length;
        if (pendingBytes > maxLine) throw tooLong('line', maxLine);
        pending.push(rest);
        break;
      }
      const lineBytes = pendingBytes + (eol - start);
      if (lineBytes > maxLine) throw tooLong('line', maxLine);
      let bytes: Uint8Array;
      if (pending.length === 0) bytes = chunk.subarray(start, eol);
      else {
        pending.push(chunk.subarray(start, eol));
        bytes = concat(pending, lineBytes);
      }
      pending = [];
      pendingBytes = 0;
      if (chunk[eol] === CR) skipLf = true;
      start = eol + 1;
      const ev = onLine(decoder.decode(bytes), lineBytes);
      if (ev !== undefined) {
        yield ev;
        if (stopAtDone && isSseDone(ev)) return;
      }
    }
  }
  // End of stream: an unterminated line or event is incomplete and dropped.
}

function nextLineEnd(chunk: Uint8Array, from: number): number {
  const lf = chunk.indexOf(LF, from);
  const cr = chunk.indexOf(CR, from);
  if (lf < 0) return cr;
  if (cr < 0) return lf;
  return Math.min(lf, cr);
}

function concat(parts: readonly Uint8Array[], total: number): Uint8Array {
  const out = new Uint8Array(total);
  let off = 0;
  for (const p of parts) {
    out.set(p, off);
    off += p.length;
  }
  return out;
}
