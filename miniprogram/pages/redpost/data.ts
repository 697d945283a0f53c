import type { redpostRoutes } from '../../../shared/contract/redpost';
import { redpostPaths } from '../../../shared/contract/redpost.paths';
import type { RequestQuery } from '../../../shared/contract/route';
import { operations } from '../../api/client';

const redpost = operations<typeof redpostRoutes>(redpostPaths);

/** The tab's two reads, typed without zod: this page is in the main package. */
export const redpostTabApi = {
  posts: () => redpost.posts({}, { silent: true }),
  shifts: (q: Omit<RequestQuery<typeof redpostRoutes.shifts>, 'limit' | 'cursor'>) => redpost.shifts({ query: { ...q, limit: 50 } }, { silent: true }),
};
