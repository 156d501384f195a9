import { FakeStt, fakeSpeech } from '../../app/engines/stt/fake.js';
import { PocketsphinxStt } from '../../app/engines/stt/pocketsphinx.js';
import { FliteTts } from '../../app/engines/tts/flite.js';
import { paddedForStt, runSttConformance } from './stt.conformance.js';

runSttConformance('fake', async () => ({ engine: new FakeStt(), speak: async (text) => fakeSpeech(text) }));

runSttConformance('pocketsphinx (flite rms speech)', async () => {
  const tts = new FliteTts({ defaultVoice: 'rms' });
  return {
    engine: new PocketsphinxStt(),
    speak: async (text) => {
      const { pcm, sampleRate } = await tts.synthesize(text);
      return paddedForStt(pcm, sampleRate);
    },
  };
});
