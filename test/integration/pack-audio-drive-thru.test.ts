/** The drive-thru pack's scenarios as generated speech (see pack-audio-run.ts). */
import { packAudioTest } from './pack-audio-run.js';

packAudioTest('drive-thru');
