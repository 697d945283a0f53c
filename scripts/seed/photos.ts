import { randomUUID } from 'node:crypto';
import { eq, inArray, sql } from 'drizzle-orm';
import sharp from 'sharp';
import { getConfig } from '../../api/_lib/config';
import { schema, type Db } from '../../api/_lib/db';
import { createMediaStorage, type MediaStorage } from '../../api/_lib/media/storage';
import { privateKeys, publicKeys } from '../../api/_lib/services/uploads';

const W = 960;
const H = 720;

/** Simple drawn scenes (no text: the demo needs no fonts), one per photo. */
const SCENES: Record<string, string> = {
  // Night street, lamps out.
  dark: `<rect width="${W}" height="${H}" fill="#1b2233"/><rect y="520" width="${W}" height="200" fill="#2d2f36"/>
    ${[120, 400, 680].map((x) => `<rect x="${x}" y="180" width="14" height="340" fill="#555b66"/><rect x="${x - 40}" y="170" width="94" height="22" rx="10" fill="#3a3f48"/>`).join('')}
    <rect x="0" y="600" width="${W}" height="10" fill="#444"/>`,
  // The same street with the lamps lit.
  lit: `<rect width="${W}" height="${H}" fill="#1b2233"/><rect y="520" width="${W}" height="200" fill="#3a3d45"/>
    ${[120, 400, 680].map((x) => `<ellipse cx="${x + 7}" cy="560" rx="150" ry="40" fill="#f6d365" opacity="0.35"/><rect x="${x}" y="180" width="14" height="340" fill="#777d88"/><rect x="${x - 40}" y="170" width="94" height="22" rx="10" fill="#ffe9a8"/><circle cx="${x + 7}" cy="200" r="26" fill="#fff4c2" opacity="0.8"/>`).join('')}`,
  // An overflowing sorting kiosk.
  bins: `<rect width="${W}" height="${H}" fill="#cfe3f3"/><rect y="500" width="${W}" height="220" fill="#b7b2a8"/>
    <rect x="160" y="230" width="640" height="60" fill="#2e7d4f"/><rect x="180" y="290" width="600" height="230" fill="#e8efe9"/>
    ${['#3a7bd5', '#2e8b57', '#d64541', '#7f8c8d'].map((c, i) => `<rect x="${200 + i * 145}" y="360" width="120" height="170" rx="8" fill="${c}"/>`).join('')}
    ${[0, 1, 2, 3, 4, 5, 6].map((i) => `<ellipse cx="${230 + i * 85}" cy="${350 - (i % 3) * 18}" rx="52" ry="36" fill="${i % 2 ? '#222' : '#555'}"/>`).join('')}
    ${[0, 1, 2].map((i) => `<ellipse cx="${300 + i * 170}" cy="560" rx="60" ry="30" fill="#444"/>`).join('')}`,
  // Broken fitness equipment.
  gym: `<rect width="${W}" height="${H}" fill="#d6ecd2"/><rect y="480" width="${W}" height="240" fill="#8fbf7f"/>
    <rect x="250" y="220" width="24" height="300" fill="#f39c12"/><rect x="660" y="220" width="24" height="300" fill="#f39c12"/>
    <rect x="262" y="220" width="260" height="20" fill="#e67e22" transform="rotate(18 262 230)"/>
    <rect x="520" y="300" width="180" height="20" fill="#e67e22" transform="rotate(-30 520 310)"/>`,
};

async function photo(scene: string, seed: number) {
  const svg = Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}">${SCENES[scene]}</svg>`);
  // A little grain, as a phone photo has, so no two look alike.
  const noise = await sharp({ create: { width: W, height: H, channels: 3, background: '#808080', noise: { type: 'gaussian', mean: 128, sigma: 12 + seed } } }).png().toBuffer();
  const base = sharp(svg).composite([{ input: noise, blend: 'soft-light' }]);
  const full = await base.clone().jpeg({ quality: 80, mozjpeg: true }).toBuffer();
  const thumb = await sharp(full).resize({ width: 360, height: 360, fit: 'inside' }).jpeg({ quality: 75 }).toBuffer();
  return { full, thumb };
}

/** Which demo items get which photos: before on the wall, before and after on 回音壁. */
const PLAN: { title: string; report: string[]; result?: string[] }[] = [
  { title: '石楠路18号院垃圾分类亭满溢', report: ['bins'] },
  { title: '丁香里小广场健身器材损坏', report: ['gym'] },
  { title: '石楠路与枫林路交叉口路灯不亮', report: ['dark'], result: ['lit'] },
];

async function store(media: MediaStorage, scene: string, seed: number) {
  const id = randomUUID();
  const { full, thumb } = await photo(scene, seed);
  const k = privateKeys(id);
  const p = publicKeys(id);
  await Promise.all([media.put(k.full, full, 'image/jpeg'), media.put(k.thumb, thumb, 'image/jpeg')]);
  const published = media.publicUrl(p.full) !== null;
  if (published) await Promise.all([media.put(p.full, full, 'image/jpeg'), media.put(p.thumb, thumb, 'image/jpeg')]);
  const meta = await sharp(full).metadata();
  return { id, width: meta.width!, height: meta.height!, bytes: full.length, published };
}

/** Generated photos on a few public demo items, stored where the configuration says (local files or S3). */
export async function seedPhotos(db: Db, now = new Date()) {
  const [{ n }] = await db.select({ n: sql<number>`count(*)::int` }).from(schema.uploads);
  if (n > 0) return;
  const config = getConfig();
  const media = createMediaStorage(config.storage, config.sessionSecret, () => now);
  const f = schema.feedbackItems;
  const items = await db.select({ id: f.id, title: f.title, reporterId: f.reporterId }).from(f).where(inArray(f.title, PLAN.map((p) => p.title)));
  const [staff] = await db.select({ id: schema.users.id }).from(schema.users).where(eq(schema.users.demoKey, 'staff:demo'));
  let seed = 0;
  for (const plan of PLAN) {
    const item = items.find((i) => i.title === plan.title);
    if (!item) continue;
    for (const [purpose, scenes, owner] of [['report', plan.report, item.reporterId], ['result', plan.result ?? [], staff?.id ?? null]] as const) {
      for (const [position, scene] of scenes.entries()) {
        const s = await store(media, scene, seed++);
        await db.insert(schema.uploads).values({
          id: s.id,
          ownerId: owner,
          feedbackId: item.id,
          purpose,
          position,
          width: s.width,
          height: s.height,
          bytes: s.bytes,
          checkStatus: 'passed',
          publishedAt: s.published ? now : null,
          attachedAt: now,
          createdAt: now,
        });
      }
    }
  }
}
