/**
 * `heed start` on a kiosk where PulseAudio's tools do not answer (a bare-ALSA Raspberry Pi, say):
 * full duplex picks the PortAudio backend by itself (`live.audioBackend: "auto"`) instead of giving
 * up, hears an order on the microphone, answers on the speaker and stores the order.
 *
 * The rig: a private PulseAudio server as in start-duplex.test.ts, reached by PortAudio through
 * ALSA's pulse plugin, while a `pactl` that always fails comes first on heed's PATH, so the PulseAudio
 * backend (and the half-duplex probe) find no server. The utterance is played and the speaker
 * recorded with the real pulse tools. naudiodon's stdout banners must not reach `--json`'s stdout,
 * nor PortAudio's device probing the log.
 * Also `heed doctor`'s per-backend device lists, with and without a server.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loudFrames, startHeedLive } from '../helpers/live-signals.js';
import { describeOrder } from '../helpers/scenarios.js';
import { orderInDb } from '../helpers/store-reader.js';
import { playIntoMic, recordSource, startPulse } from '../helpers/pulse.js';
import { makeUtterance } from '../helpers/utterances.js';
import { heed } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'heed-start-pa-'));
const config = join(dir, 'auto.json');
writeFileSync(config, JSON.stringify({ live: { duplex: true, audioBackend: 'auto' } }));
const bin = join(dir, 'bin');
mkdirSync(bin);
writeFileSync(join(bin, 'pactl'), '#!/bin/sh\necho "Connection failure: Connection refused" >&2\nexit 1\n');
chmodSync(join(bin, 'pactl'), 0o755);

test('start duplex without a PulseAudio server for pactl: PortAudio is chosen, and an order is heard, answered and stored', { timeout: 150_000 }, async (t) => {
  const pulse = await startPulse();
  const env = { ...pulse.env, PATH: `${bin}:${pulse.env['PATH'] ?? process.env['PATH'] ?? ''}` };
  const db = join(dir, 'order.db');
  const heed = startHeedLive(env, { db, session: 'pa-1', config, maxTurns: 1 });
  try {
    const ready = await heed.waitFor('ready', 60_000);
    assert.equal(ready['backend'], 'portaudio', `ready: ${JSON.stringify(ready)}`);
    assert.match(String(ready['audio']), /^PortAudio: input default, output default$/);
    await heed.waitFor('listening', 30_000);
    const speaker = recordSource(pulse.env, 'speaker.monitor');
    const wav = await makeUtterance({ text: 'can i get two cheeseburgers', voice: 'flite:slt', snrDb: 35, seed: 79 });
    await playIntoMic(pulse.env, wav);
    const turn = await heed.waitFor('turn', 30_000);
    const code = await Promise.race([heed.exited, new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), 30_000))]);
    const heard = await speaker.stop();
    const loudMs = loudFrames(heard).filter(Boolean).length * 10;
    const msg = `portaudio (auto): heard "${String(turn['transcript'])}", end of speech → first audio ${String(turn['endOfSpeechToFirstAudioMs'])} ms, ${loudMs} ms of reply on the speaker`;
    console.log(`ℹ ${msg}`);
    t.diagnostic(msg);
    assert.equal(code, 0, `heed start exit: ${String(code)}; ${heed.stderr().slice(-2000)}`);
    assert.ok(loudMs >= 500, `reply audio on the speaker (${loudMs} ms loud)`);
    assert.equal(describeOrder(orderInDb(db, 'pa-1')), '2 Cheeseburger');
    // naudiodon's banners ("PortAudio V19…", "Output device name is default") stay out of the JSON,
    // and PortAudio's probing of absent ALSA / JACK devices stays out of the log.
    assert.deepEqual(heed.otherStdout.filter((l) => l.trim() !== ''), [], 'stdout holds JSON lines only');
    assert.doesNotMatch(heed.stderr(), /ALSA lib|jack server|device name is/, 'stderr is free of PortAudio probing noise');
  } finally {
    await heed.stop();
    await pulse.stop();
  }
});

test('heed doctor lists each audio backend with the device names live.inputDevice / live.outputDevice take', { timeout: 90_000 }, async () => {
  const pulse = await startPulse();
  try {
    const r = await heed(['doctor'], { timeoutMs: 80_000, env: pulse.env });
    const line = (backend: string): string => r.stdout.split('\n').find((l) => l.includes(`audio backend ${backend}`)) ?? '';
    assert.match(line('pulse'), /^ok .*outputs "speaker" \(default\), "micfeed"/, r.stdout);
    assert.match(line('pulse'), /"micfeed\.monitor" \(monitor of an output, default\)/);
    assert.match(line('portaudio'), /^ok .*inputs .*"default" \(default\).*outputs .*"default" \(default\)/, r.stdout);
  } finally {
    await pulse.stop();
  }
  const offline = await heed(['doctor'], { timeoutMs: 80_000, env: { PULSE_SERVER: 'unix:/nonexistent/heed-no-server' } });
  assert.match(offline.stdout, /warn audio backend pulse +not available here/, offline.stdout);
});
