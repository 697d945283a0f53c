import { and, asc, eq, inArray, isNull, sql, type SQL } from 'drizzle-orm';
import { RESIDENT_SEARCH_LIMIT, type ResidentPick, type ResidentSearchQuery } from '../../../../shared/requests';
import { schema } from '../../db';
import type { Ctx } from '../context';
import { requireStaff, staffScope } from '../access';
import { writeAudit } from '../audit';
import { escapeLike } from '../handbook/entries';
import { maskPhone } from '../privacy';

const u = schema.users;

/**
 * A phone number finds a resident only whole: an 11-digit mobile or a landline with its
 * area code (10-12 digits). Matching any run of digits let a caller extend a prefix one
 * digit at a time until the masked middle of a number was read back (issue 15 item 7).
 */
const WHOLE_PHONE = /^(1\d{10}|0\d{9,11})$/;

/**
 * 代办 picker: residents (volunteers are residents too) whose name contains `q`, or whose
 * phone is exactly `q`. Street staff and admins search the whole street; community staff
 * and grid workers only their own community, the same scope `createServiceRequest`
 * enforces for `ownerId`. Every look-up is audited (who searched, for what, whom it
 * found) and rate-limited per staff member (`lookup`).
 */
export async function findResidentsForProxy({ ctx, query }: { ctx: Ctx; query: ResidentSearchQuery }): Promise<{ items: ResidentPick[] }> {
  const staff = requireStaff(ctx);
  const q = query.q;
  const digits = q.replace(/[\s-]/g, '');
  const byPhone = WHOLE_PHONE.test(digits);
  // Landlines are stored as 0931-87651234; compare without the dash so either form matches.
  const match = byPhone ? sql`replace(${u.phone}, '-', '') = ${digits}` : sql`${u.displayName} ILIKE ${`%${escapeLike(q)}%`}`;

  const conds: SQL[] = [isNull(u.deletedAt), inArray(u.role, ['resident', 'volunteer'])];
  const scope = staffScope(staff);
  if (scope !== null) conds.push(eq(u.communityId, scope));
  conds.push(match);

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

  const found = rows.map((r) => r.id);
  await writeAudit(ctx.db, ctx, {
    action: 'resident.searched',
    targetType: 'user',
    targetId: found.length === 1 ? found[0] : null,
    subjectUserId: found.length === 1 ? found[0] : null,
    // The number itself stays out of the log: its mask says which one was asked for.
    detail: { by: byPhone ? 'phone' : 'name', query: byPhone ? maskPhone(digits) : q, found },
  });

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
