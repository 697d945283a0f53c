import { createHash } from 'node:crypto';
import http from 'node:http';
import { createClient } from 'redis';

/**
 * Speaks the Upstash REST protocol in front of a real redis-server, so the production
 * client (@upstash/redis, @upstash/ratelimit) runs unchanged in tests and development.
 */
export interface Bridge {
  url: string;
  token: string;
  close(): Promise<void>;
}

type Reply = string | number | null | Reply[] | { [k: string]: Reply };

const LOCKING_FLAG = /^#!lua flags=allow-key-locking\s*\n/;

function sha1(s: string) {
  return createHash('sha1').update(s).digest('hex');
}

function encode(value: unknown, base64: boolean): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return base64 ? Buffer.from(value).toString('base64') : value;
  if (Buffer.isBuffer(value)) return base64 ? value.toString('base64') : value.toString();
  if (Array.isArray(value)) return value.map((v) => encode(v, base64));
  if (typeof value === 'object') {
    return Object.fromEntries(Object.entries(value as Record<string, Reply>).map(([k, v]) => [k, encode(v, base64)]));
  }
  return value;
}

export async function startUpstashBridge(options: { redisUrl?: string; token?: string; port?: number } = {}): Promise<Bridge> {
  const token = options.token ?? 'local-bridge-token';
  const client = createClient({ url: options.redisUrl ?? 'redis://127.0.0.1:6379', RESP: 2 } as never);
  client.on('error', () => undefined);
  await client.connect();
  // Real Redis 7 rejects the allow-key-locking flag @upstash/ratelimit's scripts carry:
  // strip it, and keep answering to the SHA the client computed from the original text.
  const shaMap = new Map<string, string>();

  const run = async (args: unknown[]): Promise<{ result?: unknown; error?: string }> => {
    const parts = args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a)));
    const cmd = (parts[0] ?? '').toUpperCase();
    try {
      if (cmd === 'EVAL' && LOCKING_FLAG.test(parts[1])) {
        parts[1] = parts[1].replace(LOCKING_FLAG, '');
      } else if (cmd === 'EVALSHA' || cmd === 'EVALSHA_RO') {
        parts[1] = shaMap.get(parts[1]) ?? parts[1];
      } else if (cmd === 'SCRIPT' && (parts[1] ?? '').toUpperCase() === 'LOAD') {
        const original = parts[2];
        const stripped = original.replace(LOCKING_FLAG, '');
        const realSha = (await client.sendCommand(['SCRIPT', 'LOAD', stripped])) as string;
        const clientSha = sha1(original);
        shaMap.set(clientSha, realSha);
        return { result: clientSha };
      }
      const result = await client.sendCommand(parts);
      return { result };
    } catch (err) {
      // Passed through verbatim: clients match on the text (NOSCRIPT, WRONGTYPE…).
      return { error: (err as Error).message };
    }
  };

  const server = http.createServer(async (req, res) => {
    const reply = (status: number, body: unknown) => {
      res.statusCode = status;
      res.setHeader('Content-Type', 'application/json');
      res.end(JSON.stringify(body));
    };
    if (req.headers.authorization !== `Bearer ${token}`) return reply(401, { error: 'Unauthorized' });
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    let body: unknown;
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8') || 'null');
    } catch {
      return reply(400, { error: 'ERR invalid JSON body' });
    }
    const base64 = String(req.headers['upstash-encoding'] ?? '').toLowerCase() === 'base64';
    const path = (req.url ?? '/').split('?')[0];
    const out = (r: { result?: unknown; error?: string }) =>
      r.error !== undefined ? { error: r.error } : { result: encode(r.result, base64) };
    if (path === '/pipeline' || path === '/multi-exec') {
      const commands = body as unknown[][];
      if (!Array.isArray(commands)) return reply(400, { error: 'ERR expected an array of commands' });
      if (path === '/multi-exec') {
        const multi = client.multi();
        for (const c of commands) multi.addCommand(c.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))));
        try {
          const results = (await multi.exec()) as unknown[];
          return reply(200, results.map((r) => ({ result: encode(r, base64) })));
        } catch (err) {
          return reply(400, { error: (err as Error).message });
        }
      }
      const results = [];
      for (const c of commands) results.push(out(await run(c)));
      return reply(200, results);
    }
    const args = Array.isArray(body) ? body : path.split('/').filter(Boolean).map(decodeURIComponent);
    const r = await run(args);
    return reply(r.error !== undefined ? 400 : 200, out(r));
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${port}`,
    token,
    async close() {
      server.closeAllConnections?.();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await client.quit().catch(() => undefined);
    },
  };
}

if (require.main === module) {
  const port = Number(process.env.BRIDGE_PORT ?? 8079);
  startUpstashBridge({ port, redisUrl: process.env.REDIS_URL, token: process.env.BRIDGE_TOKEN }).then((b) => {
    process.stdout.write(`Upstash REST bridge at ${b.url} (token ${b.token}) → ${process.env.REDIS_URL ?? 'redis://127.0.0.1:6379'}\n`);
  });
}
