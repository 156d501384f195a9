/**
 * The one configuration schema. Parsed once in the main process; each worker receives and
 * re-checks only its own slice.
 */
import { z } from 'zod';
import { HeedError } from './errors.js';

export const vadConfigSchema = z.object({
  engine: z.enum(['silero', 'fake']).default('silero'),
  modelPath: z.string().optional(),
  threshold: z.number().min(0.05).max(0.95).default(0.5),
  negThreshold: z.number().min(0).max(0.95).optional(),
  minSpeechMs: z.number().int().min(0).max(5000).default(150),
  minSilenceMs: z.number().int().min(50).max(5000).default(400),
  speechPadMs: z.number().int().min(0).max(1000).default(96),
}).strict();

export const sttConfigSchema = z.object({
  engine: z.enum(['pocketsphinx', 'fake']).default('pocketsphinx'),
  hmm: z.string().default('/usr/share/pocketsphinx/model/en-us/en-us'),
  dict: z.string().default('/usr/share/pocketsphinx/model/en-us/cmudict-en-us.dict'),
  /** speexdsp noise suppression before the recognizer (see PocketsphinxSttOptions.denoise). */
  denoise: z.boolean().default(true),
  /**
   * The free-form fallback: when the grammar finds no parse, decode again with the domain n-gram
   * LM compiled from the same data. Loading the LM takes seconds on a small board, so it is off for
   * one-shot commands unless set; `heed start` turns it on unless set to false.
   */
  fallbackLm: z.boolean().optional(),
}).strict();

export const ttsConfigSchema = z.object({
  engine: z.enum(['flite', 'fake']).default('flite'),
  voice: z.string().default('rms'),
}).strict();

/** The conversation log (app/tools/store/conversation-log.ts): turns are stored redacted, for retentionDays. */
export const conversationConfigSchema = z.object({
  store: z.boolean().default(true),
  /** Days a turn is kept; 0 keeps nothing (turns are not stored at all). */
  retentionDays: z.number().int().min(0).max(3650).default(30),
}).strict();

export const configSchema = z.object({
  profile: z.enum(['embedded']).default('embedded'),
  domainDir: z.string().default('domains/drive-thru'),
  dbPath: z.string().default('var/heed.db'),
  maxInputSeconds: z.number().positive().max(600).default(60),
  workerTimeoutMs: z.number().int().positive().default(30_000),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('warn'),
  vad: vadConfigSchema.default({}),
  stt: sttConfigSchema.default({}),
  tts: ttsConfigSchema.default({}),
  conversation: conversationConfigSchema.default({}),
}).strict();

export type HeedConfig = z.infer<typeof configSchema>;
export type VadConfig = z.infer<typeof vadConfigSchema>;
export type SttConfig = z.infer<typeof sttConfigSchema>;
export type TtsConfig = z.infer<typeof ttsConfigSchema>;
export type ConversationConfig = z.infer<typeof conversationConfigSchema>;

/** Parses a config object; a bad field is a CONFIG_INVALID error naming the field path. */
export function parseConfig(input: unknown, schema: z.ZodTypeAny = configSchema, where = 'config'): HeedConfig {
  const r = schema.safeParse(input ?? {});
  if (!r.success) {
    const first = r.error.issues[0];
    const path = first?.path.join('.') || '(root)';
    throw new HeedError('CONFIG_INVALID', 'config', `${where}: ${path}: ${first?.message ?? 'invalid'}`);
  }
  return r.data as HeedConfig;
}

export function parseSlice<T extends z.ZodTypeAny>(schema: T, input: unknown, where: string): z.infer<T> {
  const r = schema.safeParse(input);
  if (!r.success) {
    const first = r.error.issues[0];
    throw new HeedError('CONFIG_INVALID', 'config', `${where}: ${first?.path.join('.') || '(root)'}: ${first?.message ?? 'invalid'}`);
  }
  return r.data as z.infer<T>;
}
