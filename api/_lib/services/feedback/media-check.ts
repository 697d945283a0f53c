import { eq } from 'drizzle-orm';
import { schema } from '../../db';
import { notFound, unauthorized } from '../../errors';
import type { Ctx } from '../context';
import { verifyPushSignature } from '../../wechat';
import { enqueueNotifications } from '../notifications';
import { removeFiles } from '../uploads';
import { syncPublishedPhotos } from './photos';
import { PAGES, deepLink } from '../../../../shared/pages';

const u = schema.uploads;
type PushQuery = { signature?: string; timestamp?: string; nonce?: string; echostr?: string };
type PushBody = { Event?: string; trace_id?: string; result?: { suggest: string } } | undefined;

function verify(ctx: Ctx, query: PushQuery) {
  const token = ctx.runtime.config.wechatPushToken;
  // Not configured: the route does not exist, as far as anyone can tell.
  if (!token) throw notFound('请求的接口不存在', 'ROUTE_NOT_FOUND');
  if (!verifyPushSignature(token, query)) throw unauthorized('消息推送签名无效', 'WECHAT_SIGNATURE_INVALID');
}

/** GET: the console's check of the push URL, answered with its echostr. */
export function verifyPushUrl({ ctx, query }: { ctx: Ctx; query: PushQuery }): string {
  verify(ctx, query);
  return query.echostr ?? '';
}

/**
 * POST: a verdict. `pass` publishes the photo (if its item is public); `risky` removes it and
 * tells the uploader; `review` keeps it out of public view. A repeat of a push is a no-op.
 */
export async function receivePush({ ctx, query, body }: { ctx: Ctx; query: PushQuery; body: PushBody }): Promise<void> {
  verify(ctx, query);
  if (body?.Event !== 'wxa_media_check' || !body.trace_id || !body.result) return;
  const verdict = body.result.suggest === 'pass' ? 'passed' : body.result.suggest === 'risky' ? 'refused' : null;
  if (!verdict) return;
  const traceId = body.trace_id;
  const settled = await ctx.db.transaction(async (tx) => {
    const [row] = await tx.select().from(u).where(eq(u.checkTraceId, traceId)).for('update');
    if (!row || row.checkStatus !== 'pending') return null;
    await tx.update(u).set({ checkStatus: verdict }).where(eq(u.id, row.id));
    if (verdict === 'refused' && row.ownerId && row.feedbackId) {
      const [item] = await tx.select({ code: schema.feedbackItems.code, title: schema.feedbackItems.title }).from(schema.feedbackItems).where(eq(schema.feedbackItems.id, row.feedbackId));
      await enqueueNotifications(
        tx,
        [
          {
            userId: row.ownerId,
            kind: 'feedback_replied',
            title: '有一张照片未通过审核',
            body: `${item.code}「${item.title}」中的一张照片未通过内容安全检查，已移除`,
            page: deepLink(PAGES.feedback.detail, { id: row.feedbackId }),
            data: { code: item.code, title: item.title, status: '照片已移除' },
            dedupeKey: `photo_refused:${row.id}`,
          },
        ],
        ctx.now,
      );
    }
    return row;
  });
  if (!settled?.feedbackId) return;
  await syncPublishedPhotos(ctx, ctx.db, settled.feedbackId);
  if (verdict === 'refused') await removeFiles(ctx.runtime.media, [settled.id]).catch((err: unknown) => ctx.log.warn('refused photo not removed', { error: (err as Error).message }));
}
