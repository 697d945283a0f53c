import { forbidden, unauthorized } from '../errors';
import type { Ctx, CurrentUser } from './context';

export const isStaff = (user: CurrentUser | null): boolean => user?.role === 'staff' || user?.role === 'admin';
export const isVolunteer = (user: CurrentUser | null): boolean => user?.role === 'volunteer';

export function requireUser(ctx: Ctx): CurrentUser {
  if (!ctx.user) throw unauthorized();
  return ctx.user;
}

export function requireStaff(ctx: Ctx): CurrentUser {
  const user = requireUser(ctx);
  if (!isStaff(user)) throw forbidden();
  return user;
}

/**
 * The communities a staff member may act on: null means every community (street staff
 * and admins); otherwise only their own. Community-less items belong to the street.
 */
export function staffScope(user: CurrentUser): string | null {
  if (user.role === 'admin') return null;
  return user.staffCommunityId;
}

export function staffMaySee(user: CurrentUser, communityId: string | null): boolean {
  const scope = staffScope(user);
  return scope === null || scope === communityId;
}

/**
 * Street-wide content (the handbook, the official-account links) belongs to no community: only
 * street staff and admins change it, so staff of one community cannot unpublish or rewrite what
 * every community reads.
 */
export function requireStreetStaff(ctx: Ctx): CurrentUser {
  const user = requireStaff(ctx);
  if (staffScope(user) !== null) throw forbidden('这是全街道共用的内容，只有街道工作人员可以修改');
  return user;
}
