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

/** OpenAPI 3.1 built from the same zod schemas the handlers validate with. */
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
      schema: { type: 'string' },
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
      security: r.auth === 'public' ? [] : [{ bearer: [] }],
      'x-roles': r.auth,
      responses: {
        [String(r.status ?? 200)]: {
          description: 'OK',
          content: r.response ? { 'application/json': { schema: toJson(r.response, 'output') } } : undefined,
        },
        default: {
          description: 'Problem',
          content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
        },
      },
    };
    if (r.body) op.requestBody = { required: true, content: { 'application/json': { schema: toJson(r.body, 'input') } } };
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
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
      schemas: { Problem: jsonSchema(ProblemSchema, 'output') },
    },
  };
}
