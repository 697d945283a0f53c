import type { IncomingMessage, ServerResponse } from 'node:http';
import type { z } from 'zod';
import type { RouteDescriptor } from '../../../shared/contract/route';
import type { Ctx, UploadedFile } from '../services/context';

/** The node request/response pair. VercelRequest/VercelResponse extend these; we use only the base. */
export type Req = IncomingMessage;
export type Res = ServerResponse;
export type Handler = (req: Req, res: Res) => Promise<void>;

/** What the router passes a handler once the request is authorised and its input validated. */
export interface HandlerArgs<P = Record<string, string>, Q = unknown, B = unknown> {
  ctx: Ctx;
  params: P;
  query: Q;
  body: B;
  req: Req;
  /** The uploaded file of a `multipart` route. */
  file?: UploadedFile;
}

/** A descriptor with its handler bound: what the router runs and OpenAPI documents. */
export type AnyRoute = RouteDescriptor & {
  handler(args: HandlerArgs): Promise<unknown>;
};

type Spec<Q extends z.ZodType, B extends z.ZodType> = Omit<RouteDescriptor, 'query' | 'body' | 'response'> & {
  query?: Q;
  body?: B;
  response?: z.ZodType;
  handler(args: HandlerArgs<Record<string, string>, z.output<Q>, z.output<B>>): Promise<unknown>;
};

/**
 * The older, untyped-answer form: a descriptor and its handler in one object in `api/<entry>.ts`.
 * Kept so routes written that way still run (and tests can build a router of test routes);
 * convert a real route with a descriptor in `shared/contract/` and `bind` (docs/DEVELOPING.md).
 */
export function defineRoute<Q extends z.ZodType = z.ZodObject<{}>, B extends z.ZodType = z.ZodUndefined>(spec: Spec<Q, B>): AnyRoute {
  return spec as unknown as AnyRoute;
}
