/**
 * The code table. Kiosk screens and CLI messages come from here, never from a stack trace.
 * `recoverable` is the default: true when the turn can be retried or apologised for.
 */
export const ERROR_CODES = {
  INTERNAL: { message: 'Something went wrong inside Heed.', recoverable: true },
  ABORTED: { message: 'The operation was cancelled.', recoverable: true },
  CONFIG_INVALID: { message: 'The configuration is not valid.', recoverable: false },
  WAV_INVALID: { message: 'The file is not a valid WAV recording.', recoverable: false },
  WAV_TRUNCATED: { message: 'The WAV file is truncated.', recoverable: false },
  WAV_EMPTY: { message: 'The WAV file holds no audio.', recoverable: false },
  WAV_UNSUPPORTED: { message: 'The WAV encoding is not supported.', recoverable: false },
  WAV_TOO_LONG: { message: 'The recording is too long.', recoverable: false },
  FILE_NOT_FOUND: { message: 'The file does not exist.', recoverable: false },
  MODEL_MISSING: { message: 'A model file is missing.', recoverable: false },
  MODEL_CORRUPT: { message: 'A model file is corrupt.', recoverable: false },
  NATIVE_MISSING: { message: 'The native speech addon is not built or a system library is missing.', recoverable: false },
  NATIVE_ERROR: { message: 'The native speech library reported an error.', recoverable: true },
  GRAMMAR_INVALID: { message: 'The recognition grammar is not valid.', recoverable: false },
  DECODER_STATE: { message: 'The decoder was used out of order.', recoverable: true },
  VOICE_UNKNOWN: { message: 'The requested voice does not exist.', recoverable: false },
  VAD_FAILED: { message: 'Voice activity detection failed.', recoverable: true },
  STT_FAILED: { message: 'Speech recognition failed.', recoverable: true },
  TTS_FAILED: { message: 'Speech synthesis failed.', recoverable: true },
  WORKER_CRASHED: { message: 'A model worker stopped unexpectedly and is being restarted.', recoverable: true },
  WORKER_UNAVAILABLE: { message: 'A model worker keeps failing and was given up on.', recoverable: false },
  WORKER_TIMEOUT: { message: 'A model worker did not answer in time.', recoverable: true },
  STORE_FAILED: { message: 'The store database reported an error.', recoverable: true },
  STORE_NOT_FOUND: { message: 'The requested record does not exist.', recoverable: true },
  TOOL_ARGS_INVALID: { message: 'A tool was called with invalid arguments.', recoverable: true },
  DOMAIN_INVALID: { message: 'The domain pack is not valid.', recoverable: false },
  AUDIO_DEVICE_MISSING: { message: 'No audio device is available.', recoverable: false },
  AUDIO_DEVICE_FAILED: { message: 'The audio device failed.', recoverable: true },
  USAGE: { message: 'Wrong usage.', recoverable: false },
} as const satisfies Record<string, { message: string; recoverable: boolean }>;

export type ErrorCode = keyof typeof ERROR_CODES;
