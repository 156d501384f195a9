#!/usr/bin/env node
// The LIVE section of `npm run bench` (or alone: node scripts/bench-live.mjs [--live-runs 12] [--json]
// [--audio-backend pulse|portaudio]):
// the opt-in full-duplex `heed start` (config {"live": {"duplex": true}}) measured end to end through a
// private PulseAudio server (test/helpers/pulse.ts: null sinks "speaker" and "micfeed"), on parec
// recordings of micfeed.monitor (what Heed hears) and speaker.monitor (what Heed says), never on
// Heed's own timestamps:
//   end of speech → first agent audio   last loud 10 ms frame of the request in the mic recording →
//                                        first loud frame in the speaker recording after it
//   barge-in reaction                   "no wait i want two cheeseburgers" ~1.5 s into a long reply:
//                                        its first loud mic frame → start of the first ≥ 400 ms quiet
//                                        stretch on the speaker; undetected = no barge-in event
//   backchannel false stops             "yeah" ~1.5 s into a long reply: a false stop is a barge-in event,
//                                        or < 500 ms of reply audio in the 3 s after it while the reply
//                                        had more to say; plus the longest pause in the reply around it
//   self-interruption with echo         speaker → mic loopback (test/helpers/pulse-echo.ts); long replies,
//                                        no customer speech: any barge-in event, or the speaker quiet
//                                        ≥ 400 ms before the reply's text was played; then real barge-ins
//                                        with the echo (onset located by cross-correlation of the WAV)
// One pulse server and one heed process per scenario group; every wait has a deadline.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { percentile, printTable } from './bench-format.mjs';

const run = promisify(execFile);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const REQUESTS = [
  'can i get two cheeseburgers',
  'a large cola please',
  'i would like a chicken sandwich',
  'can i have medium fries',
  'one apple pie please',
  'let me get onion rings',
];
const HELP = ['what can i order', "what's on the menu", 'what do you have'];
const INTERRUPTION = 'no wait i want two cheeseburgers';
const BACKCHANNEL = 'yeah';
const ECHO_SETTINGS = [{ delayMs: 60, gainDb: -6 }, { delayMs: 120, gainDb: 0 }];
/** Quiet stretch that counts as "the speaker stopped" (frames of 10 ms). */
const STOP_FRAMES = 40;
/** A reply is "cut short" when its first ≥ 400 ms gap comes before this share of its expected length. */
const PLAYED_SHARE = 0.85;

const fmtMs = (x) => (x === null || x === undefined || !Number.isFinite(x) ? '–' : `${Math.round(x)} ms`);
const pctOf = (k, n) => (n === 0 ? '–' : `${k}/${n} (${Math.round((100 * k) / n)} %)`);

/** Why the live section cannot run here, or null. */
async function missingTools(env) {
  for (const tool of ['pulseaudio', 'pactl', 'pacat', 'parec', 'paplay', 'flite']) {
    try { await run(tool, ['--version'], { env, timeout: 5000 }); } catch (err) {
      if (err && err.code === 'ENOENT') return `${tool} is not installed`;
    }
  }
  return null;
}

export async function benchLive({ root = new URL('..', import.meta.url).pathname, argv = [], out = console.log, log = (s) => process.stderr.write(s) } = {}) {
  const started = performance.now();
  const i = argv.indexOf('--live-runs');
  const runs = i >= 0 ? Math.floor(Number(argv[i + 1])) : 6;
  if (!Number.isFinite(runs) || runs < 1) throw new Error('bench-live: --live-runs must be a positive number');
  const plan = {
    turns: runs,
    bargeIns: runs,
    backchannels: Math.max(1, Math.round(runs / 2)),
    echoTurns: Math.max(2, Math.round(runs / 5)),
    echoBargeIns: Math.max(2, Math.round(runs / 5)),
  };
  const b = argv.indexOf('--audio-backend');
  const backend = b >= 0 ? argv[b + 1] : 'pulse';
  if (backend !== 'pulse' && backend !== 'portaudio') throw new Error('bench-live: --audio-backend is pulse or portaudio');
  const d = (p) => join(root, 'dist', p);
  const title = backend === 'pulse'
    ? '\nLive full duplex (`heed start`, {"live": {"duplex": true}}) through a private PulseAudio server, measured on recordings\n'
    : '\nLive full duplex on PortAudio (`heed start`, {"live": {"duplex": true, "audioBackend": "portaudio"}}: naudiodon → ALSA pulse plugin → a private PulseAudio server; echo reference from the played position), measured on recordings\n';
  const why = await missingTools(process.env);
  if (why) { out(`${title}\nlive: skipped — ${why}\n`); return null; }
  if (!existsSync(d('test/helpers/live-signals.js')) || !existsSync(d('test/helpers/pulse-echo.js'))) {
    out(`${title}\nlive: skipped — build first (npx tsc -p tsconfig.json): dist/test/helpers/live-signals.js or pulse-echo.js is missing\n`);
    return null;
  }
  const { startPulse, playIntoMic } = await import(d('test/helpers/pulse.js'));
  const { addEchoPath } = await import(d('test/helpers/pulse-echo.js'));
  const { makeUtterance } = await import(d('test/helpers/utterances.js'));
  const S = await import(d('test/helpers/live-signals.js'));
  const { readWavFile } = await import(d('app/audio/wav.js'));
  const { normalizeForSpeech } = await import(d('app/core/text/tts-normalize.js'));

  const tmp = mkdtempSync(join(tmpdir(), 'heed-bench-live-'));
  const config = join(tmp, 'duplex.json');
  writeFileSync(config, JSON.stringify({ live: { duplex: true, ...(backend === 'pulse' ? {} : { audioBackend: backend }) } }));

  // Utterances (cached by content) and the speech onset inside each WAV.
  log('bench-live: generating utterances…\n');
  const wavInfo = new Map();
  const utter = async (spec) => {
    const path = await makeUtterance(spec);
    if (!wavInfo.has(path)) {
      const w = await readWavFile(path);
      const mono = w.channelData[0];
      const f = S.loudFrames(mono);
      wavInfo.set(path, { samples: mono, onsetFrame: S.firstLoud(f), speechFrames: S.lastLoud(f) - S.firstLoud(f) + 1 });
    }
    return path;
  };
  const requests = [];
  for (const [k, text] of REQUESTS.entries()) requests.push(await utter({ text, voice: 'flite:slt', snrDb: 35, seed: 100 + k }));
  const helps = [];
  for (const [k, text] of HELP.entries()) helps.push(await utter({ text, voice: 'flite:slt', snrDb: 35, seed: 200 + k }));
  const interruption = await utter({ text: INTERRUPTION, voice: 'flite:slt', snrDb: 35, seed: 6 });
  const backchannel = await utter({ text: BACKCHANNEL, voice: 'flite:slt', seed: 8 });

  // Expected length of a reply: its speakable text through flite's rms voice (Heed's embedded voice), loud span.
  const expectedCache = new Map();
  const expectedMs = async (text) => {
    if (typeof text !== 'string' || text.trim() === '') return null;
    if (expectedCache.has(text)) return expectedCache.get(text);
    const wav = join(tmp, 'expected.wav');
    let ms = null;
    try {
      await run('flite', ['-voice', 'rms', '-t', normalizeForSpeech(text), '-o', wav], { timeout: 30_000 });
      const w = await readWavFile(wav);
      const step = Math.round(w.sampleRate / 100);
      const mono = w.channelData[0];
      let first = -1; let last = -1;
      for (let o = 0, k = 0; o + step <= mono.length; o += step, k++) {
        let e = 0;
        for (let j = o; j < o + step; j++) e += mono[j] * mono[j];
        if (Math.sqrt(e / step) > 0.01) { if (first < 0) first = k; last = k; }
      }
      ms = first < 0 ? null : (last - first + 1) * 10;
    } catch { ms = null; }
    expectedCache.set(text, ms);
    return ms;
  };

  const frameAt = (rec, wallMs) => Math.floor((wallMs - rec.startedAt) / 10);
  const skews = [];
  let dbN = 0;

  /** A group: one pulse server (optionally with an echo path) and one heed process serving `maxTurns`. */
  async function group(name, maxTurns, echo, body) {
    log(`bench-live: ${name}…\n`);
    const g0 = performance.now();
    let pulse = null;
    let heed = null;
    try {
      pulse = await startPulse();
      if (echo) await addEchoPath(pulse.env, echo);
      heed = S.startHeedLive(pulse.env, { db: join(tmp, `live-${dbN++}.db`), session: `live-${dbN}`, config, maxTurns: maxTurns + 8 });
      await heed.waitFor('listening', 60_000);
      await sleep(300);
      return await body(pulse, heed);
    } catch (err) {
      log(`bench-live: ${name}: ${err.message.split('\n')[0]}\n`);
      return { error: err.message.split('\n')[0] };
    } finally {
      if (heed) await heed.stop().catch(() => undefined);
      if (pulse) await pulse.stop().catch(() => undefined);
      log(`bench-live: ${name}: ${((performance.now() - g0) / 1000).toFixed(0)} s\n`);
    }
  }

  /** Starts both recordings and gives parec a moment to connect. */
  async function startRec(env) {
    const rec = S.recordMicAndSpeaker(env);
    skews.push(rec.skewMs);
    await sleep(250);
    return rec;
  }

  /** One complete request: its end of speech → first agent audio, and how its reply played. */
  async function turn(pulse, heed, wav, { echo = false } = {}) {
    const since = heed.events.length;
    const rec = await startRec(pulse.env);
    let t = null;
    try {
      const playAt = Date.now();
      await playIntoMic(pulse.env, wav);
      t = await heed.waitFor('turn', 20_000, () => true, since).catch(() => null);
      await S.waitReplyOver(rec.speaker, frameAt(rec.speaker, playAt), 800, 40_000);
      const { mic, speaker } = await rec.stop();
      const micF = S.loudFrames(mic);
      const spkF = S.loudFrames(speaker);
      const from = Math.max(0, frameAt(rec.mic, playAt) - 5);
      // Without echo the mic feed is the request alone; with echo, the request ends where the WAV says.
      let eos;
      if (echo) {
        const info = wavInfo.get(wav);
        const at = S.locate(mic, info.samples, from * S.FRAME, (from + 300) * S.FRAME);
        eos = Math.floor(at.offset / S.FRAME) + info.onsetFrame + info.speechFrames - 1;
      } else eos = S.lastLoud(micF, from);
      const first = eos >= 0 ? S.firstLoud(spkF, eos + 1) : -1;
      const replyText = t ? t['reply'] : null;
      const expected = await expectedMs(replyText);
      const cut = first >= 0 ? S.quietStretch(spkF, first, STOP_FRAMES, true) : -1;
      const playedMs = first >= 0 && cut >= 0 ? (cut - first) * 10 : null;
      const newEvents = heed.events.slice(since);
      return {
        transcript: t ? t['transcript'] : null,
        reply: replyText,
        latencyMs: first >= 0 && eos >= 0 ? (first - eos - 1) * 10 : null,
        expectedMs: expected,
        playedMs,
        resumedAfterGap: cut >= 0 && S.lastLoud(spkF) > cut + STOP_FRAMES,
        spanMs: first >= 0 ? (S.lastLoud(spkF) - first + 1) * 10 : null,
        bargeIns: newEvents.filter((e) => e.type === 'barge-in').map((e) => e.text),
        holds: newEvents.filter((e) => e.type === 'hold').length,
        turns: newEvents.filter((e) => e.type === 'turn').length,
      };
    } finally {
      await rec.stop();
    }
  }

  /** Ask for a long reply, interject `wav` ~afterMs into it, record both sides. */
  async function interject(pulse, heed, askWav, wav, { afterMs = 1500, echo = false, watchMs = 3200 } = {}) {
    const since = heed.events.length;
    const rec = await startRec(pulse.env);
    try {
      const askAt = Date.now();
      await playIntoMic(pulse.env, askWav);
      const t = await heed.waitFor('turn', 20_000, () => true, since).catch(() => null);
      // The reply's first audio on the speaker (recorded), then afterMs of it.
      let replyStart = -1;
      for (const deadline = Date.now() + 8000; Date.now() < deadline; await sleep(20)) {
        replyStart = S.firstLoud(S.loudFrames(rec.speaker.pcm()), frameAt(rec.speaker, askAt) + 50);
        if (replyStart >= 0) break;
      }
      if (replyStart < 0) return { error: 'no reply audio', turn: t };
      const wait = rec.speaker.startedAt + replyStart * 10 + afterMs - Date.now();
      if (wait > 0) await sleep(wait);
      const playAt = Date.now();
      await playIntoMic(pulse.env, wav);
      const info = wavInfo.get(wav);
      const remaining = playAt + (info.onsetFrame + watchMs / 10) * 10 - Date.now();
      if (remaining > 0) await sleep(remaining);
      // After a barge-in the interruption is the next turn: wait for its reply, then for it to play out.
      const barged = heed.events.slice(since).some((e) => e.type === 'barge-in');
      const waitFrom = Date.now();
      const first = heed.events.slice(since).findIndex((e) => e.type === 'turn');
      const next = barged && first >= 0 ? await heed.waitFor('turn', 10_000, () => true, since + first + 1).catch(() => null) : null;
      await S.waitReplyOver(rec.speaker, frameAt(rec.speaker, next ? waitFrom : playAt), 800, next || !barged ? 40_000 : 5000);
      await sleep(200);
      const { mic, speaker } = await rec.stop();
      const micF = S.loudFrames(mic);
      const spkF = S.loudFrames(speaker);
      const from = Math.max(0, frameAt(rec.mic, playAt) - 5);
      let onset;
      let corr = null;
      if (echo) {
        const at = S.locate(mic, info.samples, from * S.FRAME, (from + 300) * S.FRAME);
        onset = Math.floor(at.offset / S.FRAME) + info.onsetFrame;
        corr = at.corr;
      } else onset = S.firstLoud(micF, from);
      const newEvents = heed.events.slice(since);
      const expected = await expectedMs(t ? t['reply'] : null);
      return { turn: t, onset, corr, micF, spkF, replyStart, expectedMs: expected, events: newEvents };
    } finally {
      await rec.stop();
    }
  }

  const bargeResult = (r) => {
    if (r.error) return { error: r.error };
    const barge = r.events.find((e) => e.type === 'barge-in');
    const stop = r.onset >= 0 ? S.quietStretch(r.spkF, r.onset, STOP_FRAMES) : -1;
    // The reply must still be playing when the interruption starts (loud in the 300 ms before it).
    const playingBefore = r.onset >= 0 && S.loudCount(r.spkF, r.onset - 30, r.onset) > 0;
    return {
      detected: Boolean(barge),
      text: barge ? barge.text : null,
      reactionMs: stop >= 0 && playingBefore ? (stop - r.onset) * 10 : null,
      playingBefore,
      reportedOnsetToStopMs: barge ? barge.onsetToStopMs : null,
      corr: r.corr,
    };
  };

  const results = { plan, turns: [], bargeIns: [], backchannels: [], echo: [] };
  try {
    // 1. Complete requests, no echo.
    const g1 = await group(`${plan.turns} complete requests`, plan.turns, null, async (pulse, heed) => {
      for (let k = 0; k < plan.turns; k++) {
        results.turns.push(await turn(pulse, heed, requests[k % requests.length]));
        log('.');
      }
      log('\n');
    });
    if (g1?.error) results.turnsError = g1.error;

    // 2 + 3. Barge-ins and backchannels during the long help reply, no echo.
    const g2 = await group(`${plan.bargeIns} barge-ins + ${plan.backchannels} backchannels`, 2 * plan.bargeIns + plan.backchannels, null, async (pulse, heed) => {
      for (let k = 0; k < plan.bargeIns; k++) {
        const r = await interject(pulse, heed, helps[0], interruption);
        results.bargeIns.push(bargeResult(r));
        log(results.bargeIns.at(-1).detected ? 'b' : 'x');
        await sleep(300);
      }
      for (let k = 0; k < plan.backchannels; k++) {
        const r = await interject(pulse, heed, helps[0], backchannel);
        if (r.error) { results.backchannels.push({ error: r.error }); log('x'); continue; }
        const barge = r.events.find((e) => e.type === 'barge-in');
        const bc = r.events.find((e) => e.type === 'backchannel');
        const after = S.loudCount(r.spkF, r.onset, r.onset + 300) * 10;
        const replyEnd = S.lastLoud(r.spkF, r.replyStart);
        const expectedEnd = r.expectedMs === null ? null : r.replyStart + r.expectedMs / 10;
        const hadMore = expectedEnd === null ? true : expectedEnd > r.onset + 100;
        const gap = S.longestGap(r.spkF, r.onset - 20, Math.min(r.onset + 300, replyEnd + 1));
        const falseStop = Boolean(barge) || (hadMore && after < 500);
        results.backchannels.push({ falseStop, bargeIn: barge ? barge.text : null, backchannel: bc ? bc.text : null, afterMs: after, longestPauseMs: gap.frames * 10, hadMore });
        log(falseStop ? 'x' : '.');
        await sleep(300);
      }
      log('\n');
    });
    if (g2?.error) results.interjectError = g2.error;

    // 4. Echo: long replies with no customer speech, then real barge-ins.
    for (const setting of ECHO_SETTINGS) {
      const row = { ...setting, turns: [], bargeIns: [] };
      results.echo.push(row);
      const g = await group(`echo ${setting.delayMs} ms / ${setting.gainDb} dB`, plan.echoTurns + 2 * plan.echoBargeIns, setting, async (pulse, heed) => {
        for (let k = 0; k < plan.echoTurns; k++) {
          row.turns.push(await turn(pulse, heed, helps[k % helps.length], { echo: true }));
          log('.');
          await sleep(300);
        }
        for (let k = 0; k < plan.echoBargeIns; k++) {
          row.bargeIns.push(bargeResult(await interject(pulse, heed, helps[0], interruption, { echo: true })));
          log(row.bargeIns.at(-1).detected ? 'b' : 'x');
          await sleep(300);
        }
        log('\n');
      });
      if (g?.error) row.error = g.error;
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }

  // Self-interruption of a turn: a barge-in event, or a reply that never played out (its last audio before PLAYED_SHARE of its expected length).
  // A reply that held (paused for speech that was only its own echo) and then played on is counted apart: a self-hold.
  const neverFinished = (t) => t.spanMs === null || (t.expectedMs !== null && t.spanMs < PLAYED_SHARE * t.expectedMs);
  const selfInterrupted = (t) => t.bargeIns.length > 0 || neverFinished(t);
  const breakdown = (ts) => {
    if (ts.length === 0) return '';
    const barge = ts.filter((t) => t.bargeIns.length > 0).length;
    return ` (barge-in ${barge}, never finished ${ts.filter((t) => t.bargeIns.length === 0 && neverFinished(t)).length})`;
  };
  const holdsOf = (ts) => `; self-holds (paused, then played on): ${ts.reduce((n, t) => n + (t.holds ?? 0), 0)} in ${ts.length} replies`;
  const lat = results.turns.map((t) => t.latencyMs).filter((x) => x !== null);
  const det = results.bargeIns.filter((b) => b.detected && b.reactionMs !== null);
  const reaction = det.map((b) => b.reactionMs);
  const bcs = results.backchannels.filter((b) => !b.error);
  const pauses = bcs.map((b) => b.longestPauseMs);
  const yesNo = (ok) => (ok === null ? '–' : ok ? 'yes' : 'no');
  const p50Lat = percentile(lat, 50);
  const p95React = percentile(reaction, 95);

  const elapsedS = (performance.now() - started) / 1000;
  out(`${title}`);
  out(`${results.turns.length} complete requests, ${results.bargeIns.length} barge-ins, ${bcs.length} backchannels ("${BACKCHANNEL}"), and per echo setting ${plan.echoTurns} long replies + ${plan.echoBargeIns} barge-ins (--live-runs ${runs}); customer voice flite slt, pink noise 35 dB SNR\n`);
  const table = [
    ['measure (on recordings)', 'p50', 'p95', 'n', 'target'],
    ['end of speech → first agent audio', fmtMs(p50Lat), fmtMs(percentile(lat, 95)), lat.length, `p50 ≤ 500 ms: ${yesNo(p50Lat === null ? null : p50Lat <= 500)}`],
    ['barge-in: interruption onset → speaker quiet (≥ 400 ms)', fmtMs(percentile(reaction, 50)), fmtMs(p95React), reaction.length, `p95 ≤ 150 ms: ${yesNo(p95React === null ? null : p95React <= 150)}`],
    ['backchannel: longest reply pause around the "yeah"', fmtMs(percentile(pauses, 50)), fmtMs(percentile(pauses, 95)), pauses.length, '–'],
  ];
  for (const e of results.echo) {
    const r = e.bargeIns.filter((b) => b.detected && b.reactionMs !== null).map((b) => b.reactionMs);
    const p95 = percentile(r, 95);
    table.push([`echo ${e.delayMs} ms / ${e.gainDb} dB: barge-in onset → speaker quiet`, fmtMs(percentile(r, 50)), fmtMs(p95), r.length, `p95 ≤ 150 ms: ${yesNo(p95 === null ? null : p95 <= 150)}`]);
  }
  printTable(table, out);
  const counts = [
    ['measure', 'result', 'target'],
    ['barge-ins not detected (no barge-in event)', pctOf(results.bargeIns.filter((b) => !b.error && !b.detected).length, results.bargeIns.filter((b) => !b.error).length), '0'],
    ['barge-in runs not measured: the reply had already stopped', pctOf(results.bargeIns.filter((b) => !b.error && !b.playingBefore).length, results.bargeIns.length), '0'],
    ['backchannel false stops (barge-in, or < 500 ms of reply in the 3 s after)', pctOf(bcs.filter((b) => b.falseStop).length, bcs.length), '0'],
    ['  backchannel events reported', pctOf(bcs.filter((b) => b.backchannel).length, bcs.length), '–'],
    ['self-interruptions, no echo (control: the complete requests)', pctOf(results.turns.filter(selfInterrupted).length, results.turns.length) + breakdown(results.turns.filter(selfInterrupted)) + holdsOf(results.turns), '0'],
  ];
  for (const e of results.echo) {
    const si = e.turns.filter(selfInterrupted);
    const extra = e.turns.reduce((s, t) => s + Math.max(0, t.turns - 1), 0);
    const bi = e.bargeIns.filter((b) => !b.error);
    counts.push([`self-interruptions, echo ${e.delayMs} ms / ${e.gainDb} dB (long replies, no customer speech)`, e.error && e.turns.length === 0 ? `failed: ${e.error}` : pctOf(si.length, e.turns.length) + breakdown(si) + holdsOf(e.turns) + (extra > 0 ? `; ${extra} extra turns heard` : ''), '0']);
    const stopped = bi.filter((b) => !b.playingBefore).length;
    counts.push([`  real barge-ins detected with that echo`, pctOf(bi.filter((b) => b.detected).length, bi.length) + (stopped > 0 ? `; ${stopped} not timed: the reply had already stopped` : ''), 'all']);
  }
  printTable(counts, out);
  if (results.turnsError) out(`complete requests: stopped early: ${results.turnsError}`);
  if (results.interjectError) out(`barge-ins/backchannels: stopped early: ${results.interjectError}`);
  for (const e of results.echo) {
    const own = e.turns.flatMap((t) => t.bargeIns);
    if (own.length > 0) out(`echo ${e.delayMs} ms / ${e.gainDb} dB: barge-in events with no customer speech (the agent's own voice): ${own.map((x) => JSON.stringify(x)).join(', ')}; extra turns heard: ${e.turns.reduce((n, t) => n + Math.max(0, t.turns - 1), 0)}`);
  }
  const skewAbs = skews.map((x) => Math.abs(x));
  out(`Loud frame = 10 ms with RMS > 0.01 of full scale. Mic and speaker are two parec processes spawned in the same tick (spawn skew p50 ${percentile(skewAbs, 50) ?? '–'} ms, max ${skewAbs.length ? Math.max(...skewAbs) : '–'} ms, plus their connection latency: a few ms either way).`);
  out(`With echo the mic feed also carries the agent's voice: the customer's WAV is located in it by cross-correlation. A reply counts as played when its first ≥ 400 ms gap comes after ${Math.round(PLAYED_SHARE * 100)} % of its text's length through flite rms.`);
  out(`Live section: ${elapsedS.toFixed(0)} s.\n`);
  const summary = {
    live: {
      runs, elapsedS: Math.round(elapsedS),
      endOfSpeechToFirstAudioMs: { p50: p50Lat, p95: percentile(lat, 95), n: lat.length },
      bargeInReactionMs: { p50: percentile(reaction, 50), p95: p95React, n: reaction.length, undetected: results.bargeIns.filter((b) => !b.error && !b.detected).length, attempted: results.bargeIns.length },
      backchannel: { falseStops: bcs.filter((b) => b.falseStop).length, n: bcs.length, longestPauseMs: { p50: percentile(pauses, 50), p95: percentile(pauses, 95) } },
      echo: results.echo.map((e) => {
        const r = e.bargeIns.filter((b) => b.detected && b.reactionMs !== null).map((b) => b.reactionMs);
        return { delayMs: e.delayMs, gainDb: e.gainDb, selfInterruptions: e.turns.filter(selfInterrupted).length, n: e.turns.length, bargeInsDetected: e.bargeIns.filter((b) => b.detected).length, bargeInsAttempted: e.bargeIns.length, reactionMs: { p50: percentile(r, 50), p95: percentile(r, 95) } };
      }),
      raw: results,
    },
  };
  if (argv.includes('--json')) out(JSON.stringify(summary));
  return summary;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await benchLive({ argv: process.argv.slice(2) });
}
