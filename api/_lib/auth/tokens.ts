import { createHmac, timingSafeEqual } from 'node:crypto';
import { derivedKey } from './keys';

/**
 * Session tokens are compact JWTs (RFC 7519) signed with HS256, and nothing else is accepted.
 * Written on node:crypto rather than a JOSE library because a JOSE library's module graph
 * cost ~50 ms of every function's cold start (docs/performance.md) for the one algorithm we use.
 */
const ALG = 'HS256';
const ISSUER = 'shinan-neighbours';
/** The header every token we issue carries; verification parses the header rather than comparing text. */
const HEADER = base64url(JSON.stringify({ alg: ALG, typ: 'JWT' }));
const SEGMENT = /^[A-Za-z0-9_-]+$/;

function base64url(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64url');
}

/** Signed with the secret's session-token key, never the secret itself (see keys.ts). */
function mac(signingInput: string, secret: string): string {
  return createHmac('sha256', derivedKey(secret, 'session-token')).update(signingInput).digest('base64url');
}

function decodeJsonObject(segment: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** Tokens carry only the user id: the role is read from the database on every request so a revoked role takes effect at once. */
export async function signSession(userId: string, secret: string, ttlSeconds: number, now = new Date()): Promise<string> {
  const iat = Math.floor(now.getTime() / 1000);
  const payload = base64url(JSON.stringify({ sub: userId, iss: ISSUER, iat, exp: iat + ttlSeconds }));
  const signingInput = `${HEADER}.${payload}`;
  return `${signingInput}.${mac(signingInput, secret)}`;
}

/**
 * The user id of a valid session token, or null. Refuses any algorithm but HS256 (so `none`
 * and public-key confusion), critical header extensions, a signature that is not exactly ours,
 * another issuer, a token without a numeric expiry or past it, and one not valid yet.
 */
export async function verifySession(token: string, secret: string, now = new Date()): Promise<string | null> {
  const parts = token.split('.');
  if (parts.length !== 3 || !parts.every((p) => SEGMENT.test(p))) return null;
  const [h, p, s] = parts;
  const header = decodeJsonObject(h);
  if (!header || header.alg !== ALG || header.crit !== undefined) return null;
  // Compare the whole base64url text in constant time: a differently encoded signature is refused too.
  const expected = Buffer.from(mac(`${h}.${p}`, secret));
  const given = Buffer.from(s);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  const payload = decodeJsonObject(p);
  if (!payload || payload.iss !== ISSUER) return null;
  const seconds = Math.floor(now.getTime() / 1000);
  if (typeof payload.exp !== 'number' || payload.exp <= seconds) return null;
  if (payload.nbf !== undefined && (typeof payload.nbf !== 'number' || payload.nbf > seconds)) return null;
  if (payload.iat !== undefined && typeof payload.iat !== 'number') return null;
  return typeof payload.sub === 'string' ? payload.sub : null;
}
