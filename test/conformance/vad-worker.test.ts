import { runVadConformance } from './vad.conformance.js';
import { vadInWorker } from '../helpers/worker-engines.js';

runVadConformance('silero in a worker', () => vadInWorker({ engine: 'silero' }));
runVadConformance('fake in a worker', () => vadInWorker({ engine: 'fake' }));
