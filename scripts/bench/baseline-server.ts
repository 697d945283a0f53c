/**
 * The bare baseline for `npm run bench`: plain Node `http` and a `pg` Pool, no framework,
 * no validation library, no ORM, no cache. Reads replay exactly the statements our
 * server sent for the same request when its cache was cold (captured by trace-sql.cjs
 * and handed over by the bench), so both run the same SQL against the same rows. The
 * two writes (feedback, shift sign-up) run the same statements as the services, by hand.
 * The session token is checked (HS256 with node:crypto) like ours, and the user row read
 * on every authenticated request, as ours must.
 */
import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Pool, type PoolClient } from 'pg';
import { derivedKey } from '../../api/_lib/auth/keys';
import { answerStats } from './child-ipc';

interface Statement {
  text: string;
  values: unknown[];
}

const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: Number(process.env.DATABASE_POOL_MAX ?? 10) });
pool.on('error', () => undefined);
const secret = process.env.SESSION_SECRET ?? 'local-mode-session-secret-not-for-production-use';
const scripts = new Map<string, Statement[]>();

function userIdFrom(header: string | undefined): string | null {
  const m = /^Bearer\s+([\w-]+)\.([\w-]+)\.([\w-]+)$/.exec(header ?? '');
  if (!m) return null;
  // The same key derivation as ours (HKDF per purpose): with the raw secret every token was 401.
  const mac = createHmac('sha256', derivedKey(secret, 'session-token')).update(`${m[1]}.${m[2]}`).digest();
  const got = Buffer.from(m[3], 'base64url');
  if (got.length !== mac.length || !timingSafeEqual(got, mac)) return null;
  const payload = JSON.parse(Buffer.from(m[2], 'base64url').toString('utf8')) as { sub?: string; exp?: number };
  if (!payload.sub || (payload.exp ?? 0) * 1000 < Date.now()) return null;
  return payload.sub;
}

const USER_SQL =
  'select "id", "role", "display_name", "community_id", "staff_community_id", "openid" from "users" where ("users"."id" = $1 and "users"."deleted_at" is null) limit $2';

async function loadUser(c: PoolClient | Pool, id: string) {
  const { rows } = await c.query(USER_SQL, [id, 1]);
  return rows[0] ?? null;
}

function send(res: http.ServerResponse, status: number, body: unknown) {
  const json = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(json) });
  res.end(json);
}

async function readBody(req: http.IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return chunks.length ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : null;
}

/** A read: the captured statements, in order, on one connection; answers the last result's rows. */
async function replay(key: string) {
  const script = scripts.get(key)!;
  const c = await pool.connect();
  try {
    let rows: unknown[] = [];
    for (const s of script) rows = (await c.query(s.text, s.values)).rows;
    return rows;
  } finally {
    c.release();
  }
}

/** What our write path sends after every successful write: the outbox delivery pass (answer first, then this). */
async function deliverOutbox() {
  const now = new Date();
  await pool.query(
    'update "notifications" set "status" = $1, "locked_until" = $2, "last_error" = $3 where ("notifications"."status" = $4 and "notifications"."locked_until" < $5) returning "id"',
    ['failed', null, 'interrupted while sending; not retried to avoid a second message', 'sending', now],
  );
  await pool.query(
    `update "notifications" set "status" = $1, "attempts" = "notifications"."attempts" + 1, "locked_until" = $2 where "notifications"."id" in (select "id" from "notifications" where ("notifications"."status" = $3 and "notifications"."next_attempt_at" <= $4) order by "notifications"."next_attempt_at" limit $5 for update skip locked) returning "id", "user_id", "kind", "title", "body", "page", "data", "dedupe_key", "status", "attempts", "next_attempt_at", "locked_until", "last_error", "sent_at", "read_at", "created_at"`,
    ['sending', new Date(now.getTime() + 300_000), 'pending', now, 25],
  );
}

const streetDay = (d: Date) => new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 10).replace(/-/g, '');

/** POST /api/feedback with an Idempotency-Key: the same statements as the router + createFeedback. */
async function createFeedback(userId: string, body: Record<string, unknown>, key: string | undefined) {
  const user = await loadUser(pool, userId);
  if (!user) return { status: 401, body: { title: 'Unauthorized' } };
  const scope = `u:${user.id}`;
  const now = new Date();
  if (key) {
    // The reservation, taking over one left by a request that died (one statement, as ours).
    const { rows } = await pool.query(
      'insert into "idempotency_keys" ("scope", "key", "method", "path", "status", "body", "created_at") values ($1, $2, $3, $4, $5, $6, default) on conflict ("scope","key") do update set "method" = excluded.method, "path" = excluded.path, "created_at" = excluded.created_at where ("idempotency_keys"."status" = $7 and "idempotency_keys"."created_at" < $8) returning "key"',
      [scope, key, 'POST', '/api/feedback', 0, null, 0, new Date(now.getTime() - 60_000).toISOString()],
    );
    if (!rows.length) return { status: 409, body: { code: 'IDEMPOTENCY_IN_PROGRESS' } };
  }
  const c = await pool.connect();
  try {
    await c.query('begin');
    try {
      const day = streetDay(now);
      const n = (
        await c.query(
          'insert into "daily_counters" ("prefix", "day", "value") values ($1, $2, $3) on conflict ("prefix","day") do update set "value" = "daily_counters"."value" + 1 returning "value"',
          ['WT', day, 1],
        )
      ).rows[0].value as number;
      const { rows } = await c.query(
        `insert into "feedback_items" ("code", "reporter_id", "reporter_name", "community_id", "category", "title", "body", "location", "latitude", "longitude", "is_public", "anonymous", "status", "created_at", "updated_at")
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) returning "id", "code"`,
        [`WT-${day}-${String(n).padStart(4, '0')}`, user.id, body.anonymous === false ? user.display_name : null, user.community_id, body.category, body.title, body.body, body.location ?? null, null, null, body.public ?? true, body.anonymous ?? true, 'submitted', now, now],
      );
      const answer = { id: rows[0].id, code: rows[0].code, status: 'submitted' };
      if (key) {
        await c.query('update "idempotency_keys" set "status" = $1, "body" = $2 where ("idempotency_keys"."scope" = $3 and "idempotency_keys"."key" = $4)', [
          201,
          JSON.stringify(answer),
          scope,
          key,
        ]);
      }
      await c.query('commit');
      return { status: 201, body: answer };
    } catch (err) {
      await c.query('rollback');
      throw err;
    }
  } finally {
    c.release();
  }
}

async function signUp(userId: string, shiftId: string) {
  const c = await pool.connect();
  try {
    const user = await loadUser(c, userId);
    if (!user) return { status: 401, body: { title: 'Unauthorized' } };
    const now = new Date();
    await c.query('begin');
    try {
      const pre = (
        await c.query(
          `select "volunteer_profiles"."user_id", "shifts"."starts_at", "shifts"."ends_at", "shift_signups"."status" from "volunteer_profiles"
           left join "shifts" on "shifts"."id" = $1
           left join "shift_signups" on ("shift_signups"."shift_id" = "shifts"."id" and "shift_signups"."user_id" = "volunteer_profiles"."user_id")
           where "volunteer_profiles"."user_id" = $2 for update of "volunteer_profiles"`,
          [shiftId, user.id],
        )
      ).rows[0];
      if (!pre || pre.status === 'confirmed' || pre.status === 'waitlisted') {
        await c.query('rollback');
        return { status: 409, body: { code: 'ALREADY_SIGNED_UP' } };
      }
      await c.query(
        `select "shifts"."title" from "shift_signups" inner join "shifts" on "shifts"."id" = "shift_signups"."shift_id"
         where ("shift_signups"."user_id" = $1 and "shift_signups"."status" in ($2, $3) and "shifts"."status" = $4 and "shifts"."id" <> $5 and "shifts"."starts_at" < $6 and "shifts"."ends_at" > $7) limit $8`,
        [user.id, 'confirmed', 'waitlisted', 'published', shiftId, pre.ends_at, pre.starts_at, 1],
      );
      const shift = (await c.query('select * from "shifts" where "shifts"."id" = $1 for update', [shiftId])).rows[0];
      const status = shift.confirmed_count < shift.capacity ? 'confirmed' : 'waitlisted';
      const saved = (
        await c.query(
          `with saved as (
             insert into "shift_signups" (shift_id, user_id, status, seq, attendance, created_at, updated_at)
             values ($1, $2, $3, (select coalesce(max(seq), 0) + 1 from "shift_signups" where shift_id = $4), 'pending', $5, $6)
             on conflict (shift_id, user_id) do update
               set status = excluded.status, seq = excluded.seq, updated_at = excluded.updated_at,
                   checkin_at = null, checkout_at = null, attendance = 'pending', minutes = null, cancelled_at = null
               where "shift_signups".status = 'cancelled'
             returning id, seq
           ), bumped as (
             update "shifts" set confirmed_count = confirmed_count + $7, waitlist_count = waitlist_count + $8
              where id = $9 and exists (select 1 from saved)
           )
           select id, seq from saved`,
          [shiftId, user.id, status, shiftId, now, now, status === 'confirmed' ? 1 : 0, status === 'waitlisted' ? 1 : 0, shiftId],
        )
      ).rows[0];
      await c.query('commit');
      return { status: 201, body: { shiftId, status, seq: Number(saved.seq) } };
    } catch (err) {
      await c.query('rollback');
      throw err;
    }
  } finally {
    c.release();
  }
}

const server = http.createServer(async (req, res) => {
  try {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const userId = req.headers.authorization ? userIdFrom(req.headers.authorization) : null;
    if (req.headers.authorization && !userId) return send(res, 401, { title: 'Unauthorized' });
    if (req.method === 'POST' && url.pathname === '/api/feedback') {
      if (!userId) return send(res, 401, { title: 'Unauthorized' });
      const body = (await readBody(req)) as Record<string, unknown>;
      const key = req.headers['idempotency-key'];
      const r = await createFeedback(userId, body, typeof key === 'string' ? key : undefined);
      send(res, r.status, r.body);
      if (r.status < 300) await deliverOutbox().catch(() => undefined);
      return;
    }
    const signup = /^\/api\/redpost\/shifts\/([^/]+)\/signup$/.exec(url.pathname);
    if (req.method === 'POST' && signup) {
      if (!userId) return send(res, 401, { title: 'Unauthorized' });
      const r = await signUp(userId, signup[1]);
      send(res, r.status, r.body);
      if (r.status < 300) await deliverOutbox().catch(() => undefined);
      return;
    }
    // Reads: the bench names the captured script in the path, /replay/<key>.
    const key = url.pathname.startsWith('/replay/') ? url.pathname.slice('/replay/'.length) : '';
    if (req.method === 'GET' && scripts.has(key)) {
      const rows = await replay(key);
      return send(res, 200, { items: rows, nextCursor: null, requestId: randomUUID() });
    }
    send(res, 404, { title: 'Not Found' });
  } catch (err) {
    send(res, 500, { title: (err as Error).message });
  }
});
server.keepAliveTimeout = 65_000;

process.on('message', (m: { type: string; scripts?: Record<string, Statement[]> }) => {
  if (m.type === 'scripts') {
    for (const [k, v] of Object.entries(m.scripts ?? {})) scripts.set(k, v);
    process.send!({ type: 'scripts' });
  }
});
answerStats(async () => {
  server.close();
  await pool.end();
});
server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  process.send!({ type: 'ready', port: (server.address() as AddressInfo).port });
});
