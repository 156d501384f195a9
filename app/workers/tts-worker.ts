/** Worker entry: the TTS engine bound to the parent port. Reply PCM is transferred, not copied. */
import { parseSlice, ttsConfigSchema } from '../core/config.js';
import { FakeTts } from '../engines/tts/fake.js';
import { FliteTts } from '../engines/tts/flite.js';
import type { TtsEngine } from '../engines/tts/types.js';
import type { TtsContract } from './contracts.js';
import { serveWorker } from './rpc-server.js';
import { transfer, transferable } from './rpc-protocol.js';

serveWorker<TtsContract>('tts', async (data) => {
  const cfg = parseSlice(ttsConfigSchema, data, 'tts worker config');
  const engine: TtsEngine = cfg.engine === 'fake' ? new FakeTts() : new FliteTts({ defaultVoice: cfg.voice });
  return {
    voices: (_req, { signal }) => engine.voices({ signal }),
    synthesize: async ({ text, voice }, { signal }) => {
      const audio = await engine.synthesize(text, { voice: voice ?? cfg.voice, signal });
      return transfer(audio, transferable(audio.pcm));
    },
  };
});
