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

export const STT_ENGINES = ['pocketsphinx', 'whisper', 'moonshine', 'zipformer', 'fake'] as const;
export const TTS_ENGINES = ['flite', 'piper', 'fake'] as const;

/** The models the standard profile uses when the config names none. */
export const STANDARD_SPEECH_MODELS = {
  whisper: 'whisper-base.en',
  moonshine: 'moonshine-tiny-en-int8',
  zipformer: 'zipformer-en-2023-06-26',
  piper: 'piper-en_US-amy-low',
} as const;

const sttFields = {
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
  /** whisper / moonshine / zipformer: a manifest model name (`heed models list --standard`) or a directory holding the export. */
  model: z.string().min(1).optional(),
  /** onnxruntime threads for the sherpa-onnx recognizers. */
  threads: z.number().int().min(1).max(16).default(1),
  /** Whisper: the spoken language for multilingual models ('' detects it); English-only models ignore it. */
  language: z.string().default('en'),
  /** Bias toward the store's phrases: hotwords (zipformer) or near-miss correction (whisper, moonshine). */
  bias: z.boolean().default(true),
  /** zipformer: the hotword boost per token. */
  hotwordScore: z.number().min(0).max(10).default(1.5),
  /** The hallucination guard (whisper, moonshine, zipformer): below this much speech nothing is decoded. */
  minSpeechMs: z.number().int().min(0).max(2000).default(200),
  /** More words per second of speech than this is not speech a customer made. */
  maxWordsPerSecond: z.number().min(1).max(20).default(6),
};

/** The STT worker's slice: the engine is always named (the profile chose it if the config did not). */
export const sttConfigSchema = z.object({ engine: z.enum(STT_ENGINES).default('pocketsphinx'), ...sttFields }).strict();
const sttInputSchema = z.object({ engine: z.enum(STT_ENGINES).optional(), ...sttFields }).strict();

const ttsFields = {
  /** piper: a manifest voice name or a directory holding a Piper voice exported for sherpa-onnx. */
  model: z.string().min(1).optional(),
  /** Speaking rate: 1 is the voice's own, 1.2 is 20 % faster (piper; flite ignores it). */
  speed: z.number().min(0.5).max(2).default(1),
  threads: z.number().int().min(1).max(16).default(1),
};

/** The TTS worker's slice: engine and voice always named. */
export const ttsConfigSchema = z.object({ engine: z.enum(TTS_ENGINES).default('flite'), voice: z.string().default('rms'), ...ttsFields }).strict();
const ttsInputSchema = z.object({ engine: z.enum(TTS_ENGINES).optional(), voice: z.string().optional(), ...ttsFields }).strict();

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

/** `heed start`'s live loop (app/cli/start.ts; full duplex: app/cli/start-duplex.ts). */
export const liveConfigSchema = z.object({
  /**
   * Listen while speaking (full duplex, app/live/duplex-session.ts: barge-in, echo cancellation).
   * false: the half-duplex loop (the microphone is ignored while Heed speaks), for kiosks whose
   * speaker drowns the microphone or that cannot cancel their echo.
   */
  duplex: z.boolean().default(true),
  /** Full duplex only: the customer's speech may interrupt the reply ("mhm" and the like do not). */
  bargeIn: z.boolean().default(true),
  /** Full duplex only: cancel the agent's own voice from the microphone (speexdsp) before the VAD hears it. */
  echoCancellation: z.boolean().default(true),
  /**
   * Full duplex only: what becomes of a reply that was interrupted: 'drop' it, 'resume' the unheard
   * rest after the interruption, or 'rephrase' it: `rephraseBridge`, then the rest word for word.
   * Only when the interruption held no words (a cough); with words the customer is answered instead.
   */
  interruptedReply: z.enum(['drop', 'resume', 'rephrase']).default('resume'),
  /** Full duplex only: what 'rephrase' says before the rest of an interrupted reply. */
  rephraseBridge: z.string().max(200).default('Where was I?'),
  /**
   * Full duplex only: hold (pause) the reply the moment speech starts over it, and play on if it
   * was only a backchannel or a noise; false: the reply plays until a barge-in is decided.
   */
  holdOnOnset: z.boolean().default(true),
  /** Full duplex only: thinking longer than this says the filler ("One moment."); null: never. */
  fillerAfterMs: z.number().int().min(200).max(10_000).nullable().default(1200),
  /**
   * Full duplex only: the audio backend. 'auto' takes PulseAudio when a server answers, else
   * PortAudio (naudiodon, e.g. a bare-ALSA Raspberry Pi); naming one makes it an error if it is not there.
   */
  audioBackend: z.enum(['auto', 'pulse', 'portaudio']).default('auto'),
  /** Full duplex only: microphone and speaker by the backend's device name (`heed doctor` lists them); unset: the defaults. */
  inputDevice: z.string().min(1).optional(),
  outputDevice: z.string().min(1).optional(),
}).strict();

type ConfigInput = {
  profile: 'embedded' | 'standard';
  stt: z.output<typeof sttInputSchema>;
  tts: z.output<typeof ttsInputSchema>;
};

/**
 * The profile picks the speech engines the config leaves unnamed: embedded → pocketsphinx and
 * flite (nothing to download), standard → Whisper and a Piper voice through sherpa-onnx, each with
 * its default model. Engines named in the config stay as they are.
 */
function applyProfile<C extends ConfigInput>(c: C): Omit<C, 'stt' | 'tts'> & { stt: SttConfig; tts: TtsConfig } {
  const standard = c.profile === 'standard';
  const sttEngine = c.stt.engine ?? (standard ? 'whisper' : 'pocketsphinx');
  const ttsEngine = c.tts.engine ?? (standard ? 'piper' : 'flite');
  const sttModel = c.stt.model ?? (sttEngine === 'whisper' || sttEngine === 'moonshine' || sttEngine === 'zipformer' ? STANDARD_SPEECH_MODELS[sttEngine] : undefined);
  const ttsModel = c.tts.model ?? (ttsEngine === 'piper' ? STANDARD_SPEECH_MODELS.piper : undefined);
  const voice = c.tts.voice ?? (ttsEngine === 'piper' ? piperVoiceId(ttsModel ?? STANDARD_SPEECH_MODELS.piper) : ttsEngine === 'fake' ? 'fake' : 'rms');
  return {
    ...c,
    stt: { ...c.stt, engine: sttEngine, ...(sttModel ? { model: sttModel } : {}) },
    tts: { ...c.tts, engine: ttsEngine, voice, ...(ttsModel ? { model: ttsModel } : {}) },
  };
}

/** A Piper voice's id: its manifest name, or its directory's name. */
export function piperVoiceId(model: string): string {
  const parts = model.split('/').filter((p) => p !== '');
  return parts[parts.length - 1] ?? model;
}

export const configSchema = z.object({
  profile: z.enum(['embedded', 'standard']).default('embedded'),
  domainDir: z.string().default('domains/drive-thru'),
  dbPath: z.string().default('var/heed.db'),
  maxInputSeconds: z.number().positive().max(600).default(60),
  workerTimeoutMs: z.number().int().positive().default(30_000),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('warn'),
  vad: vadConfigSchema.default({}),
  stt: sttInputSchema.default({}),
  tts: ttsInputSchema.default({}),
  conversation: conversationConfigSchema.default({}),
  understanding: understandingConfigSchema.default({}),
  live: liveConfigSchema.default({}),
}).strict().transform(applyProfile);

export type HeedConfig = z.output<typeof configSchema>;
export type VadConfig = z.infer<typeof vadConfigSchema>;
export type SttConfig = z.infer<typeof sttConfigSchema>;
export type TtsConfig = z.infer<typeof ttsConfigSchema>;
export type ConversationConfig = z.infer<typeof conversationConfigSchema>;
export type UnderstandingConfig = z.infer<typeof understandingConfigSchema>;
export type LiveConfig = z.infer<typeof liveConfigSchema>;
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
