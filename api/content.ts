import { CommunityListSchema } from '../shared/communities';
import { createRouter } from './_lib/http/router';
import { defineRoute, type AnyRoute } from './_lib/http/types';
import { listCommunities } from './_lib/services/communities';

/** /api/communities, /api/handbook*, /api/links*: the street's public content. */
export const routes: AnyRoute[] = [
  defineRoute({
    method: 'GET',
    path: '/api/communities',
    auth: 'public',
    summary: 'Communities with their grids',
    tag: 'communities',
    response: CommunityListSchema,
    handler: ({ ctx }) => listCommunities({ ctx }),
  }),
];

export default createRouter(routes);
