import * as z from 'zod';

/**
 * Places below the community: grids (网格), the buildings in them, and each grid's 网格员.
 * The grid list is public, like the 网格员公示牌 at every building's door: the name and the
 * grid's work phone (typed by staff when they assign the worker, never the account's own phone)
 * are there for residents to call.
 */
export const PLACE_LIMITS = { gridName: 30, building: 30, buildings: 200, address: 200, workerName: 30 } as const;

/** 3号楼 / 3栋 / 3 幢 are one building: whitespace and a trailing suffix go (the card look-up does the same). */
export const BUILDING_SUFFIX = '号楼|栋|幢|楼|号';
export function buildingKey(name: string): string {
  return name.replace(new RegExp(`\\s|(${BUILDING_SUFFIX})$`, 'g'), '');
}

const workPhone = z.string().trim().regex(/^(1\d{10}|0\d{2,3}-?\d{7,8})$/, '请输入 11 位手机号或带区号的座机号');
const buildingName = z.string().trim().min(1, '楼栋不能为空').max(PLACE_LIMITS.building, `不能超过 ${PLACE_LIMITS.building} 个字`);

export const GridWorkerSchema = z.object({ name: z.string(), phone: z.string() });
export const GridSchema = z.object({
  id: z.string(),
  name: z.string(),
  /** Null until the community assigns one. */
  gridWorker: GridWorkerSchema.nullable(),
  buildings: z.array(z.string()),
});
export type Grid = z.infer<typeof GridSchema>;
export const GridListSchema = z.array(GridSchema);

/** What staff see when managing a grid: also which account is the worker. */
export const StaffGridSchema = GridSchema.extend({ workerId: z.string().nullable(), communityId: z.string() });
export type StaffGrid = z.infer<typeof StaffGridSchema>;

/**
 * Create or replace a grid. The 网格员 is a staff account of the grid's community (or street
 * staff): they get the grid's new reports in their inbox. `phone` is the published work phone.
 */
export const GridBodySchema = z.object({
  name: z.string().trim().min(1, '请填写网格名称').max(PLACE_LIMITS.gridName, `不能超过 ${PLACE_LIMITS.gridName} 个字`),
  buildings: z
    .array(buildingName)
    .max(PLACE_LIMITS.buildings, `一个网格最多 ${PLACE_LIMITS.buildings} 栋楼`)
    .refine((list) => new Set(list.map(buildingKey)).size === list.length, '楼栋重复了')
    .default([]),
  worker: z.object({ userId: z.uuid('请选择网格员'), phone: workPhone }).nullable().default(null),
});
export type GridBody = z.input<typeof GridBodySchema>;

export const GridDeletedSchema = z.object({ id: z.string(), deleted: z.literal(true) });

/** Staff accounts who may be a grid's 网格员. */
export const GridWorkerCandidateSchema = z.object({
  id: z.string(),
  displayName: z.string(),
  /** The account's own phone, shown to staff only, to prefill the work phone. */
  phone: z.string().nullable(),
  /** Grids of this community the person is already the worker of. */
  gridIds: z.array(z.string()),
});
export const GridWorkerCandidateListSchema = z.array(GridWorkerCandidateSchema);

/**
 * Where a report or order is: what residents know first (the building, or the grid), then a
 * point on the map (weapp chooseLocation) and its address. Everything is optional.
 */
export const PlaceSchema = z
  .object({
    gridId: z.uuid('请选择网格').optional(),
    building: buildingName.optional(),
    lat: z.number().min(-90).max(90).optional(),
    lng: z.number().min(-180).max(180).optional(),
    address: z.string().trim().max(PLACE_LIMITS.address, `不能超过 ${PLACE_LIMITS.address} 个字`).optional(),
  })
  .refine((p) => (p.lat === undefined) === (p.lng === undefined), { message: '经纬度要一起填写', path: ['lat'] });
export type PlaceInput = z.output<typeof PlaceSchema>;
