import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import sharp from 'sharp';
import { sql } from 'drizzle-orm';
import { allRoutes } from '../../api/_lib/all-routes';
import type { AnyRoute } from '../../api/_lib/http/types';
import { startTestApp, type TestApp } from '../support/app';
import { conformance } from '../support/conformance';

/**
 * Property: whatever a client sends to any route — wrong types, junk, SQL and script
 * fragments, huge or deeply nested bodies, broken UTF-8 — the answer is never a 5xx,
 * every error is problem+json without a stack trace, a refused request changes nothing,
 * and every answer conforms to the OpenAPI document (documented status; a 2xx body that the
 * route's response schema accepts: tests/support/conformance.ts).
 */
let app: TestApp;
let tokens: (string | null)[] = [];
let knownIds: string[] = [];

const NASTY = [
  "' OR 1=1 --",
  '"; DROP TABLE users; --',
  '<script>alert(1)</script>',
  '%',
  '_',
  '\\',
  '%_\\\'"',
  '../../etc/passwd',
  '\u0000',
  '🙂'.repeat(50),
  'x'.repeat(5000),
  'javascript:alert(1)',
  '１２３',
  '-1',
  '1e309',
  'NaN',
  '0000-00-00T25:61:61Z',
];

async function checksum(): Promise<string> {
  const tables = (await app.db.execute(
    sql`SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'idempotency_keys' ORDER BY tablename`,
  )) as unknown as { rows: { tablename: string }[] };
  const parts = tables.rows.map((t) => `(SELECT count(*) || ':' || coalesce(sum(hashtext(x::text)), 0) FROM "${t.tablename}" x)`);
  const r = (await app.db.execute(sql.raw(`SELECT concat_ws('|', ${parts.join(', ')}) AS c`))) as unknown as { rows: { c: string }[] };
  return r.rows[0].c;
}

const scalar = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.constantFrom(...NASTY),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.string({ maxLength: 10 }), { maxLength: 4 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.string({ maxLength: 5 }), { maxKeys: 3 }),
);

const JSON_TYPE = 'application/json';
const BOUNDARY = 'fuzzBoundary7MA4YWxkTrZu0gW';
/** A real photo, so the generated uploads reach the decoder and the 201 answer too. */
let validJpeg = Buffer.alloc(0);

/**
 * A multipart route (the upload) gets multipart bodies: zero to three parts with generated
 * names, file names (quotes, paths, control characters) and contents (random bytes, text, a
 * real JPEG), sometimes cut short; and now and then JSON, which it must refuse.
 */
function multipartArb(route: AnyRoute) {
  const field = route.multipart!.field;
  const part = fc.record({
    name: fc.oneof({ weight: 4, arbitrary: fc.constant(field) }, { weight: 1, arbitrary: fc.string({ maxLength: 12 }) }),
    filename: fc.oneof(fc.constantFrom('photo.jpg', 'IMG_0001.HEIC', '../../etc/passwd', 'notes.txt', ''), fc.string({ maxLength: 20 })),
    bytes: fc.oneof(
      { weight: 2, arbitrary: fc.uint8Array({ maxLength: 3000 }).map((a) => Buffer.from(a)) },
      { weight: 2, arbitrary: fc.constant(null).map(() => validJpeg) },
      { weight: 1, arbitrary: fc.constantFrom(...NASTY).map((x) => Buffer.from(x)) },
      { weight: 1, arbitrary: fc.uint8Array({ maxLength: 200 }).map((a) => Buffer.concat([Buffer.from([0xff, 0xd8, 0xff]), Buffer.from(a)])) },
    ),
  });
  const multipart = fc.tuple(fc.array(part, { maxLength: 3 }), fc.boolean()).map(([parts, cut]) => {
    const whole = Buffer.concat([
      ...parts.flatMap((p) => [
        Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="${p.name}"; filename="${p.filename}"\r\nContent-Type: image/jpeg\r\n\r\n`),
        p.bytes,
        Buffer.from('\r\n'),
      ]),
      Buffer.from(`--${BOUNDARY}--\r\n`),
    ]);
    return { body: cut ? whole.subarray(0, Math.floor(whole.length / 2)) : whole, type: `multipart/form-data; boundary=${BOUNDARY}` };
  });
  return fc.oneof(
    { weight: 5, arbitrary: multipart },
    { weight: 1, arbitrary: jsonBodyArb(route).map((body) => ({ body: body as string | Buffer, type: JSON_TYPE })) },
    { weight: 1, arbitrary: fc.uint8Array({ maxLength: 500 }).map((a) => ({ body: Buffer.from(a), type: 'multipart/form-data' })) },
  );
}

/** An Open311 POST is form-encoded (shaped fields with generated values), now and then JSON or junk, which it refuses. */
function formArb(route: AnyRoute) {
  const shape = (route.body as unknown as { shape?: Record<string, unknown> } | undefined)?.shape ?? {};
  const value = fc.oneof(fc.string({ maxLength: 30 }), fc.constantFrom(...NASTY, '36.06', '103.83', 'environment', ''));
  const form = fc.record(Object.fromEntries(Object.keys(shape).map((k) => [k, value])), { requiredKeys: [] }).map((f) => ({
    body: new URLSearchParams(f as Record<string, string>).toString() as string | Buffer,
    type: 'application/x-www-form-urlencoded',
  }));
  return fc.oneof(
    { weight: 5, arbitrary: form },
    { weight: 1, arbitrary: jsonBodyArb(route).map((body) => ({ body: body as string | Buffer, type: JSON_TYPE })) },
    { weight: 1, arbitrary: fc.uint8Array({ maxLength: 300 }).map((a) => ({ body: Buffer.from(a), type: 'application/x-www-form-urlencoded' })) },
  );
}

function bodyArb(route: AnyRoute) {
  if (route.multipart) return multipartArb(route);
  if (route.open311 && route.method === 'POST') return formArb(route);
  return jsonBodyArb(route).map((body) => ({ body: body as string | Buffer, type: JSON_TYPE }));
}

function jsonBodyArb(route: AnyRoute) {
  const shape = (route.body as unknown as { shape?: Record<string, unknown> } | undefined)?.shape;
  const keys = shape ? Object.keys(shape) : [];
  const shaped = keys.length
    ? fc.record(Object.fromEntries(keys.map((k) => [k, scalar])), { requiredKeys: [] })
    : fc.constant({});
  return fc.oneof(
    { weight: 4, arbitrary: shaped.map((b) => JSON.stringify(b)) },
    { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)) },
    { weight: 1, arbitrary: fc.constantFrom('{', 'null', '"str"', '[]', '{"a":', '[' .repeat(3000) + ']'.repeat(3000), '\ufeff{}') },
  );
}

function queryArb(route: AnyRoute) {
  const shape = (route.query as unknown as { shape?: Record<string, unknown> } | undefined)?.shape;
  const keys = [...(shape ? Object.keys(shape) : []), 'limit', 'cursor'];
  return fc
    .dictionary(fc.constantFrom(...keys), fc.oneof(fc.string({ maxLength: 20 }), fc.constantFrom(...NASTY, '101', '0', '-5', '1000000')), { maxKeys: 3 })
    .map((q) => new URLSearchParams(q).toString());
}

function pathArb(route: AnyRoute) {
  const names = [...route.path.matchAll(/:([A-Za-z_]\w*)/g)].map((m) => m[1]);
  // An Open311 path's format is mostly one it speaks, so the rest of the input is reached too.
  const format = fc.oneof({ weight: 4, arbitrary: fc.constantFrom('json', 'xml') }, { weight: 1, arbitrary: fc.constantFrom(...NASTY.map((s) => s.slice(0, 200))) });
  const known = fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...(knownIds.length ? knownIds : [randomUUID()])) },
    { weight: 1, arbitrary: fc.uuid() },
    { weight: 2, arbitrary: fc.constantFrom(...NASTY.map((s) => s.slice(0, 200))) },
  );
  return fc.tuple(...names.map((n) => (n === 'format' ? format : known))).map((vals) => {
    let p = route.path;
    names.forEach((n, i) => {
      p = p.replace(`:${n}`, encodeURIComponent(vals[i] as string));
    });
    return p;
  });
}

beforeAll(async () => {
  app = await startTestApp({ env: { RATE_LIMIT_DISABLED: '1' } });
  tokens = [null];
  for (const persona of ['resident', 'volunteer', 'staff', 'admin'] as const) tokens.push((await app.login(persona, `fuzz-${persona}`)).token);
  const ids = (await app.db.execute(
    sql`SELECT id::text AS id FROM communities UNION ALL SELECT id::text FROM users UNION ALL SELECT id::text FROM handbook_entries LIMIT 50`,
  )) as unknown as { rows: { id: string }[] };
  knownIds = ids.rows.map((r) => r.id);
  validJpeg = await sharp({ create: { width: 24, height: 16, channels: 3, background: '#884422' } }).jpeg().toBuffer();
}, 120_000);
afterAll(() => app.close());

const STACK = /\n\s+at .+[:(]\d+/;

describe.each(allRoutes().map((r) => [`${r.method} ${r.path}`, r] as const))('%s', (_name, route) => {
  it('answers generated input with 2xx or a 4xx problem+json, and refusals change nothing', async () => {
    await fc.assert(
      fc.asyncProperty(pathArb(route), queryArb(route), bodyArb(route), fc.integer({ min: 0, max: 4 }), async (p, q, body, who) => {
        const before = await checksum();
        const token = tokens[who];
        const headers: Record<string, string> = { 'content-type': body.type };
        if (token) headers.authorization = `Bearer ${token}`;
        const res = await fetch(`${app.url}${p}${q ? `?${q}` : ''}`, {
          method: route.method,
          headers,
          body: route.method === 'GET' || route.method === 'DELETE' ? undefined : (body.body as unknown as string),
        });
        const text = await res.text();
        if (res.status >= 500) throw new Error(`${route.method} ${p}?${q} → ${res.status}: ${text.slice(0, 300)}`);
        // Every answer is one the OpenAPI document promises: a documented status, and a 2xx
        // body the route's response schema accepts.
        const wrong = conformance(route, { status: res.status, headers: res.headers, text });
        if (wrong.length) throw new Error(`${p}?${q}: ${wrong.join('\n')}\n${text.slice(0, 300)}`);
        expect(text).not.toMatch(STACK);
        if (res.status >= 400) {
          if (route.open311) {
            // GeoReport v2's own error list (JSON or XML by the path), checked by conformance() above.
            expect(res.headers.get('content-type')).toMatch(/^(application\/json|text\/xml)/);
          } else {
            expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
            const problem = JSON.parse(text);
            expect(problem).toMatchObject({ status: res.status, code: expect.stringMatching(/^[A-Z][A-Z0-9_]+$/), detail: expect.any(String) });
          }
          expect(await checksum()).toBe(before);
        }
      }),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 12), endOnFailure: true },
    );
  });
});

describe('raw transport junk', () => {
  it('answers broken UTF-8, oversized and deeply nested bodies with 4xx problem+json', async () => {
    const token = tokens[1]!;
    const targets = allRoutes().filter((r) => r.method === 'POST' || r.method === 'PUT' || r.method === 'PATCH');
    const bodies: (string | Uint8Array)[] = [new Uint8Array([0xff, 0xfe, 0x7b, 0x22, 0xc3, 0x28, 0x22, 0x7d]), '{"a":"' + 'x'.repeat(80_000) + '"}', '['.repeat(100_000)];
    for (const r of targets.slice(0, 30)) {
      for (const b of bodies) {
        const res = await fetch(app.url + r.path.replace(/:([A-Za-z_]\w*)/g, randomUUID()), {
          method: r.method,
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: b as unknown as string,
        });
        expect(res.status).toBeGreaterThanOrEqual(400);
        expect(res.status).toBeLessThan(500);
        // Open311 answers in the spec's error list (conformance() below holds it to that).
        if (!r.open311) expect(res.headers.get('content-type')).toMatch(/problem\+json/);
        // A refusal the OpenAPI document of that route promises, as every other fuzz answer.
        expect(conformance(r, { status: res.status, headers: res.headers, text: await res.text() })).toEqual([]);
      }
    }
  });

  it('answers a huge header with a 4xx problem+json', async () => {
    const res = await fetch(app.url + '/api/me', { headers: { authorization: `Bearer ${'a'.repeat(40_000)}` } });
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expect(res.headers.get('content-type')).toMatch(/problem\+json/);
  });
});
