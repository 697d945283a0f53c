import fs from 'node:fs';
import type http from 'node:http';
import path from 'node:path';
import zlib from 'node:zlib';

/*
 * How the Node host (the mainland deployment: `npm start` / `npm run serve`) sends the H5
 * build: compressed (a phone on 1.6 Mbit/s pays for every byte; the JS compresses ~4×),
 * cached for a year when the name carries a content hash, revalidated by ETag otherwise.
 * Vercel does the same itself (compression) and through vercel.json (headers).
 */

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
};

/** Text formats; images and woff/woff2 are compressed already and would only cost CPU. */
const COMPRESSIBLE = new Set(['.html', '.js', '.css', '.json', '.svg', '.ico', '.ttf']);
/** Below one TCP packet compression saves no round trip. */
const MIN_COMPRESS_BYTES = 1024;

/** Taro's H5 output names: js/app.1a2b3c4d.js, css/app.<20 hex>.css, static/images/x.<8 hex>.png. */
const HASHED = /\.[0-9a-f]{8,32}\.[a-z0-9]+$/i;

export function contentTypeFor(file: string): string {
  return TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

export function cacheControlFor(file: string): string {
  // index.html names the hashed files of the current build, so it must be revalidated every time.
  if (path.basename(file) === 'index.html') return 'no-cache';
  if (HASHED.test(path.basename(file))) return 'public, max-age=31536000, immutable';
  return 'public, max-age=3600';
}

type Encoding = 'br' | 'gzip';

/** br beats gzip by ~15 % on our JS; q=0 means "not acceptable" (RFC 9110 §12.5.3). */
export function pickEncoding(acceptEncoding: string | string[] | undefined): Encoding | null {
  const header = Array.isArray(acceptEncoding) ? acceptEncoding.join(',') : (acceptEncoding ?? '');
  const accepted = new Map<string, number>();
  for (const part of header.split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    if (!name) continue;
    const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)).find(Boolean);
    accepted.set(name, q ? Number(q[1]) : 1);
  }
  const ok = (name: string) => (accepted.get(name) ?? accepted.get('*') ?? 0) > 0;
  if (ok('br')) return 'br';
  if (ok('gzip')) return 'gzip';
  return null;
}

/**
 * Compressed bytes are made once per file version and kept: even a fast level costs more
 * than sending the bytes from memory, and the best one ~1 s for a 500 KB bundle. Keyed by
 * mtime and size so a rebuild (same name for index.html) is never served stale. Bounded,
 * oldest first out: the build is a few MB compressed, the bound only guards a runaway dir.
 */
const CACHE_LIMIT_BYTES = 64 * 1024 * 1024;
const compressed = new Map<string, Promise<Buffer>>();
const compressedSizes = new Map<string, number>();
let cachedBytes = 0;

function remember(key: string, bytes: Buffer) {
  compressedSizes.set(key, bytes.length);
  cachedBytes += bytes.length;
  for (const oldest of compressed.keys()) {
    if (cachedBytes <= CACHE_LIMIT_BYTES) break;
    if (oldest === key) continue;
    cachedBytes -= compressedSizes.get(oldest) ?? 0;
    compressed.delete(oldest);
    compressedSizes.delete(oldest);
  }
}

/**
 * Brotli's best level (11) is ~10× slower than level 5 for ~8 % fewer bytes: worth it for the
 * first screen's files, compressed ahead by warmCompressionCache; any other file is done at
 * level 5 on its first request (a page chunk in ~30 ms instead of ~0.5 s) and kept.
 */
const BROTLI_ON_DEMAND = 5;
const BROTLI_AHEAD = 11;

function compress(file: string, stat: fs.Stats, encoding: Encoding, quality = BROTLI_ON_DEMAND): Promise<Buffer> {
  const key = `${encoding}:${file}:${stat.mtimeMs}:${stat.size}`;
  let pending = compressed.get(key);
  if (!pending) {
    pending = fs.promises.readFile(file).then(
      (raw) =>
        new Promise<Buffer>((resolve, reject) => {
          const done = (err: Error | null, out: Buffer) => (err ? reject(err) : resolve(out));
          if (encoding === 'br') {
            zlib.brotliCompress(
              raw,
              { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: quality, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: raw.length } },
              done,
            );
          } else {
            zlib.gzip(raw, { level: 9 }, done);
          }
        }),
    );
    compressed.set(key, pending);
    pending.then(
      (bytes) => remember(key, bytes),
      () => compressed.delete(key),
    );
  }
  return pending;
}

/**
 * Compresses index.html and the files it names (the first screen: the home page's scripts
 * and stylesheet) at brotli's best level, one after another so the server stays responsive.
 * Page chunks loaded later are left to their first request: compressing all of dist/h5 at
 * level 11 would cost every `npm start` (and every browser-test server) half a minute of CPU.
 */
export async function warmCompressionCache(dir: string): Promise<void> {
  const index = path.join(dir, 'index.html');
  let html: string;
  try {
    html = fs.readFileSync(index, 'utf8');
  } catch {
    return;
  }
  const files = [index];
  for (const m of html.matchAll(/(?:src|href)="\/?([^"?#]+\.(?:js|css))"/g)) {
    const file = path.normalize(path.join(dir, m[1]));
    if (file.startsWith(dir + path.sep)) files.push(file);
  }
  for (const file of files) {
    try {
      const stat = fs.statSync(file);
      if (stat.size >= MIN_COMPRESS_BYTES) await compress(file, stat, 'br', BROTLI_AHEAD);
    } catch {
      // A file replaced by a rebuild meanwhile: it is compressed on its first request.
    }
  }
}

/**
 * Sends one file of the H5 build: ETag/304, Cache-Control by name, brotli or gzip when the
 * client takes it. `file` must already be resolved inside the static directory.
 */
export function sendStaticFile(req: http.IncomingMessage, res: http.ServerResponse, file: string, onError: (err: unknown) => void): void {
  const stat = fs.statSync(file);
  const ext = path.extname(file).toLowerCase();
  const compressible = COMPRESSIBLE.has(ext) && stat.size >= MIN_COMPRESS_BYTES;
  const encoding = compressible ? pickEncoding(req.headers['accept-encoding']) : null;
  // One ETag per representation: the br and the gzip bytes differ (RFC 9110 §8.8.3).
  const etag = `"${stat.size.toString(16)}-${Math.floor(stat.mtimeMs).toString(16)}${encoding ? `-${encoding}` : ''}"`;
  res.setHeader('Content-Type', contentTypeFor(file));
  res.setHeader('Cache-Control', cacheControlFor(file));
  res.setHeader('ETag', etag);
  if (compressible) res.setHeader('Vary', 'Accept-Encoding');

  const inm = req.headers['if-none-match'];
  if (inm && inm.split(',').some((t) => t.trim().replace(/^W\//, '') === etag)) {
    res.statusCode = 304;
    res.end();
    return;
  }
  res.statusCode = 200;
  if (!encoding) {
    res.setHeader('Content-Length', stat.size);
    if (req.method === 'HEAD') return void res.end();
    fs.createReadStream(file)
      // A file that vanished or cannot be read after the stat must end this response, not the process.
      .on('error', (err) => failWith(res, err, onError))
      .pipe(res);
    return;
  }
  compress(file, stat, encoding).then(
    (bytes) => {
      res.setHeader('Content-Encoding', encoding);
      res.setHeader('Content-Length', bytes.length);
      res.end(req.method === 'HEAD' ? undefined : bytes);
    },
    // A file deleted mid-rebuild: say so rather than hang the request.
    (err: unknown) => failWith(res, err, onError),
  );
}

/** Drops what described the file before the caller answers the failure (or cuts the answer short). */
function failWith(res: http.ServerResponse, err: unknown, onError: (err: unknown) => void) {
  if (res.headersSent) return void res.destroy();
  for (const h of ['Content-Length', 'Content-Encoding', 'ETag', 'Vary', 'Cache-Control']) res.removeHeader(h);
  onError(err);
}
