/**
 * Method and path of every cron operation: the zod-free half of `./cron.ts`, the part the
 * mini-program's main package may import. One string per operation, `'METHOD /path'`, because
 * what the main package imports ships in it, and it sits close to its size budget.
 */
export const cronPaths = {
  tick: 'GET /api/cron/tick',
} as const;
