/**
 * Every page of the real weapp build (dist/weapp/app.json: main package and every
 * subpackage) rendered in a simulated WeChat runtime (tests/weapp/harness.ts), as the
 * persona it is for, against the local server with the demo data. The weapp twin of the
 * browser tests in tests/e2e.
 *
 * Each page must: render its heading and content from the demo data (asserted on real
 * titles fetched from the API, so a page that breaks or whose data does not arrive
 * fails), log no console.error, raise no uncaught error or unhandled rejection, leave no
 * element the WXML templates cannot draw ("Template `tmpl_0_x` not found"), show no
 * error toast or "暂时没能加载" state, and not bounce the user to log-in, consent or home.
 *
 * What the simulator cannot host, and how it is covered instead:
 * - Layout and styles: nothing is laid out (selector queries answer with empty
 *   rectangles); `npm run check:weapp` compiles the styles with WeChat's wcsc.
 * - Native components have no native layer: <web-view> (公众号 article) never loads its
 *   page, so the test checks the node and its src; <canvas type="2d"> (yearly record image)
 *   answers a selector query with a recording node (nothing is rasterised); and
 *   <camera>/wx.scanCode (staff card scan, red-post scan) are not exercised beyond the
 *   page around them (scanCode answers "cancel"); inputs hold values but cannot be typed
 *   into by a keyboard.
 * - WeChat's privacy pop-up, subscribe prompts, phone calls, clipboard and album are
 *   stubs that record the call (tests/weapp/harness.ts createWx).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ChildProcess } from 'node:child_process';
import sharp from 'sharp';
import { ensureWeappBuild } from '../../scripts/weapp-build';
import { PRIVACY_POLICY_VERSION } from '../../shared/roles';
import { policyVersionText } from '../../miniprogram/lib/format';
import { startFakeWechat, type FakeWechat } from '../support/fake-wechat';
import { freePort, startServer, stopProcess } from '../support/server-process';
import { apiJson, DIST, launchApp, personaSession, watchProblems, type Launch, type PageHandle, type Persona } from './harness';

type Who = Persona | 'anonymous';

interface Fixtures {
  sessions: Record<Persona, { token: string; user: any }>;
  handbook: any;
  link: any;
  menuItem: any;
  order: any;
  wallItem: any;
  echoItem: any;
  myFeedback: any;
  inboxItem: any;
  shift: any;
  rosterName: string;
  post: any;
  volunteer: any;
  volunteerShift: any;
  message: any;
  audit: any;
}

interface Case {
  route: string;
  who: Who;
  query?: (fx: Fixtures) => Record<string, string>;
  /** Text that must appear: the page heading and content from the demo data. */
  shows: (fx: Fixtures) => string[];
  /** Extra checks on the rendered page. */
  also?: (page: PageHandle, fx: Fixtures, launch: Launch) => void | Promise<void>;
}

/** Every string leaf of Taro's data tree (input values, web-view src …). */
function dataStrings(node: unknown, out: string[] = []): string[] {
  if (typeof node === 'string') out.push(node);
  else if (Array.isArray(node)) node.forEach((n) => dataStrings(n, out));
  else if (node && typeof node === 'object') Object.values(node).forEach((n) => dataStrings(n, out));
  return out;
}

/** Waits until a value (not text: an attribute such as an input's value) reaches the page's data. */
async function waitForData(page: PageHandle, value: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!dataStrings(page.data()).includes(value)) {
    if (Date.now() > deadline) throw new Error(`${page.route}: "${value}" never reached the page data; it shows:\n${page.text()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Taps the scan button: WeChat's camera opens (wx.scanCode) and the user cancels. */
async function scanCancelled(page: PageHandle, label: string, launch: Launch): Promise<void> {
  const before = launch.env.calls.length;
  await page.tap(label);
  await new Promise((r) => setTimeout(r, 50));
  expect(launch.env.calls.slice(before).map((c) => c.api)).toContain('scanCode');
}

const CASES: Case[] = [
  // Main package: the four tabs.
  { route: 'pages/index/index', who: 'resident', shows: (fx) => [fx.sessions.resident.user.displayName, '服务手册', '邻里亲情卡', '菜单式服务', '问题墙·回音壁', fx.link.title] },
  { route: 'pages/handbook/index', who: 'resident', shows: (fx) => ['人民服务手册', '按类别查找', fx.handbook.categoryName] },
  // A confirmed volunteer finds the open pool (待接订单) and how many wait in it.
  { route: 'pages/redpost/index', who: 'volunteer', shows: (fx) => ['五大红岗', fx.post.name, '待接订单'], also: (page) => expect(page.text()).toMatch(/\d+ 单 ›/) },
  {
    route: 'pages/mine/index',
    who: 'resident',
    shows: (fx) => [fx.sessions.resident.user.displayName, '我的亲情卡', '隐私与数据', '大字模式', '退出登录', '条未读'],
    // The unread count goes on the 我的 tab (index 3) through wx.setTabBarBadge.
    also: async (page, fx, launch) => {
      const { unreadMessages } = (await apiJson(origin, 'GET', '/api/me/badges', fx.sessions.resident.token)) as { unreadMessages: number };
      expect(page.text()).toContain(`${unreadMessages} 条未读`);
      const badge = launch.env.calls.filter((c) => c.api === 'setTabBarBadge').pop();
      expect(badge?.args).toMatchObject({ index: 3, text: String(unreadMessages) });
    },
  },

  // packages/account
  { route: 'packages/account/pages/login/index', who: 'anonymous', shows: () => ['石楠邻里', '微信一键登录'] },
  { route: 'packages/account/pages/privacy/index', who: 'resident', shows: () => ['我们如何使用您的信息', `版本：${policyVersionText(PRIVACY_POLICY_VERSION)}`] },
  { route: 'packages/account/pages/messages/index', who: 'resident', shows: (fx) => ['全部标为已读', fx.message.title] },
  { route: 'packages/account/pages/data/index', who: 'resident', shows: (fx) => ['我的数据', fx.sessions.resident.user.displayName, '复制全部数据'] },

  // packages/card
  { route: 'packages/card/pages/index/index', who: 'resident', shows: () => ['邻里亲情卡', '亲情卡能做什么'] },
  { route: 'packages/card/pages/edit/index', who: 'resident', shows: () => ['填写邻里亲情卡', '紧急联系人'] },
  { route: 'packages/card/pages/scans/index', who: 'resident', shows: () => ['谁查看过我的卡'] },

  // packages/handbook
  { route: 'packages/handbook/pages/entry/index', who: 'resident', query: (fx) => ({ id: fx.handbook.id }), shows: (fx) => [fx.handbook.title, fx.handbook.location] },

  // packages/links
  { route: 'packages/links/pages/index/index', who: 'resident', shows: (fx) => ['石楠街道公众号', fx.link.title] },
  {
    route: 'packages/links/pages/article/index',
    who: 'resident',
    query: (fx) => ({ url: encodeURIComponent(fx.link.url) }),
    shows: () => [],
    // <web-view> is native: the simulator has the node, not the article it would load.
    also: async (page, fx) => {
      await waitForData(page, fx.link.url);
      expect(page.text()).not.toContain('这篇文章打不开');
    },
  },

  // packages/requests
  { route: 'packages/requests/pages/index/index', who: 'resident', shows: (fx) => ['群众下单', '服务菜单', fx.menuItem.title] },
  { route: 'packages/requests/pages/new/index', who: 'resident', query: (fx) => ({ serviceId: fx.menuItem.id }), shows: (fx) => ['您预约的服务', fx.menuItem.title, '提交订单'] },
  { route: 'packages/requests/pages/detail/index', who: 'resident', query: (fx) => ({ id: fx.order.id }), shows: (fx) => [fx.order.code, fx.order.service.title] },
  { route: 'packages/requests/pages/dispatch/index', who: 'staff', query: (fx) => ({ id: fx.order.id }), shows: (fx) => [fx.order.code, fx.volunteer.displayName, '选TA'] },

  // packages/feedback
  { route: 'packages/feedback/pages/index/index', who: 'resident', shows: (fx) => ['问题墙', '我要反映问题', fx.wallItem.title] },
  { route: 'packages/feedback/pages/echo/index', who: 'resident', shows: (fx) => ['回音壁', fx.echoItem.title] },
  { route: 'packages/feedback/pages/figures/index', who: 'resident', shows: () => ['各责任单位办理情况', '按期完成率'] },
  { route: 'packages/feedback/pages/new/index', who: 'resident', shows: () => ['反映问题', '是哪方面的问题', '环境卫生', '点一下是哪栋楼', '1号楼', '在地图上选位置'] },
  { route: 'packages/feedback/pages/mine/index', who: 'resident', shows: (fx) => ['我的反映', fx.myFeedback.title] },
  { route: 'packages/feedback/pages/detail/index', who: 'resident', query: (fx) => ({ id: fx.myFeedback.id }), shows: (fx) => [fx.myFeedback.code, fx.myFeedback.title] },
  { route: 'packages/feedback/pages/staff-inbox/index', who: 'staff', shows: (fx) => ['问题受理', fx.inboxItem.title] },
  { route: 'packages/feedback/pages/staff-handle/index', who: 'staff', query: (fx) => ({ id: fx.inboxItem.id }), shows: (fx) => [fx.inboxItem.code, fx.inboxItem.title] },

  // packages/redpost
  { route: 'packages/redpost/pages/index/index', who: 'volunteer', shows: (fx) => ['党员志愿者', fx.sessions.volunteer.user.displayName, '累计服务（小时）', '我的年度档案', fx.volunteerShift.title] },
  { route: 'packages/redpost/pages/shifts/index', who: 'volunteer', shows: (fx) => ['全部岗位', fx.shift.title] },
  { route: 'packages/redpost/pages/shift/index', who: 'volunteer', query: (fx) => ({ id: fx.shift.id }), shows: (fx) => [fx.shift.title, fx.shift.location] },
  // No shift of the demo volunteer starts within 30 minutes, so the page offers no scan
  // button; the camera path is covered on the staff card-scan page.
  { route: 'packages/redpost/pages/scan/index', who: 'volunteer', shows: () => ['扫码签到', '现在没有可以签到的班次'] },
  { route: 'packages/redpost/pages/register/index', who: 'resident', shows: () => ['红岗志愿者', '我是中共党员', '助老服务'] },
  // The "保存为图片" image is drawn on a <canvas>, which has no native layer here: only the
  // record itself is checked.
  { route: 'packages/redpost/pages/record/index', who: 'volunteer', shows: (fx) => ['年度红岗志愿服务档案', fx.sessions.volunteer.user.displayName, '服务小时', '保存为图片，发给家人'] },
  { route: 'packages/redpost/pages/staff-edit/index', who: 'staff', shows: () => ['岗位类型', '红名片·公民文明教育', '发布班次'] },
  { route: 'packages/redpost/pages/staff-roster/index', who: 'staff', query: (fx) => ({ id: fx.shift.id }), shows: (fx) => [fx.shift.title, fx.rosterName] },
  {
    route: 'packages/redpost/pages/staff-code/index',
    who: 'staff',
    query: (fx) => ({ id: fx.shift.id }),
    shows: (fx) => [fx.shift.title, '秒后自动更换'],
    // The six-digit code changes every minute, so its shape is checked, not its value.
    also: (page) => expect(page.text()).toMatch(/签到 \/ 签退\d{6}/),
  },
  { route: 'packages/redpost/pages/staff-volunteers/index', who: 'staff', shows: (fx) => [fx.volunteer.realName] },

  // packages/staff
  { route: 'packages/staff/pages/index/index', who: 'staff', shows: (fx) => [fx.sessions.staff.user.displayName, '工作台', '问题办理', '手册维护'] },
  // The camera is WeChat's (wx.scanCode); here it answers "cancel", which must stay quiet.
  { route: 'packages/staff/pages/card-scan/index', who: 'staff', shows: () => ['扫亲情卡', '查看卡片'], also: (page, _fx, launch) => scanCancelled(page, '打开相机扫码', launch) },
  { route: 'packages/staff/pages/handbook-admin/index', who: 'staff', shows: (fx) => ['手册维护', fx.handbook.title] },
  {
    route: 'packages/staff/pages/handbook-edit/index',
    who: 'staff',
    query: (fx) => ({ id: fx.handbook.id }),
    shows: () => ['分类', '需要带的材料'],
    // The entry arrives as input values, which are not text.
    also: (page, fx) => waitForData(page, fx.handbook.title),
  },
  { route: 'packages/staff/pages/links-admin/index', who: 'staff', shows: (fx) => ['公众号文章管理', fx.link.title] },
  { route: 'packages/staff/pages/grids/index', who: 'staff', shows: () => ['网格与楼栋', '添加网格', '石楠一网格', '1号楼、2号楼'] },
  { route: 'packages/staff/pages/audit/index', who: 'admin', shows: (fx) => ['操作记录', fx.audit.actorName] },
  { route: 'packages/staff/pages/users/index', who: 'admin', shows: () => ['用户与角色', '授予角色', '管理员'] },
  { route: 'packages/staff/pages/settings/index', who: 'admin', shows: () => ['街道设置', '服务热线', '保存'] },
  { route: 'packages/staff/pages/open311-keys/index', who: 'admin', shows: () => ['Open311 接入', '接入地址', '发放新密钥'] },
];

const appJson = JSON.parse(fs.readFileSync(path.join(DIST, 'app.json'), 'utf8')) as { pages: string[]; subPackages: { root: string; pages: string[] }[] };
const ALL_PAGES = [...appJson.pages, ...appJson.subPackages.flatMap((s) => s.pages.map((p) => `${s.root}/${p}`))];

let server: { child: ChildProcess; log: () => string } | null = null;
let dataDir = '';
let origin = '';
let fx: Fixtures;
const watcher = watchProblems();
const missingApis = new Set<string>();

async function loadFixtures(): Promise<Fixtures> {
  const sessions = {} as Fixtures['sessions'];
  for (const p of ['resident', 'volunteer', 'staff', 'admin'] as Persona[]) sessions[p] = await personaSession(origin, p);
  const get = (p: string, who: Persona) => apiJson(origin, 'GET', p, sessions[who].token);
  const first = <T>(list: { items: T[] } | T[], what: string): T => {
    const items = Array.isArray(list) ? list : list.items;
    if (!items?.length) throw new Error(`the demo data has no ${what}`);
    return items[0];
  };
  const handbook = first(await get('/api/handbook?limit=1', 'resident'), 'handbook entry');
  const link = first(await get('/api/links?limit=1', 'resident'), 'link');
  const menuItem = first(await get('/api/requests/menu', 'resident'), 'requestable service');
  const order = first(await get('/api/requests?scope=mine&limit=1', 'resident'), 'order of the demo resident');
  const wallItem = first(await get('/api/feedback/wall?limit=1', 'resident'), 'public feedback');
  const echoItem = first(await get('/api/feedback/echo?limit=1', 'resident'), 'resolved feedback');
  const myFeedback = first(await get('/api/feedback/mine?limit=1', 'resident'), 'feedback of the demo resident');
  const inboxItem = first(await get('/api/feedback/inbox?limit=1', 'staff'), 'feedback in the staff inbox');
  const shifts = (await get('/api/redpost/shifts?limit=50', 'staff')) as { items: any[] };
  // A shift with people on its roster, so the roster page has a name to show.
  let shift: any = null;
  let rosterName = '';
  for (const s of shifts.items) {
    if (!s.confirmedCount) continue;
    const roster = (await get(`/api/redpost/shifts/${s.id}/roster`, 'staff')) as any;
    const name = roster.items?.[0]?.realName as string | undefined;
    if (name) {
      shift = s;
      rosterName = name;
      break;
    }
  }
  if (!shift) throw new Error('the demo data has no shift with a roster');
  const post = first(await get('/api/redpost/posts', 'volunteer'), 'red post');
  const volunteer = first(await get('/api/volunteers', 'staff'), 'volunteer');
  const volunteerShift = first(await get('/api/redpost/my-shifts?when=upcoming&limit=1', 'volunteer'), 'upcoming shift of the demo volunteer');
  const message = first(await get('/api/me/messages?limit=1', 'resident'), 'message for the demo resident');
  // A data export is audited: it gives the admin's log a line with a known actor.
  await get('/api/me/export', 'resident');
  const audit = first(await get('/api/admin/audit?limit=1', 'admin'), 'audit entry');
  return { sessions, handbook, link, menuItem, order, wallItem, echoItem, myFeedback, inboxItem, shift, rosterName, post, volunteer, volunteerShift, message, audit };
}

beforeAll(async () => {
  await ensureWeappBuild();
  const port = await freePort();
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sn-weapp-data-'));
  server = await startServer(port, dataDir);
  origin = `http://127.0.0.1:${port}`;
  fx = await loadFixtures();
}, 600_000);

afterAll(async () => {
  watcher.stop();
  if (server) await stopProcess(server.child);
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

test('every page in app.json has a case here', () => {
  expect(CASES.map((c) => c.route).sort()).toEqual([...ALL_PAGES].sort());
});

const PERSONAS: Who[] = ['anonymous', 'resident', 'volunteer', 'staff', 'admin'];

describe.each(PERSONAS)('as %s', (who) => {
  let launch: Launch;
  const cases = CASES.filter((c) => c.who === who);

  beforeAll(async () => {
    const storage = who === 'anonymous' ? {} : { 'sn:session': fx.sessions[who] };
    launch = await launchApp({ serverOrigin: origin, storage, problems: watcher.problems });
  });
  afterAll(() => {
    launch?.env.missing.forEach((name) => missingApis.add(name));
    launch?.close();
  });

  test.each(cases.map((c) => [c.route, c] as const))('%s', async (_route, c) => {
    const errorsBefore = watcher.problems.errors.length;
    const warningsBefore = watcher.problems.warnings.length;
    const callsBefore = launch.env.calls.length;
    const page = await launch.open(c.route, c.query?.(fx) ?? {});
    await page.waitForText(c.shows(fx));
    await c.also?.(page, fx, launch);
    // Late answers (a second request, a re-render) still count against this page.
    await new Promise((r) => setTimeout(r, 150));
    const text = page.text();
    // WEAPP_SHOW_TEXT=1 prints what each page rendered (for writing a new case).
    if (process.env.WEAPP_SHOW_TEXT) process.stdout.write(`\n### ${c.route} (${who})\n${text}\n`);
    page.close();

    const calls = launch.env.calls.slice(callsBefore);
    const errors = watcher.problems.errors.slice(errorsBefore);
    const missingTemplates = [...new Set(watcher.problems.warnings.slice(warningsBefore).filter((w) => /Template `[^`]+` not found/.test(w)))];
    expect({ errors, missingTemplates }).toEqual({ errors: [], missingTemplates: [] });
    expect(text).not.toContain('暂时没能加载');
    // A guard that sends the user away means the persona could not use the page.
    expect(calls.filter((x) => /^(navigateTo|redirectTo|switchTab|reLaunch|navigateBack)$/.test(x.api))).toEqual([]);
    expect(calls.filter((x) => x.api === 'showToast')).toEqual([]);
    // Every API answer the page waited for came from the local server.
    for (const r of calls.filter((x) => x.api === 'request')) expect(String(r.args.url)).toMatch(/\/api\//);
  });
});

test('the app asked WeChat for nothing the simulator lacks', () => {
  // `cloud` is looked up by Taro's API layer at start-up; this app does not use WeChat Cloud.
  expect([...missingApis].filter((name) => name !== 'cloud')).toEqual([]);
});

describe('WeChat events reach the React handlers', () => {
  let launch: Launch;
  beforeAll(async () => {
    launch = await launchApp({ serverOrigin: origin, storage: { 'sn:session': fx.sessions.resident }, problems: watcher.problems });
  });
  afterAll(() => launch?.close());

  test('on a cold start the app logs in silently with a wx.login code, and a refusal keeps the session', async () => {
    const deadline = Date.now() + 10_000;
    const answered = () => launch.env.calls.find((c) => c.api === 'request' && /\/api\/auth\/login$/.test(String(c.args.url)) && c.args.status !== undefined);
    while (!answered() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    const login = launch.env.calls.findIndex((c) => c.api === 'login');
    const exchange = answered();
    expect(login).toBeGreaterThanOrEqual(0);
    expect(exchange?.args.data).toEqual({ code: 'sim-code-1' });
    // The local server has no WeChat credentials (local mode): it refuses the code.
    expect(exchange?.args.status).toBe(404);
    await new Promise((r) => setTimeout(r, 100));
    expect((launch.env.storage.get('sn:session') as { token: string } | undefined)?.token).toBe(fx.sessions.resident.token);
    expect(launch.env.calls.filter((c) => /^(showToast|navigateTo|redirectTo|switchTab|reLaunch)$/.test(c.api))).toEqual([]);
  });

  test('a tap on a home tile opens its page (tap → exparser → Taro → React onClick → wx)', async () => {
    const page = await launch.open('pages/index/index');
    await page.waitForText('菜单式服务');
    const before = launch.env.calls.length;
    await page.tap('菜单式服务');
    await new Promise((r) => setTimeout(r, 50));
    const nav = launch.env.calls.slice(before).filter((c) => c.api === 'navigateTo');
    expect(nav.map((c) => String(c.args.url))).toEqual([expect.stringMatching(/^\/packages\/requests\/pages\/index\/index/)]);
    page.close();
  });
});

describe('the yearly record is drawn on a canvas 2d node and saved to the album', () => {
  let launch: Launch;
  beforeAll(async () => {
    launch = await launchApp({ serverOrigin: origin, storage: { 'sn:session': fx.sessions.volunteer }, problems: watcher.problems });
  });
  afterAll(() => launch?.close());

  test('保存为图片 → selector query for the node → drawing → canvasToTempFilePath({canvas}) → album', async () => {
    const year = new Date(Date.now() + 8 * 3_600_000).getUTCFullYear();
    const record = await apiJson(origin, 'GET', `/api/volunteers/me/record?year=${year}`, fx.sessions.volunteer.token);
    const page = await launch.open('packages/redpost/pages/record/index');
    await page.waitForText(['保存为图片，发给家人', record.realName]);
    const before = launch.env.calls.length;
    await page.tap('保存为图片，发给家人');
    const deadline = Date.now() + 5_000;
    while (!launch.env.calls.slice(before).some((c) => c.api === 'showToast') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    const calls = launch.env.calls.slice(before);
    page.close();

    const [canvas] = launch.env.canvases;
    expect(canvas?.id).toBe('rp-record-canvas');
    // Drawn at twice the drawing units, on the 2d context (the legacy canvasId API is gone).
    expect(canvas.width).toBe(1200);
    const drawn = canvas.ops.filter((o) => o.op === 'fillText').map((o) => o.args[0]);
    expect(drawn).toEqual(expect.arrayContaining([`${record.year} 年度红岗志愿服务档案`, `${record.hours} 小时`]));
    expect(drawn.some((t) => String(t).startsWith(record.realName))).toBe(true);
    const exported = calls.find((c) => c.api === 'canvasToTempFilePath');
    expect(exported?.args.canvas).toBe(canvas);
    expect(exported?.args.canvasId).toBeUndefined();
    expect(calls.filter((c) => c.api === 'saveImageToPhotosAlbum').map((c) => c.args.filePath)).toEqual(['wxfile://tmp/sim.png']);
    expect(calls.filter((c) => c.api === 'showToast').map((c) => c.args.title)).toEqual(['已保存到相册']);
  });
});

describe('a photo for a report: chooseMedia → wx.uploadFile → shown as uploaded', () => {
  let launch: Launch;
  beforeAll(async () => {
    launch = await launchApp({ serverOrigin: origin, storage: { 'sn:session': fx.sessions.resident }, problems: watcher.problems });
  });
  afterAll(() => launch?.close());

  test('拍照/相册 picks a compressed photo, uploads it in the `file` field with the session, and the server takes it (201)', async () => {
    const jpeg = await sharp({ create: { width: 120, height: 90, channels: 3, background: '#336699' } }).jpeg().toBuffer();
    launch.env.files.set('wxfile://tmp/sim-photo.jpg', jpeg);
    const page = await launch.open('packages/feedback/pages/new/index');
    await page.waitForText('拍照/相册');
    const before = launch.env.calls.length;
    await page.tap('拍照/相册');
    const uploaded = () => launch.env.calls.slice(before).find((c) => c.api === 'uploadFile' && c.args.status !== undefined);
    const deadline = Date.now() + 10_000;
    while (!uploaded() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    await new Promise((r) => setTimeout(r, 50));
    const calls = launch.env.calls.slice(before);
    const shown = page.text();
    page.close();

    expect(shown).not.toContain('上传失败');
    const pick = calls.find((c) => c.api === 'chooseMedia');
    expect(pick?.args).toMatchObject({ mediaType: ['image'], sourceType: ['album', 'camera'], sizeType: ['compressed'] });
    const up = uploaded();
    expect(up?.args).toMatchObject({ name: 'file', filePath: 'wxfile://tmp/sim-photo.jpg', status: 201 });
    expect(String(up?.args.url)).toMatch(/\/api\/uploads$/);
    expect((up?.args.header as Record<string, string>).Authorization).toBe(`Bearer ${fx.sessions.resident.token}`);
    expect(calls.filter((c) => c.api === 'showToast')).toEqual([]);
  });
});

describe('a session that expires mid-use is renewed silently against (fake) WeChat', () => {
  let wechat: FakeWechat;
  let other: { child: ChildProcess; log: () => string } | null = null;
  let otherDir = '';
  let otherOrigin = '';
  let launch: Launch;

  beforeAll(async () => {
    wechat = await startFakeWechat();
    const port = await freePort();
    otherDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sn-weapp-wx-'));
    other = await startServer(port, otherDir, { WECHAT_APPID: 'wxsimappid', WECHAT_SECRET: 'wxsimsecret', WECHAT_API_BASE: wechat.url });
    otherOrigin = `http://127.0.0.1:${port}`;
  }, 180_000);
  afterAll(async () => {
    launch?.close();
    if (other) await stopProcess(other.child);
    await wechat?.close();
    if (otherDir) fs.rmSync(otherDir, { recursive: true, force: true });
  });

  test('401 → wx.login → code exchanged for a new session → the request retried once → the page shows, with no trip to log-in', async () => {
    // WeChat knows only the second code: the cold-start log-in (code 1) fails and leaves the
    // stale session in place, so the page's first request meets a 401.
    wechat.codes.set('sim-code-2', 'o-sim-renewed');
    const stale = { token: `${fx.sessions.resident.token}x`, user: { ...fx.sessions.resident.user, privacyConsentAt: new Date().toISOString() } };
    launch = await launchApp({ serverOrigin: otherOrigin, storage: { 'sn:session': stale }, problems: watcher.problems });
    const page = await launch.open('packages/feedback/pages/mine/index');
    const requests = () => launch.env.calls.filter((c) => c.api === 'request');
    const mine = () => requests().filter((c) => /\/api\/feedback\/mine/.test(String(c.args.url)) && c.args.status !== undefined);
    const deadline = Date.now() + 15_000;
    while (!mine().some((c) => c.args.status === 200) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    page.close();

    expect(mine().map((c) => c.args.status)).toEqual([401, 200]);
    const exchanges = requests().filter((c) => /\/api\/auth\/login$/.test(String(c.args.url)));
    expect(exchanges.map((c) => [(c.args.data as { code: string }).code, c.args.status])).toEqual([
      ['sim-code-1', 401],
      ['sim-code-2', 200],
    ]);
    // The server asked WeChat about both codes, as jscode2session.
    expect(wechat.calls.filter((c) => c.path === '/sns/jscode2session').map((c) => c.query.js_code)).toEqual(['sim-code-1', 'sim-code-2']);
    const renewed = launch.env.storage.get('sn:session') as { token: string } | undefined;
    expect(renewed?.token).toBeTruthy();
    expect(renewed?.token).not.toBe(stale.token);
    expect(launch.env.calls.filter((c) => /^(navigateTo|redirectTo|reLaunch)$/.test(c.api))).toEqual([]);
  }, 60_000);
});
