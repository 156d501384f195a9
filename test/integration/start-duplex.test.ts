/**
 * `heed start` in full duplex (`live.duplex: true`), live on a private PulseAudio server as in
 * start-live.test.ts: utterances are played into the "micfeed" sink (the default input is its
 * monitor), the reply is recorded from "speaker.monitor". The customer's mic does not hear the
 * speaker here (two separate null sinks), so these tests exercise barge-in and backchannels, not
 * the echo canceller (which is on, as by default, and gets a silent echo path).
 *
 * The backchannel test says "yeah", not "mhm": the embedded recognizer (pocketsphinx on the pack's
 * grammar) only has grammar words, and hears a synthetic "mhm" as e.g. "and eight" (content words:
 * a barge-in), and a clean "okay" sometimes as "help". HEED_TEST_BACKCHANNEL=<word> tries another.
 * Reaction times are measured on recordings of micfeed.monitor and speaker.monitor started together
 * (two parec processes: a few ms of skew) and printed as ℹ lines.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loudFrames, startHeedLive, type HeedChild, type HeedEvent } from '../helpers/live-signals.js';
import { describeOrder } from '../helpers/scenarios.js';
import { orderInDb } from '../helpers/store-reader.js';
import { playIntoMic, recordSource, startPulse, type PulseServer } from '../helpers/pulse.js';
import { makeUtterance, noise } from '../helpers/utterances.js';
import { encodeWavFloat } from '../../app/audio/wav.js';
import Database from 'better-sqlite3';

const dir = mkdtempSync(join(tmpdir(), 'heed-duplex-'));
const configPath = join(dir, 'duplex.json');
writeFileSync(configPath, JSON.stringify({ live: { duplex: true } }));

const startHeed = (pulse: PulseServer, db: string, session: string, maxTurns: number): HeedChild =>
  startHeedLive(pulse.env, { db, session, config: configPath, maxTurns });

const waitMs = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function exitOf(h: HeedChild, ms: number): Promise<number | null | 'timeout'> {
  return Promise.race([h.exited, new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), ms))]);
}

test('start duplex: hears an order on the microphone, answers on the speaker, stores the order', { timeout: 120_000 }, async (t) => {
  const pulse = await startPulse();
  const db = join(dir, 'order.db');
  const heed = startHeed(pulse, db, 'duplex-1', 1);
  try {
    await heed.waitFor('listening', 30_000);
    const speaker = recordSource(pulse.env, 'speaker.monitor');
    const wav = await makeUtterance({ text: 'can i get two cheeseburgers with no onions', voice: 'flite:slt', snrDb: 35, seed: 77 });
    await playIntoMic(pulse.env, wav);
    const turn = await heed.waitFor('turn', 30_000);
    const code = await exitOf(heed, 30_000);
    const heard = await speaker.stop();
    assert.equal(code, 0, `heed start exit: ${String(code)}; ${heed.stderr()}`);
    const msg = `duplex: heard "${String(turn['transcript'])}", end of speech → first audio ${String(turn['endOfSpeechToFirstAudioMs'])} ms`;
    console.log(`ℹ ${msg}`);
    t.diagnostic(msg);
    assert.equal(typeof turn['transcript'], 'string');
    assert.equal(typeof turn['endOfSpeechToFirstAudioMs'], 'number');
    assert.ok(heed.events.some((e) => e['type'] === 'speech-start'), 'the VAD saw the speech start');
    const loud = loudFrames(heard).filter(Boolean).length;
    assert.ok(loud * 10 >= 500, `reply audio on the speaker: ${loud * 10} ms loud of ${Math.round(heard.length / 16)} ms recorded`);
    assert.equal(describeOrder(orderInDb(db, 'duplex-1')), '2 Cheeseburger [no onions]');
  } finally {
    await heed.stop();
    await pulse.stop();
  }
});

/**
 * Plays `ask` (which gets a long reply), waits until the reply has been playing for `afterMs`, then
 * plays `interject` into the mic while recording both the mic feed and the speaker from the same
 * moment. Returns the recordings (aligned to within the spawn skew of two parec processes).
 */
async function interjectDuringReply(pulse: PulseServer, heed: HeedChild, askWav: string, interjectWav: string, afterMs: number): Promise<{ mic: Int16Array; speaker: Int16Array; turn: HeedEvent }> {
  await heed.waitFor('listening', 30_000);
  await playIntoMic(pulse.env, askWav);
  const turn = await heed.waitFor('turn', 30_000);
  const speaker = recordSource(pulse.env, 'speaker.monitor');
  const mic = recordSource(pulse.env, 'micfeed.monitor');
  await waitMs(afterMs);
  await playIntoMic(pulse.env, interjectWav);
  await waitMs(2500);
  return { turn, speaker: await speaker.stop(), mic: await mic.stop() };
}

test('start duplex: the customer interrupts a long reply (barge-in) and the speaker goes quiet', { timeout: 180_000 }, async (t) => {
  const pulse = await startPulse();
  const db = join(dir, 'barge.db');
  const heed = startHeed(pulse, db, 'duplex-2', 2);
  try {
    const ask = await makeUtterance({ text: 'what can i order', voice: 'flite:slt', snrDb: 35, seed: 5 });
    const interject = await makeUtterance({ text: 'no wait i want two cheeseburgers', voice: 'flite:slt', snrDb: 35, seed: 6 });
    const { turn, speaker, mic } = await interjectDuringReply(pulse, heed, ask, interject, 1500);
    assert.match(String(turn['reply']), /You can order/, 'the long (help) reply');
    const barge = await heed.waitFor('barge-in', 10_000);
    // Onset of the interjection in the mic feed; the speaker must go quiet (and stay quiet for 400 ms) soon after.
    const micLoud = loudFrames(mic);
    const onset = micLoud.indexOf(true);
    assert.ok(onset >= 0, 'the interjection is in the mic feed');
    const spk = loudFrames(speaker);
    assert.ok(spk.slice(0, onset).some(Boolean), 'the reply was playing before the interjection');
    let quietAt = -1;
    for (let i = onset; i + 40 <= spk.length; i++) if (!spk.slice(i, i + 40).some(Boolean)) { quietAt = i; break; }
    assert.ok(quietAt >= 0, 'the speaker went quiet after the interjection');
    const reactionMs = (quietAt - onset) * 10;
    const msg = `duplex barge-in: "${String(barge['text'])}", onset → speaker quiet ${reactionMs} ms (recorded), onset → stop ${String(barge['onsetToStopMs'])} ms, decision → stop ${String(barge['decisionToStopMs'])} ms (reported)`;
    console.log(`ℹ ${msg}`);
    t.diagnostic(msg);
    assert.ok(reactionMs <= 600, `the speaker went quiet ${reactionMs} ms after the interruption's onset`);
    // The interjection is then the customer's next turn.
    const second = await heed.waitFor('turn', 30_000, (e) => e !== turn);
    console.log(`ℹ duplex after barge-in: heard "${String(second['transcript'])}", end of speech → first audio ${String(second['endOfSpeechToFirstAudioMs'])} ms`);
    const code = await exitOf(heed, 30_000);
    assert.equal(code, 0, `heed start exit: ${String(code)}; ${heed.stderr()}`);
  } finally {
    await heed.stop();
    await pulse.stop();
  }
});

/**
 * A cough: two bursts of pink noise (fast attack, 60 ms decay), 180 ms and 140 ms long with a
 * 110 ms gap, peaking around -6 dBFS, in 400 ms of silence either side. Wordless, loud, short.
 */
function coughWav(): string {
  const rate = 16000;
  const burst = (ms: number, seed: number): Float32Array => {
    const n = Math.round((ms / 1000) * rate);
    const x = noise(n, seed, 'pink');
    return x.map((v, i) => 0.25 * v * Math.min(1, i / (0.008 * rate)) * Math.exp(-i / (0.06 * rate)));
  };
  const gap = (ms: number): Float32Array => new Float32Array(Math.round((ms / 1000) * rate));
  const parts = [gap(400), burst(180, 11), gap(110), burst(140, 12), gap(400)];
  const out = new Float32Array(parts.reduce((a, p) => a + p.length, 0));
  let at = 0;
  for (const p of parts) { out.set(p, at); at += p.length; }
  const path = join(dir, 'cough.wav');
  writeFileSync(path, encodeWavFloat(out, rate));
  return path;
}

test('start duplex: a cough during the reply does not stop it', { timeout: 180_000 }, async (t) => {
  const pulse = await startPulse();
  const db = join(dir, 'cough.db');
  const heed = startHeed(pulse, db, 'duplex-4', 1);
  try {
    const ask = await makeUtterance({ text: 'what can i order', voice: 'flite:slt', snrDb: 35, seed: 5 });
    const { speaker, mic } = await interjectDuringReply(pulse, heed, ask, coughWav(), 1500);
    const onset = loudFrames(mic).indexOf(true);
    const spk = loudFrames(speaker);
    const after = spk.slice(onset + 100).filter(Boolean).length * 10;
    const barges = heed.events.filter((e) => e['type'] === 'barge-in');
    const holds = heed.events.filter((e) => e['type'] === 'hold').length;
    const msg = `duplex cough: ${after} ms of reply audio from 1 s after the cough; holds ${holds}; barge-ins: ${JSON.stringify(barges.map((e) => e['text']))}`;
    console.log(`ℹ ${msg}`);
    t.diagnostic(msg);
    assert.ok(onset >= 0, 'the cough is in the mic feed');
    assert.equal(barges.length, 0, 'no barge-in');
    assert.ok(after >= 500, 'the reply kept playing after the cough');
    const code = await exitOf(heed, 60_000);
    assert.equal(code, 0, `heed start exit: ${String(code)}; ${heed.stderr()}`);
  } finally {
    await heed.stop();
    await pulse.stop();
  }
});

const BACKCHANNEL = process.env['HEED_TEST_BACKCHANNEL'] ?? 'yeah';

test('start duplex: an acknowledgement ("yeah") during the reply is a backchannel and the reply keeps playing', { timeout: 180_000 }, async (t) => {
  const pulse = await startPulse();
  const db = join(dir, 'backchannel.db');
  const heed = startHeed(pulse, db, 'duplex-3', 1);
  try {
    const ask = await makeUtterance({ text: 'what can i order', voice: 'flite:slt', snrDb: 35, seed: 5 });
    // An acknowledgement the recognizer's grammar knows (see the file comment), without noise.
    const mhm = await makeUtterance({ text: BACKCHANNEL, voice: 'flite:slt', seed: 8 });
    const { speaker, mic } = await interjectDuringReply(pulse, heed, ask, mhm, 1500);
    const bc = await heed.waitFor('backchannel', 10_000).catch(() => null);
    const onset = loudFrames(mic).indexOf(true);
    const spk = loudFrames(speaker);
    const after = spk.slice(onset + 100).filter(Boolean).length * 10;
    const msg = `duplex backchannel: ${bc ? `"${String(bc['text'])}"` : 'none reported'}; ${after} ms of reply audio from 1 s after the "${BACKCHANNEL}"; barge-ins: ${JSON.stringify(heed.events.filter((e) => e['type'] === 'barge-in').map((e) => e['text']))}`;
    console.log(`ℹ ${msg}`);
    t.diagnostic(msg);
    assert.ok(onset >= 0, 'the acknowledgement is in the mic feed');
    assert.equal(heed.events.filter((e) => e['type'] === 'barge-in').length, 0, 'no barge-in');
    assert.ok(after >= 500, 'the reply kept playing after the "mhm"');
    assert.ok(bc, 'a backchannel was reported');
    const code = await exitOf(heed, 30_000);
    assert.equal(code, 0, `heed start exit: ${String(code)}; ${heed.stderr()}`);
  } finally {
    await heed.stop();
    await pulse.stop();
  }
});

test('start duplex: with the store locked by another writer the customer hears the filler, then the answer once the lock goes; the order is stored once', { timeout: 120_000 }, async (t) => {
  const pulse = await startPulse();
  const db = join(dir, 'locked.db');
  const heed = startHeed(pulse, db, 'duplex-lock', 1);
  let locker: Database.Database | null = null;
  try {
    await heed.waitFor('listening', 30_000);
    // A POS sync, a menu import: another connection holds the write lock while the customer orders.
    locker = new Database(db);
    locker.exec('BEGIN IMMEDIATE');
    const speaker = recordSource(pulse.env, 'speaker.monitor');
    const wav = await makeUtterance({ text: 'can i get two cheeseburgers', voice: 'flite:slt', snrDb: 35, seed: 78 });
    await playIntoMic(pulse.env, wav);
    const filler = await heed.waitFor('filler', 30_000);
    await waitMs(2000);
    assert.ok(!heed.events.some((e) => e['type'] === 'turn'), 'no answer while the store is locked');
    const releasedAt = Date.now();
    locker.exec('COMMIT');
    const turn = await heed.waitFor('turn', 30_000);
    const code = await exitOf(heed, 30_000);
    const heard = await speaker.stop();
    assert.equal(code, 0, `heed start exit: ${String(code)}; ${heed.stderr()}`);
    const frames = loudFrames(heard);
    const lockedFrames = Math.round((releasedAt - speaker.startedAt) / 10);
    const fillerMs = frames.slice(0, lockedFrames).filter(Boolean).length * 10;
    const replyMs = frames.slice(lockedFrames).filter(Boolean).length * 10;
    const msg = `locked store: filler "${String(filler['text'])}" heard ${fillerMs} ms before the lock went, then ${replyMs} ms of reply; turn "${String(turn['transcript'])}" → ${String(turn['intent'])}`;
    console.log(`ℹ ${msg}`);
    t.diagnostic(msg);
    assert.ok(fillerMs >= 300, `the filler was heard while the store was locked (${fillerMs} ms loud)`);
    assert.ok(replyMs >= 500, `the answer was heard after the lock went (${replyMs} ms loud)`);
    assert.equal(describeOrder(orderInDb(db, 'duplex-lock')), '2 Cheeseburger');
  } finally {
    if (locker?.inTransaction) locker.exec('ROLLBACK');
    locker?.close();
    await heed.stop();
    await pulse.stop();
  }
});
