import * as z from 'zod';
import { ProblemSchema } from '../../shared/problem';
import type { AnyRoute } from './http/types';

function jsonSchema(schema: z.ZodTypeAny, io: 'input' | 'output') {
  try {
    return z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'draft-2020-12' });
  } catch {
    return {};
  }
}

const PROBLEM_DESCRIPTIONS: Record<number, string> = {
  400: 'Bad input: errors[] names each field (query, path, body; control characters anywhere)',
  401: 'Not logged in, or the session (or secret) is not valid',
  403: 'Logged in but not allowed',
  404: 'Not found, or not visible to the caller',
  409: 'Conflict or wrong state',
  413: 'Body larger than the route takes (64 KB of JSON; an upload its own limit)',
  415: 'Not a kind of content the route takes (an upload that is not a JPEG, PNG or WebP image)',
  422: 'Content refused, or an Idempotency-Key reused with another body',
  429: 'Too many requests (Retry-After)',
  503: 'A dependency (the database, WeChat) is down (Retry-After)',
};

/**
 * The problem answers a route may give, from its shape: every route validates its query and
 * path (400) and needs the database (503); any route that reads a session may refuse a stale
 * one (401); a logged-in route may refuse a role (403); a route with a path parameter or the caller's own resource may not find it
 * (404); a write may meet a conflict (409); a body may be too large (413) or refused (422); a
 * limited route answers 429. A route lists any other in `problems`.
 */
export function problemStatuses(r: AnyRoute): number[] {
  // A public route still reads a session when one is sent, and refuses a stale one; the cron
  // route refuses a wrong secret.
  const s = new Set<number>([400, 401, 503]);
  const caller = r.auth !== 'public' && r.auth !== 'cron';
  if (caller) s.add(403);
  if (r.path.includes(':') || caller) s.add(404);
  if (r.method !== 'GET') s.add(409);
  if (r.method === 'POST' || r.method === 'PUT' || r.method === 'PATCH') {
    s.add(413);
    s.add(422);
  }
  if (r.rateLimit !== 'none') s.add(429);
  for (const p of r.problems ?? []) s.add(p);
  return [...s].sort((a, b) => a - b);
}

/**
 * OpenAPI 3.1 built from the same zod schemas the handlers validate with.
 * @public Loaded with require() (api/meta.ts), which the unused-export check cannot follow.
 */
export function buildOpenApi(routes: AnyRoute[]) {
  // Many routes share a schema (a third of the conversions here); converting each once keeps
  // the cold start of api/meta shorter and the document the same.
  const converted = new Map<z.ZodTypeAny, Partial<Record<'input' | 'output', ReturnType<typeof jsonSchema>>>>();
  const toJson = (schema: z.ZodTypeAny, io: 'input' | 'output') => {
    let bySide = converted.get(schema);
    if (!bySide) converted.set(schema, (bySide = {}));
    return (bySide[io] ??= jsonSchema(schema, io));
  };
  const paths: Record<string, Record<string, unknown>> = {};
  for (const r of routes) {
    const oaPath = r.path.replace(/:([A-Za-z_]\w*)/g, '{$1}');
    const params = [...r.path.matchAll(/:([A-Za-z_]\w*)/g)].map((m) => ({
      name: m[1],
      in: 'path',
      required: true,
      schema: r.params?.[m[1]] ? toJson(r.params[m[1]] as z.ZodTypeAny, 'input') : { type: 'string' },
    }));
    const queryParams: unknown[] = [];
    if (r.query) {
      const js = toJson(r.query, 'input') as { properties?: Record<string, unknown>; required?: string[] };
      for (const [name, s] of Object.entries(js.properties ?? {})) {
        queryParams.push({ name, in: 'query', required: js.required?.includes(name) ?? false, schema: s });
      }
    }
    const op: Record<string, unknown> = {
      summary: r.summary,
      tags: r.tag ? [r.tag] : undefined,
      operationId: `${r.method.toLowerCase()}${oaPath.replace(/[^A-Za-z0-9]+(.)?/g, (_m, c: string) => (c ? c.toUpperCase() : ''))}`,
      parameters: [...params, ...queryParams],
      security: r.auth === 'cron' ? [{ cronSecret: [] }] : r.auth === 'public' ? [] : [{ bearer: [] }],
      'x-roles': r.auth,
      responses: Object.fromEntries([
        ...[r.status ?? 200, ...(r.alsoStatus ?? [])].map((status) => [
          String(status),
          {
            description: status === 201 ? 'Created' : 'OK',
            content: r.response
              ? Object.fromEntries(
                  // An Open311 route answers in the format its path names: the same document as JSON or XML.
                  (r.open311 ? ['application/json', 'text/xml'] : [r.produces ?? 'application/json']).map((type) => [type, { schema: toJson(r.response, 'output') }]),
                )
              : undefined,
          },
        ]),
        ...problemStatuses(r).map((status) => [String(status), { $ref: `#/components/responses/Problem${status}` }]),
        ['default', { $ref: '#/components/responses/Problem' }],
      ]),
    };
    if (r.body) op.requestBody = { required: true, content: { [r.open311 ? 'application/x-www-form-urlencoded' : 'application/json']: { schema: toJson(r.body, 'input') } } };
    if (r.multipart) {
      op.requestBody = {
        required: true,
        content: {
          'multipart/form-data': {
            schema: { type: 'object', required: [r.multipart.field], properties: { [r.multipart.field]: { type: 'string', format: 'binary', maxLength: r.multipart.maxBytes } } },
          },
        },
      };
    }
    if (r.idempotent) {
      (op.parameters as unknown[]).push({ name: 'Idempotency-Key', in: 'header', required: false, schema: { type: 'string' } });
    }
    paths[oaPath] = { ...(paths[oaPath] ?? {}), [r.method.toLowerCase()]: op };
  }
  return {
    openapi: '3.1.0',
    info: { title: '石楠邻里 API', version: '1.0.0', description: 'Shinan Street neighbour services' },
    servers: [{ url: '/' }],
    paths,
    components: {
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
        cronSecret: { type: 'http', scheme: 'bearer', description: 'CRON_SECRET, sent by the Vercel cron as Authorization: Bearer <secret>' },
      },
      schemas: { Problem: jsonSchema(ProblemSchema, 'output') },
      responses: Object.fromEntries([
        ...Object.entries(PROBLEM_DESCRIPTIONS).map(([status, description]) => [`Problem${status}`, problemResponse(description)]),
        ['Problem', problemResponse('Unexpected error (500)')],
      ]),
    },
  };
}

function problemResponse(description: string) {
  return { description, content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } } };
}
