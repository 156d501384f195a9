/**
 * Drive-thru utterances with the order each must produce, and the voice/noise/speed variants
 * used by the integration tests and the benchmark. Voices are never the agent's own (flite rms).
 */
import type { OrderView } from '../../app/core/turn.js';
import type { UtteranceSpec, VoiceId } from './utterances.js';

/** [item, size, quantity, modifiers] */
export type ExpectedLine = [string, string | null, number, string[]];

export interface Scenario { text: string; lines: ExpectedLine[] }

export const SINGLE_TURN: readonly Scenario[] = [
  { text: "i'd like a cheeseburger", lines: [['Cheeseburger', null, 1, []]] },
  { text: 'can i get two cheeseburgers with no onions', lines: [['Cheeseburger', null, 2, ['no onions']]] },
  { text: 'can i get a large fries and a medium coke', lines: [['Fries', 'large', 1, []], ['Cola', 'medium', 1, []]] },
  { text: 'give me a hamburger with extra cheese and add bacon', lines: [['Hamburger', null, 1, ['add bacon', 'extra cheese']]] },
  { text: 'i want a spicy chicken sandwich without pickles', lines: [['Spicy Chicken Sandwich', null, 1, ['no pickles']]] },
  { text: 'let me get a number one', lines: [['Number One Combo', null, 1, []]] },
  { text: 'a number two meal and a small diet coke', lines: [['Number Two Combo', null, 1, []], ['Diet Cola', 'small', 1, []]] },
  { text: "i'll have a number three combo please", lines: [['Number Three Combo', null, 1, []]] },
  { text: 'three orders of onion rings', lines: [['Onion Rings', null, 3, []]] },
  { text: 'an order of chicken nuggets and a large lemonade', lines: [['Chicken Nuggets', null, 1, []], ['Lemonade', 'large', 1, []]] },
  { text: 'a small coffee please', lines: [['Coffee', 'small', 1, []]] },
  { text: 'two apple pies', lines: [['Apple Pie', null, 2, []]] },
  { text: 'and a chicken sandwich', lines: [['Chicken Sandwich', null, 1, []]] },
  { text: 'i would like a large diet cola', lines: [['Diet Cola', 'large', 1, []]] },
];

export const TEST_VOICES: readonly VoiceId[] = ['flite:slt', 'flite:awb', 'flite:kal16', 'festival:kal'];
export const BENCH_VOICES: readonly VoiceId[] = [...TEST_VOICES, 'espeak:en-us', 'espeak:en-us+m3'];

/** Deterministic variants: each scenario in a voice, with noise and a speed change. */
export function variants(scenarios: readonly Scenario[], voices: readonly VoiceId[], count: number): Array<{ scenario: Scenario; spec: UtteranceSpec }> {
  const snrs = [35, 30, 25];
  const tempos = [1, 0.9, 1.1];
  const formats: Array<Pick<UtteranceSpec, 'sampleRate' | 'channels' | 'format'>> = [
    {}, { sampleRate: 44100, channels: 2 }, { sampleRate: 8000 }, { sampleRate: 22050, format: 'float32' }, { sampleRate: 48000 },
  ];
  const out: Array<{ scenario: Scenario; spec: UtteranceSpec }> = [];
  for (let i = 0; i < count; i++) {
    const scenario = scenarios[i % scenarios.length] as Scenario;
    const voice = voices[i % voices.length] as VoiceId;
    out.push({
      scenario,
      spec: {
        text: scenario.text, voice, seed: 1000 + i,
        snrDb: snrs[i % snrs.length], tempo: tempos[Math.floor(i / voices.length) % tempos.length],
        ...formats[i % formats.length],
      },
    });
  }
  return out;
}

export function orderMatches(order: OrderView | null, expected: readonly ExpectedLine[]): boolean {
  const got = (order?.lines ?? []).map((l) => JSON.stringify([l.item, l.size, l.quantity, [...l.modifiers].sort()])).sort();
  const want = expected.map(([item, size, q, mods]) => JSON.stringify([item, size, q, [...mods].sort()])).sort();
  return JSON.stringify(got) === JSON.stringify(want);
}

export function describeOrder(order: OrderView | null): string {
  return (order?.lines ?? []).map((l) => `${l.quantity} ${l.size ?? ''} ${l.item}${l.modifiers.length ? ` [${l.modifiers.join(', ')}]` : ''}`.replace(/\s+/g, ' ')).join('; ') || '(empty)';
}
