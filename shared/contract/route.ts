import type { z } from 'zod';
import type { Role } from '../roles';

/**
 * Route descriptors: one object per route, in `shared/contract/<entry>.ts`, that the server binds
 * a handler to (api/_lib/http/bind.ts), the mini-program calls through (miniprogram/api/client.ts
 * `operations`) and the OpenAPI document is built from. This module is zod-free at run time (the
 * main package imports it): schemas appear only in types here.
 */
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/**
 * Who may call: anyone, any logged-in user, the roles listed (admin passes every staff rule; a
 * volunteer passes resident rules), or the scheduler (`Authorization: Bearer CRON_SECRET`, checked
 * by the router; no session is read).
 */
export type AuthRule = 'public' | 'user' | 'cron' | readonly Role[];

export type RateLimitName = 'read' | 'write' | 'auth' | 'report' | 'scan' | 'lookup' | 'none';

/** Where a route lives. */
export interface RouteTarget<M extends HttpMethod = HttpMethod, P extends string = string> {
  readonly method: M;
  readonly path: P;
}

/** The same as one string, `'POST /api/requests/:id/accept'`: the zod-free half of a descriptor, in `<entry>.paths.ts`. */
export type Target<M extends HttpMethod = HttpMethod, P extends string = string> = `${M} ${P}`;
type MethodOfTarget<T> = T extends `${infer M extends HttpMethod} ${string}` ? M : never;
type PathOfTarget<T> = T extends `${HttpMethod} ${infer P}` ? P : never;

/** Splits `'GET /api/x'` into its method and path. */
export function splitTarget<T extends Target>(target: T): RouteTarget<MethodOfTarget<T>, PathOfTarget<T>> {
  const at = target.indexOf(' ');
  return { method: target.slice(0, at) as MethodOfTarget<T>, path: target.slice(at + 1) as PathOfTarget<T> };
}

type Schema = z.ZodType;

export interface RouteInfo<Q extends Schema | undefined, B extends Schema | undefined, R extends Schema> {
  auth: AuthRule;
  summary: string;
  tag?: string;
  /** Query string, validated (and coerced) by the router; the handler gets `z.output`. */
  query?: Q;
  /**
   * Schemas for path parameters (`{ id: idParam }`), checked by the router before anything is
   * read: a malformed one is a 400 naming it. A parameter without one reaches the handler as sent.
   */
  params?: { readonly [name: string]: Schema };
  /** JSON body, validated by the router; the handler gets `z.output`. */
  body?: B;
  /** What a success answers. The handler must return `z.input` of it; clients parse with it. */
  response: R;
  /** A 2xx answer that is a file rather than JSON (the handler returns a raw `Reply`): its media type. */
  produces?: 'text/csv' | 'text/plain';
  /** Answer status on success (201 for creates). */
  status?: 200 | 201;
  /** Other success statuses the handler may answer with `reply(status, body)` (201 on a first registration, 200 after). */
  alsoStatus?: readonly (200 | 201)[];
  /** Problem statuses beyond those the route's shape implies (see problemStatuses in api/_lib/openapi.ts). */
  problems?: readonly number[];
  /**
   * The body is multipart/form-data carrying one file in `field` (what wx.uploadFile sends), up
   * to `maxBytes`, instead of JSON: the handler gets it as `file`.
   */
  multipart?: { field: string; maxBytes: number };
  /**
   * A public route whose caller is not a user (WeChat's message push): the Authorization header
   * is not read as a session. The handler checks the caller's own signature.
   */
  skipSession?: boolean;
  /** POST creates honour Idempotency-Key. */
  idempotent?: boolean;
  rateLimit?: RateLimitName;
  /**
   * An Open311 GeoReport v2 route, which speaks the spec's conventions rather than ours
   * (api/_lib/http/open311.ts): the path's `:format` (`json` or `xml`) picks the answer's format,
   * `xmlRoot` names the XML document's root element; errors are the spec's `[{code,
   * description}]` list in that format; any origin may read; a repeated query parameter is a
   * comma list and an empty one is absent; a POST body is form-encoded.
   */
  open311?: { xmlRoot: Open311XmlRoot };
}

/** The root elements of GeoReport v2's XML documents. */
export type Open311XmlRoot = 'discovery' | 'services' | 'service_definition' | 'service_requests';

export interface RouteDescriptor<
  M extends HttpMethod = HttpMethod,
  P extends string = string,
  Q extends Schema | undefined = Schema | undefined,
  B extends Schema | undefined = Schema | undefined,
  R extends Schema = Schema,
> extends RouteTarget<M, P>,
    RouteInfo<Q, B, R> {}

/** Joins the zod-free target (`'METHOD /path'`) with the rest of the route's description. */
export function route<T extends Target, R extends Schema, Q extends Schema | undefined = undefined, B extends Schema | undefined = undefined>(
  target: T,
  info: RouteInfo<Q, B, R> & { params?: { readonly [K in ParamNames<PathOfTarget<T>>]?: Schema } },
): RouteDescriptor<MethodOfTarget<T>, PathOfTarget<T>, Q, B, R> {
  return { ...splitTarget(target), ...info };
}

/** `'/api/x/:id/y/:key.json'` → `'id' | 'key'`; `'/api/x/:id.:format'` → `'id' | 'format'`. */
type ParamNames<P extends string> = P extends `${string}:${infer N}/${infer Rest}`
  ? Name<N> | ParamNames<`/${Rest}`>
  : P extends `${string}:${infer N}`
    ? Name<N>
    : never;
type Name<N extends string> = N extends `${infer A}.:${infer B}` ? A | Name<B> : N extends `${infer A}.${string}` ? A : N;

/** The path parameters of a route, by name, as strings. */
export type PathParams<P extends string> = { [K in ParamNames<P>]: string };

type Defined<S> = S extends Schema ? S : never;
export type QueryOf<D> = D extends RouteDescriptor<HttpMethod, string, infer Q, Schema | undefined, Schema> ? Q : never;
export type BodyOf<D> = D extends RouteDescriptor<HttpMethod, string, Schema | undefined, infer B, Schema> ? B : never;
export type ResponseOf<D> = D extends RouteDescriptor<HttpMethod, string, Schema | undefined, Schema | undefined, infer R> ? R : never;
export type PathOf<D> = D extends RouteTarget<HttpMethod, infer P> ? P : never;

/**
 * What a caller passes to an operation: the path parameters by name, then `query` and `body`
 * (both `z.input`: what the schema accepts, before defaults and coercion).
 */
export type OperationInput<D> = PathParams<PathOf<D>> &
  ([QueryOf<D>] extends [undefined] ? unknown : { query?: RequestQuery<D> }) &
  ([BodyOf<D>] extends [undefined] ? unknown : {} extends RequestBody<D> ? { body?: RequestBody<D> } : { body: RequestBody<D> });

/** A route's JSON body as a caller writes it. */
export type RequestBody<D> = z.input<Defined<BodyOf<D>>>;

/**
 * A route's query as a caller writes it. A query arrives as text, so where the schema accepts
 * `'true'`/`'false'` a caller may pass the boolean it stands for (the URL spells it the same).
 */
export type RequestQuery<D> = LooseQuery<z.input<Defined<QueryOf<D>>>>;
type LooseQuery<T> = { [K in keyof T]: T[K] | ('true' extends T[K] ? boolean : never) };

/** What a caller gets: the response schema's output (the client parses with it, or trusts the type). */
export type OperationOutput<D> = z.output<ResponseOf<D>>;

/** Any contract: an object of descriptors, one per operation, in route-matching order. */
export type Contract = Record<string, RouteDescriptor>;

/** The zod-free targets of a contract (from `<entry>.paths.ts`), keyed like the contract. */
export type PathTable<C extends Contract> = { readonly [K in keyof C]: Target<C[K]['method'], PathOf<C[K]>> };
