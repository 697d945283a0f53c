import { AuditEntrySchema, AuditQuerySchema, GrantRoleBodySchema } from '../admin';
import { MeSchema } from '../auth';
import { pageSchema } from '../problem';
import { DashboardSchema } from '../dashboard';
import { staffPaths as p } from './staff.paths';
import { route } from './route';

/** /api/staff/* (the desk) and /api/admin/* (roles and the audit log). */
export const staffRoutes = {
  dashboard: route(p.dashboard, {
    auth: ['staff'],
    summary: 'The staff desk: counts, 12-week charts and queue heads, scoped to the caller\'s community',
    tag: 'staff',
    response: DashboardSchema,
  }),
  setRole: route(p.setRole, {
    auth: ['admin'],
    summary: 'Grant a role to a user',
    tag: 'admin',
    body: GrantRoleBodySchema,
    response: MeSchema,
  }),
  audit: route(p.audit, {
    auth: ['admin'],
    summary: 'The audit log of staff actions, newest first',
    tag: 'admin',
    query: AuditQuerySchema,
    response: pageSchema(AuditEntrySchema),
  }),
};
