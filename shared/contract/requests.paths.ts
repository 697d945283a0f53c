
/** Method and path of every requests operation: the zod-free half of `./requests.ts`, for the mini-program's main package. */
export const requestsPaths = {
  menu: { method: 'GET', path: '/api/requests/menu' },
  prefill: { method: 'GET', path: '/api/requests/prefill' },
  residents: { method: 'GET', path: '/api/requests/residents' },
  create: { method: 'POST', path: '/api/requests' },
  list: { method: 'GET', path: '/api/requests' },
  get: { method: 'GET', path: '/api/requests/:id' },
  candidates: { method: 'GET', path: '/api/requests/:id/candidates' },
  dispatch: { method: 'POST', path: '/api/requests/:id/dispatch' },
  accept: { method: 'POST', path: '/api/requests/:id/accept' },
  start: { method: 'POST', path: '/api/requests/:id/start' },
  complete: { method: 'POST', path: '/api/requests/:id/complete' },
  cancel: { method: 'POST', path: '/api/requests/:id/cancel' },
  rate: { method: 'POST', path: '/api/requests/:id/rate' },
} as const;
