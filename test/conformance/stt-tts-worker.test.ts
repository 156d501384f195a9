/** The STT and TTS conformance suites again, through the RPC and real worker threads. */
import { fakeSpeech } from '../../app/engines/stt/fake.js';
import type { SttEngine } from '../../app/engines/stt/types.js';
import type { SttClient } from '../../app/workers/engine-clients.js';
import { paddedForStt, runSttConformance } from './stt.conformance.js';
import { runTtsConformance } from './tts.conformance.js';
import { sttInWorker, ttsInWorker } from '../helpers/worker-engines.js';

/** The client moves (transfers) the caller's buffer; the suites reuse their audio, so pass copies. */
function copying(client: SttClient): SttEngine {
  return {
    name: client.name,
    setSearch: (s, o) => client.setSearch(s, o),
    begin: (o) => client.begin(o),
    feed: (f, o) => client.feed(f.slice(), o),
    end: (o) => client.end(o),
    recognize: (p, o) => client.recognize(p.slice(), o),
    close: () => client.close(),
  };
}

runSttConformance('fake in a worker', async () => ({ engine: copying(await sttInWorker({ engine: 'fake' })), speak: async (text) => fakeSpeech(text) }));

runSttConformance('pocketsphinx in a worker (flite speech from the tts worker)', async () => {
  const tts = await ttsInWorker({ engine: 'flite', voice: 'rms' });
  const stt = await sttInWorker({ engine: 'pocketsphinx' });
  const engine = copying(stt);
  return {
    engine: { ...engine, close: async () => { await engine.close(); await tts.close(); } },
    speak: async (text) => {
      const { pcm, sampleRate } = await tts.synthesize(text);
      return paddedForStt(pcm, sampleRate);
    },
  };
});

runTtsConformance('fake in a worker', () => ttsInWorker({ engine: 'fake', voice: 'fake' }));
runTtsConformance('flite in a worker', () => ttsInWorker({ engine: 'flite', voice: 'rms' }));
