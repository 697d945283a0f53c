import { TickSummarySchema } from '../cron';
import { cronPaths as p } from './cron.paths';
import { route } from './route';

/** /api/cron/*: the scheduled job, called by the scheduler with CRON_SECRET. */
export const cronRoutes = {
  tick: route(p.tick, {
    auth: 'cron',
    summary: 'Deliver the outbox, send shift reminders, escalate overdue feedback, close unrated items, prune idempotency keys (Authorization: Bearer CRON_SECRET)',
    tag: 'cron',
    response: TickSummarySchema,
    rateLimit: 'none',
  }),
};
