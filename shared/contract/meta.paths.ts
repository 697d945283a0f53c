/**
 * Method and path of every meta operation: the zod-free half of `./meta.ts`, the part the
 * mini-program's main package may import. One string per operation, `'METHOD /path'`, because
 * what the main package imports ships in it, and it sits close to its size budget.
 */
export const metaPaths = {
  openapi: 'GET /api/openapi.json',
} as const;
