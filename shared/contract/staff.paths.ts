
/** Method and path of every staff operation: the zod-free half of `./staff.ts`, for the mini-program's main package. */
export const staffPaths = {
  dashboard: { method: 'GET', path: '/api/staff/dashboard' },
  setRole: { method: 'POST', path: '/api/admin/users/:id/role' },
  audit: { method: 'GET', path: '/api/admin/audit' },
} as const;
