export interface RateLimitPolicy {
  name: string;
  /** Requests allowed per window. */
  limit: number;
  windowSeconds: number;
}

export interface RateLimitResult {
  success: boolean;
  remaining: number;
  /** Seconds until the caller may try again; 0 when allowed. */
  retryAfterSeconds: number;
}

/**
 * The small interface the app needs from Redis. Every caller treats it as an
 * accelerator: a failure means a cache miss or an allowed request, never lost data.
 */
export interface Store {
  readonly kind: 'memory' | 'upstash';
  getJson<T>(key: string): Promise<T | null>;
  setJson(key: string, value: unknown, ttlSeconds: number): Promise<void>;
  del(...keys: string[]): Promise<void>;
  /** Bumps a version number; cache keys embed it so one write invalidates a whole family. */
  incr(key: string): Promise<number>;
  get(key: string): Promise<string | null>;
  limit(policy: RateLimitPolicy, identifier: string): Promise<RateLimitResult>;
}
