import { createHmac, timingSafeEqual } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { derivedKey } from '../auth/keys';
import type { StorageConfig } from '../config';

/**
 * Where photos live. Every object is written under `private/`, readable only through a
 * short-lived signed URL; a photo of a public item that passed the content check is also
 * copied under `public/`, which the local server (or the bucket's public domain) serves as is.
 */
export interface MediaStorage {
  readonly kind: 'local' | 's3';
  put(key: string, bytes: Buffer, contentType: string): Promise<void>;
  /** The stored bytes, or null when there is no such object. */
  get(key: string): Promise<Buffer | null>;
  copy(from: string, to: string): Promise<void>;
  remove(keys: string[]): Promise<void>;
  /** The unsigned URL of a `public/` key, or null when this storage has no public address. */
  publicUrl(key: string): string | null;
  signedUrl(key: string, ttlSeconds: number): Promise<string>;
}

/** Keys are ours (`private/<uuid>.jpg`), but the local server resolves what a client sends: nothing else passes. */
export const MEDIA_KEY_RE = /^(private|public)\/[0-9a-f-]{36}(-thumb)?\.jpg$/;

/** The local server's path for stored photos. */
export const LOCAL_MEDIA_PREFIX = '/media/';

function localSignature(secret: string, key: string, exp: number): string {
  return createHmac('sha256', derivedKey(secret, 'media-url')).update(`${key}\n${exp}`).digest('base64url');
}

/** Checks a local signed URL's `exp` and `sig` for a key (the local server's side of `signedUrl`). */
export function verifyLocalSignature(secret: string, key: string, exp: string | null, sig: string | null, nowMs: number): boolean {
  if (!exp || !sig || !/^\d{1,12}$/.test(exp)) return false;
  if (Number(exp) * 1000 < nowMs) return false;
  const want = Buffer.from(localSignature(secret, key, Number(exp)));
  const got = Buffer.from(sig);
  return want.length === got.length && timingSafeEqual(want, got);
}

class LocalStorage implements MediaStorage {
  readonly kind = 'local' as const;
  constructor(
    private readonly dir: string,
    private readonly secret: string,
    private readonly now: () => Date,
  ) {}

  private file(key: string) {
    if (!MEDIA_KEY_RE.test(key)) throw new Error(`not a media key: ${key}`);
    return path.join(this.dir, key);
  }

  async put(key: string, bytes: Buffer) {
    const file = this.file(key);
    await fs.mkdir(path.dirname(file), { recursive: true });
    // Written aside and renamed: a reader never sees half a file.
    const tmp = `${file}.${process.pid}.tmp`;
    await fs.writeFile(tmp, bytes);
    await fs.rename(tmp, file);
  }

  async get(key: string) {
    try {
      return await fs.readFile(this.file(key));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
  }

  async copy(from: string, to: string) {
    const bytes = await this.get(from);
    if (!bytes) throw new Error(`no such media object: ${from}`);
    await this.put(to, bytes);
  }

  async remove(keys: string[]) {
    await Promise.all(keys.map((k) => fs.rm(this.file(k), { force: true })));
  }

  publicUrl(key: string) {
    return `${LOCAL_MEDIA_PREFIX}${key}`;
  }

  async signedUrl(key: string, ttlSeconds: number) {
    const exp = Math.floor(this.now().getTime() / 1000) + ttlSeconds;
    return `${LOCAL_MEDIA_PREFIX}${key}?exp=${exp}&sig=${localSignature(this.secret, key, exp)}`;
  }
}

export function createMediaStorage(config: StorageConfig, secret: string, now: () => Date): MediaStorage {
  if (config.kind === 'local') return new LocalStorage(config.dir, secret, now);
  // The AWS SDK is a few MB of modules: loaded only where S3 is configured.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { S3Storage } = require('./s3-storage') as typeof import('./s3-storage');
  return new S3Storage(config);
}
