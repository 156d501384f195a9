/** The shipped packs with their scenarios, the pinned clock they run at, and the audio accuracy floor. */
import { CLINIC_SCENARIOS } from './clinic.js';
import { DRIVE_THRU_SCENARIOS } from './drive-thru.js';
import { STORE_INFO_SCENARIOS } from './store-info.js';
import type { PackScenario } from './scenario-types.js';

export interface PackUnderTest {
  name: string;
  /** Folder under domains/. */
  dir: string;
  scenarios: PackScenario[];
  now: () => Date;
  /**
   * Fraction of scenarios that must end in the right state when run from generated speech.
   * Measured (fixtures are generated repeatably): drive-thru 29/34, clinic 32/41, store-info 39/40.
   */
  minAudioRatio: number;
  /**
   * Tables holding the customer's own uncommitted draft (an open order). From speech, a misheard
   * sentence may add to the draft (it is read back before anything is committed), so these are
   * not forbidden writes in audio runs; committed rows are still checked by the final queries.
   */
  draftTables: string[];
}

/** Tuesday 1 December 2026: every pack's relative dates and opening hours are read against it. */
export const SCENARIO_NOW = (): Date => new Date(2026, 11, 1, 10, 0, 0);
const CLINIC_NOW = (): Date => new Date(2026, 11, 1, 9, 0, 0);

export const PACKS: PackUnderTest[] = [
  { name: 'drive-thru', dir: 'drive-thru', scenarios: DRIVE_THRU_SCENARIOS, now: SCENARIO_NOW, minAudioRatio: 0.75, draftTables: ['orders', 'order_lines', 'order_line_modifiers'] },
  { name: 'clinic', dir: 'clinic', scenarios: CLINIC_SCENARIOS, now: CLINIC_NOW, minAudioRatio: 0.7, draftTables: [] },
  { name: 'store-info', dir: 'store-info', scenarios: STORE_INFO_SCENARIOS, now: SCENARIO_NOW, minAudioRatio: 0.9, draftTables: [] },
];
