import { grantRole, listAudit } from './_lib/services/admin';
import { getDashboard } from './_lib/services/dashboard';
import { staffRoutes } from '../shared/contract/staff';
import { bind } from './_lib/http/bind';
import { createRouter } from './_lib/http/router';

/** /api/staff/* (the desk) and /api/admin/* (roles and the audit log). */
export const routes = bind(staffRoutes, {
  dashboard: ({ ctx }) => getDashboard({ ctx }),
  setRole: ({ ctx, params, body }) => grantRole({ ctx, userId: params.id, input: body }),
  audit: ({ ctx, query }) => listAudit({ ctx, query }),
});

export default createRouter(routes);
