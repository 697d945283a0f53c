import type { RateLimitPolicy, RateLimitResult, Store } from './types';

interface Entry {
  value: string;
  expiresAt: number;
}

interface Window {
  start: number;
  count: number;
  expiresAt: number;
}

/** Enough for a street's worth of cached answers and callers; ~10 MB at worst per map. */
const DEFAULT_MAX_ENTRIES = 10_000;
/** Expired entries are swept at most this often (a full pass over at most two bounded maps). */
const SWEEP_EVERY_MS = 10_000;

/**
 * A Map kept in least-recently-used order (a Map iterates in insertion order, so touching
 * an entry re-inserts it at the end) and never longer than `max`: the oldest goes first.
 * Small enough not to need a dependency, and bounded whatever keys callers make up.
 */
class LruMap<V extends { expiresAt: number }> {
  private readonly map = new Map<string, V>();

  constructor(private readonly max: number) {}

  get size() {
    return this.map.size;
  }

  get(key: string, now: number): V | undefined {
    const v = this.map.get(key);
    if (!v) return undefined;
    this.map.delete(key);
    if (v.expiresAt <= now) return undefined;
    this.map.set(key, v);
    return v;
  }

  set(key: string, value: V) {
    this.map.delete(key);
    this.map.set(key, value);
    while (this.map.size > this.max) this.map.delete(this.map.keys().next().value as string);
  }

  delete(key: string) {
    this.map.delete(key);
  }

  sweep(now: number) {
    for (const [k, v] of this.map) if (v.expiresAt <= now) this.map.delete(k);
  }
}

/**
 * In-process stand-in for Redis in local mode: one process, so one map is enough. It is
 * bounded (LRU with expiry): rotated search terms or client addresses used to add an entry
 * each that was never evicted, growing the process without limit (issue 15 item 6).
 */
export class MemoryStore implements Store {
  readonly kind = 'memory' as const;
  private readonly entries: LruMap<Entry>;
  private readonly windows: LruMap<Window>;
  private readonly now: () => number;
  private nextSweep = 0;

  constructor(options: { maxEntries?: number; now?: () => number } = {}) {
    this.now = options.now ?? Date.now;
    this.entries = new LruMap(options.maxEntries ?? DEFAULT_MAX_ENTRIES);
    this.windows = new LruMap(options.maxEntries ?? DEFAULT_MAX_ENTRIES);
  }

  /** Entries plus rate-limit windows held (tests prove the bound). */
  size(): number {
    return this.entries.size + this.windows.size;
  }

  private maybeSweep(now: number) {
    if (now < this.nextSweep) return;
    this.nextSweep = now + SWEEP_EVERY_MS;
    this.entries.sweep(now);
    this.windows.sweep(now);
  }

  private read(key: string): string | null {
    return this.entries.get(key, this.now())?.value ?? null;
  }

  async get(key: string) {
    return this.read(key);
  }

  async getJson<T>(key: string): Promise<T | null> {
    const raw = this.read(key);
    return raw === null ? null : (JSON.parse(raw) as T);
  }

  async setJson(key: string, value: unknown, ttlSeconds: number) {
    const now = this.now();
    this.maybeSweep(now);
    this.entries.set(key, { value: JSON.stringify(value), expiresAt: now + ttlSeconds * 1000 });
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
    this.maybeSweep(now);
    const windowMs = policy.windowSeconds * 1000;
    let w = this.windows.get(key, now);
    if (!w) w = { start: now, count: 0, expiresAt: now + windowMs };
    this.windows.set(key, w);
    w.count += 1;
    if (w.count > policy.limit) {
      return { success: false, remaining: 0, retryAfterSeconds: Math.max(1, Math.ceil((w.start + windowMs - now) / 1000)) };
    }
    return { success: true, remaining: policy.limit - w.count, retryAfterSeconds: 0 };
  }
}
