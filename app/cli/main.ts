/** `heed <command>`: every error ends as one line on stderr and a non-zero exit, never a stack trace. */
import { HeedError } from '../core/errors.js';
import { runChat } from './chat.js';
import { runDoctor } from './doctor.js';
import { runModels } from './models.js';
import { runNormalize } from './normalize.js';
import { runRespond } from './respond.js';
import { runServeLlm } from './serve-llm.js';
import { runStart } from './start.js';

const USAGE = `usage: heed <command> [options]

  respond <in.wav> [<out.wav>] [--session <id>] [--json]   the whole loop on a recording
  chat [--session <id>]                                     the same loop over typed text
  start [--max-turns <n>]                                   live on the default audio input/output
  doctor                                                    check libraries, models, the domain pack, devices
  models list|verify|pull|import|bundle                     the model manifest: download, offline bundles, sha256 checks
  serve-llm --model <file.gguf> [--host --port --token-file] an OpenAI-compatible LLM server (the store hub)
  normalize "<text>" [--lexicon <file>] [--domain <dir>]    what the voice says for a written reply

common options: --domain <dir>  --db <file>  --config <file.json>  --voice <flite voice>`;

const COMMANDS: Record<string, (argv: string[]) => Promise<number>> = {
  respond: runRespond,
  chat: runChat,
  start: runStart,
  doctor: runDoctor,
  models: runModels,
  normalize: runNormalize,
  'serve-llm': runServeLlm,
};

export async function main(argv: string[]): Promise<number> {
  const [cmd, ...rest] = argv;
  if (cmd === undefined || cmd === 'help' || cmd === '--help' || cmd === '-h') {
    console.log(USAGE);
    return cmd === undefined ? 2 : 0;
  }
  const run = COMMANDS[cmd];
  if (!run) {
    console.error(`heed: unknown command '${cmd}'\n${USAGE}`);
    return 2;
  }
  try {
    return await run(rest);
  } catch (err) {
    const e = HeedError.from(err, 'cli');
    const detail = e.code === 'INTERNAL' && process.env['HEED_DEBUG'] ? `\n${(err as Error).stack ?? ''}` : '';
    const hint = e.hint && !e.message.includes(e.hint) ? ` (${e.hint})` : '';
    console.error(`heed: ${e.message}${hint} [${e.code}]${detail}`);
    return e.code === 'USAGE' ? 2 : 1;
  }
}
