/**
 * Method and path of every auth operation: the zod-free half of `./auth.ts`, the part the
 * mini-program's main package may import. One string per operation, `'METHOD /path'`, because
 * what the main package imports ships in it, and it sits close to its size budget.
 */
export const authPaths = {
  login: 'POST /api/auth/login',
  demoLogin: 'POST /api/auth/demo-login',
  me: 'GET /api/me',
  updateMe: 'PATCH /api/me',
  privacyConsent: 'POST /api/me/privacy-consent',
  exportMyData: 'GET /api/me/export',
  deleteMe: 'DELETE /api/me',
  badges: 'GET /api/me/badges',
  messages: 'GET /api/me/messages',
  readAllMessages: 'POST /api/me/messages/read-all',
  readMessage: 'POST /api/me/messages/:id/read',
  subscriptions: 'GET /api/me/subscriptions',
  recordSubscriptions: 'POST /api/me/subscriptions',
} as const;
