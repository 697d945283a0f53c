import path from 'node:path';
import { getConfig, type Config } from './config';
import { openPglite, openPostgres, type Db, type DbHandle } from './db';
import { createLogger, type Logger } from './log';
import { MemoryStore } from './store/memory-store';
import { FailOpenStore } from './store/safe-store';
import type { Store } from './store/types';
import { createMediaStorage, type MediaStorage } from './media/storage';
import { WechatClient } from './wechat';

/** Everything a request needs from the outside world, built once per process. */
export interface Runtime {
  config: Config;
  db: Db;
  dbHandle: DbHandle;
  store: Store;
  log: Logger;
  wechat: WechatClient | null;
  /** Photos: local files or S3-compatible object storage. */
  media: MediaStorage;
  now(): Date;
  /** Work that runs after the response is sent (Vercel's waitUntil, or in-process locally). */
  defer(task: () => Promise<unknown>): void;
  close(): Promise<void>;
}

export interface RuntimeOverrides {
  dbHandle?: DbHandle;
  store?: Store;
  now?: () => Date;
  log?: Logger;
}

export async function createRuntime(config: Config, overrides: RuntimeOverrides = {}): Promise<Runtime> {
  const log = overrides.log ?? createLogger(config.logLevel);
  const dbHandle =
    overrides.dbHandle ??
    (config.databaseUrl
      ? await openPostgres(config.databaseUrl, config.databasePoolMax)
      : await openPglite(path.join(config.dataDir, 'pglite')));
  const rawStore = overrides.store ?? (config.redis ? openUpstash(config.redis, config.rateLimitPrefix) : new MemoryStore());
  const store = new FailOpenStore(rawStore, log);
  const wechat = config.wechat ? new WechatClient(config.wechat, store, log, config.rateLimitPrefix) : null;
  const pending = new Set<Promise<unknown>>();
  const now = overrides.now ?? (() => new Date());
  const runtime: Runtime = {
    config,
    db: dbHandle.db,
    dbHandle,
    store,
    log,
    wechat,
    media: createMediaStorage(config.storage, config.sessionSecret, now),
    now,
    defer(task) {
      const p = runDeferred(task, log).finally(() => pending.delete(p));
      pending.add(p);
      waitUntilOnVercel(p);
    },
    async close() {
      await Promise.allSettled([...pending]);
      await dbHandle.close();
    },
  };
  return runtime;
}

/**
 * Loaded only where Redis is configured: @upstash/redis and @upstash/ratelimit are ~250 KB of
 * modules, which a function without Redis would parse on every cold start for nothing.
 */
function openUpstash(redis: { url: string; token: string }, prefix: string): Store {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { UpstashStore } = require('./store/upstash-store') as typeof import('./store/upstash-store');
  return new UpstashStore(redis, prefix);
}

async function runDeferred(task: () => Promise<unknown>, log: Logger) {
  try {
    await task();
  } catch (err) {
    log.warn('deferred task failed', { error: (err as Error).message });
  }
}

function waitUntilOnVercel(p: Promise<unknown>) {
  try {
    // Only meaningful inside a Vercel function; elsewhere the promise simply runs in-process.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { waitUntil } = require('@vercel/functions') as typeof import('@vercel/functions');
    waitUntil(p);
  } catch {
    /* not on Vercel */
  }
}

let current: Promise<Runtime> | null = null;

export function getRuntime(): Promise<Runtime> {
  if (!current) {
    current = createRuntime(getConfig()).catch((err) => {
      current = null;
      throw err;
    });
  }
  return current;
}

/** Tests and the local server install the runtime they built. */
export function setRuntime(runtime: Runtime | null): void {
  current = runtime ? Promise.resolve(runtime) : null;
}
