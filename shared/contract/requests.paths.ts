/**
 * Method and path of every requests operation: the zod-free half of `./requests.ts`, the part the
 * mini-program's main package may import. One string per operation, `'METHOD /path'`, because
 * what the main package imports ships in it, and it sits close to its size budget.
 */
export const requestsPaths = {
  menu: 'GET /api/requests/menu',
  prefill: 'GET /api/requests/prefill',
  residents: 'GET /api/requests/residents',
  create: 'POST /api/requests',
  list: 'GET /api/requests',
  get: 'GET /api/requests/:id',
  candidates: 'GET /api/requests/:id/candidates',
  dispatch: 'POST /api/requests/:id/dispatch',
  accept: 'POST /api/requests/:id/accept',
  start: 'POST /api/requests/:id/start',
  complete: 'POST /api/requests/:id/complete',
  cancel: 'POST /api/requests/:id/cancel',
  rate: 'POST /api/requests/:id/rate',
} as const;
