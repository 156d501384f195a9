/**
 * `heed start` live (the half-duplex loop, `live.duplex: false`): a private PulseAudio server with null sinks stands in for the sound card.
 * A generated utterance is played into the microphone; the reply is recorded from the speaker.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rms } from '../../app/audio/pcm.js';
import { repoRoot } from '../../app/core/paths.js';
import { collectJsonLines, heed } from '../helpers/cli.js';
import { describeOrder } from '../helpers/scenarios.js';
import { orderInDb } from '../helpers/store-reader.js';
import { playIntoMic, recordSpeaker, startPulse } from '../helpers/pulse.js';
import { makeUtterance } from '../helpers/utterances.js';

const dir = mkdtempSync(join(tmpdir(), 'heed-live-'));

test('start: with no audio device it says so in one line and exits non-zero', { timeout: 60_000 }, async () => {
  const empty = mkdtempSync(join(tmpdir(), 'heed-noaudio-'));
  const r = await heed(['start', '--db', join(dir, 'none.db')], { env: { XDG_RUNTIME_DIR: empty, PULSE_SERVER: `unix:${join(empty, 'nothing')}`, HOME: empty } });
  assert.equal(r.code, 1);
  const lines = r.stderr.trim().split('\n');
  assert.equal(lines.length, 1, r.stderr);
  assert.match(lines[0] ?? '', /^heed: no audio device: .*\[AUDIO_DEVICE_MISSING\]$/);
});

test('start: hears an order on the microphone, answers on the speaker, stores the order', { timeout: 120_000 }, async (t) => {
  const pulse = await startPulse();
  const db = join(dir, 'live.db');
  // The half-duplex loop (full duplex, the default, is test/integration/start-duplex.test.ts's).
  const halfDuplex = join(dir, 'half-duplex.json');
  writeFileSync(halfDuplex, JSON.stringify({ live: { duplex: false } }));
  const child = spawn(process.execPath, [join(repoRoot(), 'bin', 'heed.js'), 'start', '--json', '--max-turns', '1', '--db', db, '--session', 'live-1', '--config', halfDuplex], {
    cwd: repoRoot(), env: pulse.env, stdio: ['ignore', 'pipe', 'pipe'],
  });
  const events: Array<Record<string, unknown>> = [];
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
  const waitFor = (type: string, ms: number): Promise<Record<string, unknown>> => new Promise((resolve, reject) => {
    const found = events.find((e) => e['type'] === type);
    if (found) { resolve(found); return; }
    const timer = setTimeout(() => reject(new Error(`no '${type}' event within ${ms} ms; stderr: ${stderr}`)), ms);
    const check = (): void => {
      const e = events.find((x) => x['type'] === type);
      if (e) { clearTimeout(timer); child.stdout.off('data', check); resolve(e); }
    };
    child.stdout.on('data', check);
  });
  collectJsonLines(child.stdout, events);
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  try {
    await waitFor('listening', 30_000);
    const speaker = recordSpeaker(pulse.env);
    const wav = await makeUtterance({ text: 'can i get two cheeseburgers with no onions', voice: 'flite:slt', snrDb: 35, seed: 77 });
    await playIntoMic(pulse.env, wav);
    const turn = await waitFor('turn', 30_000);
    const code = await Promise.race([exited, new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), 30_000))]);
    const heard = await speaker.stop();
    assert.equal(code, 0, `heed start exit: ${String(code)}; ${stderr}`);
    t.diagnostic(`live: heard "${String(turn['transcript'])}", end of speech → first audio ${String(turn['endOfSpeechToFirstAudioMs'])} ms`);
    assert.equal(typeof turn['transcript'], 'string');
    assert.ok(events.some((e) => e['type'] === 'speech-start'), 'the VAD saw the speech start');
    // The reply is audible on the speaker: at least half a second of frames well above the floor.
    let loud = 0;
    for (let o = 0; o + 160 <= heard.length; o += 160) if (rms(Float32Array.from(heard.subarray(o, o + 160), (v) => v / 32768)) > 0.01) loud++;
    assert.ok(loud * 10 >= 500, `reply audio on the speaker: ${loud * 10} ms loud of ${Math.round(heard.length / 16)} ms recorded`);
    assert.equal(describeOrder(orderInDb(db, 'live-1')), '2 Cheeseburger [no onions]');
  } finally {
    child.kill('SIGKILL');
    await pulse.stop();
  }
});
