import { eq } from 'drizzle-orm';
import sharp from 'sharp';
import { schema } from '../../api/_lib/db';
import { allRoutes } from '../../api/_lib/all-routes';
import { codeFor } from '../../api/_lib/services/redpost/attendance';
import { PRIVACY_POLICY_VERSION } from '../../shared/auth';
import { CODE_PERIOD_SECONDS } from '../../shared/redpost';
import { DEFAULT_STREET_SETTINGS } from '../../shared/settings';
import { startTestApp, type TestApp } from '../support/app';
import { conformance } from '../support/conformance';

/**
 * The authorization matrix: every route the routers expose (read from `allRoutes()`, so a
 * new route without a row fails) against seven callers, with the expected outcome per cell:
 * 'ok' (any 2xx), or the refusal status. All fixtures live in community C1 (the first
 * community, where demo users are placed) and belong to resident A; "staff of another
 * community" is a staff member limited to C2. State-changing cells get a fresh fixture
 * each (built through the API), and routes that change the caller's own account use a fresh
 * caller of the same role, so every cell is deterministic whatever order the cells run in.
 */

const WHO = ['anon', 'residentA', 'residentB', 'volunteer', 'staffOther', 'streetStaff', 'admin'] as const;
type Who = (typeof WHO)[number];
type Outcome = 'ok' | 400 | 401 | 403 | 404 | 409;
type Expect = Record<Who, Outcome>;

interface Actor {
  who: Who;
  token: string | null;
  id: string | null;
}
interface Cell {
  path: string;
  body?: unknown;
  /** Sent as multipart/form-data with this file in `file` instead of a JSON body. */
  file?: Buffer;
  /** Sent form-encoded (an Open311 POST) instead of a JSON body. */
  form?: Record<string, string>;
}
interface Row {
  key: string;
  /** Shown in the test name when one route has several rows (e.g. a private and a public item). */
  variant?: string;
  expect: Expect;
  /** The caller is a fresh user of the role: the route changes the caller's own account. */
  freshActor?: boolean;
  cell: (actor: Actor) => Promise<Cell> | Cell;
}

const E = (anon: Outcome, residentA: Outcome, residentB: Outcome, volunteer: Outcome, staffOther: Outcome, streetStaff: Outcome, admin: Outcome): Expect => ({
  anon,
  residentA,
  residentB,
  volunteer,
  staffOther,
  streetStaff,
  admin,
});
/** Anyone, logged in or not. */
const PUBLIC = E('ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok');
/** Any logged-in user, about their own things. */
const USER = E(401, 'ok', 'ok', 'ok', 'ok', 'ok', 'ok');
/** Staff routes: residents and volunteers are refused by the router; scoped staff per `other`. */
const STAFF = (other: Outcome) => E(401, 403, 403, 403, other, 'ok', 'ok');
const ADMIN = E(401, 403, 403, 403, 403, 403, 'ok');

const NOW = new Date(Math.floor(Date.now() / 60_000) * 60_000);
const at = (minutes: number) => new Date(NOW.getTime() + minutes * 60_000).toISOString();

let app: TestApp;
const users = {} as Record<Exclude<Who, 'anon'>, { token: string; id: string }>;
let C1: string;
let C2: string;
let seq = 0;
let synonymSeq = 0;
const uniq = () => `${process.pid}-${++seq}`;

async function must<T = any>(p: Promise<{ status: number; body: T; text: string }>, what: string): Promise<T> {
  const r = await p;
  if (r.status >= 300) throw new Error(`fixture ${what} failed: ${r.status} ${r.text}`);
  return r.body;
}

const PERSONA: Record<Exclude<Who, 'anon'>, 'resident' | 'volunteer' | 'staff' | 'admin'> = {
  residentA: 'resident',
  residentB: 'resident',
  volunteer: 'volunteer',
  staffOther: 'staff',
  streetStaff: 'staff',
  admin: 'admin',
};

async function newUser(who: Exclude<Who, 'anon'>, handle: string) {
  const { token, user } = await app.login(PERSONA[who], handle);
  if (who === 'staffOther' && C2) await app.db.update(schema.users).set({ staffCommunityId: C2 }).where(eq(schema.users.id, user.id));
  return { token, id: user.id as string };
}

// ---- fixtures, built through the API -------------------------------------------------

const ss = () => users.streetStaff.token;
const A = () => users.residentA.token;

const handbookBody = (over: Record<string, unknown> = {}) => ({
  category: 'elderly',
  title: `上门助老服务${uniq()}`,
  summary: '为独居老人上门送餐、打扫卫生',
  body: '红夕阳志愿者上门服务，每周一次。',
  requestable: true,
  serviceMinutes: 60,
  ...over,
});
const linkBody = () => ({
  title: '石楠街道冬季防火提示',
  url: `https://mp.weixin.qq.com/s/winter-fire-safety-${uniq()}`,
  publishedAt: '2026-11-26T09:00:00+08:00',
  pinned: false,
});
const cardBody = () => ({
  address: { building: '12 号楼', unit: '2 单元', room: '301' },
  householdSize: 1,
  careTags: ['living-alone'],
  emergencyContact: { name: '王建军', phone: '13800001234', relation: '子女' },
  consent: true,
});
const feedbackBody = (isPublic: boolean) => ({
  category: 'environment',
  title: '3号楼楼道堆放杂物',
  body: '3号楼2单元楼道里堆了很多纸箱和旧家具，堵住了消防通道。',
  location: '3号楼2单元',
  public: isPublic,
  anonymous: true,
});
const assignBody = () => ({ responsibleParty: '石楠社区物业服务中心', measures: '三日内清理楼道杂物', deadline: at(5 * 24 * 60) });
const shiftBody = (startMin: number, lengthMin = 120) => ({
  postType: 'red_cross',
  title: '红十字义诊·量血压',
  location: '石楠社区党群服务中心一楼',
  startsAt: at(startMin),
  endsAt: at(startMin + lengthMin),
  capacity: 5,
  communityId: C1,
});

const gridBody = () => ({ name: `矩阵网格${uniq()}`, buildings: [`${900 + seq}号楼`] });
async function grid(): Promise<string> {
  return (await must(app.post(`/api/communities/${C1}/grids`, gridBody(), ss()), 'grid')).id;
}

let serviceId: string;
const fx = {} as {
  photo: Buffer;
  handbookId: string;
  linkId: string;
  qrToken: string;
  cardNumber: string;
  messageId: string;
  privateFb: string;
  publicFb: string;
  order: string;
  shift: string;
  open311Key: string;
};

/** A fresh Open311 key, issued by the admin (for the revoke cells). */
async function open311Key(): Promise<string> {
  return (await must(app.post('/api/admin/open311-keys', { name: `市民通${uniq()}` }, users.admin.token), 'open311 key')).id;
}
const open311Form = (over: Record<string, string> = {}) => ({
  api_key: fx.open311Key,
  service_code: 'environment',
  description: '小区门口垃圾桶满溢，请及时清运。',
  address_string: '银杏大道 102 号',
  ...over,
});

/** An open 举报 by resident B on a fresh public item of A's. */
async function feedbackReport(): Promise<string> {
  const id = await feedback(true);
  return (await must(app.post(`/api/feedback/${id}/reports`, { reason: 'privacy' }, users.residentB.token), 'report')).id;
}
async function feedback(isPublic: boolean, token = A()): Promise<string> {
  return (await must(app.post('/api/feedback', feedbackBody(isPublic), token), 'feedback')).id;
}
async function assignedFeedback(isPublic: boolean) {
  const id = await feedback(isPublic);
  await must(app.post(`/api/feedback/${id}/assign`, assignBody(), ss()), 'assign');
  return id;
}
async function resolvedFeedback(isPublic: boolean) {
  const id = await assignedFeedback(isPublic);
  await must(app.post(`/api/feedback/${id}/resolve`, { result: '楼道杂物已全部清理。' }, ss()), 'resolve');
  return id;
}
async function order(): Promise<string> {
  return (await must(app.post('/api/requests', { serviceId, description: '家里老人腿脚不便，想请志愿者帮忙买菜。' }, A()), 'order')).id;
}
/** An order of A driven to the state by street staff and the matrix volunteer. */
async function orderIn(status: 'submitted' | 'dispatched' | 'accepted' | 'in_progress' | 'completed') {
  const id = await order();
  const steps: [string, () => string, unknown][] = [
    ['dispatch', ss, { assigneeId: users.volunteer.id }],
    ['accept', () => users.volunteer.token, {}],
    ['start', () => users.volunteer.token, {}],
    ['complete', () => users.volunteer.token, { note: '已买菜并打扫厨房。' }],
  ];
  const n = { submitted: 0, dispatched: 1, accepted: 2, in_progress: 3, completed: 4 }[status];
  for (const [action, token, body] of steps.slice(0, n)) await must(app.post(`/api/requests/${id}/${action}`, body, token()), action);
  return id;
}
async function shift(startMin = 3 * 24 * 60 + ++seq * 180): Promise<string> {
  return (await must(app.post('/api/redpost/shifts', shiftBody(startMin), ss()), 'shift')).id;
}
/** A shift starting in 10 minutes (check-in is open) with the given volunteer signed up. */
async function shiftNowWith(token: string) {
  const id = await shift(10);
  await must(app.post(`/api/redpost/shifts/${id}/signup`, {}, token), 'signup');
  return id;
}
/** A resident of C1 who has just reported as a volunteer and waits for the community. */
async function pendingVolunteer(): Promise<string> {
  const { token, user } = await app.login('resident', `mx-pend-${uniq()}`);
  await must(app.post('/api/volunteers/me', { realName: '吴晓东', isPartyMember: true, skills: ['助老服务'] }, token), 'volunteer report');
  return user.id as string;
}
const checkinCode = (shiftId: string) => codeFor(app.config.sessionSecret, shiftId, Math.floor(NOW.getTime() / 1000 / CODE_PERIOD_SECONDS));

// ---- the matrix ----------------------------------------------------------------------

const ROWS: Row[] = [
  // auth and me
  {
    key: 'POST /api/auth/login',
    // Public; this app runs in local mode (no WeChat configured), so every caller gets the same
    // 404 WECHAT_NOT_CONFIGURED. The WeChat log-in itself: tests/api/wechat-login.test.ts.
    expect: E(404, 404, 404, 404, 404, 404, 404),
    cell: () => ({ path: '/api/auth/login', body: { code: 'wx-code' } }),
  },
  { key: 'POST /api/auth/demo-login', expect: PUBLIC, cell: () => ({ path: '/api/auth/demo-login', body: { persona: 'resident', handle: `mx-${uniq()}` } }) },
  { key: 'GET /api/me', expect: USER, cell: () => ({ path: '/api/me' }) },
  { key: 'PATCH /api/me', expect: USER, freshActor: true, cell: () => ({ path: '/api/me', body: { displayName: '新名字' } }) },
  { key: 'POST /api/me/privacy-consent', expect: USER, freshActor: true, cell: () => ({ path: '/api/me/privacy-consent', body: { version: PRIVACY_POLICY_VERSION } }) },
  { key: 'GET /api/me/export', expect: USER, cell: () => ({ path: '/api/me/export' }) },
  { key: 'DELETE /api/me', expect: USER, freshActor: true, cell: () => ({ path: '/api/me' }) },
  // Only the caller's own counts: there is no way to name someone else.
  { key: 'GET /api/me/badges', expect: USER, cell: () => ({ path: '/api/me/badges' }) },
  { key: 'GET /api/me/messages', expect: USER, cell: () => ({ path: '/api/me/messages' }) },
  { key: 'POST /api/me/messages/read-all', expect: USER, freshActor: true, cell: () => ({ path: '/api/me/messages/read-all' }) },
  {
    key: 'POST /api/me/messages/:id/read',
    // A's message: nobody else, staff and admin included, may touch it.
    expect: E(401, 'ok', 404, 404, 404, 404, 404),
    cell: () => ({ path: `/api/me/messages/${fx.messageId}/read` }),
  },
  { key: 'GET /api/me/subscriptions', expect: USER, cell: () => ({ path: '/api/me/subscriptions' }) },
  { key: 'POST /api/me/subscriptions', expect: USER, freshActor: true, cell: () => ({ path: '/api/me/subscriptions', body: { kinds: ['order_completed'] } }) },

  // content
  { key: 'GET /api/communities', expect: PUBLIC, cell: () => ({ path: '/api/communities' }) },
  // The grid list is the 网格员公示牌: public. Managing grids is for the community's staff and the street's.
  { key: 'GET /api/communities/:id/grids', expect: PUBLIC, cell: () => ({ path: `/api/communities/${C1}/grids` }) },
  { key: 'POST /api/communities/:id/grids', expect: STAFF(404), cell: () => ({ path: `/api/communities/${C1}/grids`, body: gridBody() }) },
  {
    key: 'PUT /api/communities/:id/grids/:gridId',
    expect: STAFF(404),
    cell: async () => ({ path: `/api/communities/${C1}/grids/${await grid()}`, body: gridBody() }),
  },
  {
    key: 'DELETE /api/communities/:id/grids/:gridId',
    expect: STAFF(404),
    cell: async () => ({ path: `/api/communities/${C1}/grids/${await grid()}` }),
  },
  { key: 'GET /api/communities/:id/grid-workers', expect: STAFF(404), cell: () => ({ path: `/api/communities/${C1}/grid-workers` }) },
  { key: 'GET /api/handbook', expect: PUBLIC, cell: () => ({ path: '/api/handbook?q=助老' }) },
  { key: 'GET /api/handbook/categories', expect: PUBLIC, cell: () => ({ path: '/api/handbook/categories' }) },
  { key: 'GET /api/handbook/:id', expect: PUBLIC, cell: () => ({ path: `/api/handbook/${fx.handbookId}` }) },
  // The handbook and the links are the street's, not a community's: only street staff and
  // admins change them; staff of one community may not unpublish what every community reads.
  { key: 'POST /api/handbook', expect: STAFF(403), cell: () => ({ path: '/api/handbook', body: handbookBody({ requestable: false }) }) },
  {
    key: 'PUT /api/handbook/:id',
    expect: STAFF(403),
    cell: async () => {
      const id = (await must(app.post('/api/handbook', handbookBody({ requestable: false }), ss()), 'handbook')).id;
      return { path: `/api/handbook/${id}`, body: handbookBody({ requestable: false }) };
    },
  },
  {
    key: 'DELETE /api/handbook/:id',
    expect: STAFF(403),
    cell: async () => ({ path: `/api/handbook/${(await must(app.post('/api/handbook', handbookBody({ requestable: false }), ss()), 'handbook')).id}` }),
  },
  // Any staff member reads the synonym list (it explains what search finds); only street
  // staff and admins change it, like the handbook itself.
  { key: 'GET /api/handbook/synonyms', expect: STAFF('ok'), cell: () => ({ path: '/api/handbook/synonyms' }) },
  {
    key: 'POST /api/handbook/synonyms',
    expect: STAFF(403),
    cell: () => ({ path: '/api/handbook/synonyms', body: { term: `说法${++synonymSeq}`, target: '手册里的说法' } }),
  },
  {
    key: 'DELETE /api/handbook/synonyms/:id',
    expect: STAFF(403),
    cell: async () => {
      const body = { term: `说法${++synonymSeq}`, target: '手册里的说法' };
      return { path: `/api/handbook/synonyms/${(await must(app.post('/api/handbook/synonyms', body, ss()), 'synonym')).id}` };
    },
  },
  { key: 'GET /api/links', expect: PUBLIC, cell: () => ({ path: '/api/links' }) },
  { key: 'POST /api/links', expect: STAFF(403), cell: () => ({ path: '/api/links', body: linkBody() }) },
  {
    key: 'PUT /api/links/:id',
    expect: STAFF(403),
    cell: async () => ({ path: `/api/links/${(await must(app.post('/api/links', linkBody(), ss()), 'link')).id}`, body: linkBody() }),
  },
  {
    key: 'DELETE /api/links/:id',
    expect: STAFF(403),
    cell: async () => ({ path: `/api/links/${(await must(app.post('/api/links', linkBody(), ss()), 'link')).id}` }),
  },

  // neighbour card
  {
    key: 'GET /api/card',
    // "My card": only A has one; nobody else ever gets A's card from this route.
    expect: E(401, 'ok', 404, 404, 404, 404, 404),
    cell: () => ({ path: '/api/card' }),
  },
  { key: 'PUT /api/card', expect: USER, freshActor: true, cell: () => ({ path: '/api/card', body: cardBody() }) },
  {
    key: 'DELETE /api/card',
    expect: USER,
    freshActor: true,
    cell: async (me) => {
      if (me.token) await must(app.put('/api/card', cardBody(), me.token), 'card');
      return { path: '/api/card' };
    },
  },
  {
    key: 'POST /api/card/qr-token',
    expect: USER,
    freshActor: true,
    cell: async (me) => {
      if (me.token) await must(app.put('/api/card', cardBody(), me.token), 'card');
      return { path: '/api/card/qr-token' };
    },
  },
  { key: 'GET /api/card/scans', expect: USER, cell: () => ({ path: '/api/card/scans' }) },
  { key: 'GET /api/card/scan/:qrToken', expect: STAFF(404), cell: () => ({ path: `/api/card/scan/${encodeURIComponent(fx.qrToken)}` }) },
  // A's card is in C1: staff of C2 find nothing, exactly as for a number that does not exist.
  {
    key: 'POST /api/card/lookup',
    expect: STAFF(404),
    cell: () => ({ path: '/api/card/lookup', body: { number: fx.cardNumber, reason: '紧急情况，联系家属' } }),
  },

  // staff desk and admin
  { key: 'GET /api/staff/dashboard', expect: STAFF('ok'), cell: () => ({ path: '/api/staff/dashboard' }) },
  {
    key: 'POST /api/admin/users/:id/role',
    expect: ADMIN,
    cell: async () => {
      const target = await newUser('residentB', `mx-target-${uniq()}`);
      return { path: `/api/admin/users/${target.id}/role`, body: { role: 'staff', staffCommunityId: C1 } };
    },
  },
  { key: 'GET /api/admin/users', expect: ADMIN, cell: () => ({ path: '/api/admin/users?q=mx' }) },
  { key: 'GET /api/admin/audit', expect: ADMIN, cell: () => ({ path: '/api/admin/audit' }) },
  { key: 'GET /api/admin/audit/export', expect: ADMIN, cell: () => ({ path: '/api/admin/audit/export?action=user.role_granted' }) },
  { key: 'GET /api/admin/open311-keys', expect: ADMIN, cell: () => ({ path: '/api/admin/open311-keys' }) },
  { key: 'POST /api/admin/open311-keys', expect: ADMIN, cell: () => ({ path: '/api/admin/open311-keys', body: { name: `第三方应用${uniq()}` } }) },
  { key: 'DELETE /api/admin/open311-keys/:id', expect: ADMIN, cell: async () => ({ path: `/api/admin/open311-keys/${await open311Key()}` }) },
  // The street's own details: anyone reads them, only an admin changes them.
  { key: 'GET /api/settings', expect: PUBLIC, cell: () => ({ path: '/api/settings' }) },
  { key: 'PUT /api/settings', expect: ADMIN, cell: () => ({ path: '/api/settings', body: DEFAULT_STREET_SETTINGS }) },

  // feedback
  { key: 'GET /api/feedback/categories', expect: PUBLIC, cell: () => ({ path: '/api/feedback/categories' }) },
  { key: 'POST /api/uploads', expect: USER, cell: () => ({ path: '/api/uploads', file: fx.photo }) },
  // WeChat's message push: only with WECHAT_PUSH_TOKEN configured, and then only with its signature (tests/api/photo-check.test.ts).
  { key: 'GET /api/wechat/push', expect: E(404, 404, 404, 404, 404, 404, 404), cell: () => ({ path: '/api/wechat/push?signature=x&timestamp=1&nonce=2&echostr=3' }) },
  { key: 'POST /api/wechat/push', expect: E(404, 404, 404, 404, 404, 404, 404), cell: () => ({ path: '/api/wechat/push?signature=x&timestamp=1&nonce=2', body: { Event: 'wxa_media_check', trace_id: 't', result: { suggest: 'pass' } } }) },
  { key: 'POST /api/feedback', expect: USER, cell: () => ({ path: '/api/feedback', body: feedbackBody(false) }) },
  { key: 'GET /api/feedback/wall', expect: PUBLIC, cell: () => ({ path: '/api/feedback/wall' }) },
  { key: 'GET /api/feedback/echo', expect: PUBLIC, cell: () => ({ path: '/api/feedback/echo' }) },
  { key: 'GET /api/feedback/stats', expect: PUBLIC, cell: () => ({ path: '/api/feedback/stats' }) },
  { key: 'GET /api/feedback/mine', expect: USER, cell: () => ({ path: '/api/feedback/mine' }) },
  { key: 'GET /api/feedback/inbox', expect: STAFF('ok'), cell: () => ({ path: '/api/feedback/inbox' }) },
  { key: 'GET /api/feedback/responsible-units', expect: STAFF('ok'), cell: () => ({ path: '/api/feedback/responsible-units' }) },
  {
    key: 'GET /api/feedback/:id',
    variant: "A's private item",
    // A private item answers exactly as a missing one to everyone but its reporter and the staff who handle it.
    expect: E(404, 'ok', 404, 404, 404, 'ok', 'ok'),
    cell: () => ({ path: `/api/feedback/${fx.privateFb}` }),
  },
  { key: 'GET /api/feedback/:id', variant: "A's public item", expect: PUBLIC, cell: () => ({ path: `/api/feedback/${fx.publicFb}` }) },
  {
    key: 'POST /api/feedback/:id/replies',
    variant: "A's private item",
    expect: E(401, 'ok', 404, 404, 404, 'ok', 'ok'),
    cell: () => ({ path: `/api/feedback/${fx.privateFb}/replies`, body: { body: '请问什么时候能处理？' } }),
  },
  {
    key: 'POST /api/feedback/:id/replies',
    variant: "A's public item",
    // Others may read a public item but only its reporter and the staff who handle it speak in its thread.
    expect: E(401, 'ok', 403, 403, 404, 'ok', 'ok'),
    cell: () => ({ path: `/api/feedback/${fx.publicFb}/replies`, body: { body: '请问什么时候能处理？' } }),
  },
  // 我也遇到 on A's public item: the reporter is refused (already counted); a repeat is a no-op, so cells share it.
  { key: 'POST /api/feedback/:id/support', expect: E(401, 409, 'ok', 'ok', 'ok', 'ok', 'ok'), cell: () => ({ path: `/api/feedback/${fx.publicFb}/support` }) },
  { key: 'POST /api/feedback/:id/support', variant: "A's private item", expect: E(401, 404, 404, 404, 404, 404, 404), cell: () => ({ path: `/api/feedback/${fx.privateFb}/support` }) },
  { key: 'DELETE /api/feedback/:id/support', expect: USER, cell: () => ({ path: `/api/feedback/${fx.publicFb}/support` }) },
  {
    key: 'POST /api/feedback/:id/assign',
    expect: STAFF(404),
    cell: async () => ({ path: `/api/feedback/${await feedback(true)}/assign`, body: assignBody() }),
  },
  {
    key: 'POST /api/feedback/:id/resolve',
    expect: STAFF(404),
    cell: async () => ({ path: `/api/feedback/${await assignedFeedback(true)}/resolve`, body: { result: '楼道杂物已全部清理。' } }),
  },
  {
    key: 'POST /api/feedback/:id/merge',
    // Both of A's public items in C1: C2's staff see neither.
    expect: STAFF(404),
    cell: async () => ({ path: `/api/feedback/${await feedback(true)}/merge`, body: { intoId: await feedback(true) } }),
  },
  {
    key: 'POST /api/feedback/:id/reject',
    expect: STAFF(404),
    cell: async () => ({ path: `/api/feedback/${await feedback(true)}/reject`, body: { reason: '经核实不属实' } }),
  },
  {
    key: 'POST /api/feedback/:id/rate',
    variant: "A's resolved public item",
    // Only the reporter rates; those who may see the item learn that (403), staff included.
    expect: E(401, 'ok', 403, 403, 403, 403, 403),
    cell: async () => ({ path: `/api/feedback/${await resolvedFeedback(true)}/rate`, body: { rating: 'satisfied' } }),
  },
  {
    key: 'POST /api/feedback/:id/rate',
    variant: "A's resolved private item",
    expect: E(401, 'ok', 404, 404, 404, 403, 403),
    cell: async () => ({ path: `/api/feedback/${await resolvedFeedback(false)}/rate`, body: { rating: 'satisfied' } }),
  },
  {
    key: 'POST /api/feedback/:id/reports',
    variant: "A's public item",
    // Anyone logged in may report what the public sees, except its own reporter.
    expect: E(401, 403, 'ok', 'ok', 'ok', 'ok', 'ok'),
    cell: async () => ({ path: `/api/feedback/${await feedback(true)}/reports`, body: { reason: 'abuse' } }),
  },
  {
    key: 'POST /api/feedback/:id/reports',
    variant: "A's private item",
    // Only what the public sees can be reported: a private item is missing to everyone here.
    expect: E(401, 404, 404, 404, 404, 404, 404),
    cell: async () => ({ path: `/api/feedback/${await feedback(false)}/reports`, body: { reason: 'abuse' } }),
  },
  { key: 'GET /api/feedback/reports', expect: STAFF('ok'), cell: () => ({ path: '/api/feedback/reports?status=open' }) },
  {
    key: 'POST /api/feedback/reports/:id/confirm',
    expect: STAFF(404),
    cell: async () => ({ path: `/api/feedback/reports/${await feedbackReport()}/confirm`, body: {} }),
  },
  {
    key: 'POST /api/feedback/reports/:id/dismiss',
    expect: STAFF(404),
    cell: async () => ({ path: `/api/feedback/reports/${await feedbackReport()}/dismiss`, body: {} }),
  },
  // Open311 is the public face: the same answer for everyone, a session or none.
  { key: 'GET /api/open311/v2/discovery.:format', expect: PUBLIC, cell: () => ({ path: '/api/open311/v2/discovery.xml' }) },
  { key: 'GET /api/open311/v2/services.:format', expect: PUBLIC, cell: () => ({ path: '/api/open311/v2/services.json' }) },
  { key: 'GET /api/open311/v2/services.:format', variant: 'xml', expect: PUBLIC, cell: () => ({ path: '/api/open311/v2/services.xml' }) },
  { key: 'GET /api/open311/v2/services/:code.:format', expect: PUBLIC, cell: () => ({ path: '/api/open311/v2/services/environment.xml' }) },
  { key: 'GET /api/open311/v2/requests.:format', expect: PUBLIC, cell: () => ({ path: '/api/open311/v2/requests.json' }) },
  { key: 'GET /api/open311/v2/requests/:id.:format', variant: 'public item', expect: PUBLIC, cell: () => ({ path: `/api/open311/v2/requests/${fx.publicFb}.json` }) },
  {
    key: 'GET /api/open311/v2/requests/:id.:format',
    variant: 'private item',
    // A private item is not there for anyone, whoever asks.
    expect: E(404, 404, 404, 404, 404, 404, 404),
    cell: () => ({ path: `/api/open311/v2/requests/${fx.privateFb}.xml` }),
  },
  // Posting needs an api_key, not a session: whoever holds one may post, nobody posts without.
  { key: 'POST /api/open311/v2/requests.:format', expect: PUBLIC, cell: () => ({ path: '/api/open311/v2/requests.json', form: open311Form() }) },
  {
    key: 'POST /api/open311/v2/requests.:format',
    variant: 'no api_key',
    expect: E(400, 400, 400, 400, 400, 400, 400),
    cell: () => ({ path: '/api/open311/v2/requests.json', form: open311Form({ api_key: '' }) }),
  },
  {
    key: 'POST /api/open311/v2/requests.:format',
    variant: 'a wrong api_key',
    expect: E(403, 403, 403, 403, 403, 403, 403),
    cell: () => ({ path: '/api/open311/v2/requests.xml', form: open311Form({ api_key: 'o311_not-a-key' }) }),
  },

  // service requests
  { key: 'GET /api/requests/menu', expect: PUBLIC, cell: () => ({ path: '/api/requests/menu' }) },
  { key: 'GET /api/requests/prefill', expect: USER, cell: () => ({ path: '/api/requests/prefill' }) },
  { key: 'POST /api/requests', expect: USER, cell: () => ({ path: '/api/requests', body: { serviceId, description: '想请志愿者帮忙理发，谢谢。' } }) },
  {
    key: 'POST /api/requests',
    variant: '代办 for resident A',
    // Only staff order for someone else, and community staff only for their own community's residents.
    expect: E(401, 403, 403, 403, 403, 'ok', 'ok'),
    cell: () => ({
      path: '/api/requests',
      body: { serviceId, description: '老人腿脚不便，网格员代为预约理发。', ownerId: users.residentA.id, onBehalfOf: { name: '王阿姨' } },
    }),
  },
  // Staff of another community get an answer, but none of C1's residents (tests/api/requests-proxy.test.ts).
  { key: 'GET /api/requests/residents', expect: STAFF('ok'), cell: () => ({ path: `/api/requests/residents?q=${encodeURIComponent('mx')}` }) },
  { key: 'GET /api/requests', expect: USER, cell: () => ({ path: '/api/requests' }) },
  {
    key: 'GET /api/requests',
    variant: 'the open pool (scope=available)',
    // Only a volunteer the community confirmed sees residents' open orders (issue 15).
    expect: E(401, 403, 403, 'ok', 403, 403, 403),
    cell: () => ({ path: '/api/requests?scope=available' }),
  },
  {
    key: 'GET /api/requests/:id',
    variant: "A's order in the open pool",
    // Volunteers see orders waiting in the pool (without the contact details).
    expect: E(401, 'ok', 404, 'ok', 404, 'ok', 'ok'),
    cell: () => ({ path: `/api/requests/${fx.order}` }),
  },
  {
    key: 'GET /api/requests/:id',
    variant: "A's order dispatched to the volunteer",
    expect: E(401, 'ok', 404, 'ok', 404, 'ok', 'ok'),
    cell: async () => ({ path: `/api/requests/${await orderIn('dispatched')}` }),
  },
  { key: 'GET /api/requests/:id/candidates', expect: STAFF(404), cell: () => ({ path: `/api/requests/${fx.order}/candidates` }) },
  {
    key: 'POST /api/requests/:id/dispatch',
    expect: STAFF(404),
    cell: async () => ({ path: `/api/requests/${await order()}/dispatch`, body: { assigneeId: users.volunteer.id } }),
  },
  {
    key: 'POST /api/requests/:id/accept',
    // Only volunteers take orders (admin passes staff rules, not volunteer ones).
    expect: E(401, 403, 403, 'ok', 403, 403, 403),
    cell: async () => ({ path: `/api/requests/${await order()}/accept` }),
  },
  {
    key: 'POST /api/requests/:id/start',
    expect: E(401, 403, 403, 'ok', 403, 403, 403),
    cell: async () => ({ path: `/api/requests/${await orderIn('accepted')}/start` }),
  },
  {
    key: 'POST /api/requests/:id/complete',
    expect: E(401, 403, 403, 'ok', 403, 403, 403),
    cell: async () => ({ path: `/api/requests/${await orderIn('in_progress')}/complete`, body: { note: '已买菜并打扫厨房。' } }),
  },
  {
    key: 'POST /api/requests/:id/cancel',
    // The volunteer sees a pool order but may not withdraw it; B and the other community never see it.
    expect: E(401, 'ok', 404, 403, 404, 'ok', 'ok'),
    cell: async () => ({ path: `/api/requests/${await order()}/cancel`, body: { reason: '家属已自行解决' } }),
  },
  {
    key: 'POST /api/requests/:id/rate',
    // Completed by the matrix volunteer, who sees it but may not rate it; staff see it and may not rate either.
    expect: E(401, 'ok', 404, 403, 404, 403, 403),
    cell: async () => ({ path: `/api/requests/${await orderIn('completed')}/rate`, body: { score: 5, comment: '很耐心' } }),
  },

  // red posts
  { key: 'GET /api/redpost/posts', expect: PUBLIC, cell: () => ({ path: '/api/redpost/posts' }) },
  { key: 'GET /api/redpost/shifts', expect: PUBLIC, cell: () => ({ path: '/api/redpost/shifts' }) },
  { key: 'GET /api/redpost/my-shifts', expect: USER, cell: () => ({ path: '/api/redpost/my-shifts' }) },
  { key: 'GET /api/redpost/shifts/:id', expect: PUBLIC, cell: () => ({ path: `/api/redpost/shifts/${fx.shift}` }) },
  {
    key: 'POST /api/redpost/shifts',
    // Publishing into C1: staff limited to C2 are refused (403, they name the community themselves).
    expect: STAFF(403),
    cell: () => ({ path: '/api/redpost/shifts', body: shiftBody(3 * 24 * 60 + ++seq * 180) }),
  },
  {
    key: 'PUT /api/redpost/shifts/:id',
    expect: STAFF(404),
    cell: async () => {
      const start = 3 * 24 * 60 + ++seq * 180;
      const id = await shift(start);
      return { path: `/api/redpost/shifts/${id}`, body: { ...shiftBody(start), capacity: 8 } };
    },
  },
  { key: 'POST /api/redpost/shifts/:id/cancel', expect: STAFF(404), cell: async () => ({ path: `/api/redpost/shifts/${await shift()}/cancel`, body: { reason: '天气原因' } }) },
  {
    key: 'POST /api/redpost/shifts/:id/signup',
    // Signing up needs a volunteer profile: residents, staff and admins without one are told to register (403).
    expect: E(401, 403, 403, 'ok', 403, 403, 403),
    freshActor: true,
    cell: async () => ({ path: `/api/redpost/shifts/${await shift()}/signup` }),
  },
  {
    key: 'DELETE /api/redpost/shifts/:id/signup',
    // The volunteer's own sign-up; anyone else has none to cancel (409 NOT_SIGNED_UP), never someone else's.
    expect: E(401, 409, 409, 'ok', 409, 409, 409),
    freshActor: true,
    cell: async (me) => {
      const id = await shift();
      if (me.who === 'volunteer') await must(app.post(`/api/redpost/shifts/${id}/signup`, {}, me.token), 'signup');
      else await must(app.post(`/api/redpost/shifts/${id}/signup`, {}, users.volunteer.token), 'signup');
      return { path: `/api/redpost/shifts/${id}/signup` };
    },
  },
  { key: 'GET /api/redpost/shifts/:id/checkin-code', expect: STAFF(404), cell: () => ({ path: `/api/redpost/shifts/${fx.shift}/checkin-code` }) },
  {
    key: 'POST /api/redpost/shifts/:id/checkin',
    // Only a signed-up volunteer checks in; the rest have no profile (403 VOLUNTEER_PROFILE_REQUIRED).
    expect: E(401, 403, 403, 'ok', 403, 403, 403),
    freshActor: true,
    cell: async (me) => {
      const id = me.who === 'volunteer' ? await shiftNowWith(me.token!) : await shift(10);
      return { path: `/api/redpost/shifts/${id}/checkin`, body: { code: checkinCode(id) } };
    },
  },
  {
    key: 'POST /api/redpost/shifts/:id/checkout',
    expect: E(401, 403, 403, 'ok', 403, 403, 403),
    freshActor: true,
    cell: async (me) => {
      const id = me.who === 'volunteer' ? await shiftNowWith(me.token!) : await shift(10);
      if (me.who === 'volunteer') await must(app.post(`/api/redpost/shifts/${id}/checkin`, { code: checkinCode(id) }, me.token), 'checkin');
      return { path: `/api/redpost/shifts/${id}/checkout`, body: { code: checkinCode(id) } };
    },
  },
  { key: 'GET /api/redpost/shifts/:id/roster', expect: STAFF(404), cell: () => ({ path: `/api/redpost/shifts/${fx.shift}/roster` }) },
  {
    key: 'POST /api/redpost/shifts/:id/attendance',
    expect: STAFF(404),
    cell: async () => {
      const v = await newUser('volunteer', `mx-att-${uniq()}`);
      const id = await shiftNowWith(v.token);
      return { path: `/api/redpost/shifts/${id}/attendance`, body: { userId: v.id, attendance: 'present' } };
    },
  },
  {
    key: 'POST /api/volunteers/me',
    // Anyone may report as a volunteer; it waits for the community's confirmation (staff keep their role).
    expect: USER,
    freshActor: true,
    cell: () => ({ path: '/api/volunteers/me', body: { realName: '刘建华', isPartyMember: true, skills: ['助老服务'] } }),
  },
  {
    key: 'GET /api/volunteers/me',
    // Only the volunteer has a profile; the others are told they have none (404), never someone else's.
    expect: E(401, 404, 404, 'ok', 404, 404, 404),
    cell: () => ({ path: '/api/volunteers/me' }),
  },
  { key: 'GET /api/volunteers/me/record', expect: E(401, 404, 404, 'ok', 404, 404, 404), cell: () => ({ path: '/api/volunteers/me/record' }) },
  { key: 'GET /api/volunteers', expect: STAFF('ok'), cell: () => ({ path: '/api/volunteers' }) },
  {
    key: 'POST /api/volunteers/:id/approve',
    // A fresh 在职党员报到 in C1, pending: C1's and the street's staff decide; C2's never see it.
    expect: STAFF(404),
    cell: async () => ({ path: `/api/volunteers/${await pendingVolunteer()}/approve` }),
  },
  {
    key: 'POST /api/volunteers/:id/reject',
    expect: STAFF(404),
    cell: async () => ({ path: `/api/volunteers/${await pendingVolunteer()}/reject`, body: { reason: '工作单位信息无法核实' } }),
  },
  {
    key: 'POST /api/volunteers/:id/stars',
    expect: STAFF(404),
    cell: () => ({ path: `/api/volunteers/${users.volunteer.id}/stars`, body: { year: Number(at(0).slice(0, 4)), stars: 4 } }),
  },

  // cron: `auth: 'cron'`, the router wants CRON_SECRET; no user token is the secret.
  { key: 'GET /api/cron/tick', expect: E(401, 401, 401, 401, 401, 401, 401), cell: () => ({ path: '/api/cron/tick' }) },
];

// ---- running it ------------------------------------------------------------------------

beforeAll(async () => {
  app = await startTestApp({ env: { RATE_LIMIT_DISABLED: '1', CRON_SECRET: 'matrix-cron-secret-0123456789' } });
  app.setNow(NOW);
  const communities = (await app.get('/api/communities')).body.items as { id: string }[];
  for (const who of WHO) if (who !== 'anon') users[who] = await newUser(who, `mx-${who}`);
  C1 = (await app.get('/api/me', users.residentA.token)).body.communityId;
  C2 = communities.find((c) => c.id !== C1)!.id;
  await app.db.update(schema.users).set({ staffCommunityId: C2 }).where(eq(schema.users.id, users.staffOther.id));
  expect(C1).toBeTruthy();

  serviceId = (await must(app.post('/api/handbook', handbookBody(), ss()), 'service')).id;
  fx.handbookId = serviceId;
  fx.linkId = (await must(app.post('/api/links', linkBody(), ss()), 'link')).id;
  const card = await must(app.put('/api/card', cardBody(), A()), 'card');
  fx.qrToken = card.qrToken;
  fx.cardNumber = card.number;
  fx.photo = await sharp({ create: { width: 32, height: 24, channels: 3, background: '#336699' } }).jpeg().toBuffer();
  fx.privateFb = await feedback(false);
  fx.publicFb = await feedback(true);
  fx.open311Key = (await must(app.post('/api/admin/open311-keys', { name: '市民通' }, users.admin.token), 'open311 key')).key;
  // A staff reply notifies A: that is A's message.
  await must(app.post(`/api/feedback/${fx.privateFb}/replies`, { body: '已收到，正在安排。' }, ss()), 'staff reply');
  const messages = await must(app.get('/api/me/messages', A()), 'messages');
  fx.messageId = messages.items[0].id;
  fx.order = await order();
  fx.shift = await shift();
}, 120_000);
afterAll(() => app.close());

/** What wx.uploadFile sends: one file in a multipart/form-data body. */
async function sendFile(path: string, bytes: Buffer, token: string | null) {
  const fd = new FormData();
  fd.append('file', new Blob([new Uint8Array(bytes)], { type: 'image/jpeg' }), 'photo.jpg');
  const res = await fetch(app.url + path, { method: 'POST', body: fd, headers: token ? { authorization: `Bearer ${token}` } : {} });
  const text = await res.text();
  return { status: res.status, headers: res.headers, text, body: text ? JSON.parse(text) : null };
}

/** What an Open311 client sends: a form-encoded body. */
async function sendForm(path: string, form: Record<string, string>, token: string | null) {
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
  if (token) headers.authorization = `Bearer ${token}`;
  const res = await fetch(app.url + path, { method: 'POST', body: new URLSearchParams(form).toString(), headers });
  const text = await res.text();
  return { status: res.status, headers: res.headers, text, body: null };
}

const rowName = (r: Row) => (r.variant ? `${r.key} (${r.variant})` : r.key);

it('has a row for every route the routers expose, and none for routes that do not exist', () => {
  const routed = new Set(allRoutes().map((r) => `${r.method} ${r.path}`));
  const listed = new Set(ROWS.map((r) => r.key));
  expect([...routed].filter((k) => !listed.has(k))).toEqual([]);
  expect([...listed].filter((k) => !routed.has(k))).toEqual([]);
});

describe.each(ROWS.map((r) => [rowName(r), r] as const))('%s', (_name, row) => {
  it('answers each caller as the matrix says', async () => {
    const method = row.key.split(' ')[0];
    const route = allRoutes().find((r) => `${r.method} ${r.path}` === row.key)!;
    const actual = {} as Record<Who, Outcome | number>;
    const details: string[] = [];
    const unconforming: string[] = [];
    for (const who of WHO) {
      let actor: Actor = { who, token: null, id: null };
      if (who !== 'anon') {
        const u = row.freshActor ? await newUser(who, `mx-${who}-${uniq()}`) : users[who];
        actor = { who, token: u.token, id: u.id };
      }
      const cell = await row.cell(actor);
      const res = cell.file
        ? await sendFile(cell.path, cell.file, actor.token)
        : cell.form
          ? await sendForm(cell.path, cell.form, actor.token)
          : await app.request(method, cell.path, { token: actor.token, body: method === 'GET' || method === 'DELETE' ? undefined : (cell.body ?? {}) });
      actual[who] = res.status >= 200 && res.status < 300 ? 'ok' : res.status;
      // Valid requests reach every route's success answer here: each must match the OpenAPI document.
      unconforming.push(...conformance(route, res).map((w) => `${who}: ${w}`));
      if (actual[who] !== row.expect[who]) details.push(`${who}: ${res.status} ${res.text.slice(0, 200)}`);
    }
    if (details.length) console.log(`${rowName(row)}\n  ${details.join('\n  ')}`);
    expect(actual).toEqual(row.expect);
    expect(unconforming).toEqual([]);
  });
});
