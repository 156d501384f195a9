import { FakeStt, fakeSpeech } from '../../app/engines/stt/fake.js';
import { PocketsphinxStt } from '../../app/engines/stt/pocketsphinx.js';
import { FliteTts } from '../../app/engines/tts/flite.js';
import { runSttConformance } from './stt.conformance.js';

runSttConformance('fake', async () => ({ engine: new FakeStt(), speak: async (text) => fakeSpeech(text) }));

/** Linear resampling, enough to bring an 8 kHz flite voice to 16 kHz. */
function resample(pcm: Int16Array, from: number, to: number): Int16Array {
  if (from === to) return pcm;
  const out = new Int16Array(Math.floor((pcm.length * to) / from));
  for (let i = 0; i < out.length; i++) {
    const x = (i * from) / to;
    const i0 = Math.floor(x);
    const a = pcm[i0] ?? 0;
    const b = pcm[i0 + 1] ?? a;
    out[i] = Math.round(a + (b - a) * (x - i0));
  }
  return out;
}

runSttConformance('pocketsphinx (flite rms speech)', async () => {
  const tts = new FliteTts({ defaultVoice: 'rms' });
  return {
    engine: new PocketsphinxStt(),
    speak: async (text) => {
      const { pcm, sampleRate } = await tts.synthesize(text);
      const speech = resample(pcm, sampleRate, 16000);
      const out = new Int16Array(speech.length + 6400);
      out.set(speech, 3200);
      return out;
    },
  };
});
