import { resampleInt16 } from '../../app/audio/resample.js';
import { FakeStt, fakeSpeech } from '../../app/engines/stt/fake.js';
import { PocketsphinxStt } from '../../app/engines/stt/pocketsphinx.js';
import { FliteTts } from '../../app/engines/tts/flite.js';
import { runSttConformance } from './stt.conformance.js';

runSttConformance('fake', async () => ({ engine: new FakeStt(), speak: async (text) => fakeSpeech(text) }));

runSttConformance('pocketsphinx (flite rms speech)', async () => {
  const tts = new FliteTts({ defaultVoice: 'rms' });
  return {
    engine: new PocketsphinxStt(),
    speak: async (text) => {
      const { pcm, sampleRate } = await tts.synthesize(text);
      const speech = resampleInt16(pcm, sampleRate, 16000);
      const out = new Int16Array(speech.length + 6400);
      out.set(speech, 3200);
      return out;
    },
  };
});
