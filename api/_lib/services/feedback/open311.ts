import { and, asc, desc, eq, gte, inArray, isNotNull, lte, or, type SQL } from 'drizzle-orm';
import { FEEDBACK_CATEGORIES, feedbackCategoryName } from '../../../../shared/feedback';
import {
  OPEN311_CHANGESET,
  OPEN311_MAX_REQUESTS,
  OPEN311_MEDIA_TYPES,
  OPEN311_SPEC_URL,
  OPEN311_WINDOW_DAYS,
  type Open311Request,
} from '../../../../shared/open311';
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
const DAY_MS = 86_400_000;

/**
 * Service discovery (http://wiki.open311.org/Service_Discovery): where the endpoint is, in which
 * formats, and whom to ask for a key. `base` is the address the caller reached us at.
 */
export function open311Discovery({ base }: { base: string }) {
  return {
    changeset: OPEN311_CHANGESET,
    contact: '石楠街道办事处 党群服务中心（工作日 9:00-17:00）',
    key_service: '提交问题需要 api_key：请联系街道管理员在「管理 → Open311 接入」中为贵单位发放；读取公开问题无需 api_key。',
    endpoints: [
      { specification: OPEN311_SPEC_URL, url: `${base}/api/open311/v2`, changeset: OPEN311_CHANGESET, type: 'production' as const, formats: [...OPEN311_MEDIA_TYPES] },
    ],
  };
}

/** A service definition: no service has extra attributes (metadata is false), so the list is empty. */
export function open311ServiceDefinition({ code }: { code: string }) {
  if (!FEEDBACK_CATEGORIES.some((c) => c.key === code)) throw notFound(`没有编号为 ${code} 的服务`);
  return { service_code: code, attributes: [] };
}

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
    address_id: null,
    zipcode: null,
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

/**
 * GET requests: `service_request_id` (one or a list) overrides every other argument; otherwise
 * the filters narrow a window of at most 90 days of requested_datetime, the last 90 days when no
 * date is given, from the date given forward or back when only one is. The newest first, at most
 * OPEN311_MAX_REQUESTS.
 */
export async function open311Requests({
  ctx,
  query,
}: {
  ctx: Ctx;
  query: { service_request_id?: string[]; status?: ('open' | 'closed')[]; start_date?: string; end_date?: string; service_code?: string[] };
}) {
  const conds: SQL[] = [publiclyVisible];
  if (query.service_request_id) {
    const ids = query.service_request_id.map(idCondition).filter((c): c is SQL => c !== null);
    if (!ids.length) return [];
    conds.push(or(...ids)!);
  } else {
    const window = OPEN311_WINDOW_DAYS * DAY_MS;
    let start = query.start_date ? new Date(query.start_date) : null;
    let end = query.end_date ? new Date(query.end_date) : null;
    if (start && end && start > end) throw invalidField('start_date', '开始时间不能晚于结束时间');
    if (start && end && end.getTime() - start.getTime() > window) throw invalidField('end_date', `时间跨度不能超过 ${OPEN311_WINDOW_DAYS} 天`);
    if (!start && !end) end = ctx.now;
    if (!start) start = new Date(end!.getTime() - window);
    if (!end) end = new Date(start.getTime() + window);
    conds.push(gte(f.createdAt, start), lte(f.createdAt, end));
    const statuses = new Set(query.status ?? []);
    if (statuses.size === 1) conds.push(inArray(f.status, statuses.has('open') ? [...OPEN_STATUSES] : [...ECHO_STATUSES]));
    if (query.service_code?.length) conds.push(inArray(f.category, query.service_code));
  }
  const rows = await ctx.db
    .select()
    .from(f)
    .where(and(...conds))
    .orderBy(desc(f.createdAt), desc(f.id))
    .limit(OPEN311_MAX_REQUESTS);
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
