/** Worker entry: the TTS engine bound to the parent port. Reply PCM is transferred, not copied. */
import { parseSlice, ttsConfigSchema, type TtsConfig } from '../core/config.js';
import { FakeTts } from '../engines/tts/fake.js';
import { FliteTts } from '../engines/tts/flite.js';
import { SherpaVitsTts } from '../engines/tts/sherpa-vits.js';
import type { TtsAudio, TtsEngine } from '../engines/tts/types.js';
import type { TtsContract } from './contracts.js';
import { PullStreams } from './pull-streams.js';
import { serveWorker } from './rpc-server.js';
import { transfer, transferable } from './rpc-protocol.js';

async function openTtsEngine(cfg: TtsConfig): Promise<TtsEngine> {
  switch (cfg.engine) {
    case 'fake': return new FakeTts({ defaultVoice: cfg.voice });
    case 'flite': return new FliteTts({ defaultVoice: cfg.voice });
    case 'piper': return SherpaVitsTts.open({ model: cfg.model ?? cfg.voice, id: cfg.voice, speed: cfg.speed, threads: cfg.threads });
  }
}

serveWorker<TtsContract>('tts', async (data) => {
  const cfg = parseSlice(ttsConfigSchema, data, 'tts worker config');
  const engine = await openTtsEngine(cfg);
  const streams = new PullStreams<TtsAudio>('tts', 'TTS_FAILED');
  const speed = (s: number | undefined): number => s ?? cfg.speed;
  return {
    voices: (_req, { signal }) => engine.voices({ signal }),
    synthesize: async ({ text, voice, speed: s }, { signal }) => {
      const audio = await engine.synthesize(text, { voice: voice ?? cfg.voice, speed: speed(s), signal });
      return transfer(audio, transferable(audio.pcm));
    },
    streamOpen: ({ text, voice, speed: s }) =>
      Promise.resolve(streams.open((signal) => engine.synthesizeStream(text, { voice: voice ?? cfg.voice, speed: speed(s), signal }))),
    streamNext: async ({ stream }, { signal }) => {
      const batch = await streams.next(stream, signal);
      return transfer(batch, batch.items.flatMap((a) => transferable(a.pcm)));
    },
    streamStop: ({ stream }) => { streams.stop(stream); return Promise.resolve(null); },
  };
});
