
/** Method and path of every cron operation: the zod-free half of `./cron.ts`, for the mini-program's main package. */
export const cronPaths = {
  tick: { method: 'GET', path: '/api/cron/tick' },
} as const;
