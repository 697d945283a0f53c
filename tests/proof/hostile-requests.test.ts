import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { createLocalServer } from '../../scripts/local-server';
import { createRouter } from '../../api/_lib/http/router';
import { defineRoute } from '../../api/_lib/http/types';
import { MemoryStore } from '../../api/_lib/store/memory-store';
import { startTestApp, type TestApp } from '../support/app';
import { rawRequest, startServerProcess, type ServerProcess } from '../support/server-process';
import { createTestDb, onPostgres, type TestDb } from '../support/test-db';

/**
 * issue 15, High 1: `curl --path-as-is http://127.0.0.1:3000/%zz` took the whole process down
 * (URIError in serveStatic). The attack is replayed byte for byte against the real server
 * process; it passes only if every malformed target gets an answer and the process keeps serving.
 */
describe('malformed request targets against the real server process', () => {
  let db: TestDb | null = null;
  let server: ServerProcess;

  beforeAll(async () => {
    if (onPostgres()) db = await createTestDb();
    server = await startServerProcess({ databaseUrl: db?.url ?? null });
  }, 120_000);
  afterAll(async () => {
    await server?.stop();
    await db?.close();
  }, 60_000);

  const stillServing = async () => {
    expect(server.exited()).toBeNull();
    const res = await fetch(`${server.base}/api/communities`, { signal: AbortSignal.timeout(5000) });
    expect(res.status).toBe(200);
  };

  it.each([
    ['GET /%zz HTTP/1.1', 'static path with a broken escape'],
    ['GET /%E4%B8 HTTP/1.1', 'static path with a truncated UTF-8 escape'],
    ['GET /assets/%ff%fe.js HTTP/1.1', 'static asset with invalid UTF-8'],
    ['GET /api/%zz HTTP/1.1', 'API path with a broken escape'],
    ['GET /api/requests/%zz HTTP/1.1', 'API route parameter with a broken escape'],
    ['GET /api/redpost/shifts/%E4%B8 HTTP/1.1', 'API route parameter with a truncated UTF-8 escape'],
    ['POST /api/requests/%zz/accept HTTP/1.1', 'API write to a broken id'],
  ])('%s (%s) is 400 problem+json and the process keeps serving', async (line) => {
    const res = await rawRequest(server.port, line, line.startsWith('POST') ? { 'Content-Length': '0' } : {});
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(JSON.parse(res.body)).toMatchObject({ status: 400, code: 'MALFORMED_URL', detail: expect.any(String) });
    await stillServing();
  });

  it.each([['GET // HTTP/1.1'], ['GET //api HTTP/1.1'], ['GET /api/requests?scope=%zz HTTP/1.1'], ['GET /..%2f..%2fetc%2fpasswd HTTP/1.1']])(
    '%s gets an answer below 500 and the process keeps serving',
    async (line) => {
      const res = await rawRequest(server.port, line);
      expect(res.status).toBeGreaterThanOrEqual(200);
      expect(res.status).toBeLessThan(500);
      expect(res.body).not.toContain('root:');
      await stillServing();
    },
  );

  it('survived the whole barrage: nothing crashed on the way', async () => {
    await stillServing();
    expect(server.stderr()).not.toMatch(/URIError|Uncaught|ERR_INVALID_URL/);
  });
});

/**
 * The second half of the rule: an unexpected throw anywhere in the request path (the handler,
 * turning the result into JSON, writing headers, the error answer itself) is a 500
 * problem+json and the server carries on.
 */
describe('unexpected throws in the request path', () => {
  let app: TestApp;
  let server: http.Server;
  let base: string;
  const router = createRouter([
    defineRoute({ method: 'GET', path: '/api/boom/throw', auth: 'public', summary: 'throws', handler: async () => { throw new TypeError('x is undefined'); } }),
    defineRoute({ method: 'GET', path: '/api/boom/bigint', auth: 'public', summary: 'unserialisable', handler: async () => ({ n: BigInt(1) }) as never }),
    defineRoute({
      method: 'GET',
      path: '/api/boom/cyclic',
      auth: 'public',
      summary: 'cyclic',
      handler: async () => {
        const a: Record<string, unknown> = {};
        a.self = a;
        return a as never;
      },
    }),
    defineRoute({
      method: 'GET',
      path: '/api/boom/header',
      auth: 'public',
      summary: 'bad header',
      handler: async () => {
        const { Reply } = await import('../../api/_lib/http/reply');
        return new Reply(200, { ok: true }, { 'X-Bad': 'a\r\nb' });
      },
    }),
  ]);

  beforeAll(async () => {
    app = await startTestApp({ storeOverride: new MemoryStore() });
    server = http.createServer((req, res) => void router(req, res));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  });
  afterAll(async () => {
    await new Promise((r) => server.close(r));
    await app.close();
  });

  it.each(['/api/boom/throw', '/api/boom/bigint', '/api/boom/cyclic', '/api/boom/header'])('%s is 500 problem+json', async (p) => {
    const res = await fetch(base + p);
    expect(res.status).toBe(500);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await res.json()).toMatchObject({ status: 500, code: 'INTERNAL' });
    expect(res.headers.get('x-bad')).toBeNull();
  });

  it('a malformed target reaching the router directly (a Vercel function) is 400, not a rejected promise', async () => {
    const port = (server.address() as { port: number }).port;
    const res = await rawRequest(port, 'GET /api/boom/%zz HTTP/1.1');
    expect(res.status).toBe(400);
    expect(JSON.parse(res.body)).toMatchObject({ code: 'MALFORMED_URL' });
    const after = await rawRequest(port, 'GET // HTTP/1.1');
    expect(after.status).toBeLessThan(500);
  });

  it('static serving that fails after the checks (an unreadable file) is 500 problem+json, and the server keeps serving', async () => {
    // index.html that is a directory: exists, so the read stream fails only once piping starts.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shinan-static-'));
    fs.mkdirSync(path.join(dir, 'index.html'));
    const local = createLocalServer({ staticDir: dir });
    await new Promise<void>((r) => local.listen(0, '127.0.0.1', r));
    const port = (local.address() as { port: number }).port;
    try {
      const res = await rawRequest(port, 'GET /some/page HTTP/1.1');
      expect(res.status).toBe(500);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      const again = await rawRequest(port, 'GET /api/communities HTTP/1.1');
      expect(again.status).toBe(200);
    } finally {
      await new Promise((r) => local.close(r));
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
