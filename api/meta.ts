import { Reply } from './_lib/http/reply';
import { metaRoutes } from '../shared/contract/meta';
import { bind } from './_lib/http/bind';
import { createRouter } from './_lib/http/router';

let openApi: ReturnType<typeof import('./_lib/openapi').buildOpenApi> | null = null;

/**
 * Built on the first request for it and then kept (the routes cannot change in a running
 * process). It needs every entry file's routes and schemas, so they are required here and
 * not at the top: the problem+json 404s this function also answers load none of them.
 */
function openApiDocument() {
  if (!openApi) {
    /* eslint-disable @typescript-eslint/no-require-imports */
    const { allRoutes } = require('./_lib/all-routes') as typeof import('./_lib/all-routes');
    const { buildOpenApi } = require('./_lib/openapi') as typeof import('./_lib/openapi');
    /* eslint-enable @typescript-eslint/no-require-imports */
    openApi = buildOpenApi([...allRoutes(), ...routes]);
  }
  return openApi;
}

/** /api/openapi.json, and the problem+json 404 for every path no other entry file owns. */
export const routes = bind(metaRoutes, {
  openapi: async () => new Reply(200, openApiDocument(), { 'cache-control': 'public, max-age=300, s-maxage=3600' }),
});

export default createRouter(routes);
