/**
 * Child-process entry: builds a sherpa-onnx online recognizer from the config on argv[2] (JSON)
 * and decodes one second of faint noise, then exits 0. Run by canary.ts before the same config is
 * loaded in a Heed process: the online recognizer loads synchronously, and onnxruntime failures
 * (an unknown op, metadata that disagrees with the graph's shapes) abort the process at load or at
 * the first decode, where no JavaScript can catch them. Here they only end this child.
 */
import { loadSherpa } from './addon.js';

const config = JSON.parse(process.argv[2] ?? '{}') as Record<string, unknown>;
const sherpa = loadSherpa('stt');
const recognizer = new sherpa.OnlineRecognizer(config);
const stream = recognizer.createStream();
const samples = new Float32Array(16000);
let seed = 7;
for (let i = 0; i < samples.length; i++) {
  seed = (seed * 1103515245 + 12345) & 0x7fffffff;
  samples[i] = ((seed / 0x7fffffff) * 2 - 1) * 0.01;
}
stream.acceptWaveform({ samples, sampleRate: 16000 });
stream.acceptWaveform({ samples: new Float32Array(10560), sampleRate: 16000 });
stream.inputFinished();
while (recognizer.isReady(stream)) recognizer.decode(stream);
recognizer.getResult(stream);
process.stdout.write('canary ok\n');
