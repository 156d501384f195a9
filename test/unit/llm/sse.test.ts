import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isSseDone, parseSse, type SseEvent, type SseOptions } from '../../../app/engines/llm/sse.js';
import { HeedError } from '../../../app/core/errors.js';

async function* bytes(parts: ReadonlyArray<Uint8Array | string>): AsyncGenerator<Uint8Array> {
  for (const p of parts) yield typeof p === 'string' ? new TextEncoder().encode(p) : p;
}

async function parseAll(parts: ReadonlyArray<Uint8Array | string>, opts?: SseOptions): Promise<SseEvent[]> {
  const out: SseEvent[] = [];
  for await (const e of parseSse(bytes(parts), opts)) out.push(e);
  return out;
}

/** Every way of cutting `buf` in two, and one-byte chunks. */
function splits(buf: Uint8Array): Uint8Array[][] {
  const out: Uint8Array[][] = [];
  for (let i = 0; i <= buf.length; i++) out.push([buf.subarray(0, i), buf.subarray(i)]);
  out.push([...buf].map((b) => Uint8Array.of(b)));
  return out;
}

const STREAM = [
  ': keep-alive comment',
  'event: message',
  'data: {"a":"café 😀"}',
  '',
  'data: line one',
  'data: line two',
  'id: 7',
  '',
  'data:no-space',
  'retry: 1000',
  'unknown: field',
  '',
  '',
  'data: [DONE]',
  '',
  'data: after done',
  '',
];

const EXPECTED: SseEvent[] = [
  { event: 'message', data: '{"a":"café 😀"}' },
  { data: 'line one\nline two', id: '7' },
  { data: 'no-space', id: '7' },
  { data: '[DONE]', id: '7' },
];

for (const [label, eol] of [['LF', '\n'], ['CRLF', '\r\n'], ['CR', '\r']] as const) {
  test(`parses ${label} streams cut at every byte, UTF-8 sequences included`, { timeout: 20_000 }, async () => {
    const buf = new TextEncoder().encode(STREAM.join(eol) + eol);
    for (const parts of splits(buf)) {
      assert.deepEqual(await parseAll(parts), EXPECTED);
    }
  });
}

test('[DONE] ends the parse unless told otherwise', { timeout: 20_000 }, async () => {
  const text = 'data: x\n\ndata: [DONE]\n\ndata: y\n\n';
  const stopped = await parseAll([text]);
  assert.deepEqual(stopped.map((e) => e.data), ['x', '[DONE]']);
  assert.equal(isSseDone(stopped[1] ?? { data: '' }), true);
  const all = await parseAll([text], { stopAtDone: false });
  assert.deepEqual(all.map((e) => e.data), ['x', '[DONE]', 'y']);
});

test('an unterminated last event is dropped; empty data lines still dispatch', { timeout: 20_000 }, async () => {
  assert.deepEqual(await parseAll(['data: a\n\ndata: b\n']), [{ data: 'a' }]);
  assert.deepEqual(await parseAll(['data\n\n']), [{ data: '' }]);
  assert.deepEqual(await parseAll(['event: x\n\n', 'data: y\n\n']), [{ data: 'y' }]);
});

test('a leading BOM is ignored', { timeout: 20_000 }, async () => {
  assert.deepEqual(await parseAll([Uint8Array.of(0xef, 0xbb), Uint8Array.of(0xbf), 'data: hi\n\n']), [{ data: 'hi' }]);
});

test('an invalid UTF-8 byte becomes U+FFFD instead of failing', { timeout: 20_000 }, async () => {
  assert.deepEqual(await parseAll([Uint8Array.of(0x64, 0x61, 0x74, 0x61, 0x3a, 0x20, 0xff, 0x0a, 0x0a)]), [{ data: '\ufffd' }]);
});

test('a line over the limit throws ESCALATION_PROTOCOL, even before it ends', { timeout: 20_000 }, async () => {
  const isProtocol = (e: unknown): boolean => e instanceof HeedError && e.code === 'ESCALATION_PROTOCOL' && e.source === 'escalation';
  await assert.rejects(parseAll([`data: ${'x'.repeat(100)}\n\n`], { maxLineBytes: 64 }), isProtocol);
  // never terminated: the parser must not buffer without bound
  await assert.rejects(parseAll(Array.from({ length: 20 }, () => 'x'.repeat(10)), { maxLineBytes: 64 }), isProtocol);
  assert.deepEqual(await parseAll([`data: ${'x'.repeat(50)}\n\n`], { maxLineBytes: 64 }), [{ data: 'x'.repeat(50) }]);
});

test('an event over the limit throws ESCALATION_PROTOCOL', { timeout: 20_000 }, async () => {
  const many = Array.from({ length: 10 }, () => `data: ${'y'.repeat(20)}\n`).join('');
  await assert.rejects(parseAll([many, '\n'], { maxEventBytes: 100 }), (e: unknown) => e instanceof HeedError && e.code === 'ESCALATION_PROTOCOL');
  // the size counts per event: many small events are fine
  const events = Array.from({ length: 10 }, () => `data: ${'y'.repeat(20)}\n\n`).join('');
  assert.equal((await parseAll([events], { maxEventBytes: 100 })).length, 10);
});

test('stopping early returns the source iterator', { timeout: 20_000 }, async () => {
  let returned = false;
  const source: AsyncIterable<Uint8Array> = {
    [Symbol.asyncIterator]() {
      let n = 0;
      return {
        next: async () => ({ done: false, value: new TextEncoder().encode(`data: ${n++}\n\n`) }),
        return: async () => { returned = true; return { done: true, value: undefined }; },
      };
    },
  };
  for await (const e of parseSse(source)) if (e.data === '3') break;
  assert.equal(returned, true);
});
