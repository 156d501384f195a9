import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bearerChecker, httpUrl, isLoopbackHost } from '../../../app/server/http-util.js';

test('loopback hosts', { timeout: 20_000 }, () => {
  for (const h of ['127.0.0.1', '127.1.2.3', 'localhost', '::1', '[::1]', '::ffff:127.0.0.1']) assert.equal(isLoopbackHost(h), true, h);
  for (const h of ['0.0.0.0', '::', '192.168.1.10', 'example.com', '10.0.0.1', '::ffff:10.0.0.1']) assert.equal(isLoopbackHost(h), false, h);
});

test('bearer checks: exact token only, Bearer scheme only', { timeout: 20_000 }, () => {
  const ok = bearerChecker('abc-123');
  assert.equal(ok('Bearer abc-123'), true);
  assert.equal(ok('bearer abc-123'), true);
  assert.equal(ok('Bearer abc-1234'), false);
  assert.equal(ok('Bearer abc-12'), false);
  assert.equal(ok('Basic abc-123'), false);
  assert.equal(ok('abc-123'), false);
  assert.equal(ok('Bearer '), false);
  assert.equal(ok(undefined), false);
});

test('urls bracket IPv6 literals', { timeout: 20_000 }, () => {
  assert.equal(httpUrl('127.0.0.1', 80), 'http://127.0.0.1:80');
  assert.equal(httpUrl('::1', 8089), 'http://[::1]:8089');
});
