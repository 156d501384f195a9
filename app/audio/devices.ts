/** Is there an audio device? Heed's live backend talks to PulseAudio (pacat/parec); ALSA cards show in /dev/snd. */
import { execFile } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';

export interface AudioProbe { available: boolean; backend: 'pulseaudio' | null; detail: string }

export function hasCommand(cmd: string): Promise<boolean> {
  return new Promise((resolve) => execFile('sh', ['-c', `command -v ${cmd}`], (err) => resolve(!err)));
}

export async function probeAudio(timeoutMs = 3000): Promise<AudioProbe> {
  const cards = existsSync('/dev/snd') ? readdirSync('/dev/snd').filter((n) => n.startsWith('pcm')) : [];
  if (!(await hasCommand('pactl'))) {
    return { available: false, backend: null, detail: cards.length ? `ALSA devices present but pulseaudio-utils is missing (apt-get install pulseaudio pulseaudio-utils)` : 'no sound card and no PulseAudio server' };
  }
  const info = await new Promise<string | null>((resolve) => {
    execFile('pactl', ['info'], { timeout: timeoutMs }, (err, out) => resolve(err ? null : out));
  });
  if (info === null) return { available: false, backend: null, detail: cards.length ? 'a sound card exists but no PulseAudio server is running (start pulseaudio)' : 'no sound card and no PulseAudio server' };
  const source = /Default Source: (.+)/.exec(info)?.[1]?.trim() ?? '?';
  const sink = /Default Sink: (.+)/.exec(info)?.[1]?.trim() ?? '?';
  return { available: true, backend: 'pulseaudio', detail: `PulseAudio: input ${source}, output ${sink}` };
}
