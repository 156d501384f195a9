/** The respond pipeline's logic with fake engines: listen → understand → speak, timings, no-speech, abort. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { int16ToFloat } from '../../../app/audio/pcm.js';
import { HeedError } from '../../../app/core/errors.js';
import { respondToRecording, type RespondDeps } from '../../../app/core/pipeline/respond.js';
import { splitSentences } from '../../../app/core/pipeline/speak.js';
import type { DomainAgent, TurnResult } from '../../../app/core/turn.js';
import { FakeStt, fakeSpeech } from '../../../app/engines/stt/fake.js';
import { FakeTts } from '../../../app/engines/tts/fake.js';
import { FakeVad } from '../../../app/engines/vad/fake.js';

const GRAMMAR = '#JSGF V1.0;\ngrammar t;\npublic <u> = two fries | yes;\n';

function stubAgent(log: string[]): DomainAgent {
  const turn = (intent: string, reply: string): TurnResult => ({ intent, toolCalls: [], reply, spoken: reply, order: null, card: null, handoff: false });
  return {
    domain: 'stub',
    greeting: 'Hello.',
    grammar: () => ({ name: 't', jsgf: GRAMMAR, words: ['two', 'fries', 'yes'], unknownWords: [] }),
    handleTranscript: (s, t) => { log.push(`transcript:${s}:${t}`); return turn('add_item', `Added ${t}. Anything else?`); },
    handleText: (s, t) => { log.push(`text:${s}:${t}`); return turn('add_item', 'ok'); },
    handleNoSpeech: (s) => { log.push(`nospeech:${s}`); return turn('no_speech', "Sorry, I didn't catch anything."); },
    order: () => null,
    close: () => undefined,
  };
}

async function deps(log: string[]): Promise<RespondDeps> {
  const stt = new FakeStt();
  await stt.setSearch({ kind: 'jsgf', name: 't', text: GRAMMAR });
  return {
    vad: new FakeVad(), stt, tts: new FakeTts(), agent: stubAgent(log),
    // FakeStt decodes 10 ms frames from the first sample it is fed, so speech must start on a VAD
    // window boundary (leads are multiples of 160 ms = lcm of 32 and 10) with no pre-roll.
    segmenter: { threshold: 0.5, minSpeechMs: 100, minSilenceMs: 300, speechPadMs: 0 }, voice: 'fake',
  };
}

const audioOf = (pcm: Int16Array): { channelData: Float32Array[]; sampleRate: number } => ({ channelData: [int16ToFloat(pcm)], sampleRate: 16000 });

test('speech in → transcript → agent → spoken reply, with every timing', { timeout: 20_000 }, async () => {
  const log: string[] = [];
  const r = await respondToRecording(audioOf(fakeSpeech('two fries', { leadMs: 480, tailMs: 800 })), 's1', await deps(log));
  assert.equal(r.transcript, 'two fries');
  assert.deepEqual(log, ['transcript:s1:two fries']);
  assert.equal(r.intent, 'add_item');
  assert.ok(r.audio.pcm.length > 0);
  assert.ok(r.speech && r.speech.startMs < r.speech.endMs);
  for (const v of Object.values(r.timings)) assert.ok(Number.isFinite(v) && v >= 0);
  assert.equal(r.timings.endpointSilenceMs, 300);
});

test('a recording that ends mid-speech is still heard (the open segment is closed)', { timeout: 20_000 }, async () => {
  const log: string[] = [];
  const r = await respondToRecording(audioOf(fakeSpeech('yes', { leadMs: 320, tailMs: 0 })), 's2', await deps(log));
  assert.equal(r.transcript, 'yes');
});

test('silence only → the no-speech turn, nothing sent to understanding', { timeout: 20_000 }, async () => {
  const log: string[] = [];
  const r = await respondToRecording(audioOf(new Int16Array(16000)), 's3', await deps(log));
  assert.equal(r.intent, 'no_speech');
  assert.equal(r.transcript, '');
  assert.equal(r.speech, null);
  assert.deepEqual(log, ['nospeech:s3']);
  assert.ok(r.audio.pcm.length > 0, 'the apology is spoken');
});

test('other sample rates and stereo are mixed down and resampled first', { timeout: 20_000 }, async () => {
  const log: string[] = [];
  const pcm = int16ToFloat(fakeSpeech('two fries', { sampleRate: 48000, leadMs: 480, tailMs: 800 }));
  const r = await respondToRecording({ channelData: [pcm, pcm], sampleRate: 48000 }, 's4', await deps(log));
  assert.equal(r.transcript, 'two fries');
});

test('an aborted signal stops the turn with ABORTED and nothing reaches the agent', { timeout: 20_000 }, async () => {
  const log: string[] = [];
  const ac = new AbortController();
  ac.abort();
  await assert.rejects(
    respondToRecording(audioOf(fakeSpeech('two fries', { leadMs: 480, tailMs: 800 })), 's5', await deps(log), { signal: ac.signal }),
    (e: unknown) => e instanceof HeedError && e.code === 'ABORTED',
  );
  assert.deepEqual(log, []);
});

test('replies are spoken sentence by sentence; prices stay whole', { timeout: 5_000 }, () => {
  assert.deepEqual(splitSentences('Added a Cola. Your total is $5.49. Anything else?'), ['Added a Cola.', 'Your total is $5.49.', 'Anything else?']);
  assert.deepEqual(splitSentences('  '), []);
});
