import type { Req } from './types';

/**
 * The request target as a URL, or null when it cannot be one. Built by hand rather than
 * `new URL(req.url, base)` because that reads `//host/x` as another host and throws on `//`.
 */
export function requestUrl(req: Req): URL | null {
  const target = req.url || '/';
  try {
    return new URL(target.startsWith('/') ? `http://localhost${target}` : target);
  } catch {
    return null;
  }
}

/** True when the path cannot be percent-decoded (`/%zz`, a cut UTF-8 sequence): the client sent garbage. */
export function hasMalformedEscapes(pathname: string): boolean {
  try {
    decodeURIComponent(pathname);
    return false;
  } catch {
    return true;
  }
}
