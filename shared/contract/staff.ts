import * as z from 'zod';
import { AdminUserQuerySchema, AdminUserSchema, AuditEntrySchema, AuditExportQuerySchema, AuditQuerySchema, GrantRoleBodySchema } from '../admin';
import { MeSchema } from '../auth';
import { pageSchema } from '../problem';
import { DashboardSchema } from '../dashboard';
import { CreateOpen311KeyBodySchema, CreatedOpen311KeySchema, Open311KeyListSchema, Open311KeySchema } from '../open311';
import { staffPaths as p } from './staff.paths';
import { route } from './route';
import { ID_PARAMS } from '../params';

/** /api/staff/* (the desk) and /api/admin/* (users, roles and the audit log). */
export const staffRoutes = {
  dashboard: route(p.dashboard, {
    auth: ['staff'],
    summary: 'The staff desk: counts, 12-week charts and queue heads, scoped to the caller\'s community',
    tag: 'staff',
    response: DashboardSchema,
  }),
  users: route(p.users, {
    auth: ['admin'],
    summary: 'Users by name, phone digits or openid, with their roles (phones masked)',
    tag: 'admin',
    query: AdminUserQuerySchema,
    response: pageSchema(AdminUserSchema),
  }),
  setRole: route(p.setRole, {
    params: ID_PARAMS,
    auth: ['admin'],
    summary: 'Grant a role to a user, or revoke one by granting resident/volunteer (never the last admin\'s, nor the caller\'s own admin role, away)',
    tag: 'admin',
    body: GrantRoleBodySchema,
    response: MeSchema,
  }),
  audit: route(p.audit, {
    auth: ['admin'],
    summary: 'The audit log of staff actions, newest first, in readable words',
    tag: 'admin',
    query: AuditQuerySchema,
    response: pageSchema(AuditEntrySchema),
  }),
  auditExport: route(p.auditExport, {
    auth: ['admin'],
    summary: 'The filtered audit log as CSV (UTF-8 with a byte-order mark, for Excel)',
    tag: 'admin',
    query: AuditExportQuerySchema,
    produces: 'text/csv',
    // 409 EXPORT_TOO_LARGE: more rows than one file holds; narrow the dates.
    problems: [409],
    response: z.string(),
  }),
  open311Keys: route(p.open311Keys, {
    auth: ['admin'],
    summary: 'Open311 keys in use (their names and first characters, never the keys)',
    tag: 'admin',
    response: Open311KeyListSchema,
  }),
  issueOpen311Key: route(p.issueOpen311Key, {
    auth: ['admin'],
    summary: 'Issue an Open311 key for a third-party client: the answer is the only time the key is shown',
    tag: 'admin',
    body: CreateOpen311KeyBodySchema,
    response: CreatedOpen311KeySchema,
    status: 201,
  }),
  revokeOpen311Key: route(p.revokeOpen311Key, {
    auth: ['admin'],
    summary: 'Revoke an Open311 key: posts with it are refused from now on',
    tag: 'admin',
    params: ID_PARAMS,
    response: Open311KeySchema,
  }),
};
