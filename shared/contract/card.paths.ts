/**
 * Method and path of every card operation: the zod-free half of `./card.ts`, the part the
 * mini-program's main package may import. One string per operation, `'METHOD /path'`, because
 * what the main package imports ships in it, and it sits close to its size budget.
 */
export const cardPaths = {
  mine: 'GET /api/card',
  save: 'PUT /api/card',
  remove: 'DELETE /api/card',
  rotateQr: 'POST /api/card/qr-token',
  scans: 'GET /api/card/scans',
  scan: 'GET /api/card/scan/:qrToken',
  lookup: 'POST /api/card/lookup',
} as const;
