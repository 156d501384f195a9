/** The brains a pack can name in domain.json "policy", and the tools every brain may enable. */
import type { BrainContext, DomainBrain } from './brain.js';
import type { DomainPack } from './pack/pack-schema.js';
import { createOrderingBrain } from './ordering/ordering-brain.js';
import { createBookingBrain } from './booking/booking-brain.js';
import { createInfoBrain } from './info/info-brain.js';

/** Tools any pack may list: the staff handoff and FAQ search (over the pack's `faq` table). */
export const SHARED_TOOLS = ['handoff_to_staff', 'search_faq'] as const;

/** Brains are generic in their intent type; the agent only passes their own intents back to them. */
export function createBrain(policy: DomainPack['policy'], ctx: BrainContext): DomainBrain<unknown> {
  switch (policy) {
    case 'ordering': return createOrderingBrain(ctx);
    case 'booking': return createBookingBrain(ctx);
    case 'info': return createInfoBrain(ctx);
  }
}
