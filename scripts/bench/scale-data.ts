/**
 * A district's worth of rows for `npm run bench:scale`, written by PostgreSQL itself
 * (`INSERT … SELECT … FROM generate_series`), not through the API: 100× takes minutes
 * this way and would take days request by request.
 *
 * One "district" (factor 1) is a street of five communities over five years:
 * 1,000 residents, 10,000 feedback items with replies, 5,000 orders with their events,
 * 200 shifts with 10,000 sign-ups and 50,000 messages. The newest items are the open
 * ones, as in life: about 2 % of feedback and orders are still open, a few of them overdue
 * and already reminded, so the cron's tick does a day's work and not five years'.
 */
import type { Client } from 'pg';

export interface ScaleCounts {
  residents: number;
  feedback: number;
  orders: number;
  shifts: number;
  signups: number;
  messages: number;
}

export const perDistrict: ScaleCounts = {
  residents: 1_000,
  feedback: 10_000,
  orders: 5_000,
  shifts: 200,
  signups: 10_000,
  messages: 50_000,
};

export const countsAt = (factor: number): ScaleCounts =>
  Object.fromEntries(Object.entries(perDistrict).map(([k, v]) => [k, Math.round(v * factor)])) as unknown as ScaleCounts;

const YEARS = 5;

/**
 * Fills the database. `people` are the bench's own logged-in users: the resident gets a
 * share of the messages, feedback and orders, as a long-time resident would.
 */
export async function generateScale(db: Client, factor: number, people: { residentId: string }, log: (s: string) => void): Promise<ScaleCounts> {
  const n = countsAt(factor);
  const step = async (label: string, text: string, values: unknown[] = []) => {
    const t0 = Date.now();
    const r = await db.query(text, values);
    log(`  ${label}: ${r.rowCount ?? 0} rows in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  };
  // Rows are spread over the five years before now; i = 1 is the oldest.
  const span = `interval '${YEARS * 365} days'`;
  const at = (i: string, total: number) => `now() - ${span} + (${span} * (${i}::float8 / ${total}))`;

  await db.query(`CREATE TEMP TABLE scale_people (n int PRIMARY KEY, id uuid NOT NULL, community_id uuid)`);
  await db.query(`CREATE TEMP TABLE scale_communities AS SELECT row_number() OVER (ORDER BY sort_order, id) - 1 AS n, id FROM communities`);
  await db.query(`CREATE TEMP TABLE scale_services AS SELECT row_number() OVER (ORDER BY sort_order, id) - 1 AS n, id FROM handbook_entries WHERE requestable`);
  const communities = Number((await db.query('SELECT count(*) FROM scale_communities')).rows[0].count);
  const services = Number((await db.query('SELECT count(*) FROM scale_services')).rows[0].count);
  if (!communities || !services) throw new Error('bench:scale needs the demo communities and requestable services');

  await step(
    'residents',
    `WITH made AS (
       INSERT INTO users (openid, role, display_name, phone, community_id, privacy_consent_at, privacy_consent_version, created_at)
       SELECT 'scale-' || i, CASE WHEN i % 10 = 0 THEN 'volunteer' ELSE 'resident' END, '居民' || i,
              '139' || lpad((i % 100000000)::text, 8, '0'), c.id, now(), '2026-11-01', ${at('i', n.residents)}
         FROM generate_series(1, $1::int) i JOIN scale_communities c ON c.n = i % ${communities}
       RETURNING id, community_id, openid)
     INSERT INTO scale_people SELECT substr(openid, 7)::int, id, community_id FROM made`,
    [n.residents],
  );
  await db.query(`INSERT INTO scale_people VALUES (0, $1, (SELECT community_id FROM users WHERE id = $1))`, [people.residentId]);
  await step(
    'volunteer profiles',
    `INSERT INTO volunteer_profiles (user_id, real_name, skills, status, community_id, is_party_member)
     SELECT p.id, '志愿者' || p.n, '["助老陪诊"]'::jsonb, 'approved', p.community_id, p.n % 20 = 0
       FROM scale_people p WHERE p.n % 10 = 0 AND p.n > 0`,
  );

  // Feedback: the newest 2 % are open (submitted or in progress); some of those are overdue.
  const open = Math.max(1, Math.round(n.feedback * 0.02));
  await step(
    'feedback items',
    `INSERT INTO feedback_items (code, reporter_id, community_id, category, title, body, location, is_public, anonymous, status,
        responsible_party, measures, deadline, assigned_at, resolved_at, result, rating, closed_at, overdue_notified_at, created_at, updated_at)
     SELECT 'WT-S' || lpad(i::text, 8, '0'), p.id, p.community_id,
            (ARRAY['environment','greening','facilities','traffic','safety','dispute'])[1 + i % 6],
            '楼道灯不亮 ' || i, '三号楼二单元楼道灯坏了，晚上老人上下楼看不清，请尽快修理。', '石楠社区' || (i % 30) || '号楼',
            i % 7 <> 0, i % 3 <> 0,
            CASE WHEN i > $1::int - ${open} THEN (CASE WHEN i % 2 = 0 THEN 'in_progress' ELSE 'submitted' END)
                 WHEN i % 25 = 0 THEN 'rejected' WHEN i % 4 = 0 THEN 'resolved' ELSE 'closed' END,
            CASE WHEN i % 2 = 0 OR i <= $1::int - ${open} THEN (ARRAY['桂香社区居委会','石楠派出所','街道城管科','物业公司','园林绿化队'])[1 + i % 5] END,
            '安排专人处理', ${at('i', n.feedback)} + interval '7 days', ${at('i', n.feedback)} + interval '1 hour',
            CASE WHEN i <= $1::int - ${open} THEN ${at('i', n.feedback)} + interval '3 days' END,
            CASE WHEN i <= $1::int - ${open} THEN '已修复' END,
            CASE WHEN i <= $1::int - ${open} AND i % 4 <> 0 THEN (ARRAY['satisfied','basically_satisfied','unsatisfied'])[1 + i % 3] END,
            CASE WHEN i <= $1::int - ${open} AND i % 4 <> 0 THEN ${at('i', n.feedback)} + interval '4 days' END,
            CASE WHEN i > $1::int - ${open} AND ${at('i', n.feedback)} + interval '7 days' < now() THEN now() END,
            ${at('i', n.feedback)}, ${at('i', n.feedback)}
       FROM generate_series(1, $1::int) i JOIN scale_people p ON p.n = (i::bigint * 7919) % ${n.residents + 1}`,
    [n.feedback],
  );
  await step(
    'feedback replies',
    `INSERT INTO feedback_replies (feedback_id, author_role, body, created_at)
     SELECT id, 'staff', '已收到，正在安排。', created_at + interval '2 hours' FROM feedback_items WHERE code LIKE 'WT-S%'`,
  );

  const openOrders = Math.max(1, Math.round(n.orders * 0.02));
  await step(
    'orders',
    `INSERT INTO service_requests (code, service_id, owner_id, created_by_id, community_id, description, preferred_time, contact_phone, address,
        status, assignee_id, completed_at, rating_score, created_at, updated_at)
     SELECT 'FW-S' || lpad(i::text, 8, '0'), s.id, p.id, p.id, p.community_id, '想请志愿者上门帮忙 ' || i, '工作日上午', '13900000000', '石楠社区' || (i % 30) || '号楼',
            CASE WHEN i > $1::int - ${openOrders} THEN (ARRAY['submitted','dispatched','accepted','in_progress'])[1 + i % 4]
                 WHEN i % 20 = 0 THEN 'cancelled' ELSE 'completed' END,
            CASE WHEN i % 20 <> 0 AND (i <= $1::int - ${openOrders} OR i % 4 <> 1) THEN v.id END,
            CASE WHEN i <= $1::int - ${openOrders} AND i % 20 <> 0 THEN ${at('i', n.orders)} + interval '2 days' END,
            CASE WHEN i <= $1::int - ${openOrders} AND i % 20 <> 0 AND i % 3 <> 0 THEN 4 + i % 2 END,
            ${at('i', n.orders)}, ${at('i', n.orders)}
       FROM generate_series(1, $1::int) i
       JOIN scale_people p ON p.n = (i::bigint * 104729) % ${n.residents + 1}
       JOIN scale_people v ON v.n = greatest(10, (i::bigint * 31 % ${Math.max(1, Math.floor(n.residents / 10))}) * 10)
       JOIN scale_services s ON s.n = i % ${services}`,
    [n.orders],
  );
  await step(
    'order events',
    `INSERT INTO request_events (request_id, type, from_status, to_status, actor_role, created_at)
     SELECT r.id, e.type, e.from_status, e.to_status, e.role, r.created_at + e.after
       FROM service_requests r
       CROSS JOIN LATERAL (VALUES ('created', NULL, 'submitted', 'resident', interval '0'),
                                  ('dispatched', 'submitted', 'dispatched', 'staff', interval '1 hour'),
                                  ('completed', 'in_progress', 'completed', 'volunteer', interval '2 days')) AS e(type, from_status, to_status, role, after)
      WHERE r.code LIKE 'FW-S%' AND (e.type = 'created' OR r.status NOT IN ('submitted', 'cancelled'))
        AND (e.type <> 'completed' OR r.status = 'completed')`,
  );

  // Shifts: the last 2 % are ahead of now, the rest over the five years.
  await step(
    'shifts',
    `INSERT INTO shifts (post_type, title, location, community_id, starts_at, ends_at, capacity, confirmed_count, notes, created_at)
     SELECT (ARRAY['red_armband','elder_care','greening'])[1 + i % 3], '红岗执勤 ' || i, '石楠社区东门', c.id,
            ${at('i', Math.round(n.shifts * 0.98))}, ${at('i', Math.round(n.shifts * 0.98))} + interval '2 hours', 60, 50, 'scale',
            ${at('i', n.shifts)} - interval '7 days'
       FROM generate_series(1, $1::int) i JOIN scale_communities c ON c.n = i % ${communities}`,
    [n.shifts],
  );
  const perShift = Math.max(1, Math.round(n.signups / n.shifts));
  await step(
    'sign-ups',
    `WITH s AS (SELECT id, starts_at, ends_at, row_number() OVER (ORDER BY starts_at) AS k FROM shifts WHERE notes = 'scale')
     INSERT INTO shift_signups (shift_id, user_id, status, seq, attendance, minutes, checkin_at, checkout_at, created_at, updated_at)
     SELECT s.id, p.id, 'confirmed', j, CASE WHEN s.ends_at < now() THEN 'present' ELSE 'pending' END,
            CASE WHEN s.ends_at < now() THEN 120 END,
            CASE WHEN s.ends_at < now() THEN s.starts_at END, CASE WHEN s.ends_at < now() THEN s.ends_at END,
            s.starts_at - interval '3 days', s.starts_at - interval '3 days'
       FROM s CROSS JOIN generate_series(1, ${perShift}) j
       JOIN scale_people p ON p.n = ((s.k::bigint * 7919 + j) % ${n.residents}) + 1`,
  );
  await step(
    'volunteer hours',
    `INSERT INTO volunteer_hours (user_id, source_type, source_id, minutes, served_at, year)
     SELECT g.user_id, 'shift', g.shift_id, g.minutes, g.checkout_at, extract(year FROM g.checkout_at AT TIME ZONE 'Asia/Shanghai')::int
       FROM shift_signups g JOIN shifts s ON s.id = g.shift_id WHERE s.notes = 'scale' AND g.attendance = 'present'`,
  );
  await step(
    'messages',
    `INSERT INTO notifications (user_id, kind, title, body, page, dedupe_key, status, attempts, sent_at, read_at, created_at, next_attempt_at)
     SELECT p.id, 'feedback_reply', '您的留言有了回复', '社区已回复：已收到，正在安排。', '/packages/feedback/pages/detail/index',
            'scale-' || i, 'sent', 1, ${at('i', n.messages)}, CASE WHEN i % 5 <> 0 THEN ${at('i', n.messages)} + interval '1 hour' END,
            ${at('i', n.messages)}, ${at('i', n.messages)}
       FROM generate_series(1, $1::int) i JOIN scale_people p ON p.n = i % ${n.residents + 1}`,
    [n.messages],
  );
  const t0 = Date.now();
  await db.query('ANALYZE');
  log(`  analyze: ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  return n;
}
