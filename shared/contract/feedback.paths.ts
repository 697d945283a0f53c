/**
 * Method and path of every feedback operation: the zod-free half of `./feedback.ts`, the part the
 * mini-program's main package may import. One string per operation, `'METHOD /path'`, because
 * what the main package imports ships in it, and it sits close to its size budget.
 */
export const feedbackPaths = {
  upload: 'POST /api/uploads',
  pushCheck: 'GET /api/wechat/push',
  push: 'POST /api/wechat/push',
  categories: 'GET /api/feedback/categories',
  create: 'POST /api/feedback',
  wall: 'GET /api/feedback/wall',
  echo: 'GET /api/feedback/echo',
  stats: 'GET /api/feedback/stats',
  responsibleUnits: 'GET /api/feedback/responsible-units',
  mine: 'GET /api/feedback/mine',
  inbox: 'GET /api/feedback/inbox',
  reports: 'GET /api/feedback/reports',
  confirmReport: 'POST /api/feedback/reports/:id/confirm',
  dismissReport: 'POST /api/feedback/reports/:id/dismiss',
  get: 'GET /api/feedback/:id',
  reply: 'POST /api/feedback/:id/replies',
  support: 'POST /api/feedback/:id/support',
  withdrawSupport: 'DELETE /api/feedback/:id/support',
  report: 'POST /api/feedback/:id/reports',
  assign: 'POST /api/feedback/:id/assign',
  resolve: 'POST /api/feedback/:id/resolve',
  reject: 'POST /api/feedback/:id/reject',
  merge: 'POST /api/feedback/:id/merge',
  rate: 'POST /api/feedback/:id/rate',
  open311Discovery: 'GET /api/open311/v2/discovery.:format',
  open311Services: 'GET /api/open311/v2/services.:format',
  open311Service: 'GET /api/open311/v2/services/:code.:format',
  open311Requests: 'GET /api/open311/v2/requests.:format',
  open311Post: 'POST /api/open311/v2/requests.:format',
  open311Request: 'GET /api/open311/v2/requests/:id.:format',
} as const;
