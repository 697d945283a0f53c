
/** Method and path of every feedback operation: the zod-free half of `./feedback.ts`, for the mini-program's main package. */
export const feedbackPaths = {
  categories: { method: 'GET', path: '/api/feedback/categories' },
  create: { method: 'POST', path: '/api/feedback' },
  wall: { method: 'GET', path: '/api/feedback/wall' },
  echo: { method: 'GET', path: '/api/feedback/echo' },
  stats: { method: 'GET', path: '/api/feedback/stats' },
  mine: { method: 'GET', path: '/api/feedback/mine' },
  inbox: { method: 'GET', path: '/api/feedback/inbox' },
  reports: { method: 'GET', path: '/api/feedback/reports' },
  confirmReport: { method: 'POST', path: '/api/feedback/reports/:id/confirm' },
  dismissReport: { method: 'POST', path: '/api/feedback/reports/:id/dismiss' },
  get: { method: 'GET', path: '/api/feedback/:id' },
  reply: { method: 'POST', path: '/api/feedback/:id/replies' },
  report: { method: 'POST', path: '/api/feedback/:id/reports' },
  assign: { method: 'POST', path: '/api/feedback/:id/assign' },
  resolve: { method: 'POST', path: '/api/feedback/:id/resolve' },
  reject: { method: 'POST', path: '/api/feedback/:id/reject' },
  rate: { method: 'POST', path: '/api/feedback/:id/rate' },
  open311Services: { method: 'GET', path: '/api/open311/v2/services.json' },
  open311Requests: { method: 'GET', path: '/api/open311/v2/requests.json' },
  open311Request: { method: 'GET', path: '/api/open311/v2/requests/:id.json' },
} as const;
