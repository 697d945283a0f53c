import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Photo } from '../../../../shared/uploads';
import { schema, type DbOrTx } from '../../db';
import { invalidField } from '../../errors';
import type { Ctx } from '../context';
import type { Runtime } from '../../runtime';
import { lockOwnUnattached, privateKeys, publicKeys, SIGNED_URL_SECONDS } from '../uploads';
import { isPubliclyVisible } from './present';

const u = schema.uploads;

/** How long WeChat has to fetch a photo for its check. */
const CHECK_URL_SECONDS = 3600;

/**
 * In WeChat mode every photo of a user WeChat knows (an openid) is checked by
 * mediaCheckAsync, as its text is by msgSecCheck; until the verdict it is seen only by its
 * uploader and staff. Staff and demo users without an openid pass, as their text does.
 */
const photosNeedCheck = (ctx: Ctx) => Boolean(ctx.runtime.wechat && ctx.user?.openid);

/** Asks for the checks, after the response (WeChat fetches each photo through a signed URL). */
async function requestMediaChecks(runtime: Runtime, ids: string[], openid: string) {
  const wechat = runtime.wechat;
  if (!wechat) return;
  for (const id of ids) {
    const url = await runtime.media.signedUrl(privateKeys(id).full, CHECK_URL_SECONDS);
    if (!/^https?:\/\//.test(url)) {
      // Local files have no address WeChat can reach: the photo stays out of public view.
      runtime.log.warn('photo check needs S3 storage (an absolute URL)', { uploadId: id });
      continue;
    }
    try {
      const traceId = await wechat.mediaCheckAsync(url, openid);
      await runtime.db.update(u).set({ checkTraceId: traceId }).where(eq(u.id, id));
    } catch (err) {
      runtime.log.warn('mediaCheckAsync failed', { uploadId: id, error: (err as Error).message });
    }
  }
}


type Purpose = 'report' | 'result' | 'reply';

/**
 * Attaches the caller's own unattached uploads to an item (and a reply), in the order given.
 * Anything else named — someone else's, already used, deleted by the cron — is a 400 on
 * `photoIds` and the caller's transaction rolls back.
 */
export async function attachPhotos(
  tx: DbOrTx,
  ctx: Ctx,
  ids: string[] | undefined,
  target: { feedbackId: string; replyId?: string | null; purpose: Purpose },
) {
  if (!ids?.length) return;
  const found = await lockOwnUnattached(tx, ctx.user!.id, ids);
  if (found.length !== ids.length) throw invalidField('photoIds', '照片不存在、已使用或已过期，请重新上传');
  const check = photosNeedCheck(ctx);
  for (const [position, id] of ids.entries()) {
    await tx
      .update(u)
      .set({ feedbackId: target.feedbackId, replyId: target.replyId ?? null, purpose: target.purpose, position, attachedAt: ctx.now, ...(check ? { checkStatus: 'pending' as const } : {}) })
      .where(eq(u.id, id));
  }
  if (check) {
    const { runtime } = ctx;
    const openid = ctx.user!.openid!;
    runtime.defer(() => requestMediaChecks(runtime, ids, openid));
  }
}

export interface ItemPhotos {
  photos: Photo[];
  resultPhotos: Photo[];
  byReply: Map<string, Photo[]>;
}

const empty = (): ItemPhotos => ({ photos: [], resultPhotos: [], byReply: new Map() });

/**
 * The photos of these items as one viewer may see them. `public`: only photos that passed the
 * content check; `involved` (the reporter, staff): also those still being checked. A photo with a
 * public copy is given by its public URL; any other by a short-lived signed one.
 */
export async function loadPhotos(ctx: Ctx, feedbackIds: string[], view: 'public' | 'involved'): Promise<Map<string, ItemPhotos>> {
  const out = new Map<string, ItemPhotos>();
  if (!feedbackIds.length) return out;
  const statuses = view === 'public' ? (['passed'] as const) : (['passed', 'pending'] as const);
  const rows = await ctx.db
    .select({ id: u.id, feedbackId: u.feedbackId, replyId: u.replyId, purpose: u.purpose, publishedAt: u.publishedAt })
    .from(u)
    .where(and(inArray(u.feedbackId, feedbackIds), inArray(u.checkStatus, [...statuses])))
    .orderBy(asc(u.feedbackId), asc(u.position));
  const media = ctx.runtime.media;
  const views = await Promise.all(
    rows.map(async (r): Promise<Photo> => {
      const pub = publicKeys(r.id);
      const url = r.publishedAt ? media.publicUrl(pub.full) : null;
      const thumbUrl = r.publishedAt ? media.publicUrl(pub.thumb) : null;
      if (url && thumbUrl) return { url, thumbUrl };
      const k = privateKeys(r.id);
      const [su, st] = await Promise.all([media.signedUrl(k.full, SIGNED_URL_SECONDS), media.signedUrl(k.thumb, SIGNED_URL_SECONDS)]);
      return { url: su, thumbUrl: st };
    }),
  );
  rows.forEach((r, i) => {
    let p = out.get(r.feedbackId!);
    if (!p) out.set(r.feedbackId!, (p = empty()));
    if (r.purpose === 'reply' && r.replyId) {
      const list = p.byReply.get(r.replyId) ?? [];
      list.push(views[i]);
      p.byReply.set(r.replyId, list);
    } else if (r.purpose === 'result') p.resultPhotos.push(views[i]);
    else p.photos.push(views[i]);
  });
  return out;
}

export const photosOf = (m: Map<string, ItemPhotos>, id: string) => m.get(id) ?? empty();

/**
 * Keeps the public copies in step with the item: a photo is copied under `public/` while its
 * item is publicly visible and the photo passed the check, and its copy removed as soon as
 * either stops (refused, private, hidden after a 举报, rejected). Storage trouble is logged,
 * not thrown: the signed URL still shows the photo to those who may see it.
 */
export async function syncPublishedPhotos(ctx: Ctx, db: DbOrTx, feedbackId: string) {
  const f = schema.feedbackItems;
  const [item] = await db.select({ isPublic: f.isPublic, status: f.status, hiddenAt: f.hiddenAt }).from(f).where(eq(f.id, feedbackId));
  const rows = await db.select({ id: u.id, checkStatus: u.checkStatus, publishedAt: u.publishedAt }).from(u).where(eq(u.feedbackId, feedbackId));
  const media = ctx.runtime.media;
  // Without a public address (S3 without S3_PUBLIC_BASE_URL) every URL is signed: nothing to copy.
  const canPublish = media.publicUrl(publicKeys(feedbackId).full) !== null;
  for (const r of rows) {
    const should = canPublish && Boolean(item) && isPubliclyVisible(item) && r.checkStatus === 'passed';
    if (should === Boolean(r.publishedAt)) continue;
    const pub = publicKeys(r.id);
    const priv = privateKeys(r.id);
    try {
      if (should) {
        await Promise.all([media.copy(priv.full, pub.full), media.copy(priv.thumb, pub.thumb)]);
        await db.update(u).set({ publishedAt: ctx.now }).where(eq(u.id, r.id));
      } else {
        // The row first: from here on nobody is handed the public URL, even if the removal fails.
        await db.update(u).set({ publishedAt: null }).where(eq(u.id, r.id));
        await media.remove([pub.full, pub.thumb]);
      }
    } catch (err) {
      ctx.log.warn('photo publish failed', { uploadId: r.id, publish: should, error: (err as Error).message });
    }
  }
}
