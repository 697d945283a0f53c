
/** Method and path of every card operation: the zod-free half of `./card.ts`, for the mini-program's main package. */
export const cardPaths = {
  mine: { method: 'GET', path: '/api/card' },
  save: { method: 'PUT', path: '/api/card' },
  remove: { method: 'DELETE', path: '/api/card' },
  rotateQr: { method: 'POST', path: '/api/card/qr-token' },
  scans: { method: 'GET', path: '/api/card/scans' },
  scan: { method: 'GET', path: '/api/card/scan/:qrToken' },
} as const;
