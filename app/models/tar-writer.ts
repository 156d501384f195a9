/**
 * Tar headers for writing bundles: a ustar header per regular file, preceded by a pax `x` header when
 * the name is over 100 bytes or the size does not fit the 11-digit octal field. The caller streams each
 * body itself, followed by tarPadding(size), and ends the archive with TAR_END.
 */
const BLOCK = 512;
const MAX_OCTAL_SIZE = 8 ** 11 - 1;

export const TAR_END = Buffer.alloc(2 * BLOCK);

export function tarPadding(size: number): Buffer {
  return Buffer.alloc((BLOCK - (size % BLOCK)) % BLOCK);
}

function octal(value: number, width: number): string {
  return `${value.toString(8).padStart(width - 1, '0')}\0`;
}

function ustarHeader(name: string, size: number, mtimeSec: number, type: '0' | 'x'): Buffer {
  const h = Buffer.alloc(BLOCK);
  h.write(name, 0, 100, 'utf8');
  h.write(octal(0o644, 8), 100, 'latin1');
  h.write(octal(0, 8), 108, 'latin1');
  h.write(octal(0, 8), 116, 'latin1');
  h.write(octal(size, 12), 124, 'latin1');
  h.write(octal(Math.max(0, Math.floor(mtimeSec)), 12), 136, 'latin1');
  h.fill(0x20, 148, 156);
  h.write(type, 156, 'latin1');
  h.write('ustar\0', 257, 'latin1');
  h.write('00', 263, 'latin1');
  let sum = 0;
  for (const b of h) sum += b;
  h.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'latin1');
  return h;
}

function paxRecord(key: string, value: string): string {
  const body = ` ${key}=${value}\n`;
  let len = Buffer.byteLength(body) + 1;
  while (String(len).length + Buffer.byteLength(body) !== len) len = String(len).length + Buffer.byteLength(body);
  return `${len}${body}`;
}

/** The header block(s) for one regular file `name` (a relative path with `/` separators). */
export function tarFileHeader(name: string, size: number, mtimeMs: number): Buffer {
  const mtime = mtimeMs / 1000;
  const longName = Buffer.byteLength(name) > 100;
  const bigSize = size > MAX_OCTAL_SIZE;
  if (!longName && !bigSize) return ustarHeader(name, size, mtime, '0');
  const records = (longName ? paxRecord('path', name) : '') + (bigSize ? paxRecord('size', String(size)) : '');
  const pax = Buffer.from(records, 'utf8');
  const shortName = name.slice(-90).replace(/^\/+/, '');
  return Buffer.concat([
    ustarHeader(`PaxHeader/${shortName}`.slice(0, 100), pax.length, mtime, 'x'),
    pax,
    tarPadding(pax.length),
    ustarHeader(shortName, bigSize ? 0 : size, mtime, '0'),
  ]);
}
