/**
 * A circuit breaker for a remote dependency (the escalation server). Closed: calls go through and
 * failures are counted. It opens after `failureThreshold` consecutive failures, or when the failure
 * rate over the last `windowMs` reaches `failureRateThreshold` (once `minimumRequests` calls were
 * seen). Open: every call is refused until `coolDownMs` has passed. Half-open: one probe call goes
 * through; its success closes the breaker, its failure opens it for another cool-down.
 *
 * A caller takes a permit before the call and reports exactly one outcome on it: success, failure,
 * or release (neither: aborted, or refused for reasons that say nothing about the server's health).
 * Outcomes of permits taken before the last state change are ignored. The clock is injectable.
 */

export type CircuitState = 'closed' | 'open' | 'half-open';

export interface CircuitBreakerOptions {
  /** Consecutive failures that open the breaker (default 5). */
  failureThreshold?: number;
  /** Failure rate 0..1 over the window that opens the breaker (default: off). */
  failureRateThreshold?: number;
  /** Calls the window must hold before the rate counts (default 10). */
  minimumRequests?: number;
  /** The failure-rate window (default 60 s). */
  windowMs?: number;
  /** How long the breaker stays open before letting a probe through (default 30 s). */
  coolDownMs?: number;
  /** A probe that never reports frees its slot after this long (default 60 s). */
  probeLeaseMs?: number;
  /** Milliseconds clock (default Date.now). */
  now?: () => number;
  /** Called on every state change (logs, metrics). Must not throw. */
  onStateChange?: (to: CircuitState, from: CircuitState) => void;
}

export const CIRCUIT_BREAKER_DEFAULTS = {
  failureThreshold: 5,
  minimumRequests: 10,
  windowMs: 60_000,
  coolDownMs: 30_000,
  probeLeaseMs: 60_000,
} as const;

export interface CircuitPermit {
  /** Whether this call is the half-open probe. */
  readonly probe: boolean;
  success(): void;
  failure(): void;
  /** Neither success nor failure (aborted, or a refusal that says nothing about the server's health). */
  release(): void;
}

export interface CircuitSnapshot {
  state: CircuitState;
  consecutiveFailures: number;
  /** Calls and failures in the current rate window. */
  windowCalls: number;
  windowFailures: number;
  /** When the breaker last opened (clock ms), or null while it never did since the last close. */
  openedAt: number | null;
  /** Milliseconds until an open breaker lets a probe through (0 unless open). */
  retryInMs: number;
  /** How many times the breaker has opened. */
  trips: number;
}

export interface CircuitBreaker {
  readonly state: CircuitState;
  /** A permit to make one call, or null when the breaker refuses it. */
  acquire(): CircuitPermit | null;
  snapshot(): CircuitSnapshot;
  /** Back to closed with clean counters. */
  reset(): void;
}

export function createCircuitBreaker(opts: CircuitBreakerOptions = {}): CircuitBreaker {
  const failureThreshold = positiveInt(opts.failureThreshold, CIRCUIT_BREAKER_DEFAULTS.failureThreshold);
  const rateThreshold = opts.failureRateThreshold;
  const minimumRequests = positiveInt(opts.minimumRequests, CIRCUIT_BREAKER_DEFAULTS.minimumRequests);
  const windowMs = Math.max(1, opts.windowMs ?? CIRCUIT_BREAKER_DEFAULTS.windowMs);
  const coolDownMs = Math.max(0, opts.coolDownMs ?? CIRCUIT_BREAKER_DEFAULTS.coolDownMs);
  const probeLeaseMs = Math.max(1, opts.probeLeaseMs ?? CIRCUIT_BREAKER_DEFAULTS.probeLeaseMs);
  const now = opts.now ?? Date.now;

  let state: CircuitState = 'closed';
  let generation = 0;
  let consecutive = 0;
  let openedAt: number | null = null;
  let probeSince: number | null = null;
  let trips = 0;
  const window: Array<{ at: number; failed: boolean }> = [];

  const transition = (to: CircuitState): void => {
    if (to === state) return;
    const from = state;
    state = to;
    generation++;
    probeSince = null;
    if (to === 'open') {
      openedAt = now();
      trips++;
    }
    if (to === 'closed') {
      consecutive = 0;
      openedAt = null;
      window.length = 0;
    }
    try {
      opts.onStateChange?.(to, from);
    } catch {
      // a metrics hook must not break the breaker
    }
  };

  /** Applies the cool-down: an open breaker whose time is up becomes half-open. */
  const current = (): CircuitState => {
    if (state === 'open' && openedAt !== null && now() - openedAt >= coolDownMs) transition('half-open');
    return state;
  };

  const prune = (t: number): void => {
    while (window.length > 0 && (window[0]?.at ?? t) <= t - windowMs) window.shift();
    if (window.length > 10_000) window.splice(0, window.length - 10_000);
  };

  const rateTripped = (): boolean => {
    if (rateThreshold === undefined || window.length < minimumRequests) return false;
    const failures = window.reduce((n, e) => n + (e.failed ? 1 : 0), 0);
    return failures / window.length >= rateThreshold;
  };

  const record = (failed: boolean): void => {
    const t = now();
    window.push({ at: t, failed });
    prune(t);
    if (!failed) {
      consecutive = 0;
      return;
    }
    consecutive++;
    if (consecutive >= failureThreshold || rateTripped()) transition('open');
  };

  const permit = (probe: boolean): CircuitPermit => {
    const gen = generation;
    let reported = false;
    const report = (outcome: 'success' | 'failure' | 'release'): void => {
      if (reported) return;
      reported = true;
      if (gen !== generation) return; // the breaker changed state since: this outcome is stale
      if (probe) {
        if (outcome === 'success') transition('closed');
        else if (outcome === 'failure') transition('open');
        else probeSince = null;
        return;
      }
      if (state !== 'closed' || outcome === 'release') return;
      record(outcome === 'failure');
    };
    return { probe, success: () => report('success'), failure: () => report('failure'), release: () => report('release') };
  };

  return {
    get state() {
      return current();
    },
    acquire() {
      const s = current();
      if (s === 'closed') return permit(false);
      if (s === 'open') return null;
      const t = now();
      if (probeSince !== null && t - probeSince < probeLeaseMs) return null;
      if (probeSince !== null) generation++; // the earlier probe's lease ran out: ignore its outcome
      probeSince = t;
      return permit(true);
    },
    snapshot() {
      const s = current();
      const t = now();
      prune(t);
      return {
        state: s,
        consecutiveFailures: consecutive,
        windowCalls: window.length,
        windowFailures: window.reduce((n, e) => n + (e.failed ? 1 : 0), 0),
        openedAt,
        retryInMs: s === 'open' && openedAt !== null ? Math.max(0, openedAt + coolDownMs - t) : 0,
        trips,
      };
    },
    reset() {
      transition('closed');
      consecutive = 0;
      window.length = 0;
    },
  };
}

function positiveInt(v: number | undefined, fallback: number): number {
  return v !== undefined && Number.isFinite(v) && v >= 1 ? Math.floor(v) : fallback;
}
