/** Builds a reply: screen text and voice text side by side, plus the card the screen shows. */
import type { ScreenCard } from '../../core/turn.js';
import type { PolicyReply } from '../brain.js';

export class Say {
  private readonly screen: string[] = [];
  private readonly voice: string[] = [];
  card: ScreenCard | null = null;

  /** One sentence (or more); `voice` when the ear needs other words than the eye. */
  add(screen: string, voice: string = screen): this {
    if (screen.length > 0) this.screen.push(screen);
    if (voice.length > 0) this.voice.push(voice);
    return this;
  }

  get empty(): boolean {
    return this.screen.length === 0;
  }

  done(intent: string): PolicyReply {
    return { intent, reply: this.screen.join(' '), spoken: this.voice.join(' ') };
  }
}
