import { FakeTts } from '../../app/engines/tts/fake.js';
import { FliteTts } from '../../app/engines/tts/flite.js';
import { runTtsConformance } from './tts.conformance.js';

runTtsConformance('fake', async () => new FakeTts());
runTtsConformance('flite', async () => new FliteTts());
