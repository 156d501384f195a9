/**
 * Multi-turn dialog scenarios as data: what the customer says turn by turn, and the store as it
 * must be afterwards. Every scenario runs twice: as typed text, and as generated speech (a voice
 * that is not the agent's, with noise) through the real recognizer. `say` is written in spoken
 * form (lower case, numbers as words) so the same words can be synthesized.
 */
export interface ScenarioStep {
  /** What the customer says; null is silence. */
  say: string | null;
  /** The turn's intent (checked in text mode only: audio may mishear a word). */
  intent?: string;
  /** The reply must match (text mode only). */
  reply?: RegExp;
}

export interface FinalCheck {
  /** A SELECT over the store; rows compared with deepEqual (order matters: use ORDER BY). */
  sql: string;
  rows: unknown[];
}

export interface PackScenario {
  name: string;
  steps: ScenarioStep[];
  final: FinalCheck[];
  /** Domain tables this scenario may change; any other table changing is a forbidden write. */
  writes: string[];
}
