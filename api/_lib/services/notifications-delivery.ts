import { and, eq, inArray, lt, lte, sql } from 'drizzle-orm';
import { toStreetIso } from '../../../shared/time';
import { schema, type Db } from '../db';
import { reusable } from '../db/reuse';
import type { Ctx } from './context';
import type { Runtime } from '../runtime';
import { WechatApiError, WechatUnavailableError } from '../wechat';

const n = schema.notifications;

/** After this many tries a notification is given up ('failed'); it stays in the message centre. */
export const MAX_ATTEMPTS = 8;
/** A claim lasts this long; WeChat calls time out after 5 s, so a live sender never gets near it. */
const CLAIM_MS = 5 * 60_000;
const BASE_BACKOFF_MS = 60_000;
const MAX_BACKOFF_MS = 6 * 3600_000;
/** WeChat answers that no retry can fix: bad openid, bad template, bad data, bad page. */
const PERMANENT_ERRCODES = new Set([40003, 40037, 41028, 41029, 41030, 47003]);
const USER_REFUSED = 43101;

export interface DeliveryReport {
  claimed: number;
  sent: number;
  skipped: number;
  refused: number;
  retried: number;
  failed: number;
  /** Rows left 'sending' by a run that died mid-send: failed rather than risk a second send. */
  interrupted: number;
}

const emptyReport = (): DeliveryReport => ({ claimed: 0, sent: 0, skipped: 0, refused: 0, retried: 0, failed: 0, interrupted: 0 });

/** 1, 2, 4 … minutes, at most 6 hours. */
export function backoffMs(attempts: number): number {
  return Math.min(MAX_BACKOFF_MS, BASE_BACKOFF_MS * 2 ** Math.max(0, attempts - 1));
}

type Claimed = typeof n.$inferSelect;

/**
 * Claims due rows in one statement: the inner SELECT … FOR UPDATE SKIP LOCKED means two
 * overlapping runs (cron + after-response, or two crons) never pick the same row, and
 * the row leaves 'pending' before anything is sent.
 */
async function claimDue(db: Db, now: Date, batch: number): Promise<Claimed[]> {
  // Built once per pool: this and the stale pass run after every write (docs/performance.md).
  // Placeholders bypass the column's encoder, so times go in as ISO text, as the encoder would send them.
  return reusable(db, 'outbox-claim', () => {
    const due = db
      .select({ id: n.id })
      .from(n)
      .where(and(eq(n.status, 'pending'), lte(n.nextAttemptAt, sql.placeholder('now'))))
      .orderBy(n.nextAttemptAt)
      .limit(sql.placeholder('batch'))
      .for('update', { skipLocked: true });
    return db
      .update(n)
      .set({ status: 'sending', lockedUntil: sql`${sql.placeholder('lockedUntil')}`, attempts: sql`${n.attempts} + 1` })
      .where(inArray(n.id, due))
      .returning();
  }).execute({ now: now.toISOString(), batch, lockedUntil: new Date(now.getTime() + CLAIM_MS).toISOString() });
}

/** Template fields: a notification's own `data` may name them (thing1, time2, …); otherwise title, body and time. */
const TEMPLATE_FIELD = /^(thing|time|date|character_string|phrase|number|amount|name|letter|symbol|car_number|phone_number)\d+$/;

export function templateData(row: Pick<Claimed, 'title' | 'body' | 'data' | 'createdAt'>): Record<string, { value: string }> {
  const own = Object.entries(row.data ?? {}).filter(([k]) => TEMPLATE_FIELD.test(k));
  if (own.length) return Object.fromEntries(own.map(([k, v]) => [k, { value: String(v).slice(0, 20) }]));
  const local = toStreetIso(row.createdAt);
  return {
    // WeChat's `thing` fields take at most 20 characters.
    thing1: { value: row.title.slice(0, 20) },
    thing2: { value: row.body.slice(0, 20) },
    time3: { value: `${local.slice(0, 10)} ${local.slice(11, 16)}` },
  };
}

async function finish(db: Db, id: string, set: Partial<typeof n.$inferInsert>) {
  await db
    .update(n)
    .set({ lockedUntil: null, ...set })
    .where(and(eq(n.id, id), eq(n.status, 'sending')));
}

/** One-time grants: take one, atomically; none left means WeChat would refuse anyway. */
async function takeGrant(db: Db, userId: string, kind: string): Promise<boolean> {
  const g = schema.subscriptionGrants;
  const taken = await db
    .update(g)
    .set({ remaining: sql`${g.remaining} - 1`, updatedAt: new Date() })
    .where(and(eq(g.userId, userId), eq(g.kind, kind), sql`${g.remaining} > 0`))
    .returning({ remaining: g.remaining });
  return taken.length > 0;
}

async function giveBackGrant(db: Db, userId: string, kind: string) {
  const g = schema.subscriptionGrants;
  await db
    .update(g)
    .set({ remaining: sql`${g.remaining} + 1` })
    .where(and(eq(g.userId, userId), eq(g.kind, kind)));
}

async function retryOrFail(db: Db, row: Claimed, now: Date, error: string, report: DeliveryReport) {
  if (row.attempts >= MAX_ATTEMPTS) {
    await finish(db, row.id, { status: 'failed', lastError: error });
    report.failed += 1;
  } else {
    await finish(db, row.id, { status: 'pending', lastError: error, nextAttemptAt: new Date(now.getTime() + backoffMs(row.attempts)) });
    report.retried += 1;
  }
}

/**
 * Delivers due notifications as WeChat subscribe messages. Safe to run from many places at
 * once (after a response, from the cron, twice in parallel): rows are claimed atomically,
 * and a row is only ever sent by the run that claimed it.
 */
export async function deliverPending(runtime: Runtime, options: { max?: number; batch?: number } = {}): Promise<DeliveryReport> {
  const db = runtime.db;
  const now = runtime.now();
  const report = emptyReport();
  const max = options.max ?? 500;
  const batch = options.batch ?? 25;

  const stale = await reusable(db, 'outbox-stale', () =>
    db
      .update(n)
      .set({ status: 'failed', lockedUntil: null, lastError: 'interrupted while sending; not retried to avoid a second message' })
      .where(and(eq(n.status, 'sending'), lt(n.lockedUntil, sql.placeholder('now'))))
      .returning({ id: n.id }),
  ).execute({ now: now.toISOString() });
  report.interrupted = stale.length;

  let wechatDown = false;
  while (report.claimed < max && !wechatDown) {
    const rows = await claimDue(db, now, Math.min(batch, max - report.claimed));
    if (!rows.length) break;
    report.claimed += rows.length;
    const users = await db
      .select({ id: schema.users.id, openid: schema.users.openid, deletedAt: schema.users.deletedAt })
      .from(schema.users)
      .where(inArray(schema.users.id, [...new Set(rows.map((r) => r.userId))]));
    const byId = new Map(users.map((u) => [u.id, u]));
    for (const row of rows) {
      if (wechatDown) {
        await retryOrFail(db, row, now, 'WeChat unavailable earlier in this run', report);
        continue;
      }
      const outcome = await deliverOne(runtime, row, byId.get(row.userId), now, report).catch(async (err) => {
        // Something of ours broke (not WeChat): back off like an outage rather than lose the row.
        runtime.log.error('notification delivery failed', { id: row.id, error: (err as Error).message });
        await retryOrFail(db, row, now, `internal: ${(err as Error).message}`, report);
        return 'done' as const;
      });
      // WeChat unreachable: the rest of the batch backs off without each waiting for a timeout.
      if (outcome === 'outage') wechatDown = true;
    }
  }
  if (report.claimed || report.interrupted) runtime.log.info('notifications delivered', { ...report });
  return report;
}

async function deliverOne(
  runtime: Runtime,
  row: Claimed,
  user: { openid: string | null; deletedAt: Date | null } | undefined,
  now: Date,
  report: DeliveryReport,
): Promise<'done' | 'outage'> {
  const db = runtime.db;
  const skip = async (reason: string) => {
    await finish(db, row.id, { status: 'skipped', lastError: reason });
    report.skipped += 1;
    return 'done' as const;
  };
  const wechat = runtime.wechat;
  if (!wechat) {
    runtime.log.info('local mode: would send subscribe message', { id: row.id, userId: row.userId, kind: row.kind, title: row.title, body: row.body, page: row.page });
    return skip('local mode: WeChat not configured');
  }
  if (!user || user.deletedAt) return skip('account deleted');
  if (!user.openid) return skip('user has no WeChat openid');
  const templateId = wechat.config.templateIds[row.kind];
  if (!templateId) return skip(`no template id configured for ${row.kind}`);
  if (!(await takeGrant(db, row.userId, row.kind))) return skip('no remaining subscription grant');
  try {
    await wechat.sendSubscribeMessage({ openid: user.openid, templateId, page: row.page ?? undefined, data: templateData(row) });
    await finish(db, row.id, { status: 'sent', sentAt: now, lastError: null });
    report.sent += 1;
    return 'done';
  } catch (err) {
    if (err instanceof WechatApiError && err.errcode === USER_REFUSED) {
      // The user switched the message off: their grant is gone and retrying cannot help.
      await finish(db, row.id, { status: 'refused', lastError: `43101 ${err.errmsg}` });
      report.refused += 1;
      return 'done';
    }
    await giveBackGrant(db, row.userId, row.kind);
    if (err instanceof WechatApiError && PERMANENT_ERRCODES.has(err.errcode)) {
      await finish(db, row.id, { status: 'failed', lastError: `${err.errcode} ${err.errmsg}` });
      report.failed += 1;
      return 'done';
    }
    if (err instanceof WechatUnavailableError || err instanceof WechatApiError) {
      await retryOrFail(db, row, now, err.message, report);
      return err instanceof WechatUnavailableError ? 'outage' : 'done';
    }
    throw err;
  }
}

/**
 * For capability services: call after the transaction that enqueued notifications
 * commits. Delivery runs after the response (waitUntil on Vercel, in-process locally);
 * whatever it misses, the cron retries.
 */
export function scheduleDelivery(ctx: Pick<Ctx, 'runtime'>, options: { max?: number } = {}): void {
  ctx.runtime.defer(() => deliverPending(ctx.runtime, { max: options.max ?? 50 }));
}
