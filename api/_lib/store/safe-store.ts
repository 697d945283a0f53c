import type { Logger } from '../log';
import type { RateLimitPolicy, RateLimitResult, Store } from './types';

const TIMEOUT_MS = 800;

function withTimeout<T>(p: Promise<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`store timed out after ${TIMEOUT_MS} ms`)), TIMEOUT_MS);
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
 * Wraps a Store so that Redis being down never fails a request: reads miss, writes are
 * skipped, rate limits let the request through. Each failure is logged as a warning.
 */
export class FailOpenStore implements Store {
  constructor(
    private readonly inner: Store,
    private readonly log: Logger,
  ) {}

  get kind() {
    return this.inner.kind;
  }

  private async attempt<T>(op: string, fallback: T, fn: () => Promise<T>): Promise<T> {
    try {
      return await withTimeout(fn());
    } catch (err) {
      this.log.warn('store unavailable; failing open', { op, error: (err as Error).message });
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
