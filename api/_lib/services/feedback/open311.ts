import { and, asc, desc, eq, gte, inArray, isNotNull, lte, type SQL } from 'drizzle-orm';
import { FEEDBACK_CATEGORIES, feedbackCategoryName, type Open311Request } from '../../../../shared/feedback';
import { toStreetIso } from '../../../../shared/time';
import { schema } from '../../db';
import { invalidField, notFound } from '../../errors';
import type { Ctx } from '../context';
import { publicKeys } from '../uploads';
import { isOverdue } from './present';
import { idCondition, publiclyVisible } from './items';
import { ECHO_STATUSES, OPEN_STATUSES } from './transitions';
import { sentence } from '../../../../shared/text';

const f = schema.feedbackItems;
/** GeoReport v2: without dates, the last 90 days; at most 1000 requests per answer. */
const DEFAULT_WINDOW_DAYS = 90;
const MAX_REQUESTS = 1000;

export function open311Services() {
  return FEEDBACK_CATEGORIES.map((c) => ({
    service_code: c.key,
    service_name: c.name,
    description: c.description,
    metadata: false,
    type: 'realtime' as const,
    keywords: c.keywords.join(','),
    group: c.group,
  }));
}

type Row = typeof f.$inferSelect;

/** Only public fields: no reporter, no private items, no refused ones. */
function toOpen311(row: Row, now: Date, mediaUrl: string | null = null): Open311Request {
  const open = (OPEN_STATUSES as readonly string[]).includes(row.status);
  const statusNotes = open
    ? row.measures
      ? `整改措施：${row.measures}`
      : '已收到，待受理'
    : row.result;
  return {
    service_request_id: row.code,
    status: open ? 'open' : 'closed',
    status_notes: statusNotes ?? null,
    service_name: feedbackCategoryName(row.category),
    service_code: row.category,
    description: `${sentence(row.title)}${row.body}`,
    agency_responsible: row.responsibleParty,
    service_notice: isOverdue(row, now) ? '已超过完成期限' : null,
    requested_datetime: toStreetIso(row.createdAt),
    updated_datetime: toStreetIso(row.updatedAt),
    expected_datetime: row.deadline ? toStreetIso(row.deadline) : null,
    address: row.location,
    lat: row.latitude,
    long: row.longitude,
    media_url: mediaUrl,
  };
}

/**
 * media_url: the first of the reporter's photos with a public copy (passed the content check, on
 * a public item). A signed URL would stop working in an open-data feed, so none is given out here.
 */
async function firstPublicPhotos(ctx: Ctx, ids: string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  if (!ids.length) return out;
  const u = schema.uploads;
  const rows = await ctx.db
    .select({ id: u.id, feedbackId: u.feedbackId })
    .from(u)
    .where(and(inArray(u.feedbackId, ids), eq(u.purpose, 'report'), isNotNull(u.publishedAt)))
    .orderBy(asc(u.position));
  for (const r of rows) {
    const url = ctx.runtime.media.publicUrl(publicKeys(r.id).full);
    if (url && !out.has(r.feedbackId!)) out.set(r.feedbackId!, url);
  }
  return out;
}

export async function open311Requests({
  ctx,
  query,
}: {
  ctx: Ctx;
  query: { status?: 'open' | 'closed'; start_date?: string; end_date?: string; service_code?: string };
}) {
  const end = query.end_date ? new Date(query.end_date) : null;
  let start = query.start_date ? new Date(query.start_date) : null;
  if (start && end && start > end) throw invalidField('start_date', '开始时间不能晚于结束时间');
  if (!start && !end) start = new Date(ctx.now.getTime() - DEFAULT_WINDOW_DAYS * 86_400_000);
  const conds: SQL[] = [publiclyVisible];
  if (query.status === 'open') conds.push(inArray(f.status, [...OPEN_STATUSES]));
  if (query.status === 'closed') conds.push(inArray(f.status, [...ECHO_STATUSES]));
  if (query.service_code) conds.push(eq(f.category, query.service_code));
  if (start) conds.push(gte(f.createdAt, start));
  if (end) conds.push(lte(f.createdAt, end));
  const rows = await ctx.db
    .select()
    .from(f)
    .where(and(...conds))
    .orderBy(desc(f.createdAt), desc(f.id))
    .limit(MAX_REQUESTS);
  const media = await firstPublicPhotos(ctx, rows.map((r) => r.id));
  return rows.map((row) => toOpen311(row, ctx.now, media.get(row.id) ?? null));
}

export async function open311Request({ ctx, id }: { ctx: Ctx; id: string }) {
  const cond = idCondition(id);
  if (!cond) throw notFound('找不到该问题');
  const [row] = await ctx.db.select().from(f).where(and(cond, publiclyVisible)).limit(1);
  if (!row) throw notFound('找不到该问题');
  const media = await firstPublicPhotos(ctx, [row.id]);
  return [toOpen311(row, ctx.now, media.get(row.id) ?? null)];
}
