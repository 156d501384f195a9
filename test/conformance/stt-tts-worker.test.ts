/** The STT and TTS conformance suites again, through the RPC and real worker threads. */
import { fakeSpeech } from '../../app/engines/stt/fake.js';
import { paddedForStt, runSttConformance } from './stt.conformance.js';
import { runTtsConformance } from './tts.conformance.js';
import { copyingStt, sttInWorker, ttsInWorker } from '../helpers/worker-engines.js';

runSttConformance('fake in a worker', async () => ({ engine: copyingStt(await sttInWorker({ engine: 'fake' })), speak: async (text) => fakeSpeech(text) }));

runSttConformance('pocketsphinx in a worker (flite speech from the tts worker)', async () => {
  const tts = await ttsInWorker({ engine: 'flite', voice: 'rms' });
  const stt = await sttInWorker({ engine: 'pocketsphinx' });
  const engine = copyingStt(stt);
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
