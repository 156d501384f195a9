/**
 * The real SpeculatorPort for DuplexSession: the pack agent's read-only `interpret` on a partial
 * transcript the endpointer calls complete, and its `act` when the final words agree.
 *
 * - `parse(words)` interprets `words.join(' ')` on the voice channel for the bound session. It
 *   writes nothing (see PackAgent.interpret), so a speculation dropped by the cache (the customer
 *   went on speaking, barged in, the turn was abandoned) leaves no trace; its signal aborts the
 *   LLM stages if they were asked.
 * - `act` runs the turn on the interpretation. One made before another turn of the session changed
 *   the dialog (the previous turn's reply landed while this one was spoken) is not acted on: the
 *   final words go through the whole understanding again (`understand`), as without speculation.
 * - An aborted turn acts on nothing: act rejects with ABORTED before writing.
 * - A store locked by another writer (STORE_BUSY: nothing written) sends the turn through
 *   `understand`, which waits for the store without blocking the loop.
 */
import { HeedError, throwIfAborted } from '../core/errors.js';
import type { TurnResult } from '../core/turn.js';
import { isInterpretation, type PackAgent } from '../brain/open-agent.js';
import { isStoreBusy } from '../tools/store/busy-retry.js';
import type { SpeculatorPort } from './duplex-types.js';

export function agentSpeculator(agent: PackAgent, sessionId: string): SpeculatorPort {
  return {
    parse: (words, { signal }) => agent.interpret(sessionId, words.join(' '), { channel: 'voice', signal }),
    act: async (sid: string, parsed: unknown, { signal }): Promise<TurnResult> => {
      throwIfAborted(signal, 'dialog');
      if (!isInterpretation(parsed)) {
        throw new HeedError('TOOL_ARGS_INVALID', 'dialog', 'the speculator can only act on what its parse() returned, once');
      }
      if (agent.isFresh(sid, parsed)) {
        try {
          return agent.act(sid, parsed, { signal });
        } catch (err) {
          // Another writer holds the store and nothing was written: understand() waits for it
          // without blocking the loop (and re-reads the words if that writer changed the dialog).
          if (!isStoreBusy(err)) throw err;
        }
      }
      return agent.understand(sid, parsed.text, { channel: parsed.channel, signal });
    },
  };
}
