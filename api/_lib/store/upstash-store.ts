import { Ratelimit } from '@upstash/ratelimit';
import { Redis } from '@upstash/redis';
import { STORE_TIMEOUT_MS } from './safe-store';
import type { RateLimitPolicy, RateLimitResult, Store } from './types';

/** @public Loaded with require() where needed, which the unused-export check cannot follow. */
export class UpstashStore implements Store {
  readonly kind = 'upstash' as const;
  private readonly redis: Redis;
  private readonly limiters = new Map<string, Ratelimit>();

  constructor(
    opts: { url: string; token: string },
    private readonly prefix: string,
  ) {
    // No retries: a Redis outage should cost one quick failure, and callers fail open. The
    // per-request signal aborts a call FailOpenStore has already given up on, so a hung Redis
    // does not pile up open sockets behind it.
    this.redis = new Redis({
      url: opts.url,
      token: opts.token,
      retry: false,
      enableTelemetry: false,
      signal: () => AbortSignal.timeout(STORE_TIMEOUT_MS * 2),
    });
  }

  async get(key: string) {
    const v = await this.redis.get<string | number>(key);
    return v === null || v === undefined ? null : String(v);
  }

  async getJson<T>(key: string): Promise<T | null> {
    const raw = await this.redis.get<string>(key);
    if (raw === null || raw === undefined) return null;
    return (typeof raw === 'string' ? JSON.parse(raw) : raw) as T;
  }

  async setJson(key: string, value: unknown, ttlSeconds: number) {
    await this.redis.set(key, JSON.stringify(value), { ex: ttlSeconds });
  }

  async del(...keys: string[]) {
    if (keys.length) await this.redis.del(...keys);
  }

  async incr(key: string) {
    return this.redis.incr(key);
  }

  async limit(policy: RateLimitPolicy, identifier: string): Promise<RateLimitResult> {
    let limiter = this.limiters.get(policy.name);
    if (!limiter) {
      limiter = new Ratelimit({
        redis: this.redis,
        limiter: Ratelimit.slidingWindow(policy.limit, `${policy.windowSeconds} s`),
        prefix: `${this.prefix}:rl:${policy.name}`,
        analytics: false,
        // The ephemeral cache would keep refusing after a test or an admin clears the key.
        ephemeralCache: false,
        timeout: STORE_TIMEOUT_MS * 2,
      });
      this.limiters.set(policy.name, limiter);
    }
    const r = await limiter.limit(identifier);
    return {
      success: r.success,
      remaining: r.remaining,
      retryAfterSeconds: r.success ? 0 : Math.max(1, Math.ceil((r.reset - Date.now()) / 1000)),
    };
  }
}
