import { hkdfSync } from 'node:crypto';

/**
 * Each use of SESSION_SECRET gets its own key, derived with HKDF-SHA256 and a label, so a key
 * that leaks from one use (a session-token key, a check-in code key) cannot be turned into
 * another: neither key reveals the secret or the other key.
 */
export type KeyPurpose = 'session-token' | 'redpost-checkin' | 'media-url';

const cache = new Map<string, Buffer>();

export function derivedKey(secret: string, purpose: KeyPurpose): Buffer {
  const id = `${purpose}\u0000${secret}`;
  let key = cache.get(id);
  if (!key) {
    key = Buffer.from(hkdfSync('sha256', secret, 'shinan-neighbours', `shinan-neighbours/${purpose}/v1`, 32));
    // One or two secrets per process in practice; bounded anyway.
    if (cache.size > 16) cache.clear();
    cache.set(id, key);
  }
  return key;
}
