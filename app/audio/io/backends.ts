/**
 * The audio backends in preference order, and opening one by config override.
 * PulseAudio comes first: on a kiosk with a PulseAudio server it is the native path (its own tools in
 * child processes, so a device crash never takes Heed down). PortAudio covers bare-ALSA machines
 * (a Raspberry Pi without PulseAudio).
 */
import { createPortAudioBackend, type PortAudioBackendOptions } from './portaudio-backend.js';
import { createPulseBackend } from './pulse-backend.js';
import { selectAudioBackend, type AudioBackend } from './types.js';

export type AudioBackendOverride = 'auto' | 'pulse' | 'portaudio';

export interface AudioBackendsOptions {
  /** Environment for the PulseAudio tools (PULSE_SERVER, XDG_RUNTIME_DIR...). Default: process.env. */
  env?: NodeJS.ProcessEnv | undefined;
  /** PortAudio tuning / an injected addon (tests). PortAudio always reads process.env itself. */
  portaudio?: PortAudioBackendOptions | undefined;
}

export function audioBackends(opts: AudioBackendsOptions = {}): AudioBackend[] {
  return [createPulseBackend({ env: opts.env }), createPortAudioBackend(opts.portaudio ?? {})];
}

/** The configured backend (an unknown or unavailable one is an error), or the first available. */
export function openAudioBackend(override: AudioBackendOverride | undefined, opts: AudioBackendsOptions = {}): Promise<AudioBackend> {
  return selectAudioBackend(audioBackends(opts), override);
}
