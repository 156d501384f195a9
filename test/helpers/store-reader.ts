/** Reads a session's order straight from a store file written by another process. */
import { join } from 'node:path';
import { repoRoot } from '../../app/core/paths.js';
import type { OrderView } from '../../app/core/turn.js';
import { openDomainAgent } from '../../app/brain/open-agent.js';

export function orderInDb(dbPath: string, session: string): OrderView | null {
  const agent = openDomainAgent({ dbPath, domainDir: join(repoRoot(), 'domains', 'drive-thru') });
  try {
    return agent.order(session);
  } finally {
    agent.close();
  }
}
