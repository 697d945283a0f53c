import type { Logger } from '../log';
import type { RateLimitPolicy, RateLimitResult, Store } from './types';

/**
 * Upstash answers in a few milliseconds from the same region; a call still pending after this
 * is not coming back soon (Redis hung, a stuck proxy). 150 ms keeps a request that makes three
 * store calls before the circuit opens under half a second, and is far above a healthy p99.
 */
export const STORE_TIMEOUT_MS = 150;
/** Consecutive failures (errors or timeouts) that open the circuit. */
export const BREAKER_THRESHOLD = 3;
/** How long an open circuit skips the store before one probe call may try it again. */
export const BREAKER_COOLDOWN_MS = 5_000;

export interface BreakerOptions {
  timeoutMs?: number;
  threshold?: number;
  cooldownMs?: number;
  now?: () => number;
}

type State = 'closed' | 'open' | 'half-open';

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`store timed out after ${ms} ms`)), ms);
    p.then(
      (v) => {
        clearTimeout(t);
        resolve(v);
      },
      (e) => {
        clearTimeout(t);
        reject(e);
      },
    );
  });
}

/**
 * Wraps a Store so that Redis being down or hung never fails or stalls a request: reads miss,
 * writes are skipped, rate limits let the request through. Each call has a short timeout, and a
 * circuit breaker stops calling a store that keeps failing: after BREAKER_THRESHOLD failures in a
 * row every call falls back at once; after the cool-down one call probes (half-open) and its
 * outcome closes or re-opens the circuit.
 */
export class FailOpenStore implements Store {
  private state: State = 'closed';
  private failures = 0;
  private openedAt = 0;
  private readonly timeoutMs: number;
  private readonly threshold: number;
  private readonly cooldownMs: number;
  private readonly now: () => number;

  constructor(
    private readonly inner: Store,
    private readonly log: Logger,
    options: BreakerOptions = {},
  ) {
    this.timeoutMs = options.timeoutMs ?? STORE_TIMEOUT_MS;
    this.threshold = options.threshold ?? BREAKER_THRESHOLD;
    this.cooldownMs = options.cooldownMs ?? BREAKER_COOLDOWN_MS;
    this.now = options.now ?? Date.now;
  }

  get kind() {
    return this.inner.kind;
  }

  /** For health output and tests. */
  get circuit(): State {
    return this.state;
  }

  private async attempt<T>(op: string, fallback: T, fn: () => Promise<T>): Promise<T> {
    if (this.state === 'open') {
      if (this.now() - this.openedAt < this.cooldownMs) return fallback;
      // This call is the probe; the others keep falling back until it answers.
      this.state = 'half-open';
    } else if (this.state === 'half-open') {
      return fallback;
    }
    try {
      const result = await withTimeout(fn(), this.timeoutMs);
      if (this.state !== 'closed' || this.failures) {
        if (this.state !== 'closed') this.log.info('store answering again; circuit closed', { op });
        this.state = 'closed';
        this.failures = 0;
      }
      return result;
    } catch (err) {
      this.failures += 1;
      const probing = this.state === 'half-open';
      if (probing || this.failures >= this.threshold) {
        // Warned once when it opens, not on every failed probe.
        if (!probing) {
          this.log.warn('store failing; circuit open, skipping it', {
            op,
            error: (err as Error).message,
            failures: this.failures,
            cooldownMs: this.cooldownMs,
          });
        }
        this.state = 'open';
        this.openedAt = this.now();
      } else {
        this.log.warn('store unavailable; failing open', { op, error: (err as Error).message });
      }
      return fallback;
    }
  }

  get(key: string) {
    return this.attempt('get', null, () => this.inner.get(key));
  }
  getJson<T>(key: string) {
    return this.attempt<T | null>('getJson', null, () => this.inner.getJson<T>(key));
  }
  setJson(key: string, value: unknown, ttlSeconds: number) {
    return this.attempt('setJson', undefined, () => this.inner.setJson(key, value, ttlSeconds));
  }
  del(...keys: string[]) {
    return this.attempt('del', undefined, () => this.inner.del(...keys));
  }
  incr(key: string) {
    return this.attempt('incr', -1, () => this.inner.incr(key));
  }
  limit(policy: RateLimitPolicy, identifier: string): Promise<RateLimitResult> {
    return this.attempt('limit', { success: true, remaining: policy.limit, retryAfterSeconds: 0 }, () =>
      this.inner.limit(policy, identifier),
    );
  }
}
