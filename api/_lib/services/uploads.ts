import { randomUUID } from 'node:crypto';
import { and, eq, inArray, isNull, lt } from 'drizzle-orm';
import type sharpType from 'sharp';
import type { UploadResponse } from '../../../shared/uploads';
import { schema, type Db } from '../db';
import { ServiceError } from '../errors';
import type { Ctx, UploadedFile } from './context';
import type { Runtime } from '../runtime';
import type { MediaStorage } from '../media/storage';
import { requireUser } from './access';

const DAY_MS = 86_400_000;
/** How long a signed photo URL works: long enough to look at a page, short enough not to be passed round. */
export const SIGNED_URL_SECONDS = 15 * 60;
/** The longest side of a stored photo and of its thumbnail. */
const FULL_PX = 2048;
const THUMB_PX = 360;
/** A decompression bomb stops here (a 48-megapixel phone photo is the largest we expect). */
const MAX_INPUT_PIXELS = 60_000_000;

type Kind = 'jpeg' | 'png' | 'webp' | 'heic';

/**
 * What the bytes are, from their signature: the file name and the part's Content-Type are the
 * client's word, so neither is read. HEIC is an ISO-BMFF `ftyp` box with an HEVC brand.
 */
export function sniffImage(b: Buffer): Kind | null {
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'jpeg';
  if (b.length >= 8 && b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'png';
  if (b.length >= 12 && b.toString('latin1', 0, 4) === 'RIFF' && b.toString('latin1', 8, 12) === 'WEBP') return 'webp';
  if (b.length >= 12 && b.toString('latin1', 4, 8) === 'ftyp' && /^(heic|heix|heim|heis|hevc|hevx|mif1|msf1)$/.test(b.toString('latin1', 8, 12))) return 'heic';
  return null;
}

const keys = (id: string) => ({ full: `private/${id}.jpg`, thumb: `private/${id}-thumb.jpg` });
export const publicKeys = (id: string) => ({ full: `public/${id}.jpg`, thumb: `public/${id}-thumb.jpg` });
export const privateKeys = keys;

let sharpModule: typeof sharpType | null = null;
/** sharp (libvips) is loaded on the first upload: the other routes of this function never need it. */
function sharp(): typeof sharpType {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  sharpModule ??= require('sharp') as typeof sharpType;
  return sharpModule;
}

const unsupported = (detail = '只能上传 JPEG、PNG 或 WebP 格式的照片') => new ServiceError(415, 'UNSUPPORTED_MEDIA', detail);

/**
 * Decodes, turns upright by the EXIF orientation, and re-encodes as JPEG with no metadata at all
 * (sharp keeps none unless asked: EXIF with its GPS position, XMP, IPTC and ICC go), plus a thumbnail.
 */
async function reencode(bytes: Buffer) {
  const kind = sniffImage(bytes);
  if (!kind) throw unsupported();
  const s = sharp();
  try {
    const base = () => s(bytes, { failOn: 'error', limitInputPixels: MAX_INPUT_PIXELS }).rotate();
    const full = await base()
      .resize({ width: FULL_PX, height: FULL_PX, fit: 'inside', withoutEnlargement: true })
      .flatten({ background: '#ffffff' })
      .jpeg({ quality: 82, mozjpeg: true })
      .toBuffer({ resolveWithObject: true });
    const thumb = await base()
      .resize({ width: THUMB_PX, height: THUMB_PX, fit: 'inside', withoutEnlargement: true })
      .flatten({ background: '#ffffff' })
      .jpeg({ quality: 75, mozjpeg: true })
      .toBuffer();
    return { full: full.data, width: full.info.width, height: full.info.height, thumb };
  } catch {
    // An iPhone original (HEVC) needs a decoder the prebuilt libvips leaves out for patent reasons;
    // chooseMedia's compressed copy is a JPEG, which is what the mini-program sends.
    if (kind === 'heic') throw unsupported('暂不支持 HEIC 原图，请上传时选择压缩后的照片，或改用 JPEG');
    throw unsupported('照片已损坏或无法识别，请换一张');
  }
}

/** A signed URL pair for a stored photo (private until attached to a public item). */
export async function signedPhoto(media: MediaStorage, id: string) {
  const k = keys(id);
  const [url, thumbUrl] = await Promise.all([media.signedUrl(k.full, SIGNED_URL_SECONDS), media.signedUrl(k.thumb, SIGNED_URL_SECONDS)]);
  return { url, thumbUrl };
}

/** POST /api/uploads: one photo, kept unattached until a report, result or reply names it. */
export async function createUpload({ ctx, file }: { ctx: Ctx; file?: UploadedFile }): Promise<UploadResponse> {
  const user = requireUser(ctx);
  if (!file) throw unsupported();
  const img = await reencode(file.bytes);
  const id = randomUUID();
  const k = keys(id);
  const media = ctx.runtime.media;
  await Promise.all([media.put(k.full, img.full, 'image/jpeg'), media.put(k.thumb, img.thumb, 'image/jpeg')]);
  try {
    await ctx.db.insert(schema.uploads).values({
      id,
      ownerId: user.id,
      width: img.width,
      height: img.height,
      bytes: img.full.length,
      // WeChat's check runs once the photo is attached (it needs to fetch it); until then nobody else sees it.
      checkStatus: 'passed',
      createdAt: ctx.now,
    });
  } catch (err) {
    await media.remove([k.full, k.thumb]).catch(() => undefined);
    throw err;
  }
  return { id, ...(await signedPhoto(media, id)), width: img.width, height: img.height };
}

/** Removes the stored files (private and any public copy) of these uploads. */
export async function removeFiles(media: MediaStorage, ids: string[]) {
  if (!ids.length) return;
  await media.remove(ids.flatMap((id) => [...Object.values(keys(id)), ...Object.values(publicKeys(id))]));
}

/** The cron: uploads nobody attached within a day go, files first (a file without a row is invisible; a row without a file shows broken). */
export async function deleteStaleUploads(runtime: Runtime, db: Db, now: Date) {
  const u = schema.uploads;
  const stale = await db
    .select({ id: u.id })
    .from(u)
    .where(and(isNull(u.feedbackId), lt(u.createdAt, new Date(now.getTime() - DAY_MS))))
    .limit(500);
  if (!stale.length) return 0;
  const ids = stale.map((r) => r.id);
  await removeFiles(runtime.media, ids);
  const gone = await db.delete(u).where(and(inArray(u.id, ids), isNull(u.feedbackId))).returning({ id: u.id });
  return gone.length;
}

/** The caller's own unattached uploads with these ids, locked; anything else is a 400 on `field`. */
export async function lockOwnUnattached(tx: Pick<Db, 'select'>, ownerId: string, ids: string[]) {
  const u = schema.uploads;
  return tx
    .select({ id: u.id })
    .from(u)
    .where(and(inArray(u.id, ids), eq(u.ownerId, ownerId), isNull(u.feedbackId)))
    .for('update');
}
