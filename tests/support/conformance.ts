import { allRoutes } from '../../api/_lib/all-routes';
import type { AnyRoute } from '../../api/_lib/http/types';
import { buildOpenApi } from '../../api/_lib/openapi';
import { Open311ErrorsSchema } from '../../shared/open311';
import { ProblemSchema } from '../../shared/problem';
import { parseXml } from '../../scripts/open311/xml';

/**
 * Does an answer say what /api/openapi.json says it will? The status must be one the operation
 * documents explicitly (not only through `default`), a 2xx body must parse with the route
 * descriptor's zod `response` schema (the one the document is generated from and the client
 * parses with), and a 4xx must be problem+json. Used by the fuzz suite and the authorization
 * matrix for every answer, and by every API test's `app` for every success (`successConformance`);
 * returns what is wrong, empty when fine.
 */
type Doc = { paths: Record<string, Record<string, { responses: Record<string, unknown> }>> };
let doc: Doc | null = null;

function documentedStatuses(route: AnyRoute): string[] {
  doc ??= buildOpenApi(allRoutes()) as Doc;
  const oaPath = route.path.replace(/:([A-Za-z_]\w*)/g, '{$1}');
  return Object.keys(doc.paths[oaPath]?.[route.method.toLowerCase()]?.responses ?? {});
}

let compiled: { route: AnyRoute; regex: RegExp }[] | null = null;

/** The route a request reaches, matched as the routers match (first in contract order). */
function routeFor(method: string, pathname: string): AnyRoute | undefined {
  compiled ??= allRoutes().map((route) => ({
    route,
    regex: new RegExp(`^${route.path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/:([A-Za-z_]\w*)/g, '[^/]+?')}/?$`),
  }));
  return compiled.find((c) => c.route.method === method && c.regex.test(pathname))?.route;
}

/**
 * For the API tests' `app`: a success answer of a known route must be what its descriptor
 * promises (a documented status, a body its response schema accepts). Problems and unknown
 * paths are left to the tests that provoke them.
 */
export function successConformance(method: string, path: string, res: { status: number; headers: Headers; text: string }): string[] {
  if (res.status < 200 || res.status >= 300 || method === 'HEAD') return [];
  const route = routeFor(method, new URL(path, 'http://x').pathname);
  return route ? conformance(route, res) : [];
}

export function conformance(route: AnyRoute, res: { status: number; headers: Headers; text: string }): string[] {
  const out: string[] = [];
  const name = `${route.method} ${route.path} → ${res.status}`;
  const documented = documentedStatuses(route);
  if (!documented.includes(String(res.status))) out.push(`${name}: status not documented (documents ${documented.join(', ')})`);
  if (route.open311 && /^text\/xml/.test(res.headers.get('content-type') ?? '')) {
    // GeoReport v2 in XML: well-formed, with the route's root on success and <errors> otherwise.
    try {
      const root = parseXml(res.text);
      const expected = res.status < 300 ? route.open311.xmlRoot : 'errors';
      if (root.name !== expected) out.push(`${name}: XML root <${root.name}>, expected <${expected}>`);
    } catch (err) {
      out.push(`${name}: not well-formed XML: ${(err as Error).message}`);
    }
    return out;
  }
  if (route.produces && res.status >= 200 && res.status < 300) {
    // A file (CSV): its media type is the promise; there is no JSON to parse.
    if (!(res.headers.get('content-type') ?? '').startsWith(route.produces)) out.push(`${name}: content-type ${res.headers.get('content-type')}`);
    return out;
  }
  let body: unknown;
  try {
    body = res.text ? JSON.parse(res.text) : undefined;
  } catch {
    out.push(`${name}: body is not JSON`);
    return out;
  }
  if (res.status >= 200 && res.status < 300 && res.status !== 204) {
    if (!/^application\/json/.test(res.headers.get('content-type') ?? '')) out.push(`${name}: content-type ${res.headers.get('content-type')}`);
    if (!route.response) out.push(`${name}: the route declares no response schema`);
    else {
      const parsed = route.response.safeParse(body);
      if (!parsed.success) {
        const issues = parsed.error.issues.slice(0, 3).map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`);
        out.push(`${name}: body does not match the response schema: ${issues.join('; ')}`);
      }
    }
  }
  if (res.status >= 400 && route.open311) {
    // GeoReport v2 answers its errors as the spec's list, not problem+json.
    if (!/^application\/json/.test(res.headers.get('content-type') ?? '')) out.push(`${name}: content-type ${res.headers.get('content-type')}`);
    const errors = Open311ErrorsSchema.safeParse(body);
    if (!errors.success || errors.data.some((e) => e.code !== res.status)) out.push(`${name}: body is not the spec's error list`);
    return out;
  }
  if (res.status >= 400 && res.status < 500) {
    if (!/^application\/problem\+json/.test(res.headers.get('content-type') ?? '')) out.push(`${name}: not problem+json`);
    if (!ProblemSchema.safeParse(body).success) out.push(`${name}: body is not a problem`);
  }
  return out;
}
