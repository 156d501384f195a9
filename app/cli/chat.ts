/** `heed chat`: the same understanding and store over typed text, for working on domains. */
import { randomUUID } from 'node:crypto';
import { createInterface } from 'node:readline';
import { parseArgs } from './args.js';
import { openAgentWithChain } from './boot.js';
import { rootLogger } from '../core/logger.js';
import { COMMON_OPTIONS, loadConfig } from './options.js';

export async function runChat(argv: string[]): Promise<number> {
  const args = parseArgs(argv, { flags: ['json'], options: [...COMMON_OPTIONS, 'session'] });
  const cfg = loadConfig(args);
  const session = args.options.get('session') ?? `chat-${randomUUID()}`;
  const opened = await openAgentWithChain(cfg, rootLogger(cfg.logLevel));
  const agent = opened.agent;
  const interactive = process.stdin.isTTY === true;
  const rl = createInterface({ input: process.stdin, output: interactive ? process.stdout : undefined, terminal: interactive });
  const json = args.flags.has('json');
  if (interactive) console.log(`Heed chat (${agent.domain}). Type what a customer would say; Ctrl-D to leave.\nheed> ${agent.greeting}`);
  try {
    if (interactive) rl.setPrompt('you> ');
    if (interactive) rl.prompt();
    for await (const line of rl) {
      const text = line.trim();
      if (text) {
        const turn = agent.understand ? await agent.understand(session, text) : agent.handleText(session, text);
        if (json) console.log(JSON.stringify({ text, intent: turn.intent, toolCalls: turn.toolCalls, reply: turn.reply, order: turn.order, card: turn.card, handoff: turn.handoff, understoodBy: turn.understoodBy }));
        else console.log(`heed> ${turn.reply}`);
      }
      if (interactive) rl.prompt();
    }
  } finally {
    rl.close();
    await opened.close();
  }
  return 0;
}
