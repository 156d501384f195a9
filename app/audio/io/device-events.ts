/**
 * Device-event plumbing shared by audio backends: a listener registry and an outage tracker that
 * reports device_lost once and device_restored once per outage, with exponential reconnect backoff.
 */
import type { AudioDeviceEvent, AudioDeviceEventType, AudioDeviceListener, AudioDirection } from './types.js';

export class DeviceEvents {
  readonly #listeners = new Map<AudioDeviceEventType, Set<(e: AudioDeviceEvent) => void>>();

  on<T extends AudioDeviceEventType>(type: T, listener: AudioDeviceListener<T>): () => void {
    let set = this.#listeners.get(type);
    if (!set) { set = new Set(); this.#listeners.set(type, set); }
    const wrapped = listener as (e: AudioDeviceEvent) => void;
    set.add(wrapped);
    return () => { set.delete(wrapped); };
  }

  emit(event: AudioDeviceEvent): void {
    for (const l of this.#listeners.get(event.type) ?? []) {
      try { l(event); } catch { /* a listener's bug must not break the audio loop */ }
    }
  }
}

export interface BackoffOptions { minBackoffMs: number; maxBackoffMs: number }

export class Outage {
  #lostAt: number | undefined;
  #attempts = 0;
  #delay: number;

  constructor(
    private readonly events: DeviceEvents,
    private readonly direction: AudioDirection,
    private readonly device: string | undefined,
    private readonly opts: BackoffOptions,
  ) {
    this.#delay = opts.minBackoffMs;
  }

  get active(): boolean { return this.#lostAt !== undefined; }

  /** A failed attempt or a loss; reported once per outage. */
  lost(reason: string): void {
    this.#attempts++;
    if (this.#lostAt !== undefined) return;
    this.#lostAt = Date.now();
    this.events.emit({ type: 'device_lost', direction: this.direction, device: this.device, reason, at: this.#lostAt });
  }

  restored(): void {
    const lostAt = this.#lostAt;
    this.#delay = this.opts.minBackoffMs;
    if (lostAt === undefined) { this.#attempts = 0; return; }
    const at = Date.now();
    this.events.emit({ type: 'device_restored', direction: this.direction, device: this.device, downtimeMs: at - lostAt, attempts: this.#attempts, at });
    this.#lostAt = undefined;
    this.#attempts = 0;
  }

  /** The delay before the next attempt; doubles up to the maximum. */
  nextDelay(): number {
    const d = this.#delay;
    this.#delay = Math.min(this.opts.maxBackoffMs, this.#delay * 2);
    return d;
  }
}
