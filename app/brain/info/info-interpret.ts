/** A grammar match of one of the info brain's intents → an InfoIntent (tags and slot words, no lookups). */
import type { MatchResult } from '../../core/grammar/matcher.js';
import { slotWords } from '../brain.js';
import type { HoursAsk, InfoIntent, LocationAsk, ProductAsk } from './info-intent.js';

const HOURS_ASKS: readonly HoursAsk[] = ['opens', 'closes', 'is_open', 'hours'];
const LOCATION_ASKS: readonly LocationAsk[] = ['address', 'phone', 'list'];
const PRODUCT_ASKS: readonly ProductAsk[] = ['where', 'price', 'stock'];

function pick<T extends string>(value: string | null, allowed: readonly T[]): T | null {
  return value !== null && (allowed as readonly string[]).includes(value) ? (value as T) : null;
}

export function interpretInfo(name: string, match: MatchResult, words: readonly string[]): InfoIntent | null {
  const slot = (n: string): string | null => {
    const w = slotWords(match, words, n);
    return w && w.length > 0 ? w.join(' ') : null;
  };
  const tagValue = (prefix: string): string | null => {
    const t = match.tags.find((x) => x.startsWith(prefix));
    return t === undefined ? null : t.slice(prefix.length);
  };
  switch (name) {
    case 'hours': {
      const ask = pick(tagValue('ask='), HOURS_ASKS);
      return ask ? { kind: 'hours', ask, location: slot('location'), day: slot('day') } : null;
    }
    case 'location': {
      const ask = pick(tagValue('ask='), LOCATION_ASKS);
      return ask ? { kind: 'location', ask, location: slot('location') } : null;
    }
    case 'product': {
      const ask = pick(tagValue('ask='), PRODUCT_ASKS);
      const query = slot('product');
      return ask && query ? { kind: 'product', ask, query, location: slot('location') } : null;
    }
    case 'product_followup': {
      const ask = pick(tagValue('ask='), PRODUCT_ASKS);
      return ask ? { kind: 'product_followup', ask } : null;
    }
    case 'product_choice': {
      const ord = tagValue('ordinal=');
      const ordinal = ord === null ? null : Number(ord);
      const query = slot('product');
      if (query === null && (ordinal === null || !Number.isInteger(ordinal))) return null;
      return { kind: 'product_choice', query, ordinal };
    }
    case 'faq': {
      const id = Number(tagValue('faq='));
      return Number.isInteger(id) && id > 0 ? { kind: 'faq', faqId: id } : null;
    }
    case 'topic': {
      const subject = slot('subject');
      return subject ? { kind: 'topic', subject } : null;
    }
    case 'refuse': return { kind: 'refuse' };
    case 'off_topic': return { kind: 'off_topic' };
    case 'greeting': return { kind: 'greeting' };
    case 'thanks': return { kind: 'thanks' };
    default: return null;
  }
}
