/**
 * Method and path of every staff operation: the zod-free half of `./staff.ts`, the part the
 * mini-program's main package may import. One string per operation, `'METHOD /path'`, because
 * what the main package imports ships in it, and it sits close to its size budget.
 */
export const staffPaths = {
  dashboard: 'GET /api/staff/dashboard',
  users: 'GET /api/admin/users',
  setRole: 'POST /api/admin/users/:id/role',
  audit: 'GET /api/admin/audit',
  auditExport: 'GET /api/admin/audit/export',
  open311Keys: 'GET /api/admin/open311-keys',
  issueOpen311Key: 'POST /api/admin/open311-keys',
  revokeOpen311Key: 'DELETE /api/admin/open311-keys/:id',
} as const;
