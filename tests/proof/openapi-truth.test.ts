import { allRoutes } from '../../api/_lib/all-routes';
import { startTestApp, type TestApp } from '../support/app';

/**
 * What /api/openapi.json says must be true of the API (the schemathesis findings of issue 15):
 * every success status a route answers, the cron secret as a security scheme, every route's
 * problem answers, and the document's own content. That the answers match it is checked on
 * every answer of the fuzz suite and the authorization matrix (tests/support/conformance.ts).
 */
let app: TestApp;
let doc: any;

beforeAll(async () => {
  app = await startTestApp({ env: { RATE_LIMIT_DISABLED: '1' } });
  const res = await app.get('/api/openapi.json');
  expect(res.status).toBe(200);
  doc = res.body;
}, 60_000);
afterAll(() => app.close());

const op = (path: string, method: string) => doc.paths[path.replace(/:([A-Za-z_]\w*)/g, '{$1}')][method.toLowerCase()];

function resolve(ref: string) {
  return ref
    .replace(/^#\//, '')
    .split('/')
    .reduce((node: any, key) => node?.[key], doc);
}

it('documents both success statuses of POST /api/volunteers/me (201 on first registration, 200 after)', async () => {
  expect(Object.keys(op('/api/volunteers/me', 'POST').responses)).toEqual(expect.arrayContaining(['200', '201']));
  const { token } = await app.login('resident', 'oa-volunteer');
  const body = { realName: '李明', phone: '13800001111', workUnit: '石楠街道社区卫生服务中心', isPartyMember: true, skills: ['理发'] };
  const first = await app.post('/api/volunteers/me', body, token);
  const again = await app.post('/api/volunteers/me', body, token);
  for (const res of [first, again]) {
    if (res.status >= 300) throw new Error(`${res.status} ${res.text}`);
    expect(Object.keys(op('/api/volunteers/me', 'POST').responses)).toContain(String(res.status));
  }
});

it('documents the cron secret as a security scheme, not as public', () => {
  expect(op('/api/cron/tick', 'GET').security).toEqual([{ cronSecret: [] }]);
  expect(doc.components.securitySchemes.cronSecret).toMatchObject({ type: 'http', scheme: 'bearer' });
  expect(op('/api/cron/tick', 'GET').responses['401']).toBeDefined();
});

it('documents the problem answers of every route as problem+json', () => {
  for (const r of allRoutes()) {
    const responses = op(r.path, r.method).responses as Record<string, any>;
    // A logged-in route may refuse the session, the role or the resource; the cron route only the secret.
    const caller = r.auth === 'cron' ? ['401'] : r.auth !== 'public' ? ['401', '403', '404'] : [];
    const must = ['400', '503', ...caller, ...(r.method !== 'GET' ? ['409'] : [])];
    for (const status of must) {
      const answer = responses[status]?.$ref ? resolve(responses[status].$ref) : responses[status];
      if (!answer) throw new Error(`${r.method} ${r.path} does not document ${status}`);
      expect(answer.content['application/problem+json'].schema.$ref).toBe('#/components/schemas/Problem');
    }
  }
});

it('declares its own content', () => {
  const self = op('/api/openapi.json', 'GET').responses['200'];
  expect(self.content['application/json'].schema).toMatchObject({ type: 'object' });
  expect(self.content['application/json'].schema.required).toEqual(expect.arrayContaining(['openapi', 'paths']));
});

it('has no dangling $ref', () => {
  const refs = [...JSON.stringify(doc).matchAll(/"\$ref":"([^"]+)"/g)].map((m) => m[1]);
  expect(refs.length).toBeGreaterThan(0);
  expect(refs.filter((r) => r.startsWith('#/') && resolve(r) === undefined)).toEqual([]);
});
