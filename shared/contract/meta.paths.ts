
/** Method and path of every meta operation: the zod-free half of `./meta.ts`, for the mini-program's main package. */
export const metaPaths = {
  openapi: { method: 'GET', path: '/api/openapi.json' },
} as const;
