import * as z from 'zod';
import { metaPaths as p } from './meta.paths';
import { route } from './route';

/** What /api/openapi.json answers, so the document declares its own content too. */
const OpenApiDocumentSchema = z.looseObject({
  openapi: z.string(),
  info: z.looseObject({ title: z.string(), version: z.string() }),
  paths: z.record(z.string(), z.record(z.string(), z.unknown())),
  components: z.record(z.string(), z.unknown()),
});

/** /api/openapi.json, and the problem+json 404 for every path no other entry file owns. */
export const metaRoutes = {
  openapi: route(p.openapi, {
    auth: 'public',
    summary: 'This API as OpenAPI 3.1',
    tag: 'meta',
    // The same document for everyone until the next deploy (which purges Vercel's cache), so
    // the CDN may keep it and no rate limit is needed: after the first request it is one
    // serialisation of a kept object. It also spares this function loading the Redis client.
    rateLimit: 'none',
    response: OpenApiDocumentSchema,
  }),
};
