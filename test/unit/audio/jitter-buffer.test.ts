import { test } from 'node:test';
import assert from 'node:assert/strict';
import { JitterBuffer } from '../../../app/audio/io/jitter-buffer.js';

const ramp = (n: number, from = 1): Int16Array => Int16Array.from({ length: n }, (_, i) => from + i);

test('jitter buffer: re-chunks any input sizes into fixed blocks, in order', { timeout: 5000 }, () => {
  const jb = new JitterBuffer({ blockSamples: 4, prebufferSamples: 0 });
  jb.push(ramp(3, 1));
  jb.push(ramp(6, 4));
  jb.end();
  const a = jb.next();
  const b = jb.next();
  const c = jb.next();
  assert.deepEqual(Array.from(a ?? []), [1, 2, 3, 4]);
  assert.deepEqual(Array.from(b ?? []), [5, 6, 7, 8]);
  assert.deepEqual(Array.from(c ?? []), [9, 0, 0, 0], 'the final short block is padded with silence');
  assert.equal(jb.next(), null);
  assert.equal(jb.state, 'idle');
  assert.equal(jb.underruns, 0, 'padding the end of a queue is not an underrun');
});

test('jitter buffer: waits for the pre-roll, but never longer than the pre-roll duration', { timeout: 5000 }, () => {
  const jb = new JitterBuffer({ blockSamples: 4, prebufferSamples: 12 });
  assert.equal(jb.next(), null, 'idle');
  jb.push(ramp(8));
  assert.equal(jb.state, 'prebuffering');
  assert.equal(jb.next(), null);
  jb.push(ramp(4, 9));
  assert.deepEqual(Array.from(jb.next() ?? []), [1, 2, 3, 4], 'starts once 12 samples are queued');

  const slow = new JitterBuffer({ blockSamples: 4, prebufferSamples: 12 });
  slow.push(ramp(2));
  assert.equal(slow.next(), null);
  assert.equal(slow.next(), null);
  assert.equal(slow.next(), null);
  const started = slow.next();
  assert.ok(started, 'after 3 blocks of waiting (= the pre-roll) it starts with what it has');
  assert.deepEqual(Array.from(started), [1, 2, 0, 0]);

  const ended = new JitterBuffer({ blockSamples: 4, prebufferSamples: 100 });
  ended.push(ramp(2));
  ended.end();
  assert.deepEqual(Array.from(ended.next() ?? []), [1, 2, 0, 0], 'end() skips the pre-roll');
});

test('jitter buffer: pads underruns with silence, counts each episode once, re-buffers before resuming', { timeout: 5000 }, () => {
  const jb = new JitterBuffer({ blockSamples: 4, prebufferSamples: 4, idleAfterUnderrunSamples: 12 });
  jb.push(ramp(6));
  assert.deepEqual(Array.from(jb.next() ?? []), [1, 2, 3, 4]);
  assert.deepEqual(Array.from(jb.next() ?? []), [5, 6, 0, 0], 'ran dry mid-block: padded');
  assert.equal(jb.underruns, 1);
  assert.equal(jb.state, 'underrun');
  assert.deepEqual(Array.from(jb.next() ?? []), [0, 0, 0, 0], 'keeps the device fed with silence');
  assert.equal(jb.underruns, 1, 'one episode, one count');
  jb.push(ramp(2, 7));
  assert.deepEqual(Array.from(jb.next() ?? []), [0, 0, 0, 0], 'two samples are not enough to resume');
  jb.push(ramp(2, 9));
  assert.deepEqual(Array.from(jb.next() ?? []), [7, 8, 9, 10], 'resumes once the pre-roll is back');
  assert.equal(jb.next()?.every((v) => v === 0), true);
  assert.equal(jb.underruns, 2);
  // Starved for too long: gives up and goes quiet.
  for (let i = 0; i < 5; i++) jb.next();
  assert.equal(jb.state, 'idle');
  assert.equal(jb.next(), null);
});

test('jitter buffer: maps device position to played audio, excluding padding', { timeout: 5000 }, () => {
  const jb = new JitterBuffer({ blockSamples: 4, prebufferSamples: 0 });
  jb.push(ramp(6));
  jb.next(); // out 0..4: content 0..4
  jb.next(); // out 4..8: content 4..6 + 2 padding
  jb.next(); // out 8..12: padding
  assert.equal(jb.outDispatched, 12);
  assert.equal(jb.contentDispatched, 6);
  assert.equal(jb.contentPlayedAt(0), 0);
  assert.equal(jb.contentPlayedAt(3), 3);
  assert.equal(jb.contentPlayedAt(5), 5);
  assert.equal(jb.contentPlayedAt(7), 6, 'padding does not advance the played audio');
  assert.equal(jb.contentPlayedAt(2), 6, 'monotonic: an older position changes nothing');
  assert.equal(jb.contentPlayedAt(100), 6, 'cannot play more than was handed out');
  assert.equal(jb.queuePlayedSamples, 6);
});

test('jitter buffer: flush (barge-in) returns what the current queue played and drops the rest', { timeout: 5000 }, () => {
  const jb = new JitterBuffer({ blockSamples: 4, prebufferSamples: 0 });
  jb.push(ramp(4));
  jb.end();
  jb.next();
  jb.contentPlayedAt(4);
  assert.equal(jb.settled, true);
  // A second queue: 10 samples, 8 handed out, the device played 6 of them when the user barged in.
  jb.push(ramp(10, 100));
  assert.equal(jb.queuePushedSamples, 10, 'a new queue starts after the previous one drained');
  jb.next();
  jb.next();
  assert.equal(jb.flush(4 + 6), 6);
  assert.equal(jb.state, 'idle');
  assert.equal(jb.queuedSamples, 0);
  assert.equal(jb.next(), null);
  assert.equal(jb.contentPlayed, 10, 'total played: 4 + 6');
  assert.equal(jb.outDispatched, 10, 'the output timeline is rewound to what the device played');
  // The next queue counts from zero.
  jb.push(ramp(4, 200));
  jb.end();
  assert.deepEqual(Array.from(jb.next() ?? []), [200, 201, 202, 203]);
  assert.equal(jb.contentPlayedAt(12), 12, 'total: 4 + 6 + 2');
  assert.equal(jb.queuePlayedSamples, 2);
  assert.equal(jb.flush(12), 2);
});

test('jitter buffer: discardUnplayed keeps the queue (device lost) but forgets audio that died in flight', { timeout: 5000 }, () => {
  const jb = new JitterBuffer({ blockSamples: 4, prebufferSamples: 0 });
  jb.push(ramp(12));
  jb.next();
  jb.next();
  jb.discardUnplayed(5);
  assert.equal(jb.contentPlayed, 5);
  assert.equal(jb.queuedSamples, 4, 'the undispatched remainder is still queued');
  assert.deepEqual(Array.from(jb.next() ?? []), [9, 10, 11, 12]);
  assert.equal(jb.contentPlayedAt(9), 9, 'after the rewind, output position 5..9 is the third block');
});

test('jitter buffer: rejects nonsense sizes', { timeout: 5000 }, () => {
  assert.throws(() => new JitterBuffer({ blockSamples: 0, prebufferSamples: 0 }), RangeError);
  assert.throws(() => new JitterBuffer({ blockSamples: 4, prebufferSamples: -1 }), RangeError);
});
