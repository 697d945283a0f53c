import { SignJWT, jwtVerify } from 'jose';

const ALG = 'HS256';
const ISSUER = 'shinan-neighbours';

function key(secret: string) {
  return new TextEncoder().encode(secret);
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
    const { payload } = await jwtVerify(token, key(secret), {
      algorithms: [ALG],
      issuer: ISSUER,
      currentDate: now,
    });
    return typeof payload.sub === 'string' ? payload.sub : null;
  } catch {
    return null;
  }
}
