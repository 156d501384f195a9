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

/** The local LLM (node-llama-cpp, in its worker): the second stage of understanding. */
export const llmLocalConfigSchema = z.object({
  /** A .gguf path, or a manifest model name (`heed models list --standard`). */
  model: z.string().min(1),
  contextSize: z.number().int().min(256).max(32768).default(4096),
  threads: z.number().int().min(1).max(64).optional(),
  /** Below this confidence (geometric-mean token probability) the answer is not trusted. */
  minConfidence: z.number().min(0).max(1).default(0.6),
  maxTokens: z.number().int().min(16).max(1024).default(96),
}).strict();

/** A bigger model over the OpenAI-compatible API (a store hub running `heed serve-llm`, vLLM, Ollama, a cloud). */
export const escalationConfigSchema = z.object({
  baseUrl: z.string().url(),
  model: z.string().min(1),
  /** Environment variable holding the API key (checked first). */
  apiKeyEnv: z.string().regex(/^[A-Z_][A-Z0-9_]*$/).default('HEED_ESCALATION_API_KEY'),
  /** A file holding the API key, mode 0600. */
  apiKeyFile: z.string().optional(),
  /** Remote answers that report a confidence below this are not trusted; most servers report none. */
  minConfidence: z.number().min(0).max(1).default(0.5),
  connectTimeoutMs: z.number().int().min(50).max(30_000).default(800),
  readTimeoutMs: z.number().int().min(100).max(60_000).default(2500),
  retries: z.number().int().min(0).max(5).default(1),
  maxTokens: z.number().int().min(16).max(2048).default(128),
  /** Consecutive failures that open the circuit breaker, and how long it stays open. */
  breakerFailures: z.number().int().min(1).max(100).default(3),
  breakerCooldownMs: z.number().int().min(1000).max(3_600_000).default(30_000),
}).strict();

/**
 * The understanding chain: the deterministic grammar first; then the local LLM (when configured);
 * then escalation (when configured and reachable); otherwise a clarifying question or staff.
 */
export const understandingConfigSchema = z.object({
  local: llmLocalConfigSchema.optional(),
  escalation: escalationConfigSchema.optional(),
  /** Whether escalation may be used at all (a site switch: off keeps every word on the device). */
  allowEscalation: z.boolean().default(true),
  /**
   * Also ask the LLM stages when the grammar only understood part of the words (filler dropped, the
   * longest parsable pieces kept); an accepted LLM reading wins, otherwise the partial parse stands.
   */
  checkPartialParses: z.boolean().default(true),
  /** The whole chain's time budget per turn; past it the customer hears a clarifying question. */
  turnBudgetMs: z.number().int().min(200).max(30_000).default(2500),
}).strict();

export const configSchema = z.object({
  profile: z.enum(['embedded', 'standard']).default('embedded'),
  domainDir: z.string().default('domains/drive-thru'),
  dbPath: z.string().default('var/heed.db'),
  maxInputSeconds: z.number().positive().max(600).default(60),
  workerTimeoutMs: z.number().int().positive().default(30_000),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('warn'),
  vad: vadConfigSchema.default({}),
  stt: sttConfigSchema.default({}),
  tts: ttsConfigSchema.default({}),
  conversation: conversationConfigSchema.default({}),
  understanding: understandingConfigSchema.default({}),
}).strict();

export type HeedConfig = z.infer<typeof configSchema>;
export type VadConfig = z.infer<typeof vadConfigSchema>;
export type SttConfig = z.infer<typeof sttConfigSchema>;
export type TtsConfig = z.infer<typeof ttsConfigSchema>;
export type ConversationConfig = z.infer<typeof conversationConfigSchema>;
export type UnderstandingConfig = z.infer<typeof understandingConfigSchema>;
export type LlmLocalConfig = z.infer<typeof llmLocalConfigSchema>;
export type EscalationConfig = z.infer<typeof escalationConfigSchema>;

/** The LLM the standard profile uses when the config names none (fast enough for a Pi 5 class board). */
export const STANDARD_LOCAL_LLM = 'qwen2.5-0.5b-instruct-q4_k_m';

/** The understanding section as it applies: the standard profile brings a local LLM unless one is set. */
export function effectiveUnderstanding(cfg: HeedConfig): UnderstandingConfig {
  const u = cfg.understanding;
  if (cfg.profile !== 'standard' || u.local) return u;
  return { ...u, local: llmLocalConfigSchema.parse({ model: STANDARD_LOCAL_LLM }) };
}

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
