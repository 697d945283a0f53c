import { runTick } from './_lib/services/cron';
import { cronRoutes } from '../shared/contract/cron';
import { bind } from './_lib/http/bind';
import { createRouter } from './_lib/http/router';

/** /api/cron/*: the scheduled job; the router checks CRON_SECRET (`auth: 'cron'`). */
export const routes = bind(cronRoutes, {
  tick: ({ ctx }) => runTick({ ctx }),
});

export default createRouter(routes);
