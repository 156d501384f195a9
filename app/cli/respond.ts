/** `heed respond <in.wav> [<out.wav>] [--session <id>] [--json]`: the whole loop on one recording. */
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { basename, extname, resolve } from 'node:path';
import { encodeWav, readWavFile } from '../audio/wav.js';
import { HeedError } from '../core/errors.js';
import { respondToRecording, type RespondResult } from '../core/pipeline/respond.js';
import { parseArgs } from './args.js';
import { bootRuntime } from './boot.js';
import { COMMON_OPTIONS, loadConfig } from './options.js';

export async function runRespond(argv: string[]): Promise<number> {
  const args = parseArgs(argv, { flags: ['json'], options: [...COMMON_OPTIONS, 'session'] });
  const [input, output, extra] = args.positionals;
  if (!input || extra !== undefined) throw new HeedError('USAGE', 'cli', 'usage: heed respond <in.wav> [<out.wav>] [--session <id>] [--json]');
  const cfg = loadConfig(args);
  // Read and check the recording before anything opens the database: bad input writes nothing.
  const wav = await readWavFile(input, { maxSeconds: cfg.maxInputSeconds });
  const outPath = resolve(output ?? `${basename(input, extname(input))}.reply.wav`);
  const session = args.options.get('session') ?? `respond-${randomUUID()}`;

  const rt = await bootRuntime(cfg);
  let result: RespondResult;
  try {
    result = await respondToRecording({ channelData: wav.channelData, sampleRate: wav.sampleRate }, session, {
      vad: rt.vad, stt: rt.stt, tts: rt.tts, agent: rt.agent, segmenter: rt.segmenter, voice: rt.config.tts.voice,
    });
  } finally {
    await rt.close();
  }
  writeFileSync(outPath, encodeWav(result.audio.pcm, result.audio.sampleRate));

  if (args.flags.has('json')) {
    const { audio: _audio, spoken: _spoken, speech: _speech, ...rest } = result;
    console.log(JSON.stringify({
      transcript: rest.transcript,
      confidence: round3(rest.confidence),
      intent: rest.intent,
      toolCalls: rest.toolCalls,
      reply: rest.reply,
      order: rest.order,
      card: rest.card,
      handoff: rest.handoff,
      timings: rest.timings,
      session,
      replyWav: outPath,
    }));
  } else {
    console.log(`heard: ${result.transcript ? `"${result.transcript}"` : '(nothing)'}`);
    console.log(`heed:  ${result.reply}`);
    if (result.order) console.log(`order: ${result.order.lines.length} line(s), total $${result.order.total.toFixed(2)} (${result.order.status})`);
    else if (result.card) console.log(`${result.card.title}: ${result.card.rows.map((r) => `${r.label} ${r.value}`).join('; ')}`);
    if (result.handoff) console.log('staff: a team member has been asked to come');
    console.log(`reply audio: ${outPath}`);
  }
  return 0;
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}
