import { exportAudit, grantRole, listAudit, listUsers } from './_lib/services/admin';
import { getDashboard } from './_lib/services/dashboard';
import { issueOpen311Key, listOpen311Keys, revokeOpen311Key } from './_lib/services/feedback/open311-keys';
import { staffRoutes } from '../shared/contract/staff';
import { bind } from './_lib/http/bind';
import { Reply } from './_lib/http/reply';
import { createRouter } from './_lib/http/router';

/** /api/staff/* (the desk) and /api/admin/* (users, roles and the audit log). */
export const routes = bind(staffRoutes, {
  dashboard: ({ ctx }) => getDashboard({ ctx }),
  users: ({ ctx, query }) => listUsers({ ctx, query }),
  setRole: ({ ctx, params, body }) => grantRole({ ctx, userId: params.id, input: body }),
  audit: ({ ctx, query }) => listAudit({ ctx, query }),
  auditExport: async ({ ctx, query }) =>
    new Reply(
      200,
      await exportAudit({ ctx, query }),
      {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': `attachment; filename="audit.csv"; filename*=UTF-8''${encodeURIComponent('操作记录')}.csv`,
      },
      true,
    ),
  open311Keys: ({ ctx }) => listOpen311Keys({ ctx }),
  issueOpen311Key: ({ ctx, body }) => issueOpen311Key({ ctx, name: body.name }),
  revokeOpen311Key: ({ ctx, params }) => revokeOpen311Key({ ctx, id: params.id }),
});

export default createRouter(routes);
