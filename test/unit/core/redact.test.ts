import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { createRedactor, DEFAULT_PII_KEYS, namesIn, redactText, redactValue } from '../../../app/core/redact.js';
import { createLogger, redact } from '../../../app/core/logger.js';
import { HeedError } from '../../../app/core/errors.js';

const NAMES = ['Maria Lopez', 'Jo'];

/** [input, expected] — expected is the exact redacted text. */
const CASES: ReadonlyArray<readonly [string, string]> = [
  // phones written with separators
  ['call me at 555-123-4567', 'call me at [phone]'],
  ['(555) 123 4567 is my cell', '[phone] is my cell'],
  ['(555)123-4567', '[phone]'],
  ['+1 555 123 4567', '[phone]'],
  ['+1-555-123-4567.', '[phone].'],
  ['555.123.4567', '[phone]'],
  ['5551234567', '[phone]'],
  ['my number is 555 1234', 'my number is [phone]'],
  ['1-800-555-0199', '[phone]'],
  ['+44 20 7946 0958', '[phone]'],
  ['+44 (0) 20 7946 0958', '[phone]'],
  ['phone: 555\u2013123\u20134567', 'phone: [phone]'],
  ['tel:5551234567', 'tel:[phone]'],
  // phones spoken as digit words
  ['five five five one two three four', '[phone]'],
  ['it is five five five, one two three, four five six seven', 'it is [phone]'],
  ['Oh eight one five five five one two one two', '[phone]'],
  ['double five five one two three four', '[phone]'],
  ['five five five twelve thirty four', '[phone]'],
  ['one eight hundred five five five one two one two please', '[phone] please'],
  ['five five five 123 4567', '[phone]'],
  ['triple seven one two three four', '[phone]'],
  // cards
  ['card 4111 1111 1111 1111 exp 12/27', 'card [card] exp 12/27'],
  ['4111-1111-1111-1111', '[card]'],
  ['4111111111111111', '[card]'],
  ['four one one one one one one one one one one one one one one one', '[card]'],
  // e-mail
  ['mail maria.lopez+kiosk@example.co.uk now', 'mail [email] now'],
  ['Reach me at JO_99@mail.example.com.', 'Reach me at [email].'],
  ['it is maria dot lopez at gmail dot com thanks', 'it is [email] thanks'],
  ['john at example dot org', '[email]'],
  // names (given)
  ['this is Maria Lopez', 'this is [name]'],
  ['MARIA, your order is ready', '[name], your order is ready'],
  ["lopez's burger", "[name]'s burger"],
  ['thanks jo!', 'thanks [name]!'],
  // must NOT be redacted
  ['that is $4.95', 'that is $4.95'],
  ['total $1,299.99 or $1234567', 'total $1,299.99 or $1234567'],
  ['pick up at 3:30', 'pick up at 3:30'],
  ['10:30-11:45 tomorrow', '10:30-11:45 tomorrow'],
  ['order 12 is ready', 'order 12 is ready'],
  ['2 cheeseburgers and 3 large fries', '2 cheeseburgers and 3 large fries'],
  ['nine one one', 'nine one one'],
  ['call 911', 'call 911'],
  ['two number ones and a coke', 'two number ones and a coke'],
  ['twenty twenty four', 'twenty twenty four'],
  ['four ninety five', 'four ninety five'],
  ['on 2024-05-01 at 12:30', 'on 2024-05-01 at 12:30'],
  ['12/05/2024', '12/05/2024'],
  ['2024-05-01T12:30:00.000Z', '2024-05-01T12:30:00.000Z'],
  ['zip 90210', 'zip 90210'],
  ['pi is 3.14159265', 'pi is 3.14159265'],
  ['15% off, 1,234,567 served', '15% off, 1,234,567 served'],
  ['host 192.168.100.200', 'host 192.168.100.200'],
  ['receipt #12345678', 'receipt #12345678'],
  ['1 2 3 4 5 6 and 123-456', '1 2 3 4 5 6 and 123-456'],
  ['sku A1234567 and hash 3f5a91234567890', 'sku A1234567 and hash 3f5a91234567890'],
  ['Johnny wants jojo fries', 'Johnny wants jojo fries'],
  ['@home or user@localhost', '@home or user@localhost'],
  ['meet at the table by the door', 'meet at the table by the door'],
  ['', ''],
  ['oh, one large coke', 'oh, one large coke'],
  ['double cheeseburger, two fries', 'double cheeseburger, two fries'],
];

test('redactText: the case table', () => {
  assert.ok(CASES.length >= 40, `only ${CASES.length} cases`);
  const failures: string[] = [];
  for (const [input, expected] of CASES) {
    const got = redactText(input, { names: NAMES });
    if (got !== expected) failures.push(`${JSON.stringify(input)}\n   got      ${JSON.stringify(got)}\n   expected ${JSON.stringify(expected)}`);
  }
  assert.equal(failures.length, 0, `\n${failures.join('\n')}`);
});

test('redactText: names are optional, case-insensitive whole words, longest first', () => {
  assert.equal(redactText('Maria Lopez'), 'Maria Lopez');
  assert.equal(redactText('MaRiA lOpEz here', { names: ['maria lopez'] }), '[name] here');
  assert.equal(redactText('Maria  Lopez', { names: ['Maria Lopez'] }), '[name]');
  assert.equal(redactText('Zoë ordered', { names: ['ZOË'] }), '[name] ordered');
  assert.equal(redactText('see dr. who (at 3) or a.b.', { names: ['Dr. Who', 'a.b.'] }), 'see [name] (at 3) or [name]');
  // one-letter names and non-strings are ignored rather than masking every "a" or throwing
  assert.equal(redactText('a coke', { names: ['A', 7 as unknown as string] }), 'a coke');
  // a single string is one name, not its characters
  assert.equal(redactText('hi ann and n', { names: 'Ann' as unknown as string[] }), 'hi [name] and n');
});

test('redactText: never throws on odd input', () => {
  for (const v of [undefined, null, 42, {}, Symbol('x'), { toString() { throw new Error('boom'); } }]) {
    assert.equal(typeof redactText(v as unknown as string), 'string');
  }
  assert.equal(redactText(5551234567 as unknown as string), '[phone]');
});

test('redactText: 50 000-character inputs finish fast (no catastrophic backtracking)', () => {
  const inputs = [
    '1'.repeat(50_000),
    '1 '.repeat(25_000),
    '1-'.repeat(25_000),
    '(1'.repeat(25_000),
    'a'.repeat(50_000),
    'a@'.repeat(25_000),
    `${'a.'.repeat(24_999)}@x`,
    `x@${'a.'.repeat(24_999)}`,
    'a'.repeat(49_999) + '@',
    'five '.repeat(10_000),
    'double '.repeat(7_000),
    'a at b dot '.repeat(4_500),
    'x dot '.repeat(8_000) + 'at',
    ' '.repeat(50_000),
    'maria '.repeat(8_000),
    '$1.1'.repeat(12_500),
    'call 555-123-4567 or mail a@b.co, five five five one two three four. '.repeat(700),
  ];
  const names = Array.from({ length: 500 }, (_, i) => `Name${i} Surname${i}`);
  for (const input of inputs) {
    const t0 = performance.now();
    const out = redactText(input, { names });
    const ms = performance.now() - t0;
    assert.equal(typeof out, 'string');
    assert.ok(ms < 1500, `${JSON.stringify(input.slice(0, 20))}… took ${ms.toFixed(0)} ms`);
  }
  const long = 'call 555-123-4567 or mail a@b.co, five five five one two three four. '.repeat(700);
  const out = redactText(long);
  assert.ok(!/\d{3}/.test(out) && !out.includes('@') && !out.includes('five'), out.slice(0, 200));
});

test('redactValue: strings redacted, PII keys masked whole, structure kept', () => {
  const input = {
    tool: 'book_appointment',
    args: { customerName: 'Maria Lopez', phoneNumber: 5551234567, email: 'm@x.io', note: 'Maria wants 2 fries, call 555 123 4567', qty: 2, price: 4.95 },
    result: { ok: true, confirmation: 'booked for maria lopez at 3:30', phone: null, name: 'Dr. Who', when: new Date('2024-05-01T10:00:00Z') },
    list: ['five five five one two three four', 12, false],
    contactPhone: '555-123-4567',
    isMobile: true,
  };
  const out = redactValue(input);
  assert.deepEqual(out, {
    tool: 'book_appointment',
    args: { customerName: '[name]', phoneNumber: '[phone]', email: '[email]', note: '[name] wants 2 fries, call [phone]', qty: 2, price: 4.95 },
    result: { ok: true, confirmation: 'booked for [name] at 3:30', phone: null, name: '[name]', when: '2024-05-01T10:00:00.000Z' },
    list: ['[phone]', 12, false],
    contactPhone: '[phone]',
    isMobile: true,
  });
  // the input is not modified
  assert.equal(input.args.customerName, 'Maria Lopez');
});

test('redactValue: key matching ignores case and separators; the key list is configurable', () => {
  assert.deepEqual(redactValue({ PHONE_NUMBER: '1', 'first-name': 'Al', itemName: 'Burger', hostname: 'kiosk-1', cell: 'x', cellar: 'y' }), {
    PHONE_NUMBER: '[phone]', 'first-name': '[name]', itemName: 'Burger', hostname: 'kiosk-1', cell: '[phone]', cellar: 'y',
  });
  assert.deepEqual(redactValue({ name: 'Cheeseburger', plate: 'AB 123', phone: '555' }, { keys: ['plate'] }), {
    name: 'Cheeseburger', plate: '[redacted]', phone: '555',
  });
  assert.ok(DEFAULT_PII_KEYS.includes('customerName'));
});

test('redactValue: names from person-name keys and from opts.names mask other strings', () => {
  assert.deepEqual(redactValue({ firstName: 'Sam', msg: 'thanks sam' }), { firstName: '[name]', msg: 'thanks [name]' });
  assert.deepEqual(redactValue(['hello Kim'], { names: ['kim'] }), ['hello [name]']);
  // bare "name" is masked but not harvested (it often names a menu item or a tool)
  assert.deepEqual(redactValue({ name: 'Fries', note: 'large fries' }), { name: '[name]', note: 'large fries' });
  assert.deepEqual(namesIn({ a: [{ lastName: 'Ng' }, { customer_name: 'Ann Lee' }], name: 'x' }), ['Ng', 'Ann Lee']);
});

test('redactValue: cycles, depth, errors, odd objects never throw', () => {
  const cyclic: Record<string, unknown> = { note: '555-123-4567' };
  cyclic['self'] = cyclic;
  assert.deepEqual(redactValue(cyclic), { note: '[phone]', self: '[circular]' });
  const shared = { phone: '1' };
  assert.deepEqual(redactValue({ a: shared, b: shared }), { a: { phone: '[phone]' }, b: { phone: '[phone]' } });
  let deep: unknown = 'x';
  for (let i = 0; i < 100; i++) deep = { d: deep };
  assert.doesNotThrow(() => JSON.stringify(redactValue(deep)));
  const err = new HeedError('STORE_FAILED', 'store', 'no row for 555-123-4567', { hint: 'ask jo@x.io' });
  const e = redactValue(err) as Record<string, unknown>;
  assert.equal(e['message'], 'no row for [phone]');
  assert.equal(e['hint'], 'ask [email]');
  assert.equal(e['code'], 'STORE_FAILED');
  assert.equal(e['type'], 'HeedError');
  const hostile = new Proxy({}, { ownKeys() { throw new Error('trap'); } });
  assert.equal(redactValue(hostile), '[redacted]');
  const getter = { get phone(): string { throw new Error('boom'); }, get note(): string { throw new Error('boom'); }, ok: 1 };
  assert.deepEqual(redactValue(getter), { phone: '[phone]', note: '[redacted]', ok: 1 });
  assert.equal(redactValue(Buffer.from('5551234567')), '[10 bytes]');
  assert.deepEqual(redactValue(new Map([['k', '5551234567']])), [['k', '[phone]']]);
  assert.equal(redactValue(10n), 10n);
  assert.equal(redactValue('a@b.co'), '[email]');
  assert.deepEqual(redactValue({ __proto__x: 1, ['__proto__']: { phone: 1 } }), JSON.parse('{"__proto__x":1,"__proto__":{"phone":"[phone]"}}') as unknown);
});

test('createRedactor: compiled once, used many times', () => {
  const r = createRedactor({ names: ['Lee'] });
  assert.equal(r.text('Lee 555-123-4567'), '[name] [phone]');
  assert.deepEqual(r.value({ surname: 'Park', note: 'Park and Lee' }), { surname: '[name]', note: '[name] and [name]' });
});

test('logger: redact() keeps working and every record is redacted', async () => {
  assert.equal(redact('call 555-123-4567'), 'call [phone]');
  const lines: string[] = [];
  const sink = new Writable({ write(chunk: Buffer, _enc, cb) { lines.push(chunk.toString('utf8')); cb(); } });
  const log = createLogger('info', sink);
  log.info({ transcript: 'my number is five five five one two three four', customerName: 'Maria', n: 3 }, 'heard %s', '555-123-4567');
  log.child({ email: 'a@b.co', session: 's1', note: 'for Maria, 555 123 4567' }).warn('mail a@b.co please');
  log.error(new Error('cannot reach 555 123 4567'));
  log.error({ err: new Error('bad card 4111 1111 1111 1111') });
  await new Promise((resolve) => setImmediate(resolve));
  const records = lines.join('').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
  assert.equal(records.length, 4);
  const [a, b, c, d] = records;
  assert.equal(a?.['msg'], 'heard [phone]');
  assert.equal(a?.['transcript'], 'my number is [phone]');
  assert.equal(a?.['customerName'], '[name]');
  assert.equal(a?.['n'], 3);
  assert.equal(b?.['email'], '[email]');
  assert.equal(b?.['session'], 's1');
  assert.equal(b?.['note'], 'for Maria, [phone]');
  assert.equal(b?.['msg'], 'mail [email] please');
  assert.equal(c?.['msg'], 'cannot reach [phone]');
  assert.equal((c?.['err'] as Record<string, unknown> | undefined)?.['type'], 'Error');
  assert.equal((c?.['err'] as Record<string, unknown> | undefined)?.['message'], 'cannot reach [phone]');
  assert.equal(d?.['msg'], 'bad card [card]');
  // Timestamps are digits too ("time":…555…): look for the numbers as they were written.
  const all = lines.join('').replace(/"time":\d+/g, '"time":0');
  for (const raw of ['555', '4111', 'a@b.co', '"Maria"', 'five five']) assert.ok(!all.includes(raw), `${raw} leaked: ${all}`);
});
