import type { RateLimitPolicy, RateLimitResult, Store } from './types';

interface Entry {
  value: string;
  expiresAt: number;
}

/** In-process stand-in for Redis in local mode: one process, so one map is enough. */
export class MemoryStore implements Store {
  readonly kind = 'memory' as const;
  private entries = new Map<string, Entry>();
  private windows = new Map<string, { start: number; count: number }>();

  constructor(private readonly now: () => number = Date.now) {}

  private read(key: string): string | null {
    const e = this.entries.get(key);
    if (!e) return null;
    if (e.expiresAt <= this.now()) {
      this.entries.delete(key);
      return null;
    }
    return e.value;
  }

  async get(key: string) {
    return this.read(key);
  }

  async getJson<T>(key: string): Promise<T | null> {
    const raw = this.read(key);
    return raw === null ? null : (JSON.parse(raw) as T);
  }

  async setJson(key: string, value: unknown, ttlSeconds: number) {
    this.entries.set(key, { value: JSON.stringify(value), expiresAt: this.now() + ttlSeconds * 1000 });
  }

  async del(...keys: string[]) {
    for (const k of keys) this.entries.delete(k);
  }

  async incr(key: string) {
    const next = Number(this.read(key) ?? '0') + 1;
    this.entries.set(key, { value: String(next), expiresAt: Number.MAX_SAFE_INTEGER });
    return next;
  }

  async limit(policy: RateLimitPolicy, identifier: string): Promise<RateLimitResult> {
    const key = `${policy.name}:${identifier}`;
    const now = this.now();
    const windowMs = policy.windowSeconds * 1000;
    let w = this.windows.get(key);
    if (!w || now - w.start >= windowMs) {
      w = { start: now, count: 0 };
      this.windows.set(key, w);
    }
    w.count += 1;
    if (w.count > policy.limit) {
      return { success: false, remaining: 0, retryAfterSeconds: Math.max(1, Math.ceil((w.start + windowMs - now) / 1000)) };
    }
    return { success: true, remaining: policy.limit - w.count, retryAfterSeconds: 0 };
  }
}
