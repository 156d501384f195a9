/** The three engine workers as the agent starts them, with fake engines: parallel start, restart keeps the grammar. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sttConfigSchema, ttsConfigSchema, vadConfigSchema } from '../../../app/core/config.js';
import { HeedError } from '../../../app/core/errors.js';
import { fakeSpeech } from '../../../app/engines/stt/fake.js';
import { spawnEngineWorkers } from '../../../app/workers/spawn.js';

const GRAMMAR = '#JSGF V1.0;\ngrammar t;\npublic <u> = yes | no;\n';

test('a restarted STT worker gets its grammar back before the next request', { timeout: 30_000 }, async () => {
  const w = await spawnEngineWorkers({
    vad: vadConfigSchema.parse({ engine: 'fake' }), stt: sttConfigSchema.parse({ engine: 'fake' }), tts: ttsConfigSchema.parse({ engine: 'fake', voice: 'fake' }), workerTimeoutMs: 10_000,
  });
  try {
    await w.stt.setSearch({ kind: 'jsgf', name: 't', text: GRAMMAR });
    assert.equal((await w.stt.recognize(fakeSpeech('yes'))).text, 'yes');
    const before = w.stt.host.threadId;
    await w.stt.host.recycle();
    assert.notEqual(w.stt.host.threadId, before, 'a new worker thread');
    assert.equal(w.stt.host.restartCount, 1);
    assert.equal((await w.stt.recognize(fakeSpeech('no'))).text, 'no', 'the grammar was re-sent to the new worker');
  } finally {
    await w.close();
  }
});

test('a request in flight when a worker dies fails cleanly and the next one succeeds', { timeout: 60_000 }, async () => {
  const w = await spawnEngineWorkers({
    vad: vadConfigSchema.parse({ engine: 'fake' }), stt: sttConfigSchema.parse({ engine: 'fake' }), tts: ttsConfigSchema.parse({ engine: 'flite', voice: 'rms' }), workerTimeoutMs: 30_000,
  });
  try {
    // Seconds of real synthesis: still running when the worker is killed a moment later.
    const long = 'Your order is a large cheeseburger with extra cheese and a medium cola. '.repeat(150);
    const failed = assert.rejects(w.tts.synthesize(long), (e: unknown) => e instanceof HeedError && e.code === 'WORKER_CRASHED' && e.recoverable);
    await w.tts.host.recycle();
    await failed;
    const audio = await w.tts.synthesize('hello');
    assert.ok(audio.pcm.length > 0);
  } finally {
    await w.close();
  }
});
