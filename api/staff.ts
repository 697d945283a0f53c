import { AuditEntrySchema, AuditQuerySchema, GrantRoleBodySchema } from '../shared/admin';
import { MeSchema } from '../shared/auth';
import { pageSchema } from '../shared/problem';
import { DashboardSchema } from '../shared/dashboard';
import { createRouter } from './_lib/http/router';
import { defineRoute, type AnyRoute } from './_lib/http/types';
import { grantRole, listAudit } from './_lib/services/admin';
import { getDashboard } from './_lib/services/dashboard';

/** /api/staff/* (the desk) and /api/admin/* (roles and the audit log). */
export const routes: AnyRoute[] = [
  defineRoute({
    method: 'GET',
    path: '/api/staff/dashboard',
    auth: ['staff'],
    summary: 'The staff desk: counts, 12-week charts and queue heads, scoped to the caller\'s community',
    tag: 'staff',
    response: DashboardSchema,
    handler: ({ ctx }) => getDashboard({ ctx }),
  }),
  defineRoute({
    method: 'POST',
    path: '/api/admin/users/:id/role',
    auth: ['admin'],
    summary: 'Grant a role to a user',
    tag: 'admin',
    body: GrantRoleBodySchema,
    response: MeSchema,
    handler: ({ ctx, params, body }) => grantRole({ ctx, userId: params.id, input: body }),
  }),
  defineRoute({
    method: 'GET',
    path: '/api/admin/audit',
    auth: ['admin'],
    summary: 'The audit log of staff actions, newest first',
    tag: 'admin',
    query: AuditQuerySchema,
    response: pageSchema(AuditEntrySchema),
    handler: ({ ctx, query }) => listAudit({ ctx, query }),
  }),
];

export default createRouter(routes);
