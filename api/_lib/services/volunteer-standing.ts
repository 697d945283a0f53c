import { eq } from 'drizzle-orm';
import { schema, type DbOrTx } from '../db';
import { forbidden } from '../errors';

/**
 * Whether someone may serve (take orders from the pool, sign up for shifts): their 在职党员报到
 * must have been confirmed by the community. The refusals say where they stand, in words a
 * volunteer understands, with codes the mini-program can act on.
 */
export const volunteerPending = () =>
  forbidden('您的志愿者报到正在等待社区确认，确认后即可接单和报名值班', 'VOLUNTEER_PENDING');
export const volunteerRejected = (reason: string | null) =>
  forbidden(`社区未通过您的志愿者报到${reason ? `（${reason}）` : ''}，可修改信息后重新提交`, 'VOLUNTEER_REJECTED');
export const volunteerProfileRequired = () =>
  forbidden('请先登记红岗志愿者信息，再报名参加', 'VOLUNTEER_PROFILE_REQUIRED');

export interface Standing {
  /** The community whose orders this volunteer serves (street-wide orders too). */
  communityId: string | null;
}

/** The caller's confirmed standing, or the 403 that says why not. */
export async function requireApprovedVolunteer(db: DbOrTx, userId: string): Promise<Standing> {
  const vp = schema.volunteerProfiles;
  const [p] = await db
    .select({ status: vp.status, communityId: vp.communityId, rejectReason: vp.rejectReason })
    .from(vp)
    .where(eq(vp.userId, userId))
    .limit(1);
  return assertApproved(p ?? null);
}

export function assertApproved(p: { status: string; communityId: string | null; rejectReason: string | null } | null): Standing {
  if (!p) throw volunteerProfileRequired();
  if (p.status === 'pending') throw volunteerPending();
  if (p.status === 'rejected') throw volunteerRejected(p.rejectReason);
  return { communityId: p.communityId };
}

/** The standing of a confirmed volunteer, or null (not registered, pending or rejected). */
export async function standingOrNull(db: DbOrTx, userId: string): Promise<Standing | null> {
  try {
    return await requireApprovedVolunteer(db, userId);
  } catch {
    return null;
  }
}

/** Street-wide orders (no community) are in every volunteer's pool. */
export const inVolunteerPool = (standing: Standing, orderCommunityId: string | null) =>
  orderCommunityId === null || orderCommunityId === standing.communityId;
