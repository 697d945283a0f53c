/** Method and path of every staff operation: the zod-free half of `./staff.ts`, for the mini-program's main package. */
export const staffPaths = {
  dashboard: { method: 'GET', path: '/api/staff/dashboard' },
  users: { method: 'GET', path: '/api/admin/users' },
  setRole: { method: 'POST', path: '/api/admin/users/:id/role' },
  audit: { method: 'GET', path: '/api/admin/audit' },
  auditExport: { method: 'GET', path: '/api/admin/audit/export' },
} as const;
