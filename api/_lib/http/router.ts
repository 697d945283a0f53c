import { createHash, randomUUID, timingSafeEqual } from 'node:crypto';
import * as z from 'zod';
import '../../../shared/zod-setup';
import type { Config } from '../config';
import { isConnectionError, type Db } from '../db';
import { ServiceError, forbidden, tooMany, unauthorized } from '../errors';
import { getRuntime, type Runtime } from '../runtime';
import { readJsonBody, readMultipartFile, refuseControlCharacters } from './body';
import { loadCurrentUser } from './current-user';
import { beginIdempotent, forgetIdempotent, parseIdempotencyKey, recordIdempotentOutcome, requestHash } from './idempotency';
import { problemBody, sendJson, sendProblem } from './problem';
import { RATE_LIMITS } from './rate-limits';
import { scheduleDelivery } from '../services/notifications-delivery';
import { Reply } from './reply';
import { applyOpen311Cors, formatOfPath, isOpen311Format, open311Errors, open311Query, readFormBody, sendOpen311 } from './open311';
import { hasMalformedEscapes, requestUrl } from './target';
import type { Ctx, CurrentUser, UploadedFile } from '../services/context';
import type { AnyRoute, Handler, Req, Res } from './types';

interface CompiledRoute {
  spec: AnyRoute;
  regex: RegExp;
  paramNames: string[];
}

function compile(spec: AnyRoute): CompiledRoute {
  const paramNames: string[] = [];
  const pattern = spec.path
    .split('/')
    .map((seg) =>
      seg.replace(/:([A-Za-z_]\w*)|([^:]+)/g, (_m, name: string | undefined, literal: string | undefined) => {
        if (name) {
          paramNames.push(name);
          return '([^/]+?)';
        }
        return (literal ?? '').replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      }),
    )
    .join('/');
  return { spec, regex: new RegExp(`^${pattern}/?$`), paramNames };
}

const header = (req: Req, name: string) => {
  const v = req.headers[name];
  return (Array.isArray(v) ? v.join(',') : v) ?? '';
};

/**
 * The address per-address limits count. X-Forwarded-For is whatever the caller wrote
 * unless a proxy we run rewrote it, so it is believed only as far as configured: on
 * Vercel its edge sets X-Real-IP / X-Forwarded-For itself; behind N proxies of our own
 * (TRUST_PROXY=N) each appended the peer it saw, so the Nth entry from the right is the
 * client and anything left of it may be forged. Otherwise the socket address.
 */
export function clientIp(req: Req, config: Pick<Config, 'trustProxy'>): string {
  const socket = req.socket?.remoteAddress || 'unknown';
  const { hops, vercel } = config.trustProxy;
  if (vercel) {
    const real = header(req, 'x-real-ip').trim();
    return real || header(req, 'x-forwarded-for').split(',')[0]?.trim() || socket;
  }
  if (hops === 0) return socket;
  const chain = header(req, 'x-forwarded-for')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (!chain.length) return socket;
  return chain[Math.max(0, chain.length - hops)];
}

function zodErrors(err: z.ZodError) {
  return err.issues.map((i) => ({ path: i.path.map(String).join('.') || '(body)', message: i.message }));
}

/** zod's generic messages (无效输入…) say nothing a person can act on. */
function readableDetail(message: string): string {
  return /^无效|^Invalid/.test(message) ? '填写的内容有误，请检查后再试' : message;
}

function validationError(err: z.ZodError): ServiceError {
  const errors = zodErrors(err);
  const first = errors[0];
  // The detail is read by people (a toast): the schema's own message, which names the field in
  // words (docs/copy-guide.md); `errors` keeps the paths for the form to place each message.
  return new ServiceError(400, 'VALIDATION_FAILED', readableDetail(first.message), errors);
}

/** Built once: a zod object schema compiles itself on first use, so a fresh one per request costs CPU. */
const NO_QUERY = z.object({});

/** A route's `params` schemas as one object schema, built on first use. */
const paramSchemas = new WeakMap<object, z.ZodObject>();
function paramsSchema(params: NonNullable<AnyRoute['params']>): z.ZodObject {
  let schema = paramSchemas.get(params);
  if (!schema) paramSchemas.set(params, (schema = z.object(params)));
  return schema;
}

function queryObject(url: URL): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of url.searchParams) out[k] = v;
  return out;
}

const digest = (s: string) => createHash('sha256').update(s).digest();

/**
 * `auth: 'cron'`: the Vercel cron sends `Authorization: Bearer <CRON_SECRET>`. Compared in
 * constant time over hashes (equal length whatever was sent); without a configured secret
 * nobody gets in.
 */
function assertCronSecret(req: Req, runtime: Runtime) {
  const secret = runtime.config.cronSecret;
  const given = /^Bearer\s+(.+)$/i.exec(header(req, 'authorization'))?.[1] ?? '';
  const ok = Boolean(secret) && timingSafeEqual(digest(given), digest(secret ?? '')) && given.length > 0;
  if (!ok) throw unauthorized('需要定时任务密钥', 'CRON_UNAUTHORIZED');
}

function authorize(spec: AnyRoute, user: CurrentUser | null) {
  if (spec.auth === 'public' || spec.auth === 'cron') return;
  if (!user) throw unauthorized();
  if (spec.auth === 'user') return;
  const roles = spec.auth as readonly string[];
  // An admin may do whatever staff may.
  if (roles.includes(user.role) || (user.role === 'admin' && roles.includes('staff'))) return;
  if (user.role === 'volunteer' && roles.includes('resident')) return;
  throw forbidden();
}

function applyCors(req: Req, res: Res, runtime: Runtime): boolean {
  const origin = req.headers.origin;
  const allowed = runtime.config.corsOrigins;
  if (origin && allowed.includes(origin)) {
    res.setHeader('Access-Control-Allow-Origin', origin);
    res.setHeader('Vary', 'Origin');
    res.setHeader('Access-Control-Allow-Headers', 'Authorization, Content-Type, Idempotency-Key, X-Request-Id');
    res.setHeader('Access-Control-Allow-Methods', 'GET, POST, PUT, PATCH, DELETE, OPTIONS');
    res.setHeader('Access-Control-Max-Age', '600');
  }
  if (req.method === 'OPTIONS') {
    res.statusCode = 204;
    res.end();
    return true;
  }
  return false;
}

export interface Router extends Handler {
  routes: readonly AnyRoute[];
}

/**
 * One router per api/ entry file. It owns everything a route shares: request id,
 * CORS, matching (404/405), auth and role, rate limit, body parsing and validation,
 * Idempotency-Key, and turning errors into problem+json.
 */
export function createRouter(routes: readonly AnyRoute[]): Router {
  const compiled = routes.map(compile);
  // Where the Open311 routes live (the folder of each, up to its first parameter): any answer
  // there, a 404 or 405 included, speaks GeoReport v2 (api/_lib/http/open311.ts).
  const open311Folders = [
    ...new Set(compiled.filter((c) => c.spec.open311).map((c) => c.spec.path.slice(0, c.spec.path.lastIndexOf('/', c.spec.path.indexOf(':') >>> 0) + 1))),
  ];
  const isOpen311Path = (pathname: string) => open311Folders.some((f) => pathname.startsWith(f));
  const handler = async (req: Req, res: Res) => {
    const started = Date.now();
    const requestId =
      (typeof req.headers['x-request-id'] === 'string' && /^[\w-]{8,64}$/.test(req.headers['x-request-id'])
        ? req.headers['x-request-id']
        : null) ?? randomUUID();
    res.setHeader('X-Request-Id', requestId);
    // Every answer, error or not: a browser must never guess a JSON body into HTML.
    res.setHeader('X-Content-Type-Options', 'nosniff');
    // Whatever is asked with credentials may be personal: no shared or browser cache keeps it.
    let personal = req.headers.authorization !== undefined;
    if (personal) res.setHeader('Cache-Control', 'no-store');
    let runtime: Runtime | null = null;
    let status = 500;
    let userId: string | undefined;
    const parsedUrl = requestUrl(req);
    const url = parsedUrl ?? new URL('http://localhost/');
    const open311 = isOpen311Path(url.pathname);
    try {
      if (open311) applyOpen311Cors(req, res);
      // Before anything reads the path: a target that cannot be decoded is the client's error.
      if (!parsedUrl || hasMalformedEscapes(url.pathname)) throw malformedUrl();
      try {
        runtime = await getRuntime();
      } catch (err) {
        if (isConnectionError(err)) throw new ServiceError(503, 'DATABASE_UNAVAILABLE', '服务暂时不可用，请稍后再试');
        throw err;
      }
      if (open311 ? req.method === 'OPTIONS' && endPreflight(res) : applyCors(req, res, runtime)) {
        status = 204;
        return;
      }
      const pathname = url.pathname;
      const matches = compiled
        .map((c) => ({ c, m: c.regex.exec(pathname) }))
        .filter((x): x is { c: CompiledRoute; m: RegExpExecArray } => x.m !== null);
      if (!matches.length) throw new ServiceError(404, 'ROUTE_NOT_FOUND', '请求的接口不存在');
      // HEAD is a GET without the body (Node drops the body of a HEAD answer itself).
      const method = req.method === 'HEAD' ? 'GET' : req.method;
      const hit = matches.find((x) => x.c.spec.method === method);
      if (!hit) {
        const methods = new Set<string>(matches.map((x) => x.c.spec.method));
        if (methods.has('GET')) methods.add('HEAD');
        const allow = [...methods].join(', ');
        throw new ServiceError(405, 'METHOD_NOT_ALLOWED', '不支持该请求方式', undefined, { Allow: allow });
      }
      const { spec } = hit.c;
      if (spec.auth !== 'public' && !personal) {
        personal = true;
        res.setHeader('Cache-Control', 'no-store');
      }
      const params: Record<string, string> = {};
      hit.c.paramNames.forEach((name, i) => {
        try {
          params[name] = decodeURIComponent(hit.m[i + 1]);
        } catch {
          params[name] = hit.m[i + 1];
        }
      });

      // The cron's Authorization header carries the shared secret, not a session.
      if (spec.open311 && !isOpen311Format(params.format)) throw new ServiceError(404, 'ROUTE_NOT_FOUND', '请求的接口不存在（格式只能是 json 或 xml）');

      if (spec.auth === 'cron') assertCronSecret(req, runtime);
      const user = spec.auth === 'cron' || spec.skipSession ? null : await loadCurrentUser(req, runtime);
      userId = user?.id;
      authorize(spec, user);

      const ip = clientIp(req, runtime.config);
      const limitName = spec.rateLimit ?? (spec.method === 'GET' ? 'read' : 'write');
      if (limitName !== 'none' && !runtime.config.rateLimitDisabled) {
        const policy = RATE_LIMITS[limitName];
        const r = await runtime.store.limit(policy, user ? `u:${user.id}` : `ip:${ip}`);
        if (!r.success) throw tooMany(r.retryAfterSeconds);
      }

      const queryRaw = spec.open311 ? open311Query(url) : queryObject(url);
      refuseControlCharacters({ ...params, ...queryRaw });
      if (spec.params) {
        const parsed = paramsSchema(spec.params).safeParse(params);
        if (!parsed.success) throw validationError(parsed.error);
      }
      const queryParsed = (spec.query ?? NO_QUERY).safeParse(queryRaw);
      if (!queryParsed.success) throw validationError(queryParsed.error);

      let body: unknown = undefined;
      let file: UploadedFile | undefined;
      if (spec.multipart) {
        file = await readMultipartFile(req, spec.multipart);
      } else if (spec.method !== 'GET' && spec.method !== 'DELETE') {
        const raw = spec.open311 ? await readFormBody(req) : await readJsonBody(req);
        refuseControlCharacters(raw);
        if (spec.body) {
          const parsed = spec.body.safeParse(raw ?? {});
          if (!parsed.success) throw validationError(parsed.error);
          body = parsed.data;
        }
      }

      const ctx: Ctx = {
        runtime,
        db: runtime.db,
        user,
        requestId,
        log: runtime.log.child({ requestId }),
        now: runtime.now(),
        ip,
      };

      const idemKey = spec.idempotent ? parseIdempotencyKey(req.headers['idempotency-key']) : null;
      const idemScope = user ? `u:${user.id}` : `ip:${ip}`;
      if (idemKey) {
        const replay = await beginIdempotent(runtime, idemScope, idemKey, spec.method, pathname, requestHash(body));
        if (replay) {
          status = replay.status;
          sendJson(res, replay.status, replay.body, { 'Idempotent-Replayed': 'true' });
          return;
        }
      }

      const toReply = (result: unknown) => (result instanceof Reply ? result : new Reply(spec.status ?? 200, result));
      let reply: Reply;
      if (idemKey) {
        try {
          // The create and the key's outcome commit together. The service's own transaction() runs
          // inline in this one rather than as a savepoint: any error it throws rolls everything back
          // anyway, and a savepoint costs two round trips and another drizzle transaction object.
          reply = await runtime.db.transaction(async (tx) => {
            tx.transaction = ((fn: (t: typeof tx) => Promise<unknown>) => fn(tx)) as typeof tx.transaction;
            const r = toReply(await spec.handler({ ctx: { ...ctx, db: tx as unknown as Db }, params, query: queryParsed.data, body, req, file }));
            if (r.status < 300) await recordIdempotentOutcome(ctx.runtime, tx, idemScope, idemKey, { status: r.status, body: r.body });
            return r;
          });
        } catch (err) {
          await forgetIdempotent(runtime, idemScope, idemKey).catch(() => undefined);
          throw err;
        }
        if (reply.status >= 300) await forgetIdempotent(runtime, idemScope, idemKey);
      } else {
        reply = toReply(await spec.handler({ ctx, params, query: queryParsed.data, body, req, file }));
      }
      status = reply.status;
      if (spec.method !== 'GET' && reply.status < 300) {
        // Whatever the write put in the outbox goes out now; the cron retries what fails.
        scheduleDelivery({ runtime });
      }
      // A route's own Cache-Control holds only for anonymous answers; a personal one stays no-store.
      const headers = personal ? Object.fromEntries(Object.entries(reply.headers).filter(([k]) => k.toLowerCase() !== 'cache-control')) : reply.headers;
      if (spec.open311 && !reply.raw) {
        sendOpen311(res, reply.status, isOpen311Format(params.format) ? params.format : 'json', spec.open311.xmlRoot, reply.body, headers);
      } else if (reply.raw) {
        res.statusCode = reply.status;
        for (const [k, v] of Object.entries(headers)) res.setHeader(k, v);
        res.end(reply.body as string);
      } else {
        sendJson(res, reply.status, reply.body, headers);
      }
    } catch (err) {
      try {
        status = sendError(res, err, requestId, runtime, open311 ? formatOfPath(url.pathname) : null);
      } catch (sendErr) {
        // The answer itself could not be written (headers already out, a broken header value):
        // end this one response, never the process.
        process.stderr.write(`error answer failed: ${(sendErr as Error)?.message}\n`);
        if (!res.headersSent) {
          res.statusCode = 500;
          res.end();
        } else res.destroy();
      }
    } finally {
      runtime?.log.info('request', {
        requestId,
        method: req.method,
        path: url.pathname,
        status,
        ms: Date.now() - started,
        userId,
      });
    }
  };
  return Object.assign(handler, { routes });
}

const malformedUrl = () => new ServiceError(400, 'MALFORMED_URL', '请求地址格式不正确');

/** A preflight for an Open311 path: the CORS headers are already set (applyOpen311Cors). */
function endPreflight(res: Res): true {
  res.statusCode = 204;
  res.end();
  return true;
}

/** `open311`: the path is a GeoReport v2 one, whose errors are the spec's list in this format. */
function sendError(res: Res, err: unknown, requestId: string, runtime: Runtime | null, open311: 'json' | 'xml' | null): number {
  if (err instanceof z.ZodError) err = validationError(err);
  if (open311) {
    if (!(err instanceof ServiceError)) {
      const connection = isConnectionError(err);
      runtime?.log.error(connection ? 'database unavailable' : 'unhandled error', { requestId, error: (err as Error)?.message, stack: (err as Error)?.stack });
      err = connection ? new ServiceError(503, 'DATABASE_UNAVAILABLE', '服务暂时不可用，请稍后再试', undefined, { 'Retry-After': '5' }) : new ServiceError(500, 'INTERNAL', '系统出了点问题，请稍后再试');
    }
    const e = err as ServiceError;
    sendOpen311(res, e.status, open311, 'errors', open311Errors(e), e.headers);
    return e.status;
  }
  if (err instanceof ServiceError) {
    sendProblem(res, problemBody(err.status, err.code, err.detail, requestId, err.errors), err.headers);
    return err.status;
  }
  if (isConnectionError(err)) {
    runtime?.log.error('database unavailable', { requestId, error: (err as Error).message });
    sendProblem(res, problemBody(503, 'DATABASE_UNAVAILABLE', '服务暂时不可用，请稍后再试', requestId), { 'Retry-After': '5' });
    return 503;
  }
  const e = err as Error;
  const log = runtime?.log;
  if (log) log.error('unhandled error', { requestId, error: e?.message, stack: e?.stack });
  else process.stderr.write(JSON.stringify({ level: 'error', msg: 'unhandled error', requestId, error: e?.message }) + '\n');
  sendProblem(res, problemBody(500, 'INTERNAL', '系统出了点问题，请稍后再试', requestId));
  return 500;
}
