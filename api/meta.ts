import { allRoutes } from './_lib/all-routes';
import { buildOpenApi } from './_lib/openapi';
import { createRouter } from './_lib/http/router';
import { defineRoute, type AnyRoute } from './_lib/http/types';

/** /api/openapi.json, and the problem+json 404 for every path no other entry file owns. */
export const routes: AnyRoute[] = [
  defineRoute({
    method: 'GET',
    path: '/api/openapi.json',
    auth: 'public',
    summary: 'This API as OpenAPI 3.1',
    tag: 'meta',
    handler: async () => buildOpenApi([...allRoutes(), ...routes]),
  }),
];

export default createRouter(routes);
