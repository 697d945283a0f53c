import Taro from '@tarojs/taro';
import type { z } from 'zod';
import { splitTarget, type Contract, type RouteDescriptor, type OperationInput, type OperationOutput, type PathTable, type Target } from '../../shared/contract/route';
import { clearSession, getSession, setSession, type Session } from '../lib/session';
import { ApiError, networkError, problemToError } from './errors';
import { redirectToLogin } from '../lib/auth-redirect';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
export type QueryValue = string | number | boolean | null | undefined;

/**
 * The answer's type without its runtime schema. Modules of the main package pass
 * `typed<Me>()` instead of `MeSchema` so zod (~350 KB) stays in the subpackages: the
 * main package must stay under 1 MB. The server validates what it sends either way.
 */
export interface Typed<T> {
  readonly __typed?: T;
}
export const typed = <T>(): Typed<T> => ({});

type Answer = z.ZodTypeAny | Typed<unknown>;

export interface RequestOptions<S extends Answer | undefined> {
  method?: HttpMethod;
  query?: Record<string, QueryValue>;
  body?: unknown;
  /** Response schema from shared/: the answer is parsed with it, so a renamed field fails loudly. */
  schema?: S;
  /** Makes a POST safe to retry; the server returns the first result for a repeated key. */
  idempotencyKey?: string;
  /** Do not toast the error: the caller shows it inline. */
  silent?: boolean;
  /** On 401, clear the session but stay on the page (background refreshes). */
  stayOn401?: boolean;
  /** Internal: the silent re-login's own call, and the one retry after it, never re-login again. */
  noRelogin?: boolean;
  /** Internal: send no session (the re-login must not carry the token that was just refused). */
  anonymous?: boolean;
}

type Result<S> = S extends z.ZodTypeAny ? z.output<S> : S extends Typed<infer T> ? T : unknown;

const isSchema = (s: Answer | undefined): s is z.ZodTypeAny => typeof (s as { safeParse?: unknown } | undefined)?.safeParse === 'function';

const MAX_RETRIES = 2;
const RETRY_STATUSES = new Set([429, 502, 503, 504]);

/** Set at build time from TARO_APP_API_BASE (config/index.ts); '' on H5 = same origin. */
export const API_ORIGIN: string = typeof API_BASE === 'string' ? API_BASE : '';

export function newIdempotencyKey(): string {
  const rand = Math.random().toString(36).slice(2, 10) + Math.random().toString(36).slice(2, 10);
  return `${Date.now().toString(36)}-${rand}`;
}

function buildUrl(path: string, query?: Record<string, QueryValue>): string {
  const qs = Object.entries(query ?? {})
    .filter(([, v]) => v !== undefined && v !== null && v !== '')
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`)
    .join('&');
  return `${API_ORIGIN}${path}${qs ? (path.includes('?') ? '&' : '?') + qs : ''}`;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function header(headers: Record<string, string> | undefined, name: string): string | undefined {
  if (!headers) return undefined;
  const key = Object.keys(headers).find((k) => k.toLowerCase() === name.toLowerCase());
  return key ? headers[key] : undefined;
}

let relogin: Promise<Session | null> | null = null;

/**
 * weapp: a session that expired mid-use is renewed without the user noticing, with a fresh
 * wx.login code exchanged at the API's log-in route. Requests failing together share one
 * attempt (a code is single-use). H5 has no silent path (the demo log-in needs a choice),
 * so it resolves null and the caller goes to the log-in page once.
 */
export function silentRelogin(): Promise<Session | null> {
  if (process.env.TARO_ENV !== 'weapp') return Promise.resolve(null);
  if (!relogin) {
    relogin = (async () => {
      try {
        const { code } = await Taro.login();
        if (!code) return null;
        const res = await request('/api/auth/login', {
          method: 'POST',
          body: { code },
          schema: typed<Session>(),
          silent: true,
          stayOn401: true,
          noRelogin: true,
          anonymous: true,
        });
        const session = { token: res.token, user: res.user };
        setSession(session);
        return session;
      } catch {
        return null;
      } finally {
        setTimeout(() => {
          relogin = null;
        }, 0);
      }
    })();
  }
  return relogin;
}

export function showError(err: ApiError): void {
  void Taro.showToast({ title: err.detail, icon: 'none', duration: 2500 });
}

/**
 * The one way pages talk to the API. Throws ApiError (already toasted unless `silent`).
 * Retries with back-off only when a repeat cannot create a second record: GET/PUT/DELETE,
 * or a POST/PATCH that carries an Idempotency-Key.
 */
export async function request<S extends Answer | undefined = undefined>(
  path: string,
  options: RequestOptions<S> = {},
): Promise<Result<S>> {
  const method = options.method ?? 'GET';
  const canRetry = method === 'GET' || method === 'PUT' || method === 'DELETE' || Boolean(options.idempotencyKey);
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  const session = options.anonymous ? null : getSession();
  if (session) headers.Authorization = `Bearer ${session.token}`;
  if (options.idempotencyKey) headers['Idempotency-Key'] = options.idempotencyKey;

  let attempt = 0;
  for (;;) {
    let error: ApiError;
    try {
      const res = await Taro.request({
        url: buildUrl(path, options.query),
        method,
        header: headers,
        data: options.body as Record<string, unknown> | undefined,
        dataType: 'json',
        timeout: 15000,
      });
      const status = res.statusCode;
      if (status >= 200 && status < 300) {
        if (!isSchema(options.schema)) return res.data as Result<S>;
        const parsed = options.schema.safeParse(res.data);
        if (parsed.success) return parsed.data as Result<S>;
        console.error(`[api] ${method} ${path}: answer does not match schema`, parsed.error);
        error = new ApiError({ status, code: 'BAD_RESPONSE', detail: '服务返回的数据有误，请稍后再试' });
        if (!options.silent) showError(error);
        throw error;
      }
      error = problemToError(status, res.data, header(res.header as Record<string, string>, 'Retry-After'));
      if (status === 401 && options.anonymous) {
        // A refused log-in code says nothing about the session already stored: keep it.
        if (!options.silent) showError(error);
        throw error;
      }
      if (status === 401) {
        // The router checks auth before any handler runs, so a 401 changed nothing and one
        // retry with a renewed session is safe even for a POST without an idempotency key.
        if (!options.noRelogin) {
          const renewed = await silentRelogin();
          if (renewed) return request(path, { ...options, noRelogin: true });
        }
        clearSession();
        if (!options.stayOn401) redirectToLogin();
        throw error;
      }
      if (!RETRY_STATUSES.has(status) || !canRetry || attempt >= MAX_RETRIES) {
        if (!options.silent) showError(error);
        throw error;
      }
    } catch (err) {
      if (err instanceof ApiError) throw err;
      error = networkError();
      if (!canRetry || attempt >= MAX_RETRIES) {
        if (!options.silent) showError(error);
        throw error;
      }
    }
    attempt += 1;
    const wait = error.retryAfterSeconds !== undefined ? Math.min(error.retryAfterSeconds, 5) * 1000 : 400 * 3 ** (attempt - 1);
    await sleep(wait);
  }
}

/** Per-call options of an operation; method, path, query, body and answer type come from the descriptor. */
export type CallOptions = Pick<RequestOptions<undefined>, 'idempotencyKey' | 'silent' | 'stayOn401' | 'noRelogin' | 'anonymous'>;

type OperationArgs<D> = {} extends OperationInput<D> ? [input?: OperationInput<D>, options?: CallOptions] : [input: OperationInput<D>, options?: CallOptions];

/** One function per route of a contract: `requests.accept({ id, body: { note } })`. */
export type Operations<C extends Contract> = { [K in keyof C]: (...args: OperationArgs<C[K]>) => Promise<OperationOutput<C[K]>> };

/**
 * The named calls of a contract (shared/contract/<entry>.ts), typed from its descriptors: path
 * parameters by name, `query` and `body` as the schemas accept them, the answer as the
 * response schema gives it. A subpackage passes the contract itself, so each answer is parsed
 * with the response schema at run time; the main package passes the zod-free table of
 * `'METHOD /path'` strings with the contract's type, `operations<typeof authRoutes>(authPaths)`,
 * and trusts the type.
 */
export function operations<C extends Contract>(contract: C): Operations<C>;
export function operations<C extends Contract>(paths: PathTable<C>): Operations<C>;
export function operations(table: object) {
  const out: Record<string, (input?: OperationInputAny, options?: CallOptions) => Promise<unknown>> = {};
  for (const [name, entry] of Object.entries(table as Record<string, Target | RouteDescriptor>)) {
    const target = typeof entry === 'string' ? splitTarget(entry) : entry;
    const schema = typeof entry === 'string' ? undefined : (entry.response as z.ZodTypeAny);
    out[name] = (input = {}, options = {}) => {
      const path = target.path.replace(/:([A-Za-z_]\w*)/g, (_m, key: string) => encodeURIComponent(String(input[key] ?? '')));
      const write = target.method !== 'GET' && target.method !== 'DELETE';
      return request(path, {
        ...options,
        method: target.method,
        query: input.query as Record<string, QueryValue> | undefined,
        body: input.body ?? (write ? {} : undefined),
        schema,
      });
    };
  }
  return out;
}

/** The run-time view of an operation's input: path parameters by name, then `query` and `body`. */
type OperationInputAny = { readonly [param: string]: unknown; query?: unknown; body?: unknown };
