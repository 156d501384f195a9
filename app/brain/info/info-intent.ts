/** What a customer asks the store info kiosk, as the info brain understands it. */

export type HoursAsk = 'opens' | 'closes' | 'is_open' | 'hours';
export type LocationAsk = 'address' | 'phone' | 'list';
export type ProductAsk = 'where' | 'price' | 'stock';

export type InfoIntent =
  /** location / day: the words heard (null: the kiosk's store / no day said). */
  | { kind: 'hours'; ask: HoursAsk; location: string | null; day: string | null }
  | { kind: 'location'; ask: LocationAsk; location: string | null }
  | { kind: 'product'; ask: ProductAsk; query: string; location: string | null }
  /** "How much is it?" about the product last talked about. */
  | { kind: 'product_followup'; ask: ProductAsk }
  /** The answer to "Did you mean …?": a product named, or "the second one" (-1: the last). */
  | { kind: 'product_choice'; query: string | null; ordinal: number | null }
  /** A question the grammar knows as FAQ row `faqId`. */
  | { kind: 'faq'; faqId: number }
  /** "Tell me about <subject>": answered by FAQ search, else a person. */
  | { kind: 'topic'; subject: string }
  /** Asked to change prices, products or rules: the kiosk only looks things up. */
  | { kind: 'refuse' }
  | { kind: 'off_topic' }
  | { kind: 'greeting' }
  | { kind: 'thanks' };

export type InfoIntentKind = InfoIntent['kind'];
