/** Store location questions → find_locations → address, phone, or the list of stores. */
import type { LocationInfo } from '../../tools/info/info-tools.js';
import type { InfoToolApi } from '../../tools/info/index.js';
import type { LocationAsk } from './info-intent.js';
import { Say } from './info-reply.js';
import { addressForVoice, listWords, phoneForVoice } from './info-text.js';

const storeName = (l: LocationInfo): string => `the ${l.name} store`;
const cap = (s: string): string => s.replace(/^t/, 'T');

export function answerLocation(tools: InfoToolApi, ask: LocationAsk, location: string | null): Say {
  const say = new Say();
  const r = tools.find_locations(ask === 'list' ? {} : location === null ? {} : { query: location });
  if (!r.ok) return say.add(r.reason);
  const card = (ls: LocationInfo[]): void => {
    say.card = {
      title: ls.length === 1 ? `${(ls[0] as LocationInfo).name} store` : 'Our stores',
      rows: ls.flatMap((l) => [{ label: l.name, value: `${l.address}, ${l.city}` }, { label: 'Phone', value: l.phone }]),
      status: null,
    };
  };
  if (ask === 'list') {
    card(r.locations);
    return say.add(`We have ${r.locations.length} stores: ${listWords(r.locations.map((l) => `${l.name} at ${l.address}`))}.`,
      `We have ${r.locations.length} stores: ${listWords(r.locations.map((l) => `${l.name} at ${addressForVoice(l.address)}`))}.`);
  }
  // No store named: the kiosk's own.
  const l = location === null ? (r.locations.find((x) => x.isKiosk) ?? r.locations[0]) : r.locations[0];
  if (!l) return say;
  card([l]);
  if (ask === 'phone') {
    const whose = l.isKiosk && location === null ? 'Our' : `${cap(storeName(l))}'s`;
    return say.add(`${whose} phone number is ${l.phone}.`, `${whose} phone number is ${phoneForVoice(l.phone)}.`);
  }
  const where = `${l.address}, ${l.city}`;
  const whereVoice = `${addressForVoice(l.address)}, ${l.city}`;
  const hint = l.directions ? ` ${l.directions}.` : '';
  if (l.isKiosk) return say.add(`You're in our ${l.name} store right now: ${where}.${hint}`, `You're in our ${l.name} store right now: ${whereVoice}.${hint}`);
  return say.add(`${cap(storeName(l))} is at ${where}.${hint}`, `${cap(storeName(l))} is at ${whereVoice}.${hint}`);
}
