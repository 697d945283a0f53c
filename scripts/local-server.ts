import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { problemBody, sendProblem } from '../api/_lib/http/problem';
import { hasMalformedEscapes, requestUrl } from '../api/_lib/http/target';
import type { Handler } from '../api/_lib/http/types';
import { LOCAL_MEDIA_PREFIX, MEDIA_KEY_RE, verifyLocalSignature } from '../api/_lib/media/storage';
import { getRuntime } from '../api/_lib/runtime';
import { sendStaticFile } from './static-assets';

const ROOT = path.join(__dirname, '..');

interface Rewrite {
  source: string;
  destination: string;
}

function toRegex(source: string): RegExp {
  const pattern = source
    .replace(/[.+?^${}()|[\]\\]/g, '\\$&')
    .replace(/\/:(\w+)\*/g, '(?:/.*)?')
    .replace(/:(\w+)/g, '[^/]+');
  return new RegExp(`^${pattern}$`);
}

/** Reads vercel.json so a route that works here is routed the same way once deployed. */
export function loadRewrites(): { regex: RegExp; destination: string }[] {
  const config = JSON.parse(fs.readFileSync(path.join(ROOT, 'vercel.json'), 'utf8')) as { rewrites: Rewrite[] };
  return config.rewrites.map((r) => ({ regex: toRegex(r.source), destination: r.destination }));
}

interface HeaderRule {
  source: string;
  headers: { key: string; value: string }[];
}

/**
 * The security headers of vercel.json (nosniff, frame protection, the H5 app's CSP), applied here
 * the same way so the H5 app is tested under the policy it is deployed with.
 */
export function loadHeaders(): { regex: RegExp; headers: [string, string][] }[] {
  const config = JSON.parse(fs.readFileSync(path.join(ROOT, 'vercel.json'), 'utf8')) as { headers?: HeaderRule[] };
  return (config.headers ?? []).map((h) => ({ regex: toRegex(h.source), headers: h.headers.map((x) => [x.key, x.value] as [string, string]) }));
}

/** Which `api/<name>.ts` exist, looked up once per name (a stat on every request showed in profiles). */
const entryFiles = new Map<string, boolean>();
function isEntryFile(name: string): boolean {
  let found = entryFiles.get(name);
  if (found === undefined) {
    found = fs.existsSync(path.join(ROOT, 'api', `${name}.ts`));
    // Bounded: any name a client sends ends up here.
    if (entryFiles.size < 256) entryFiles.set(name, found);
  }
  return found;
}

function functionFor(pathname: string, rewrites: ReturnType<typeof loadRewrites>): string | null {
  // Vercel serves a function file before it applies rewrites.
  const direct = /^\/api\/([\w-]+)$/.exec(pathname);
  if (direct && isEntryFile(direct[1])) return `/api/${direct[1]}`;
  for (const r of rewrites) if (r.regex.test(pathname)) return r.destination;
  return null;
}

const handlers = new Map<string, Handler>();
function loadHandler(destination: string): Handler {
  let h = handlers.get(destination);
  if (!h) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const mod = require(path.join(ROOT, `${destination}.ts`)) as { default: Handler };
    h = mod.default;
    handlers.set(destination, h);
  }
  return h;
}

function serveStatic(staticDir: string, pathname: string, req: http.IncomingMessage, res: http.ServerResponse) {
  let rel = decodeURIComponent(pathname);
  if (rel.endsWith('/')) rel += 'index.html';
  const file = path.normalize(path.join(staticDir, rel));
  const inside = file.startsWith(path.normalize(staticDir + path.sep));
  const target = inside && fs.existsSync(file) && fs.statSync(file).isFile() ? file : path.join(staticDir, 'index.html');
  if (!fs.existsSync(target)) {
    res.statusCode = 404;
    res.setHeader('Content-Type', 'text/plain; charset=utf-8');
    res.end('H5 build not found: run `npm start` (it builds) or `npm run build:h5`.');
    return;
  }
  // Compression, Cache-Control by name and ETag/304: scripts/static-assets.ts.
  sendStaticFile(req, res, target, (err) => failed(res, err));
}

/**
 * Photos kept under DATA_DIR/uploads: `public/` as is, `private/` only with an unexpired
 * signature from `signedUrl`. Anything else is 404, the same as a missing photo.
 */
async function serveMedia(pathname: string, url: URL, req: http.IncomingMessage, res: http.ServerResponse) {
  const key = pathname.slice(LOCAL_MEDIA_PREFIX.length);
  const runtime = await getRuntime();
  const notFound = () => sendProblem(res, problemBody(404, 'NOT_FOUND', '照片不存在或链接已过期'));
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.statusCode = 405;
    res.setHeader('Allow', 'GET, HEAD');
    res.end();
    return;
  }
  if (runtime.media.kind !== 'local' || !MEDIA_KEY_RE.test(key)) return notFound();
  const isPublic = key.startsWith('public/');
  if (!isPublic && !verifyLocalSignature(runtime.config.sessionSecret, key, url.searchParams.get('exp'), url.searchParams.get('sig'), runtime.now().getTime())) {
    return notFound();
  }
  const bytes = await runtime.media.get(key);
  if (!bytes) return notFound();
  res.statusCode = 200;
  res.setHeader('Content-Type', 'image/jpeg');
  res.setHeader('Content-Length', String(bytes.length));
  // Short: a copy taken down (a 举报 upheld) must not linger in caches; a signed one is nobody else's to keep.
  res.setHeader('Cache-Control', isPublic ? 'public, max-age=300' : 'private, max-age=600');
  res.end(req.method === 'HEAD' ? undefined : bytes);
}

/** The last line of defence: whatever threw, this response ends and the process keeps serving. */
function failed(res: http.ServerResponse, err: unknown) {
  process.stderr.write(`request failed: ${err instanceof Error ? err.stack ?? err.message : String(err)}\n`);
  try {
    if (!res.headersSent) sendProblem(res, problemBody(500, 'INTERNAL', '系统出了点问题，请稍后再试'));
    else res.destroy();
  } catch {
    res.destroy();
  }
}

export function createLocalServer(options: { staticDir?: string } = {}): http.Server {
  const rewrites = loadRewrites();
  const headerRules = loadHeaders();
  const staticDir = options.staticDir ?? path.join(ROOT, 'dist', 'h5');
  const handle = (req: http.IncomingMessage, res: http.ServerResponse) => {
    const url = requestUrl(req);
    // `/%zz` used to reach decodeURIComponent in serveStatic and kill the process (issue 15).
    if (!url || hasMalformedEscapes(url.pathname)) {
      sendProblem(res, problemBody(400, 'MALFORMED_URL', '请求地址格式不正确'));
      return;
    }
    const pathname = url.pathname;
    for (const rule of headerRules) if (rule.regex.test(pathname)) for (const [k, v] of rule.headers) res.setHeader(k, v);
    if (pathname === '/api' || pathname.startsWith('/api/')) {
      const destination = functionFor(pathname, rewrites) ?? '/api/meta';
      loadHandler(destination)(req, res).catch((err: unknown) => failed(res, err));
      return;
    }
    if (pathname.startsWith(LOCAL_MEDIA_PREFIX)) {
      serveMedia(pathname, url, req, res).catch((err: unknown) => failed(res, err));
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.statusCode = 405;
      res.end();
      return;
    }
    serveStatic(staticDir, pathname, req, res);
  };
  const server = http.createServer((req, res) => {
    try {
      handle(req, res);
    } catch (err) {
      failed(res, err);
    }
  });
  // Requests Node refuses before any handler runs (oversized headers, garbage) still get problem+json.
  server.on('clientError', (err: NodeJS.ErrnoException, socket) => {
    if (!socket.writable) return socket.destroy();
    const status = err.code === 'HPE_HEADER_OVERFLOW' ? 431 : 400;
    const body = JSON.stringify({
      type: 'https://shinan.example.cn/problems/bad-request',
      title: status === 431 ? 'Request Header Fields Too Large' : 'Bad Request',
      status,
      code: status === 431 ? 'HEADERS_TOO_LARGE' : 'BAD_REQUEST',
      detail: '请求格式不正确',
    });
    socket.end(
      `HTTP/1.1 ${status} ${status === 431 ? 'Request Header Fields Too Large' : 'Bad Request'}\r\nContent-Type: application/problem+json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  });
  return server;
}
