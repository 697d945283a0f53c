import { SignJWT, jwtVerify } from 'jose';

const ALG = 'HS256';
const ISSUER = 'shinan-neighbours';

function key(secret: string) {
  return new TextEncoder().encode(secret);
}

/** Verification imports the HMAC key once per secret, not on every request (WebCrypto importKey costs CPU). */
const verifyKeys = new Map<string, Promise<CryptoKey>>();
function verifyKey(secret: string): Promise<CryptoKey> {
  let k = verifyKeys.get(secret);
  if (!k) {
    k = crypto.subtle.importKey('raw', key(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['verify']);
    verifyKeys.set(secret, k);
  }
  return k;
}

/** Tokens carry only the user id: the role is read from the database on every request so a revoked role takes effect at once. */
export async function signSession(userId: string, secret: string, ttlSeconds: number, now = new Date()): Promise<string> {
  const iat = Math.floor(now.getTime() / 1000);
  return new SignJWT({})
    .setProtectedHeader({ alg: ALG, typ: 'JWT' })
    .setSubject(userId)
    .setIssuer(ISSUER)
    .setIssuedAt(iat)
    .setExpirationTime(iat + ttlSeconds)
    .sign(key(secret));
}

export async function verifySession(token: string, secret: string, now = new Date()): Promise<string | null> {
  try {
    const { payload } = await jwtVerify(token, await verifyKey(secret), {
      algorithms: [ALG],
      issuer: ISSUER,
      currentDate: now,
    });
    return typeof payload.sub === 'string' ? payload.sub : null;
  } catch {
    return null;
  }
}
