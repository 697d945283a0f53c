import { getSession } from '../../lib/session';
import { API_ORIGIN, operations } from '../../api/client';
import { contentRoutes } from '../../../shared/contract/content';
import type { RequestBody, RequestQuery } from '../../../shared/contract/route';
import { staffRoutes } from '../../../shared/contract/staff';
import type { Role } from '../../../shared/auth';

// The contracts themselves (a subpackage may carry zod): each answer is parsed with its response schema.
const staff = operations(staffRoutes);
const content = operations(contentRoutes);

/** The audit log's filter, as the list and the CSV export both take it. */
export type AuditFilter = RequestQuery<typeof staffRoutes.auditExport>;

/** The admin's calls: users and roles, the street's settings, the audit log. */
export const adminApi = {
  users: (query: Omit<RequestQuery<typeof staffRoutes.users>, 'limit'>) => staff.users({ query: { limit: 30, ...query } }, { silent: true }),
  grantRole: (userId: string, role: Role, staffCommunityId: string | null) => staff.setRole({ id: userId, body: { role, staffCommunityId } }, { silent: true }),
  saveSettings: (body: RequestBody<typeof contentRoutes.saveSettings>) => content.saveSettings({ body }, { silent: true }),
  open311Keys: () => staff.open311Keys({}, { silent: true }),
  issueOpen311Key: (name: string) => staff.issueOpen311Key({ body: { name } }, { silent: true }),
  revokeOpen311Key: (id: string) => staff.revokeOpen311Key({ id }, { silent: true }),
  audit: (filter: AuditFilter, cursor?: string) => staff.audit({ query: { limit: 30, cursor, ...filter } }, { silent: true }),
  /** The CSV's address with the filter, and the header that authorises it (downloads carry no session otherwise). */
  auditExport: (filter: AuditFilter) => {
    const qs = Object.entries(filter)
      .filter(([, v]) => v)
      .map(([k, v]) => `${k}=${encodeURIComponent(v as string)}`)
      .join('&');
    const token = getSession()?.token;
    const header: Record<string, string> = token ? { Authorization: `Bearer ${token}` } : {};
    return { url: `${API_ORIGIN}${staffRoutes.auditExport.path}${qs ? `?${qs}` : ''}`, header };
  },
};

/** 网格: a community's grids, their buildings and 网格员 (community staff: their own; street staff: any). */
export const gridsApi = {
  list: (communityId: string) => content.grids({ id: communityId }, { silent: true }),
  candidates: (communityId: string) => content.gridWorkerCandidates({ id: communityId }, { silent: true }),
  create: (communityId: string, body: RequestBody<typeof contentRoutes.gridCreate>, idempotencyKey: string) =>
    content.gridCreate({ id: communityId, body }, { idempotencyKey, silent: true }),
  replace: (communityId: string, gridId: string, body: RequestBody<typeof contentRoutes.gridReplace>) =>
    content.gridReplace({ id: communityId, gridId, body }, { silent: true }),
  remove: (communityId: string, gridId: string) => content.gridDelete({ id: communityId, gridId }, { silent: true }),
};

