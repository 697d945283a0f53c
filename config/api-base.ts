/**
 * The API origin the mini-program calls, from TARO_APP_API_BASE (config/index.ts injects it as
 * API_BASE). H5 always calls its own origin (''), because `npm start` serves both on one port.
 *
 * A production build (`taro build` without --watch sets NODE_ENV=production) must name it:
 * a package uploaded with a made-up or local origin would fail every request on a phone, and
 * nothing at build time would say so. Development (`npm run dev:weapp`) and test builds call
 * the local server (`npm run serve`) unless told otherwise. Local production-like builds (CI,
 * the simulated-runtime tests) pass the local server explicitly:
 * TARO_APP_API_BASE=http://127.0.0.1:3000 npm run build:weapp.
 */
export const LOCAL_API_BASE = 'http://127.0.0.1:3000';

export class ApiBaseError extends Error {
  override name = 'ApiBaseError';
}

type Env = Partial<Record<'TARO_ENV' | 'NODE_ENV' | 'TARO_APP_API_BASE', string>>;

export function resolveApiBase(env: Env): string {
  if (env.TARO_ENV === 'h5') return '';
  const raw = (env.TARO_APP_API_BASE ?? '').trim();
  if (!raw) {
    if (env.NODE_ENV === 'production') {
      throw new ApiBaseError(
        `TARO_APP_API_BASE is not set: a production ${env.TARO_ENV ?? 'weapp'} build needs the API's HTTPS origin, ` +
          'the one registered as a request domain (request 合法域名) in the WeChat console, e.g. ' +
          '`TARO_APP_API_BASE=https://api.your.domain npm run build:weapp` (or put it in .env.production). ' +
          `For a local test build name the local server: TARO_APP_API_BASE=${LOCAL_API_BASE}.`,
      );
    }
    return LOCAL_API_BASE;
  }
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ApiBaseError(`TARO_APP_API_BASE must be an absolute http(s) URL such as https://api.your.domain, not "${raw}".`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new ApiBaseError(`TARO_APP_API_BASE must be an http(s) URL, not "${raw}".`);
  }
  if (url.search || url.hash) {
    throw new ApiBaseError(`TARO_APP_API_BASE is an origin (optionally with a path), without ? or #: "${raw}".`);
  }
  return raw.replace(/\/+$/, '');
}
