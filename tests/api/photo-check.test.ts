import { createHash } from 'node:crypto';
import { eq } from 'drizzle-orm';
import sharp from 'sharp';
import { schema } from '../../api/_lib/db';
import { expectProblem, startTestApp, tableCounts, type TestApp } from '../support/app';
import { startFakeWechat, type FakeWechat } from '../support/fake-wechat';
import { startS3Server, type S3Server } from '../support/s3';

const PUSH_TOKEN = 'push-token-for-tests';
const sign = (timestamp: string, nonce: string, token = PUSH_TOKEN) => createHash('sha1').update([token, timestamp, nonce].sort().join('')).digest('hex');
const signedQuery = (token?: string) => {
  const timestamp = String(Math.floor(Date.now() / 1000));
  const nonce = Math.random().toString(36).slice(2);
  return `signature=${sign(timestamp, nonce, token)}&timestamp=${timestamp}&nonce=${nonce}`;
};
const report = { category: 'environment', title: '垃圾桶满了', body: '小区东门垃圾桶满溢', public: true, anonymous: true };

describe('WeChat mode: photos pass mediaCheckAsync before anyone else sees them', () => {
  let app: TestApp;
  let fake: FakeWechat;
  let s3: S3Server;
  let token: string;
  let userId: string;

  beforeAll(async () => {
    fake = await startFakeWechat();
    s3 = await startS3Server();
    app = await startTestApp({
      env: {
        ...s3.env,
        WECHAT_APPID: 'wx-test-app',
        WECHAT_SECRET: 'wx-test-secret',
        WECHAT_API_BASE: fake.url,
        WECHAT_PUSH_TOKEN: PUSH_TOKEN,
        SESSION_SECRET: 'connected-mode-session-secret-0123456789',
        RATE_LIMIT_DISABLED: '1',
      },
    });
    fake.codes.set('code-photo', 'openid-photo');
    const login = await app.post('/api/auth/login', { code: 'code-photo' });
    expect(login.status).toBe(200);
    token = login.body.token;
    userId = login.body.user.id;
  }, 60_000);
  afterAll(async () => {
    await app.close();
    await s3.close();
    await fake.close();
  });

  const upload = async () => {
    const bytes = await sharp({ create: { width: 40, height: 30, channels: 3, background: '#aa3355' } }).jpeg().toBuffer();
    const fd = new FormData();
    fd.append('file', new Blob([new Uint8Array(bytes)], { type: 'image/jpeg' }), 'p.jpg');
    const res = await fetch(`${app.url}/api/uploads`, { method: 'POST', body: fd, headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(201);
    return ((await res.json()) as { id: string }).id;
  };
  const traceFor = async (n: number) => {
    for (let i = 0; i < 100 && fake.mediaChecks.length < n; i++) await new Promise((r) => setTimeout(r, 20));
    expect(fake.mediaChecks.length).toBeGreaterThanOrEqual(n);
    return fake.mediaChecks[n - 1];
  };
  const push = (trace_id: string, suggest: string, query = signedQuery()) =>
    app.request('POST', `/api/wechat/push?${query}`, { body: { ToUserName: 'gh_x', FromUserName: 'o', CreateTime: 1, MsgType: 'event', Event: 'wxa_media_check', appid: 'wx-test-app', trace_id, version: 2, detail: [], errcode: 0, errmsg: 'ok', result: { suggest, label: suggest === 'pass' ? 100 : 20002 } } });
  const wallPhotos = async (id: string) => ((await app.get('/api/feedback/wall?limit=100')).body.items.find((x: { id: string }) => x.id === id)?.photos ?? []) as { url: string }[];

  it('answers the console URL check only with a valid signature', async () => {
    const ok = await app.request('GET', `/api/wechat/push?${signedQuery()}&echostr=hello-wechat`);
    expect(ok.status).toBe(200);
    expect(ok.text).toBe('hello-wechat');
    expectProblem(await app.request('GET', `/api/wechat/push?${signedQuery('wrong-token')}&echostr=hello`), 401, 'WECHAT_SIGNATURE_INVALID');
    expectProblem(await app.request('GET', '/api/wechat/push?echostr=hello'), 401, 'WECHAT_SIGNATURE_INVALID');
  });

  it('keeps a photo off the wall until WeChat passes it, then publishes it; a forged push changes nothing', async () => {
    const photo = await upload();
    const created = await app.post('/api/feedback', { ...report, photoIds: [photo] }, token);
    expect(created.status).toBe(201);
    const id = created.body.id;
    // WeChat was asked, for this user, with a URL it can fetch.
    const check = await traceFor(1);
    expect(check.openid).toBe('openid-photo');
    expect((await fetch(check.media_url)).status).toBe(200);

    expect(await wallPhotos(id)).toEqual([]);
    expect((await app.get(`/api/feedback/${id}`)).body.photos).toEqual([]);
    expect((await app.get(`/api/feedback/${id}`, token)).body.photos).toHaveLength(1);

    const before = await tableCounts(app.db);
    expectProblem(await push(check.trace_id, 'pass', signedQuery('forged')), 401, 'WECHAT_SIGNATURE_INVALID');
    expect(await tableCounts(app.db)).toEqual(before);
    expect(await wallPhotos(id)).toEqual([]);

    const r = await push(check.trace_id, 'pass');
    expect(r.status).toBe(200);
    expect(r.text).toBe('success');
    const shown = await wallPhotos(id);
    expect(shown).toHaveLength(1);
    expect(shown[0].url).toContain(`public/${photo}.jpg`);
    expect((await fetch(shown[0].url)).status).toBe(200);
    // A repeated push is a no-op.
    expect((await push(check.trace_id, 'risky')).status).toBe(200);
    expect(await wallPhotos(id)).toHaveLength(1);
  });

  it('removes a refused photo and tells its uploader', async () => {
    const photo = await upload();
    const created = await app.post('/api/feedback', { ...report, title: '楼道堆物', photoIds: [photo] }, token);
    const check = await traceFor(2);
    expect((await push(check.trace_id, 'risky')).status).toBe(200);
    const [row] = await app.db.select().from(schema.uploads).where(eq(schema.uploads.id, photo));
    expect(row.checkStatus).toBe('refused');
    expect(await app.runtime.media.get(`private/${photo}.jpg`)).toBeNull();
    expect((await app.get(`/api/feedback/${created.body.id}`, token)).body.photos).toEqual([]);
    const notes = await app.db.select().from(schema.notifications).where(eq(schema.notifications.userId, userId));
    expect(notes.find((n) => n.title === '有一张照片未通过审核')).toBeDefined();
  });

  it("acknowledges other events and 'review' verdicts without publishing", async () => {
    const photo = await upload();
    const created = await app.post('/api/feedback', { ...report, title: '路灯坏了', photoIds: [photo] }, token);
    const check = await traceFor(3);
    expect((await push(check.trace_id, 'review')).status).toBe(200);
    expect((await app.request('POST', `/api/wechat/push?${signedQuery()}`, { body: { Event: 'user_enter_tempsession' } })).status).toBe(200);
    expect(await wallPhotos(created.body.id)).toEqual([]);
  });
});
