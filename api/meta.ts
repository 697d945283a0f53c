import * as z from 'zod';
import { Reply } from './_lib/http/reply';
import { createRouter } from './_lib/http/router';
import { defineRoute, type AnyRoute } from './_lib/http/types';

let openApi: unknown = null;

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

/** What /api/openapi.json answers, so the document declares its own content too. */
const OpenApiDocumentSchema = z.looseObject({
  openapi: z.string(),
  info: z.looseObject({ title: z.string(), version: z.string() }),
  paths: z.record(z.string(), z.record(z.string(), z.unknown())),
  components: z.record(z.string(), z.unknown()),
});

/** /api/openapi.json, and the problem+json 404 for every path no other entry file owns. */
export const routes: AnyRoute[] = [
  defineRoute({
    method: 'GET',
    path: '/api/openapi.json',
    auth: 'public',
    summary: 'This API as OpenAPI 3.1',
    tag: 'meta',
    // The same document for everyone until the next deploy (which purges Vercel's cache), so
    // the CDN may keep it and no rate limit is needed: after the first request it is one
    // serialisation of a kept object. It also spares this function loading the Redis client.
    rateLimit: 'none',
    response: OpenApiDocumentSchema,
    handler: async () => new Reply(200, openApiDocument(), { 'cache-control': 'public, max-age=300, s-maxage=3600' }),
  }),
];

export default createRouter(routes);
