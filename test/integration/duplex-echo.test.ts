/**
 * Full duplex with the agent's own voice in the microphone (issue 4, point 6): a private PulseAudio
 * server whose speaker monitor is looped back into the microphone sink with a delay and an
 * attenuation (test/helpers/pulse-echo.ts), as a kiosk's loudspeaker leaks into its microphone.
 *
 * 1. Two long replies play out with the echo on and nobody talking: zero barge-ins (no
 *    self-interruption), and the speaker recording shows each reply played without a gap.
 * 2. A real customer then talks over a third reply: the barge-in is detected and the speaker goes
 *    quiet, while the echo is still in the mic.
 * Both audio backends: PulseAudio, whose echo reference is the speaker sink's monitor, and PortAudio
 * (naudiodon through ALSA's pulse plugin to the same server), whose reference is modelled from the
 * output's played position.
 * Timings are printed (ℹ lines), not asserted tightly: this is a shared 2-core machine.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { playIntoMic, recordSource, startPulse } from '../helpers/pulse.js';
import { addEchoPath } from '../helpers/pulse-echo.js';
import { firstLoud, longestGap, loudFrames, quietStretch, startHeedLive, waitReplyOver } from '../helpers/live-signals.js';
import { makeUtterance } from '../helpers/utterances.js';

const dir = mkdtempSync(join(tmpdir(), 'heed-duplex-echo-'));

const ECHO = { delayMs: 60, gainDb: -6 };

for (const backend of ['pulse', 'portaudio'] as const) {
  const config = join(dir, `duplex-${backend}.json`);
  writeFileSync(config, JSON.stringify({ live: { duplex: true, audioBackend: backend } }));

  test(`duplex on ${backend} with a speaker→mic echo path: no self-interruption over two long replies, then a real barge-in is detected`, { timeout: 240_000 }, async (t) => {
    const pulse = await startPulse();
    const echo = await addEchoPath(pulse.env, ECHO);
    const heed = startHeedLive(pulse.env, { db: join(dir, `echo-${backend}.db`), session: 'echo-1', config, maxTurns: 4 });
    try {
      const ready = await heed.waitFor('ready', 60_000);
      assert.equal(ready['backend'], backend);
      await heed.waitFor('listening', 60_000);
      const ask = await makeUtterance({ text: 'what can i order', voice: 'flite:slt', snrDb: 35, seed: 5 });
      const interrupt = await makeUtterance({ text: 'no wait i want two cheeseburgers', voice: 'flite:slt', snrDb: 35, seed: 6 });

      for (let i = 0; i < 2; i++) {
        const since = heed.events.length;
        const speaker = recordSource(pulse.env, 'speaker.monitor');
        await playIntoMic(pulse.env, ask);
        const turn = await heed.waitFor('turn', 30_000, () => true, since);
        assert.match(String(turn['reply']), /You can order/, 'the long (help) reply');
        const over = await waitReplyOver(speaker, 0, 1500, 40_000);
        const pcm = await speaker.stop();
        assert.ok(over, 'the reply played out');
        const after = heed.events.slice(since);
        const barges = after.filter((e) => e['type'] === 'barge-in');
        const holds = after.filter((e) => e['type'] === 'hold');
        const frames = loudFrames(pcm);
        const start = firstLoud(frames);
        const gap = longestGap(frames, start, frames.length - 150);
        const loudMs = frames.filter(Boolean).length * 10;
        const msg = `${backend}: echo ${ECHO.delayMs} ms / ${ECHO.gainDb} dB, reply ${i + 1}: ${loudMs} ms of reply audio, longest gap ${gap.frames * 10} ms, barge-ins ${barges.length}, holds ${holds.length}`;
        console.log(`ℹ ${msg}`);
        t.diagnostic(msg);
        assert.equal(barges.length, 0, `self-interruption: ${JSON.stringify(barges)}`);
        assert.ok(loudMs >= 6000, `the whole reply was heard (${loudMs} ms loud)`);
        // A pause in the reply longer than its own word gaps would be a hold on the agent's own voice.
        assert.ok(gap.frames * 10 < 700, `no hold on the agent's own voice (longest gap ${gap.frames * 10} ms)`);
      }

      const since = heed.events.length;
      const speaker = recordSource(pulse.env, 'speaker.monitor');
      await playIntoMic(pulse.env, ask);
      await heed.waitFor('turn', 30_000, () => true, since);
      await new Promise((r) => setTimeout(r, 2500));
      const saidAt = Date.now();
      const playing = playIntoMic(pulse.env, interrupt);
      const barge = await heed.waitFor('barge-in', 15_000, () => true, since);
      await playing;
      await new Promise((r) => setTimeout(r, 1500));
      const pcm = await speaker.stop();
      const frames = loudFrames(pcm);
      const saidFrame = Math.round((saidAt - speaker.startedAt) / 10);
      const quietAt = quietStretch(frames, saidFrame, 40);
      const msg = `${backend}: echo barge-in: "${String(barge['text'])}", onset → hold ${String(barge['onsetToHoldMs'])} ms, onset → stop ${String(barge['onsetToStopMs'])} ms (reported); speaker quiet ${(quietAt - saidFrame) * 10} ms after paplay started (recorded)`;
      console.log(`ℹ ${msg}`);
      t.diagnostic(msg);
      assert.ok(quietAt >= 0, 'the speaker went quiet after the interruption');
      assert.ok((quietAt - saidFrame) * 10 <= 1500, `the speaker went quiet ${(quietAt - saidFrame) * 10} ms after the interruption was played`);
      const next = await heed.waitFor('turn', 30_000, () => true, heed.events.indexOf(barge) + 1);
      console.log(`ℹ echo: after the barge-in heard "${String(next['transcript'])}"`);
    } finally {
      await heed.stop();
      await echo.remove();
      await pulse.stop();
    }
  });
}
