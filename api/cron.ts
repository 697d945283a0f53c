import { TickSummarySchema } from '../shared/cron';
import { createRouter } from './_lib/http/router';
import { defineRoute, type AnyRoute } from './_lib/http/types';
import { runTick } from './_lib/services/cron';

/** /api/cron/*: the scheduled job. Public at the router; the service checks CRON_SECRET itself. */
export const routes: AnyRoute[] = [
  defineRoute({
    method: 'GET',
    path: '/api/cron/tick',
    auth: 'public',
    summary: 'Deliver the outbox, send shift reminders, escalate overdue feedback, close unrated items, prune idempotency keys (Authorization: Bearer CRON_SECRET)',
    tag: 'cron',
    response: TickSummarySchema,
    rateLimit: 'none',
    skipSession: true,
    secret: 'cron',
    handler: ({ ctx, req }) => runTick({ ctx, req }),
  }),
];

export default createRouter(routes);
