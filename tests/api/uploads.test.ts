import { eq } from 'drizzle-orm';
import sharp from 'sharp';
import { schema } from '../../api/_lib/db';
import { runScheduledJobs } from '../../api/_lib/services/cron';
import { FeedbackDetailSchema, FeedbackPageSchema } from '../../shared/feedback';
import { UPLOAD_MAX_BYTES, UploadResponseSchema } from '../../shared/uploads';
import { expectFieldError, expectProblem, startTestApp, tableCounts, type TestApp } from '../support/app';
import { startS3Server, type S3Server } from '../support/s3';

const NOW = new Date('2026-11-27T02:00:00.000Z');
const DAY = 86_400_000;

/** A JPEG as a phone writes it: EXIF with the GPS position, the owner's name, and a sideways orientation. */
async function phoneJpeg(color = '#c0392b') {
  return sharp({ create: { width: 64, height: 48, channels: 3, background: color } })
    .jpeg()
    .withMetadata({ orientation: 6 })
    .withExifMerge({
      IFD0: { Copyright: 'OWNER-SECRET-NAME' },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '36/1 4/1 3000/100', GPSLongitudeRef: 'E', GPSLongitude: '120/1 22/1 4500/100' },
    })
    .toBuffer();
}

const report = {
  category: 'environment',
  title: '5号楼前路灯不亮',
  body: '5号楼前面的路灯已经坏了一周，晚上老人出门很不安全。',
  location: '石楠社区5号楼',
  public: true,
  anonymous: true,
};

describe.each(['local', 's3'] as const)('photos on %s storage', (kind) => {
  let app: TestApp;
  let s3: S3Server | null = null;
  let handle = 0;
  const resident = () => app.login('resident', `up-${kind}-${++handle}`);

  const upload = async (token: string | null, bytes: Buffer | string, filename = 'photo.jpg', type = 'image/jpeg', field = 'file') => {
    const fd = new FormData();
    fd.append(field, new Blob([typeof bytes === 'string' ? bytes : new Uint8Array(bytes)], { type }), filename);
    const res = await fetch(`${app.url}/api/uploads`, { method: 'POST', body: fd, headers: token ? { authorization: `Bearer ${token}` } : {} });
    const text = await res.text();
    return { status: res.status, headers: res.headers, text, body: text ? JSON.parse(text) : null };
  };
  /** Fetches a photo URL as a browser would (relative ones from the local server). */
  const fetchPhoto = async (url: string) => {
    const res = await fetch(url.startsWith('/') ? app.url + url : url);
    return { status: res.status, type: res.headers.get('content-type'), bytes: Buffer.from(await res.arrayBuffer()) };
  };

  beforeAll(async () => {
    if (kind === 's3') s3 = await startS3Server();
    app = await startTestApp({ env: { ...(s3?.env ?? {}), RATE_LIMIT_DISABLED: '1' } });
    app.setNow(NOW);
  }, 60_000);
  afterAll(async () => {
    await app.close();
    await s3?.close();
  });

  it('uses the storage it was configured with', () => {
    expect(app.runtime.media.kind).toBe(kind);
  });

  it('re-encodes a phone JPEG: GPS and every other EXIF field gone (in the stored bytes), turned upright, with a thumbnail', async () => {
    const me = await resident();
    const original = await phoneJpeg();
    const input = await sharp(original).metadata();
    expect(input.exif).toBeDefined();
    expect(input.orientation).toBe(6);
    expect(original.includes('OWNER-SECRET-NAME')).toBe(true);

    const r = await upload(me.token, original, 'IMG_0001.jpg');
    expect(r.status).toBe(201);
    expect(UploadResponseSchema.parse(r.body)).toEqual({ id: expect.any(String), url: expect.any(String), thumbUrl: expect.any(String), width: 48, height: 64 });

    // The bytes as stored, read straight from the storage back-end.
    const stored = await app.runtime.media.get(`private/${r.body.id}.jpg`);
    expect(stored).not.toBeNull();
    const meta = await sharp(stored!).metadata();
    expect(meta.format).toBe('jpeg');
    expect(meta.exif).toBeUndefined();
    expect(meta.xmp).toBeUndefined();
    expect(meta.iptc).toBeUndefined();
    expect(meta.orientation).toBeUndefined();
    expect([meta.width, meta.height]).toEqual([48, 64]);
    expect(stored!.includes('OWNER-SECRET-NAME')).toBe(false);
    expect(stored!.includes('GPS')).toBe(false);

    // The uploader's signed URLs serve the same bytes and a smaller thumbnail.
    const full = await fetchPhoto(r.body.url);
    expect(full.status).toBe(200);
    expect(full.bytes.equals(stored!)).toBe(true);
    const thumb = await fetchPhoto(r.body.thumbUrl);
    expect(thumb.status).toBe(200);
    expect((await sharp(thumb.bytes).metadata()).exif).toBeUndefined();
  });

  it('takes PNG and WebP, and judges by content: a text file named .jpg is 415 and changes nothing', async () => {
    const me = await resident();
    const png = await sharp({ create: { width: 20, height: 10, channels: 4, background: '#00ff0080' } }).png().toBuffer();
    const webp = await sharp({ create: { width: 30, height: 10, channels: 3, background: '#0000ff' } }).webp().toBuffer();
    expect((await upload(me.token, png, 'a.png', 'image/png')).status).toBe(201);
    // A WebP sent as application/octet-stream under a .txt name is still a WebP.
    const w = await upload(me.token, webp, 'notes.txt', 'application/octet-stream');
    expect(w.status).toBe(201);
    expect([w.body.width, w.body.height]).toEqual([30, 10]);

    const before = await tableCounts(app.db);
    expectProblem(await upload(me.token, '这不是照片，只是一段文字', 'photo.jpg', 'image/jpeg'), 415, 'UNSUPPORTED_MEDIA');
    // JPEG's signature followed by junk: sniffed as JPEG, refused by the decoder.
    expectProblem(await upload(me.token, Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(500, 7)]), 'x.jpg'), 415, 'UNSUPPORTED_MEDIA');
    // An iPhone HEIC original: the prebuilt decoder cannot read HEVC; the app sends chooseMedia's JPEG instead.
    const heic = Buffer.concat([Buffer.from([0, 0, 0, 0x18]), Buffer.from('ftypheic'), Buffer.alloc(200)]);
    expectProblem(await upload(me.token, heic, 'IMG_0002.HEIC', 'image/heic'), 415, 'UNSUPPORTED_MEDIA');
    // JSON instead of multipart.
    expectProblem(await app.post('/api/uploads', { file: 'x' }, me.token), 415, 'UNSUPPORTED_MEDIA');
    expectFieldError(await upload(me.token, await phoneJpeg(), 'a.jpg', 'image/jpeg', 'photo'), 'file');
    // A body cut off mid-file (a dropped connection) is a 400, and the server carries on.
    const cut = `--b0undary\r\nContent-Disposition: form-data; name="file"; filename="a.jpg"\r\nContent-Type: image/jpeg\r\n\r\n\xff\xd8\xff`;
    expectProblem(await app.request('POST', '/api/uploads', { token: me.token, rawBody: cut, headers: { 'content-type': 'multipart/form-data; boundary=b0undary' } }), 400, 'MALFORMED_MULTIPART');
    expect((await app.get('/api/feedback/categories')).status).toBe(200);
    expect(await tableCounts(app.db)).toEqual(before);
  });

  it(`refuses more than ${UPLOAD_MAX_BYTES / 1024 / 1024} MB with 413, and strangers with 401`, async () => {
    const me = await resident();
    const before = await tableCounts(app.db);
    expectProblem(await upload(me.token, Buffer.alloc(UPLOAD_MAX_BYTES + 1, 0xff)), 413, 'PAYLOAD_TOO_LARGE');
    expectProblem(await upload(null, await phoneJpeg()), 401);
    expect(await tableCounts(app.db)).toEqual(before);
  });

  it('round trip: upload → report → wall → resolve with an after photo → 回音壁', async () => {
    const me = await resident();
    const staff = await app.login('staff', `up-${kind}-staff`);
    const a = await upload(me.token, await phoneJpeg('#112233'));
    const b = await upload(me.token, await phoneJpeg('#445566'));
    const created = await app.post('/api/feedback', { ...report, photoIds: [b.body.id, a.body.id] }, me.token);
    expect(created.status).toBe(201);
    const id = created.body.id;

    const wall = FeedbackPageSchema.parse((await app.get('/api/feedback/wall?limit=50')).body);
    const onWall = wall.items.find((x) => x.id === id)!;
    expect(onWall.photos).toHaveLength(2);
    expect(onWall.resultPhotos).toEqual([]);
    // In the order given, each served (publicly: the item is public) as the re-encoded JPEG.
    const first = await fetchPhoto(onWall.photos[0].url);
    expect(first.status).toBe(200);
    expect(first.bytes.equals((await app.runtime.media.get(`private/${b.body.id}.jpg`))!)).toBe(true);
    expect(onWall.photos[0].url).toContain(`public/${b.body.id}.jpg`);
    expect((await fetchPhoto(onWall.photos[1].thumbUrl)).status).toBe(200);

    // Used once: the same photo cannot be attached again, nor by anyone else.
    const other = await resident();
    const before = await tableCounts(app.db);
    expectFieldError(await app.post('/api/feedback', { ...report, photoIds: [a.body.id] }, me.token), 'photoIds');
    const theirs = await upload(other.token, await phoneJpeg());
    expectFieldError(await app.post('/api/feedback', { ...report, photoIds: [theirs.body.id] }, me.token), 'photoIds');
    expect((await tableCounts(app.db)).feedback_items).toBe(before.feedback_items);
    expectFieldError(await app.post('/api/feedback', { ...report, photoIds: ['not-a-uuid'] }, me.token), 'photoIds');
    expectFieldError(await app.post('/api/feedback', { ...report, photoIds: Array(7).fill(a.body.id) }, me.token), 'photoIds');

    const deadline = new Date(NOW.getTime() + 3 * DAY).toISOString();
    expect((await app.post(`/api/feedback/${id}/assign`, { responsibleParty: '石楠社区物业', measures: '更换灯泡', deadline }, staff.token)).status).toBe(200);
    // A staff reply with a photo shows on the thread.
    const progress = await upload(staff.token, await phoneJpeg('#999999'));
    const replied = FeedbackDetailSchema.parse((await app.post(`/api/feedback/${id}/replies`, { body: '已到现场查看', photoIds: [progress.body.id] }, staff.token)).body);
    expect(replied.replies.find((x) => x.body === '已到现场查看')!.photos).toHaveLength(1);

    const after = await upload(staff.token, await phoneJpeg('#eeeeee'));
    const resolved = await app.post(`/api/feedback/${id}/resolve`, { result: '已更换路灯灯泡', photoIds: [after.body.id] }, staff.token);
    expect(resolved.status).toBe(200);
    expect(resolved.body.resultPhotos).toHaveLength(1);
    expect(resolved.body.photos).toHaveLength(2);

    // Open311 names the first public photo of the report (never a signed, expiring URL).
    const [geo] = (await app.get(`/api/open311/v2/requests/${created.body.code}.json`)).body;
    expect(geo.media_url).toBe(onWall.photos[0].url);
    expect((await fetchPhoto(geo.media_url)).status).toBe(200);

    const echo = FeedbackPageSchema.parse((await app.get('/api/feedback/echo?limit=50')).body);
    const onEcho = echo.items.find((x) => x.id === id)!;
    expect(onEcho.photos).toHaveLength(2);
    expect(onEcho.resultPhotos).toHaveLength(1);
    const shown = await fetchPhoto(onEcho.resultPhotos[0].url);
    expect(shown.status).toBe(200);
    expect((await sharp(shown.bytes).metadata()).exif).toBeUndefined();
  });

  it('serves photos of a private item only through short-lived signed URLs', async () => {
    const me = await resident();
    const p = await upload(me.token, await phoneJpeg());
    const created = await app.post('/api/feedback', { ...report, public: false, photoIds: [p.body.id] }, me.token);
    expect(created.status).toBe(201);
    const detail = (await app.get(`/api/feedback/${created.body.id}`, me.token)).body;
    const url: string = detail.photos[0].url;
    expect(url).not.toContain('public/');
    expect((await fetchPhoto(url)).status).toBe(200);
    // No public copy, and the signature is required.
    const row = (await app.db.select().from(schema.uploads).where(eq(schema.uploads.id, p.body.id)))[0];
    expect(row.publishedAt).toBeNull();
    expect(await app.runtime.media.get(`public/${p.body.id}.jpg`)).toBeNull();
    const unsigned = url.split('?')[0];
    if (kind === 's3') {
      // A presigned GET good for the signed-URL lifetime. (s3rver does not enforce bucket
      // policies, so the refusal of an unsigned GET on private/ is the real bucket's to prove.)
      expect(new URL(url).searchParams.get('X-Amz-Expires')).toBe('900');
      expect(new URL(url).searchParams.get('X-Amz-Signature')).toMatch(/^[0-9a-f]{64}$/);
      expect((await fetchPhoto(unsigned.replace('private/', 'public/'))).status).toBe(404);
    } else {
      expect((await fetchPhoto(unsigned)).status).toBe(404);
      expect((await fetchPhoto(unsigned.replace('private/', 'public/'))).status).toBe(404);
      // Expired: the clock moves past the signature's lifetime.
      app.setNow(new Date(NOW.getTime() + 16 * 60_000));
      expect((await fetchPhoto(url)).status).toBe(404);
      app.setNow(NOW);
      expect((await fetchPhoto(url.replace(/sig=[^&]+/, 'sig=AAAA'))).status).toBe(404);
      // A signature is for one key only.
      const other = (await upload(me.token, await phoneJpeg())).body.url as string;
      expect((await fetchPhoto(other.replace(/private\/[^?]+/, `private/${p.body.id}.jpg`))).status).toBe(404);
    }
    // Nobody else sees the item at all, nor does Open311.
    expect((await app.get(`/api/open311/v2/requests/${created.body.code}.json`)).status).toBe(404);
    expect((await app.get(`/api/feedback/${created.body.id}`)).status).toBe(404);
  });

  it('the cron deletes uploads left unattached for a day, files included, and keeps attached ones', async () => {
    const me = await resident();
    const loose = await upload(me.token, await phoneJpeg());
    const used = await upload(me.token, await phoneJpeg());
    expect((await app.post('/api/feedback', { ...report, photoIds: [used.body.id] }, me.token)).status).toBe(201);
    await runScheduledJobs(app.runtime, new Date(NOW.getTime() + DAY / 2));
    expect(await app.runtime.media.get(`private/${loose.body.id}.jpg`)).not.toBeNull();
    const summary = await runScheduledJobs(app.runtime, new Date(NOW.getTime() + DAY + 60_000));
    expect(summary.staleUploadsDeleted).toBeGreaterThanOrEqual(1);
    expect(await app.runtime.media.get(`private/${loose.body.id}.jpg`)).toBeNull();
    expect(await app.runtime.media.get(`private/${loose.body.id}-thumb.jpg`)).toBeNull();
    expect(await app.db.select().from(schema.uploads).where(eq(schema.uploads.id, loose.body.id))).toEqual([]);
    expect(await app.runtime.media.get(`private/${used.body.id}.jpg`)).not.toBeNull();
    // Too late to attach it now.
    expectFieldError(await app.post('/api/feedback', { ...report, photoIds: [loose.body.id] }, me.token), 'photoIds');
  });
});
