import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { createLocalServer } from '../../scripts/local-server';

/** The Node host's H5 delivery (issue 20): compression, long-lived caching of hashed names, ETag/304. */

let dir: string;
let server: http.Server;
let base: string;
// Compressible text well above the 1 KB floor, like a real bundle.
const APP_JS = `console.log(${JSON.stringify('石楠邻里 '.repeat(2000))});\n`;
const INDEX = `<!doctype html><html><head><script src="/js/app.1a2b3c4d.js"></script></head><body>${'<div>首页</div>'.repeat(200)}</body></html>`;

interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

function get(pathname: string, headers: Record<string, string> = {}, method = 'GET'): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.request(`${base}${pathname}`, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sn-static-'));
  fs.mkdirSync(path.join(dir, 'js'));
  fs.mkdirSync(path.join(dir, 'static', 'images'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'index.html'), INDEX);
  fs.writeFileSync(path.join(dir, 'js', 'app.1a2b3c4d.js'), APP_JS);
  fs.writeFileSync(path.join(dir, 'static', 'images', 'logo.0badf00d.png'), Buffer.alloc(4096, 7));
  fs.writeFileSync(path.join(dir, 'robots.txt'), 'User-agent: *\n');
  server = createLocalServer({ staticDir: dir });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  fs.rmSync(dir, { recursive: true, force: true });
});

test('brotli when the browser accepts it, and the bytes decode to the file', async () => {
  const r = await get('/js/app.1a2b3c4d.js', { 'Accept-Encoding': 'gzip, deflate, br' });
  expect(r.status).toBe(200);
  expect(r.headers['content-encoding']).toBe('br');
  expect(r.headers.vary).toMatch(/Accept-Encoding/i);
  expect(r.headers['content-type']).toMatch(/^text\/javascript/);
  expect(Number(r.headers['content-length'])).toBe(r.body.length);
  expect(r.body.length).toBeLessThan(Buffer.byteLength(APP_JS) / 4);
  expect(zlib.brotliDecompressSync(r.body).toString()).toBe(APP_JS);
});

test('gzip when brotli is not accepted (or refused with q=0)', async () => {
  for (const ae of ['gzip, deflate', 'br;q=0, gzip']) {
    const r = await get('/js/app.1a2b3c4d.js', { 'Accept-Encoding': ae });
    expect(r.headers['content-encoding']).toBe('gzip');
    expect(zlib.gunzipSync(r.body).toString()).toBe(APP_JS);
  }
});

test('identity when nothing is accepted; images are never recompressed', async () => {
  const plain = await get('/js/app.1a2b3c4d.js');
  expect(plain.headers['content-encoding']).toBeUndefined();
  expect(plain.body.toString()).toBe(APP_JS);
  const png = await get('/static/images/logo.0badf00d.png', { 'Accept-Encoding': 'br, gzip' });
  expect(png.headers['content-encoding']).toBeUndefined();
  expect(png.body.length).toBe(4096);
});

test('hashed assets are immutable for a year; index.html and the SPA fallback are revalidated', async () => {
  const js = await get('/js/app.1a2b3c4d.js', { 'Accept-Encoding': 'br' });
  expect(js.headers['cache-control']).toBe('public, max-age=31536000, immutable');
  const png = await get('/static/images/logo.0badf00d.png');
  expect(png.headers['cache-control']).toBe('public, max-age=31536000, immutable');
  for (const p of ['/', '/index.html', '/some/route']) {
    const html = await get(p, { 'Accept-Encoding': 'br' });
    expect(html.status).toBe(200);
    expect(html.headers['cache-control']).toBe('no-cache');
    expect(zlib.brotliDecompressSync(html.body).toString()).toBe(INDEX);
  }
  // An unhashed name may change content under the same URL: short caching only.
  const robots = await get('/robots.txt');
  expect(robots.headers['cache-control']).toBe('public, max-age=3600');
});

test('a matching ETag gets 304 with no body; the br and gzip representations have different ETags', async () => {
  const br = await get('/index.html', { 'Accept-Encoding': 'br' });
  const gz = await get('/index.html', { 'Accept-Encoding': 'gzip' });
  expect(br.headers.etag).toBeTruthy();
  expect(br.headers.etag).not.toBe(gz.headers.etag);
  const again = await get('/index.html', { 'Accept-Encoding': 'br', 'If-None-Match': br.headers.etag as string });
  expect(again.status).toBe(304);
  expect(again.body.length).toBe(0);
  expect(again.headers['cache-control']).toBe('no-cache');
  // A stale ETag (an older build) gets the full file.
  const stale = await get('/index.html', { 'Accept-Encoding': 'br', 'If-None-Match': '"0-0-br"' });
  expect(stale.status).toBe(200);
});

test('a rebuilt file is never served from the old compressed bytes', async () => {
  const file = path.join(dir, 'index.html');
  const before = await get('/index.html', { 'Accept-Encoding': 'br' });
  const changed = INDEX.replace('首页', '新版首页');
  fs.writeFileSync(file, changed);
  fs.utimesSync(file, new Date(), new Date(Date.now() + 5000));
  const after = await get('/index.html', { 'Accept-Encoding': 'br' });
  expect(zlib.brotliDecompressSync(after.body).toString()).toBe(changed);
  expect(after.headers.etag).not.toBe(before.headers.etag);
  fs.writeFileSync(file, INDEX);
});

test('HEAD sends the headers of the compressed file and no body', async () => {
  const r = await get('/js/app.1a2b3c4d.js', { 'Accept-Encoding': 'br' }, 'HEAD');
  expect(r.status).toBe(200);
  expect(r.headers['content-encoding']).toBe('br');
  expect(Number(r.headers['content-length'])).toBeGreaterThan(0);
  expect(r.body.length).toBe(0);
});

test('warming compresses index.html and the files it names; they are served from it intact', async () => {
  const { warmCompressionCache } = await import('../../scripts/static-assets');
  await warmCompressionCache(dir);
  const r = await get('/js/app.1a2b3c4d.js', { 'Accept-Encoding': 'br' });
  expect(zlib.brotliDecompressSync(r.body).toString()).toBe(APP_JS);
});
