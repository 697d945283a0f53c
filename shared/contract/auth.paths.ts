
/** Method and path of every auth operation: the zod-free half of `./auth.ts`, for the mini-program's main package. */
export const authPaths = {
  login: { method: 'POST', path: '/api/auth/login' },
  demoLogin: { method: 'POST', path: '/api/auth/demo-login' },
  me: { method: 'GET', path: '/api/me' },
  updateMe: { method: 'PATCH', path: '/api/me' },
  privacyConsent: { method: 'POST', path: '/api/me/privacy-consent' },
  exportMyData: { method: 'GET', path: '/api/me/export' },
  deleteMe: { method: 'DELETE', path: '/api/me' },
  messages: { method: 'GET', path: '/api/me/messages' },
  readAllMessages: { method: 'POST', path: '/api/me/messages/read-all' },
  readMessage: { method: 'POST', path: '/api/me/messages/:id/read' },
  subscriptions: { method: 'GET', path: '/api/me/subscriptions' },
  recordSubscriptions: { method: 'POST', path: '/api/me/subscriptions' },
} as const;
