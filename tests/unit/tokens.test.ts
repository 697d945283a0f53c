import { createHmac } from 'node:crypto';
import { SignJWT, jwtVerify } from 'jose';
import { derivedKey } from '../../api/_lib/auth/keys';
import { signSession, verifySession } from '../../api/_lib/auth/tokens';

const SECRET = 'unit-test-session-secret-0123456789abcdef';
/** What actually signs: the secret's session-token key (HKDF), never the secret itself. */
const KEY = derivedKey(SECRET, 'session-token');
const USER = '6f1c9d3e-2b7a-4c1e-9f00-1234567890ab';
const NOW = new Date('2026-11-28T02:00:00Z');
const NOW_S = Math.floor(NOW.getTime() / 1000);

const b64 = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');
/** A token built by hand, HMAC-SHA256 with `secret` over whatever header and payload it is given. */
function forge(header: unknown, payload: unknown, secret: string | Buffer = KEY): string {
  const input = `${b64(header)}.${b64(payload)}`;
  return `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`;
}
const claims = (over: Record<string, unknown> = {}) => ({ sub: USER, iss: 'shinan-neighbours', iat: NOW_S - 10, exp: NOW_S + 3600, ...over });
const HS256 = { alg: 'HS256', typ: 'JWT' };

describe('session tokens (HS256 on node:crypto)', () => {
  it('signs a standard JWT that verifies to the user id until it expires', async () => {
    const token = await signSession(USER, SECRET, 3600, NOW);
    const [h, p] = token.split('.');
    expect(JSON.parse(Buffer.from(h, 'base64url').toString())).toEqual(HS256);
    expect(JSON.parse(Buffer.from(p, 'base64url').toString())).toEqual({ sub: USER, iss: 'shinan-neighbours', iat: NOW_S, exp: NOW_S + 3600 });
    expect(await verifySession(token, SECRET, NOW)).toBe(USER);
    expect(await verifySession(token, SECRET, new Date((NOW_S + 3599) * 1000))).toBe(USER);
    // Expired from the second of `exp` on, as jose counts it.
    expect(await verifySession(token, SECRET, new Date((NOW_S + 3600) * 1000))).toBeNull();
    expect(await verifySession(token, 'another-secret-of-the-same-length-0123456', NOW)).toBeNull();
  });

  it('interoperates with jose both ways (keyed with the derived session-token key)', async () => {
    const ours = await signSession(USER, SECRET, 3600, NOW);
    const { payload, protectedHeader } = await jwtVerify(ours, new Uint8Array(KEY), { algorithms: ['HS256'], issuer: 'shinan-neighbours', currentDate: NOW });
    expect(payload.sub).toBe(USER);
    expect(protectedHeader.alg).toBe('HS256');
    const theirs = await new SignJWT({})
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(USER)
      .setIssuer('shinan-neighbours')
      .setIssuedAt(NOW_S)
      .setExpirationTime(NOW_S + 60)
      .sign(new Uint8Array(KEY));
    expect(await verifySession(theirs, SECRET, NOW)).toBe(USER);
  });

  it('refuses a token MACed with the raw secret or with the check-in code key', async () => {
    expect(await verifySession(forge(HS256, claims(), SECRET), SECRET, NOW)).toBeNull();
    expect(await verifySession(forge(HS256, claims(), derivedKey(SECRET, 'redpost-checkin')), SECRET, NOW)).toBeNull();
  });

  it('accepts a hand-built token with the right claims (the refusals below differ from it in one thing)', async () => {
    expect(await verifySession(forge(HS256, claims()), SECRET, NOW)).toBe(USER);
    expect(await verifySession(forge({ alg: 'HS256' }, claims({ nbf: NOW_S })), SECRET, NOW)).toBe(USER);
  });

  it.each([
    ['alg none, no signature', () => `${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims())}.`],
    ['alg none, our MAC', () => forge({ alg: 'none', typ: 'JWT' }, claims())],
    ['alg HS512 header over an HS256 MAC', () => forge({ alg: 'HS512', typ: 'JWT' }, claims())],
    ['alg RS256 header (key confusion)', () => forge({ alg: 'RS256', typ: 'JWT' }, claims())],
    ['alg in lower case', () => forge({ alg: 'hs256', typ: 'JWT' }, claims())],
    ['no alg', () => forge({ typ: 'JWT' }, claims())],
    ['a critical header extension', () => forge({ ...HS256, crit: ['b64'], b64: false }, claims())],
    ['header not an object', () => forge(['HS256'], claims())],
    ['expired', () => forge(HS256, claims({ exp: NOW_S - 1 }))],
    ['no expiry', () => forge(HS256, claims({ exp: undefined }))],
    ['expiry as a string', () => forge(HS256, claims({ exp: String(NOW_S + 3600) }))],
    ['not valid yet', () => forge(HS256, claims({ nbf: NOW_S + 60 }))],
    ['nbf as a string', () => forge(HS256, claims({ nbf: String(NOW_S - 60) }))],
    ['iat as a string', () => forge(HS256, claims({ iat: 'yesterday' }))],
    ['another issuer', () => forge(HS256, claims({ iss: 'someone-else' }))],
    ['no issuer', () => forge(HS256, claims({ iss: undefined }))],
    ['subject not a string', () => forge(HS256, claims({ sub: 42 }))],
    ['payload an array', () => forge(HS256, [claims()])],
    ['payload not JSON', () => {
      const input = `${b64(HS256)}.${b64('not json')}`;
      return `${input}.${createHmac('sha256', KEY).update(input).digest('base64url')}`;
    }],
    ['signed with another secret', () => forge(HS256, claims(), 'not-the-server-secret-but-long-enough-0123456789')],
    ['four segments', () => `${forge(HS256, claims())}.x`],
    ['two segments', () => forge(HS256, claims()).split('.').slice(0, 2).join('.')],
    ['padded base64', () => `${forge(HS256, claims())}=`],
    ['standard base64 characters', () => forge(HS256, claims()).replace(/-/g, '+').replace(/_/g, '/') + '+'],
  ])('refuses a token with %s', async (_name, make) => {
    expect(await verifySession(make(), SECRET, NOW)).toBeNull();
  });

  it('refuses a tampered payload and a signature spelt differently for the same bytes', async () => {
    const token = await signSession(USER, SECRET, 3600, NOW);
    const [h, p, s] = token.split('.');
    const tampered = `${h}.${b64({ ...JSON.parse(Buffer.from(p, 'base64url').toString()), sub: '00000000-0000-0000-0000-000000000000' })}.${s}`;
    expect(await verifySession(tampered, SECRET, NOW)).toBeNull();
    // 32 bytes are 43 base64url characters; the last one carries 2 unused bits. Flipping them
    // decodes to the same MAC, but only the exact text we issued is accepted.
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const last = alphabet.indexOf(s[s.length - 1]);
    const respelt = `${h}.${p}.${s.slice(0, -1)}${alphabet[last ^ 1]}`;
    expect(Buffer.from(respelt.split('.')[2], 'base64url')).toEqual(Buffer.from(s, 'base64url'));
    expect(await verifySession(respelt, SECRET, NOW)).toBeNull();
  });
});
