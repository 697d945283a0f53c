import type { IncomingMessage, ServerResponse } from 'node:http';
import type { z } from 'zod';
import type { Role } from '../../../shared/auth';
import type { Db } from '../db';
import type { Logger } from '../log';
import type { Runtime } from '../runtime';

/** The node request/response pair. VercelRequest/VercelResponse extend these; we use only the base. */
export type Req = IncomingMessage;
export type Res = ServerResponse;
export type Handler = (req: Req, res: Res) => Promise<void>;

export interface CurrentUser {
  id: string;
  role: Role;
  displayName: string;
  communityId: string | null;
  staffCommunityId: string | null;
  openid: string | null;
}

/** What a service operation receives besides its input. */
export interface Ctx {
  runtime: Runtime;
  db: Db;
  user: CurrentUser | null;
  requestId: string;
  log: Logger;
  now: Date;
  ip: string;
}

export type AuthRule = 'public' | 'user' | readonly Role[];

export type RateLimitName = 'read' | 'write' | 'auth' | 'report' | 'scan' | 'lookup' | 'none';

export interface RouteSpec<Q extends z.ZodTypeAny = z.ZodTypeAny, B extends z.ZodTypeAny = z.ZodTypeAny> {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** e.g. `/api/handbook/:id`; a segment may carry a suffix, as in `/:id.json`. */
  path: string;
  auth: AuthRule;
  summary: string;
  tag?: string;
  query?: Q;
  body?: B;
  /** Response schema for the OpenAPI document. */
  response?: z.ZodTypeAny;
  /** A 2xx answer that is a file rather than JSON (the handler returns a raw Reply): its media type. */
  produces?: 'text/csv';
  /** Answer status on success (201 for creates). */
  status?: number;
  /** Other success statuses the handler may answer with a Reply (e.g. 201 on a first registration, 200 after). */
  alsoStatus?: readonly number[];
  /** Problem statuses beyond those the route's shape implies (see problemStatuses in openapi.ts). */
  problems?: readonly number[];
  /** The Authorization header carries a shared secret rather than a session (OpenAPI security scheme). */
  secret?: 'cron';
  /** POST creates honour Idempotency-Key. */
  idempotent?: boolean;
  rateLimit?: RateLimitName;
  /** The Authorization header carries something other than a session (the cron secret): don't parse it as one. */
  skipSession?: boolean;
  handler(args: {
    ctx: Ctx;
    params: Record<string, string>;
    query: z.infer<Q>;
    body: z.infer<B>;
    req: Req;
  }): Promise<unknown>;
}

export type AnyRoute = RouteSpec<z.ZodTypeAny, z.ZodTypeAny>;

/** Keeps the handler's `query` and `body` typed by the schemas given beside it. */
export function defineRoute<Q extends z.ZodTypeAny = z.ZodObject<{}>, B extends z.ZodTypeAny = z.ZodUndefined>(
  spec: RouteSpec<Q, B>,
): AnyRoute {
  return spec as unknown as AnyRoute;
}
