import { and, asc, eq, inArray, isNull, or, sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import { BUILDING_SUFFIX, buildingKey, type Grid, type GridBody, type PlaceInput, type StaffGrid } from '../../../shared/places';
import { isUuid } from '../../../shared/ids';
import { schema, type DbOrTx } from '../db';
import { invalidField, notFound } from '../errors';
import { requireStaff, staffMaySee } from './access';
import { writeAudit } from './audit';
import { COMMUNITIES_CACHE } from './communities';
import type { Ctx } from './context';
import { bumpCacheVersion } from './reader-cache';

const g = schema.grids;
const b = schema.gridBuildings;

/** The SQL twin of `buildingKey`: a stored building name in its bare form. */
export const buildingKeySql = (col: AnyPgColumn) => sql`regexp_replace(${col}, ${`\\s|(${BUILDING_SUFFIX})$`}, '', 'g')`;

/** The published 网格员 of a grid row, or null while none is assigned. */
export const gridWorkerOf = (row: { workerName: string | null; workerPhone: string | null }) =>
  row.workerName && row.workerPhone ? { name: row.workerName, phone: row.workerPhone } : null;

async function gridsOf(db: DbOrTx, communityId: string) {
  const [grids, buildings] = await Promise.all([
    db.select().from(g).where(eq(g.communityId, communityId)).orderBy(asc(g.sortOrder), asc(g.name)),
    db.select().from(b).where(eq(b.communityId, communityId)).orderBy(asc(b.sortOrder), asc(b.name)),
  ]);
  return grids.map((row) => ({ row, buildings: buildings.filter((x) => x.gridId === row.id).map((x) => x.name) }));
}

async function requireCommunity(db: DbOrTx, id: string) {
  if (!isUuid(id)) throw notFound('找不到该社区');
  const [c] = await db.select({ id: schema.communities.id, name: schema.communities.name }).from(schema.communities).where(eq(schema.communities.id, id));
  if (!c) throw notFound('找不到该社区');
  return c;
}

/**
 * A community's grids, their buildings and 网格员, for anyone: the name and the grid's work
 * phone are what the 网格员公示牌 at the door shows. The worker's account is not named here.
 */
export async function listGrids({ ctx, communityId }: { ctx: Ctx; communityId: string }): Promise<Grid[]> {
  await requireCommunity(ctx.db, communityId);
  const rows = await gridsOf(ctx.db, communityId);
  return rows.map(({ row, buildings }) => ({ id: row.id, name: row.name, gridWorker: gridWorkerOf(row), buildings }));
}

/** Staff who may be a grid's 网格员: the community's own staff and street staff, with the grids they hold. */
export async function listGridWorkerCandidates({ ctx, communityId }: { ctx: Ctx; communityId: string }) {
  const staff = requireStaff(ctx);
  const community = await requireCommunity(ctx.db, communityId);
  if (!staffMaySee(staff, community.id)) throw notFound('找不到该社区');
  const u = schema.users;
  const rows = await ctx.db
    .select({ id: u.id, displayName: u.displayName, phone: u.phone })
    .from(u)
    .where(and(eq(u.role, 'staff'), isNull(u.deletedAt), or(eq(u.staffCommunityId, community.id), isNull(u.staffCommunityId))))
    .orderBy(asc(u.displayName), asc(u.id));
  const held = await ctx.db
    .select({ id: g.id, workerId: g.workerId })
    .from(g)
    .where(and(eq(g.communityId, community.id), inArray(g.workerId, rows.length ? rows.map((r) => r.id) : [community.id])));
  return rows.map((r) => ({ ...r, gridIds: held.filter((h) => h.workerId === r.id).map((h) => h.id) }));
}

type GridInput = Required<Pick<GridBody, 'name'>> & { buildings: string[]; worker: { userId: string; phone: string } | null };

/** The worker must be a live staff account of this community or the street's. */
async function resolveWorker(tx: DbOrTx, communityId: string, worker: GridInput['worker']) {
  if (!worker) return { workerId: null, workerName: null, workerPhone: null };
  const u = schema.users;
  const [row] = await tx
    .select({ id: u.id, displayName: u.displayName, role: u.role, staffCommunityId: u.staffCommunityId, deletedAt: u.deletedAt })
    .from(u)
    .where(eq(u.id, worker.userId));
  if (!row || row.deletedAt || row.role !== 'staff' || (row.staffCommunityId !== null && row.staffCommunityId !== communityId)) {
    throw invalidField('worker.userId', '网格员须是本社区或街道的工作人员');
  }
  return { workerId: row.id, workerName: row.displayName, workerPhone: worker.phone };
}

/** Replaces the grid's buildings; a building already in another grid of the community is refused. */
async function saveBuildings(tx: DbOrTx, communityId: string, gridId: string, names: string[]) {
  const keys = names.map(buildingKey);
  if (keys.some((k) => !k)) throw invalidField('buildings', '楼栋名称不能只写“号楼”“栋”');
  if (keys.length) {
    const taken = await tx
      .select({ name: b.name, grid: g.name })
      .from(b)
      .innerJoin(g, eq(g.id, b.gridId))
      .where(and(eq(b.communityId, communityId), inArray(b.key, keys), sql`${b.gridId} <> ${gridId}`))
      .limit(1);
    if (taken.length) throw invalidField('buildings', `${taken[0].name} 已属于${taken[0].grid}，请先从那里移除`);
  }
  await tx.delete(b).where(eq(b.gridId, gridId));
  if (names.length) {
    await tx.insert(b).values(names.map((name, i) => ({ communityId, gridId, name, key: keys[i], sortOrder: i })));
  }
}

async function staffGrid(tx: DbOrTx, communityId: string, gridId: string): Promise<StaffGrid> {
  const rows = await gridsOf(tx, communityId);
  const found = rows.find((r) => r.row.id === gridId)!;
  return { id: found.row.id, communityId, name: found.row.name, gridWorker: gridWorkerOf(found.row), workerId: found.row.workerId, buildings: found.buildings };
}

async function staffCommunity(ctx: Ctx, communityId: string) {
  const staff = requireStaff(ctx);
  const community = await requireCommunity(ctx.db, communityId);
  // Staff of another community see this one as missing, as every other scoped read does.
  if (!staffMaySee(staff, community.id)) throw notFound('找不到该社区');
  return community;
}

export async function createGrid({ ctx, communityId, input }: { ctx: Ctx; communityId: string; input: GridInput }): Promise<StaffGrid> {
  const community = await staffCommunity(ctx, communityId);
  return ctx.db.transaction(async (tx) => {
    const worker = await resolveWorker(tx, community.id, input.worker);
    const [{ n }] = await tx.select({ n: sql<number>`count(*)::int` }).from(g).where(eq(g.communityId, community.id));
    const [row] = await tx.insert(g).values({ communityId: community.id, name: input.name, sortOrder: n, ...worker }).returning({ id: g.id });
    await saveBuildings(tx, community.id, row.id, input.buildings);
    await writeAudit(tx, ctx, {
      action: 'grid.created',
      targetType: 'grid',
      targetId: row.id,
      detail: { community: community.name, name: input.name, buildings: input.buildings, workerId: worker.workerId },
    });
    await bumpCacheVersion(tx, COMMUNITIES_CACHE, ctx.now);
    return staffGrid(tx, community.id, row.id);
  });
}

async function lockGrid(tx: DbOrTx, communityId: string, gridId: string) {
  if (!isUuid(gridId)) throw notFound('找不到该网格');
  const [row] = await tx.select().from(g).where(and(eq(g.id, gridId), eq(g.communityId, communityId))).for('update');
  if (!row) throw notFound('找不到该网格');
  return row;
}

export async function replaceGrid({ ctx, communityId, gridId, input }: { ctx: Ctx; communityId: string; gridId: string; input: GridInput }): Promise<StaffGrid> {
  const community = await staffCommunity(ctx, communityId);
  return ctx.db.transaction(async (tx) => {
    const before = await lockGrid(tx, community.id, gridId);
    const worker = await resolveWorker(tx, community.id, input.worker);
    await tx.update(g).set({ name: input.name, ...worker }).where(eq(g.id, before.id));
    await saveBuildings(tx, community.id, before.id, input.buildings);
    await writeAudit(tx, ctx, {
      action: before.workerId !== worker.workerId ? 'grid.worker_assigned' : 'grid.updated',
      targetType: 'grid',
      targetId: before.id,
      subjectUserId: worker.workerId,
      detail: { community: community.name, name: input.name, buildings: input.buildings, workerId: worker.workerId, previousWorkerId: before.workerId },
    });
    await bumpCacheVersion(tx, COMMUNITIES_CACHE, ctx.now);
    return staffGrid(tx, community.id, before.id);
  });
}

/** Removes a grid: its buildings go with it; residents, cards and items keep their community. */
export async function deleteGrid({ ctx, communityId, gridId }: { ctx: Ctx; communityId: string; gridId: string }) {
  const community = await staffCommunity(ctx, communityId);
  return ctx.db.transaction(async (tx) => {
    const row = await lockGrid(tx, community.id, gridId);
    await tx.update(schema.users).set({ gridId: null }).where(eq(schema.users.gridId, row.id));
    await tx.update(schema.cards).set({ gridId: null }).where(eq(schema.cards.gridId, row.id));
    await tx.delete(g).where(eq(g.id, row.id));
    await writeAudit(tx, ctx, { action: 'grid.deleted', targetType: 'grid', targetId: row.id, detail: { community: community.name, name: row.name } });
    await bumpCacheVersion(tx, COMMUNITIES_CACHE, ctx.now);
    return { id: row.id, deleted: true as const };
  });
}

export interface ResolvedPlace {
  communityId: string | null;
  gridId: string | null;
  building: string | null;
  latitude: number | null;
  longitude: number | null;
  address: string | null;
  /** The grid's 网格员 account, to route a new report to. */
  workerId: string | null;
}

/**
 * A report's or order's place: a picked grid must be in the community (and names it when none
 * was given); a building known to a grid of the community gives that grid. A building nobody
 * filed yet is kept as the reporter wrote it.
 */
export async function resolvePlace(db: DbOrTx, communityId: string | null, place: PlaceInput | undefined, field = 'place'): Promise<ResolvedPlace> {
  const out: ResolvedPlace = {
    communityId,
    gridId: null,
    building: place?.building ?? null,
    latitude: place?.lat ?? null,
    longitude: place?.lng ?? null,
    address: place?.address || null,
    workerId: null,
  };
  if (!place) return out;
  let grid: typeof g.$inferSelect | undefined;
  if (place.gridId) {
    [grid] = await db.select().from(g).where(eq(g.id, place.gridId));
    if (!grid || (communityId && grid.communityId !== communityId)) throw invalidField(`${field}.gridId`, '所选网格不在这个社区');
  } else if (place.building && communityId) {
    const conds: SQL[] = [eq(b.communityId, communityId), eq(b.key, buildingKey(place.building))];
    [grid] = await db.select({ grid: g }).from(b).innerJoin(g, eq(g.id, b.gridId)).where(and(...conds)).then((rows) => rows.map((r) => r.grid));
  }
  if (grid) {
    out.gridId = grid.id;
    out.communityId = grid.communityId;
    out.workerId = grid.workerId;
  }
  return out;
}
