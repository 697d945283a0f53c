import * as z from 'zod';
import { AdminUserQuerySchema, AdminUserSchema, AuditEntrySchema, AuditExportQuerySchema, AuditQuerySchema, GrantRoleBodySchema } from '../shared/admin';
import { MeSchema } from '../shared/auth';
import { pageSchema } from '../shared/problem';
import { DashboardSchema } from '../shared/dashboard';
import { Reply } from './_lib/http/reply';
import { createRouter } from './_lib/http/router';
import { defineRoute, type AnyRoute } from './_lib/http/types';
import { exportAudit, grantRole, listAudit, listUsers } from './_lib/services/admin';
import { getDashboard } from './_lib/services/dashboard';

/** /api/staff/* (the desk) and /api/admin/* (users, roles and the audit log). */
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
    method: 'GET',
    path: '/api/admin/users',
    auth: ['admin'],
    summary: 'Users by name, phone digits or openid, with their roles (phones masked)',
    tag: 'admin',
    query: AdminUserQuerySchema,
    response: pageSchema(AdminUserSchema),
    handler: ({ ctx, query }) => listUsers({ ctx, query }),
  }),
  defineRoute({
    method: 'POST',
    path: '/api/admin/users/:id/role',
    auth: ['admin'],
    summary: 'Grant a role to a user, or revoke one by granting resident/volunteer (never the last admin\'s, nor the caller\'s own admin role, away)',
    tag: 'admin',
    body: GrantRoleBodySchema,
    response: MeSchema,
    handler: ({ ctx, params, body }) => grantRole({ ctx, userId: params.id, input: body }),
  }),
  defineRoute({
    method: 'GET',
    path: '/api/admin/audit',
    auth: ['admin'],
    summary: 'The audit log of staff actions, newest first, in readable words',
    tag: 'admin',
    query: AuditQuerySchema,
    response: pageSchema(AuditEntrySchema),
    handler: ({ ctx, query }) => listAudit({ ctx, query }),
  }),
  defineRoute({
    method: 'GET',
    path: '/api/admin/audit/export',
    auth: ['admin'],
    summary: 'The filtered audit log as CSV (UTF-8 with a byte-order mark, for Excel)',
    tag: 'admin',
    query: AuditExportQuerySchema,
    produces: 'text/csv',
    // 409 EXPORT_TOO_LARGE: more rows than one file holds; narrow the dates.
    problems: [409],
    response: z.string(),
    handler: async ({ ctx, query }) =>
      new Reply(
        200,
        await exportAudit({ ctx, query }),
        {
          'content-type': 'text/csv; charset=utf-8',
          'content-disposition': `attachment; filename="audit.csv"; filename*=UTF-8''${encodeURIComponent('操作记录')}.csv`,
        },
        true,
      ),
  }),
];

export default createRouter(routes);
