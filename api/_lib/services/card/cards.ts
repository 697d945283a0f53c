import { randomBytes } from 'node:crypto';
import { and, desc, eq, inArray, lt, or, sql, type SQL } from 'drizzle-orm';
import { alias, type AnyPgColumn } from 'drizzle-orm/pg-core';
import { ROLE_NAMES, type Role } from '../../../../shared/auth';
import {
  CARD_LOOKED_UP,
  CARD_SCANNED,
  CARD_VIEW_ACTIONS,
  careTagName,
  cardQrPayload,
  normalizeCardNumber,
  type Card,
  type CardBodySchema,
  type CardLookupBody,
  type CardScanResult,
} from '../../../../shared/card';
import { toStreetIso } from '../../../../shared/time';
import type { z } from 'zod';
import { schema, type DbOrTx } from '../../db';
import { conflict, notFound } from '../../errors';
import { decodeCursor, isTimeIdCursor, pageOf } from '../cursor';
import type { Ctx } from '../context';
import { requireStaff, requireUser, staffMaySee, staffScope } from '../access';
import { writeAudit } from '../audit';
import { buildingKeySql, gridWorkerOf } from '../places';

const c = schema.cards;
type CardInput = z.output<typeof CardBodySchema>;

const newQrToken = () => randomBytes(24).toString('base64url');

/**
 * The cards with their community, grid and holder, one row each (at most `limit`). The grid is
 * the one the card's building is filed under (so a building staff add to a grid later shows
 * its 网格员 on every card there at once), else the grid the holder chose.
 */
async function loadCardRows(db: DbOrTx, where: SQL, limit: number) {
  return db
    .select({
      card: c,
      community: schema.communities,
      grid: schema.grids,
      holder: { displayName: schema.users.displayName, phone: schema.users.phone },
    })
    .from(c)
    .innerJoin(schema.users, eq(schema.users.id, c.userId))
    .leftJoin(schema.communities, eq(schema.communities.id, c.communityId))
    .leftJoin(schema.gridBuildings, and(eq(schema.gridBuildings.communityId, c.communityId), eq(schema.gridBuildings.key, buildingKeySql(c.building))))
    .leftJoin(schema.grids, eq(schema.grids.id, sql`coalesce(${schema.gridBuildings.gridId}, ${c.gridId})`))
    .where(where)
    .orderBy(c.number)
    .limit(limit);
}
async function loadCardRow(db: DbOrTx, where: SQL) {
  const [row] = await loadCardRows(db, where, 1);
  return row ?? null;
}
type CardRow = NonNullable<Awaited<ReturnType<typeof loadCardRow>>>;

function cardCore(r: CardRow) {
  const { card, community, grid } = r;
  return {
    id: card.id,
    number: card.number,
    community: community ? { id: community.id, name: community.name } : null,
    grid: grid ? { id: grid.id, name: grid.name } : null,
    gridWorker: grid ? gridWorkerOf(grid) : null,
    hotline: community?.hotline || null,
    address: { building: card.building, unit: card.unit, room: card.room },
    householdSize: card.householdSize,
    careTags: card.careTags.map((key) => ({ key, name: careTagName(key) })),
    careTagsConsentAt: card.careTagsConsentAt ? toStreetIso(card.careTagsConsentAt) : null,
    emergencyContact: { name: card.emergencyName, phone: card.emergencyPhone, relation: card.emergencyRelation },
    updatedAt: toStreetIso(card.updatedAt),
  };
}

/** The owner's own card: phones in full, and the QR token. */
function ownerView(r: CardRow): Card {
  return {
    ...cardCore(r),
    qrToken: r.card.qrToken,
    qrPayload: cardQrPayload(r.card.qrToken),
    holder: { displayName: r.holder.displayName, phone: r.holder.phone },
  };
}

export async function getMyCard({ ctx }: { ctx: Ctx }): Promise<Card> {
  const user = requireUser(ctx);
  const row = await loadCardRow(ctx.db, eq(c.userId, user.id));
  if (!row) throw notFound('您还没有填写邻里亲情卡', 'CARD_NOT_FOUND');
  return ownerView(row);
}

/** Readable, never reused: SN-石楠-000123, numbered street-wide. */
async function nextCardNumber(tx: DbOrTx, communityName: string | null): Promise<string> {
  const t = schema.dailyCounters;
  const [row] = await tx
    .insert(t)
    .values({ prefix: 'CARD', day: 'all', value: 1 })
    .onConflictDoUpdate({ target: [t.prefix, t.day], set: { value: sql`${t.value} + 1` } })
    .returning({ value: t.value });
  const place = communityName ? communityName.replace(/社区$/, '') : '街道';
  return `SN-${place}-${String(row.value).padStart(6, '0')}`;
}

/** PUT creates or replaces. The number and QR token stay with the card across edits. */
export async function saveMyCard({ ctx, input }: { ctx: Ctx; input: CardInput }): Promise<Card> {
  const user = requireUser(ctx);
  return ctx.db.transaction(async (tx) => {
    const [me] = await tx
      .select({ communityId: schema.users.communityId, gridId: schema.users.gridId, communityName: schema.communities.name })
      .from(schema.users)
      .leftJoin(schema.communities, eq(schema.communities.id, schema.users.communityId))
      .where(eq(schema.users.id, user.id))
      .limit(1);
    const [existing] = await tx.select().from(c).where(eq(c.userId, user.id)).limit(1).for('update');
    // Consent is kept from the first time it was given, as long as tags stay on the card.
    const consentAt = input.careTags.length === 0 ? null : (existing?.careTags.length && existing.careTagsConsentAt) || ctx.now;
    const fields = {
      communityId: me?.communityId ?? null,
      gridId: me?.gridId ?? null,
      building: input.address.building,
      unit: input.address.unit,
      room: input.address.room,
      householdSize: input.householdSize,
      careTags: input.careTags,
      careTagsConsentAt: consentAt,
      emergencyName: input.emergencyContact.name,
      emergencyPhone: input.emergencyContact.phone,
      emergencyRelation: input.emergencyContact.relation,
      updatedAt: ctx.now,
    };
    if (existing) {
      await tx.update(c).set(fields).where(eq(c.id, existing.id));
    } else {
      const number = await nextCardNumber(tx, me?.communityName ?? null);
      // Two first saves at once: the unique user_id makes the second an update, not a second card.
      await tx
        .insert(c)
        .values({ ...fields, userId: user.id, number, qrToken: newQrToken(), createdAt: ctx.now })
        .onConflictDoUpdate({ target: c.userId, set: fields });
    }
    const row = await loadCardRow(tx, eq(c.userId, user.id));
    return ownerView(row!);
  });
}

/** A new QR token: the printed or photographed old code stops working at once. */
export async function rotateMyQrToken({ ctx }: { ctx: Ctx }): Promise<Card> {
  const user = requireUser(ctx);
  const updated = await ctx.db
    .update(c)
    .set({ qrToken: newQrToken(), updatedAt: ctx.now })
    .where(eq(c.userId, user.id))
    .returning({ id: c.id });
  if (!updated.length) throw notFound('您还没有填写邻里亲情卡', 'CARD_NOT_FOUND');
  return getMyCard({ ctx });
}

export async function deleteMyCard({ ctx }: { ctx: Ctx }) {
  const user = requireUser(ctx);
  const deleted = await ctx.db.delete(c).where(eq(c.userId, user.id)).returning({ id: c.id });
  if (!deleted.length) throw notFound('您还没有填写邻里亲情卡', 'CARD_NOT_FOUND');
  return { id: deleted[0].id, deleted: true };
}

/**
 * An emergency scan by staff: the card in full, and an audit row naming the card's owner
 * as the subject so the owner sees who looked. Staff limited to one community see only
 * that community's cards; anything else is 404, exactly like a token that does not exist.
 */
export async function scanCard({ ctx, qrToken }: { ctx: Ctx; qrToken: string }): Promise<CardScanResult> {
  const staff = requireStaff(ctx);
  const missing = () => notFound('没有找到这张亲情卡，二维码可能已失效', 'CARD_NOT_FOUND');
  if (!/^[\w-]{16,64}$/.test(qrToken)) throw missing();
  return ctx.db.transaction(async (tx) => {
    const row = await loadCardRow(tx, eq(c.qrToken, qrToken));
    if (!row || !staffMaySee(staff, row.card.communityId)) throw missing();
    await writeAudit(tx, ctx, {
      action: CARD_SCANNED,
      targetType: 'card',
      targetId: row.card.id,
      subjectUserId: row.card.userId,
      detail: { number: row.card.number },
    });
    return staffView(row, ctx.now);
  });
}

function staffView(row: CardRow, now: Date): CardScanResult {
  return {
    ...cardCore(row),
    holder: { displayName: row.holder.displayName, phone: row.holder.phone },
    scannedAt: toStreetIso(now),
  };
}

/** 3号楼 / 3栋 / 3 are one building; 301室 and 301 one room; residents write them every way. */
const bare = (col: AnyPgColumn, suffix: string) => sql`regexp_replace(${col}, ${`\\s|(${suffix})$`}, '', 'g')`;
const BUILDING_SUFFIX = '号楼|栋|幢|楼|号';
const UNIT_SUFFIX = '单元';
const ROOM_SUFFIX = '室|号|房';
const bareText = (v: string, suffix: string) => v.replace(new RegExp(`\\s|(${suffix})$`, 'g'), '');

/**
 * Staff without a scanner: the card by its printed number, or by building + room (unit and
 * the holder's name narrow it), within the staff member's community. Audited and shown to
 * the holder like a scan, with the reason given. A miss is audited too (nobody to show it
 * to), so walking numbers or addresses leaves a trail; the scan rate limit caps it.
 */
export async function lookupCard({ ctx, input }: { ctx: Ctx; input: Omit<CardLookupBody, 'reason'> & { reason: string } }): Promise<CardScanResult> {
  const staff = requireStaff(ctx);
  const conds: SQL[] = [];
  const scope = staffScope(staff);
  if (scope) conds.push(eq(c.communityId, scope));
  const number = input.number ? normalizeCardNumber(input.number) : null;
  let by: 'number' | 'address';
  if (number) {
    by = 'number';
    // The serial is numbered street-wide, so the digits alone name one card.
    conds.push('exact' in number ? eq(c.number, number.exact) : sql`${c.number} LIKE ${`%-${number.serial}`}`);
  } else {
    by = 'address';
    conds.push(sql`${bare(c.building, BUILDING_SUFFIX)} = ${bareText(input.building ?? '', BUILDING_SUFFIX)}`);
    conds.push(sql`${bare(c.room, ROOM_SUFFIX)} = ${bareText(input.room ?? '', ROOM_SUFFIX)}`);
    if (input.unit) conds.push(sql`${bare(c.unit, UNIT_SUFFIX)} = ${bareText(input.unit, UNIT_SUFFIX)}`);
    if (input.name) conds.push(eq(schema.users.displayName, input.name));
  }
  const asked = by === 'number' ? { number: input.number } : { building: input.building, unit: input.unit || undefined, room: input.room, name: input.name || undefined };
  const found = await ctx.db.transaction(async (tx) => {
    const rows = await loadCardRows(tx, and(...conds)!, 2);
    if (rows.length !== 1) {
      await writeAudit(tx, ctx, { action: 'card.lookup_missed', targetType: 'card', detail: { by, ...asked, reason: input.reason, matches: rows.length } });
      return rows.length;
    }
    const [row] = rows;
    await writeAudit(tx, ctx, {
      action: CARD_LOOKED_UP,
      targetType: 'card',
      targetId: row.card.id,
      subjectUserId: row.card.userId,
      detail: { number: row.card.number, by, reason: input.reason },
    });
    return staffView(row, ctx.now);
  });
  if (found === 0) throw notFound('没有找到这张亲情卡：请核对卡号或住址，或不属于您负责的社区', 'CARD_NOT_FOUND');
  if (typeof found === 'number') throw conflict('CARD_AMBIGUOUS', '这个住址有不止一张亲情卡，请补充单元或持卡人姓名');
  return found;
}

/** Who looked at my card: the audited scans, newest first. */
export async function listMyCardScans({ ctx, query }: { ctx: Ctx; query: { cursor?: string; limit: number } }) {
  const user = requireUser(ctx);
  const a = schema.auditLog;
  const staffCommunity = alias(schema.communities, 'staff_community');
  const cursor = decodeCursor(query.cursor, isTimeIdCursor);
  const conds: SQL[] = [eq(a.subjectUserId, user.id), inArray(a.action, CARD_VIEW_ACTIONS)];
  if (cursor) {
    const t = new Date(cursor.t);
    conds.push(or(lt(a.createdAt, t), and(eq(a.createdAt, t), lt(a.id, cursor.id)))!);
  }
  const rows = await ctx.db
    .select({
      id: a.id,
      createdAt: a.createdAt,
      action: a.action,
      detail: a.detail,
      actorRole: a.actorRole,
      staffName: schema.users.displayName,
      staffCommunityName: staffCommunity.name,
    })
    .from(a)
    .leftJoin(schema.users, eq(schema.users.id, a.actorId))
    .leftJoin(staffCommunity, eq(staffCommunity.id, schema.users.staffCommunityId))
    .where(and(...conds))
    .orderBy(desc(a.createdAt), desc(a.id))
    .limit(query.limit + 1);
  const page = pageOf(rows, query.limit, (r) => ({ t: r.createdAt.toISOString(), id: r.id }));
  return {
    items: page.items.map((r) => ({
      id: r.id,
      scannedAt: toStreetIso(r.createdAt),
      kind: r.action === CARD_LOOKED_UP ? ('lookup' as const) : ('scan' as const),
      reason: r.action === CARD_LOOKED_UP ? String((r.detail as { reason?: unknown }).reason ?? '') || null : null,
      staffName: r.staffName ?? '工作人员',
      staffRole: ROLE_NAMES[(r.actorRole ?? 'staff') as Role] ?? '工作人员',
      unit: r.staffCommunityName ?? '石楠街道',
    })),
    nextCursor: page.nextCursor,
  };
}
