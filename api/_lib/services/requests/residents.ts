import { and, asc, eq, inArray, isNull, or, sql, type SQL } from 'drizzle-orm';
import { RESIDENT_SEARCH_LIMIT, type ResidentPick, type ResidentSearchQuery } from '../../../../shared/requests';
import { schema } from '../../db';
import type { Ctx } from '../../http/types';
import { requireStaff, staffScope } from '../access';
import { escapeLike } from '../handbook/entries';
import { maskPhone } from '../privacy';

const u = schema.users;

/**
 * Phone digits are searched only from 4 digits up: a shorter run matches nearly everyone
 * and would let a caller read the masked middle of a number digit by digit.
 */
const PHONE_DIGITS_MIN = 4;

/**
 * 代办 picker: residents (volunteers are residents too) whose name or phone matches `q`.
 * Street staff and admins search the whole street; community staff and grid workers only
 * their own community, the same scope `createServiceRequest` enforces for `ownerId`.
 */
export async function findResidentsForProxy({ ctx, query }: { ctx: Ctx; query: ResidentSearchQuery }): Promise<{ items: ResidentPick[] }> {
  const staff = requireStaff(ctx);
  const q = query.q;
  const namePattern = `%${escapeLike(q)}%`;
  const digits = q.replace(/[\s-]/g, '');
  // Landlines are stored as 0931-87651234; compare without the dash so either form matches.
  const phoneMatch =
    /^\d+$/.test(digits) && digits.length >= PHONE_DIGITS_MIN ? sql`replace(${u.phone}, '-', '') LIKE ${`%${digits}%`}` : null;
  const nameMatch = sql`${u.displayName} ILIKE ${namePattern}`;

  const conds: SQL[] = [isNull(u.deletedAt), inArray(u.role, ['resident', 'volunteer'])];
  const scope = staffScope(staff);
  if (scope !== null) conds.push(eq(u.communityId, scope));
  conds.push(phoneMatch ? or(nameMatch, phoneMatch)! : nameMatch);

  const rows = await ctx.db
    .select({
      id: u.id,
      displayName: u.displayName,
      phone: u.phone,
      communityId: u.communityId,
      communityName: schema.communities.name,
      gridName: schema.grids.name,
    })
    .from(u)
    .leftJoin(schema.communities, eq(schema.communities.id, u.communityId))
    .leftJoin(schema.grids, eq(schema.grids.id, u.gridId))
    .where(and(...conds))
    // The exact name first, then names starting with it, so 王 finds 王芳 before 李王.
    .orderBy(
      sql`CASE WHEN ${u.displayName} = ${q} THEN 0 WHEN ${u.displayName} ILIKE ${`${escapeLike(q)}%`} THEN 1 ELSE 2 END`,
      asc(u.displayName),
      asc(u.id),
    )
    .limit(RESIDENT_SEARCH_LIMIT);

  return {
    items: rows.map((r) => ({
      id: r.id,
      displayName: r.displayName,
      maskedPhone: maskPhone(r.phone),
      communityId: r.communityId,
      communityName: r.communityName ?? null,
      gridName: r.gridName ?? null,
    })),
  };
}
