import type { Page } from 'playwright-core';
import { current, loginAs, open, shot, storedSession, useApp, sessionToken, apiCall } from './harness';

const app = useApp();

const R = {
  desk: '/packages/staff/pages/index/index',
  messages: '/packages/account/pages/messages/index',
  data: '/packages/account/pages/data/index',
  privacy: '/packages/account/pages/privacy/index',
};

const api = (method: string, path: string, token: string, body?: unknown) => apiCall(app.baseUrl, method, path, token, body);
const token = sessionToken;

const num = async (page: Page, testId: string) => Number((await current(page).locator(`[data-testid="${testId}"] .desk-stat__value`).innerText()).trim());

test("a staff member's day: counts, queues and charts on the phone and on PC WeChat's wide window", async () => {
  const { page, baseUrl } = app;
  await loginAs(page, baseUrl, 'staff', 'desk-e2e');
  const dashboard = await api('GET', '/api/staff/dashboard', await token(page));
  expect(dashboard.status).toBe(200);

  await open(page, baseUrl, R.desk);
  await current(page).locator('[data-testid="desk-stats"]').waitFor();
  expect(await num(page, 'stat-dispatch')).toBe(dashboard.body.ordersAwaitingDispatch);
  expect(await num(page, 'stat-overdue')).toBe(dashboard.body.overdueFeedback);
  expect(await num(page, 'stat-gaps')).toBe(dashboard.body.shiftGaps);
  for (const chart of ['chart-orders', 'chart-feedback', 'chart-categories', 'chart-ontime', 'chart-hours']) {
    await current(page).locator(`[data-testid="${chart}"]`).waitFor();
  }
  // Twelve bars per time chart, drawn with plain Views.
  expect(await current(page).locator('[data-testid="chart-orders"] .sn-chart__bar').count()).toBe(12);
  expect(await current(page).locator('[data-testid="chart-hours"] .sn-chart__bar').count()).toBe(12);
  const barHeights = await current(page)
    .locator('[data-testid="chart-feedback"] .sn-chart__bar')
    .evaluateAll((els) => els.map((e) => (e as HTMLElement).getBoundingClientRect().height));
  expect(Math.max(...barHeights)).toBeGreaterThan(20);
  await shot(page, 'desk-phone');
  // Taro scrolls inside the page, so each part of the desk is captured where it is.
  for (const part of ['queue-dispatch', 'chart-orders', 'chart-categories', 'chart-ontime', 'chart-hours']) {
    await current(page).locator(`[data-testid="${part}"]`).scrollIntoViewIfNeeded();
    await shot(page, `desk-phone-${part}`);
  }

  // The first overdue item opens the feedback handling page.
  const overdueRows = current(page).locator('[data-testid="queue-overdue"] .desk-row');
  if ((await overdueRows.count()) > 0) {
    await overdueRows.first().click();
    await page.waitForFunction(() => location.hash.includes('/packages/feedback/pages/staff-handle/index'));
  }
  // Waiting orders open dispatch.
  await open(page, baseUrl, R.desk);
  const dispatchRows = current(page).locator('[data-testid="queue-dispatch"] .desk-row');
  if ((await dispatchRows.count()) > 0) {
    await dispatchRows.first().click();
    await page.waitForFunction(() => location.hash.includes('/packages/requests/pages/dispatch/index'));
  }

  // PC WeChat: a wide window puts queues beside the charts.
  await page.setViewportSize({ width: 1280, height: 900 });
  await open(page, baseUrl, R.desk);
  await current(page).locator('[data-testid="chart-hours"]').waitFor();
  const [queues, charts] = await current(page)
    .locator('.desk-columns > .desk-col')
    .evaluateAll((els) => els.map((e) => (e as HTMLElement).getBoundingClientRect().left));
  expect(charts).toBeGreaterThan(queues + 200);
  // Nothing sticks out sideways (long titles ellipsise inside their column).
  const overflow = await current(page).evaluate((el) => {
    const width = document.documentElement.clientWidth;
    return [...el.querySelectorAll('.desk-col, .desk-stat, .sn-card')].filter((e) => e.getBoundingClientRect().right > width + 1).length;
  });
  expect(overflow).toBe(0);
  await shot(page, 'desk-wide');
  for (const part of ['chart-orders', 'chart-ontime']) {
    await current(page).locator(`[data-testid="${part}"]`).scrollIntoViewIfNeeded();
    await shot(page, `desk-wide-${part}`);
  }
  await page.setViewportSize({ width: 390, height: 844 });
});

test("a resident's message centre: a staff reply arrives, shows unread, opens the item and is read", async () => {
  const { page, baseUrl } = app;
  await loginAs(page, baseUrl, 'staff', 'desk-e2e-replier');
  const staffToken = await token(page);
  await loginAs(page, baseUrl, 'resident', 'desk-e2e-reader');
  const residentToken = await token(page);
  await api('POST', '/api/me/privacy-consent', residentToken, { version: '2026-11-01' });
  const fb = await api('POST', '/api/feedback', residentToken, { category: 'greening', title: '小区北门树枝挡住路灯', body: '北门内侧两棵树的树枝把路灯挡住了，晚上很暗。', public: true, anonymous: true });
  expect(fb.status).toBe(201);
  expect((await api('POST', `/api/feedback/${fb.body.id}/replies`, staffToken, { body: '已联系园林绿化队，本周五前修剪。' })).status).toBe(201);
  expect((await api('POST', `/api/feedback/${fb.body.id}/assign`, staffToken, { responsibleParty: '街道城管科', measures: '修剪遮挡路灯的树枝', deadline: new Date(Date.now() + 3 * 86_400_000).toISOString() })).status).toBe(200);

  await open(page, baseUrl, R.messages);
  await current(page).locator('[data-testid="message"]').first().waitFor();
  expect(await current(page).locator('[data-testid="unread-count"]').innerText()).toMatch(/\d+ 条未读/);
  // 受理 (the assignment) is told too, after the reply: the reply is the one to open.
  expect(await current(page).locator('[data-testid="message"]').first().innerText()).toContain('已受理');
  const first = current(page).locator('[data-testid="message"]', { hasText: '回复' }).first();
  expect(await first.getAttribute('data-unread')).toBe('1');
  await shot(page, 'messages-unread');

  await first.click();
  await page.waitForFunction(() => location.hash.includes('/packages/feedback/pages/detail/index'));
  await open(page, baseUrl, R.messages);
  await current(page).locator('[data-testid="message"]').first().waitFor();
  const inbox = await api('GET', '/api/me/messages', residentToken);
  expect(inbox.body.items.find((m: { kind: string }) => m.kind === 'feedback_replied').readAt).not.toBeNull();
  if (inbox.body.unreadCount > 0) {
    await current(page).locator('[data-testid="read-all"]').click();
    await page.waitForFunction(() => document.querySelector('.taro_page_shown [data-testid="unread-count"], [data-testid="unread-count"]')?.textContent?.includes('全部已读'));
  }
  expect((await api('GET', '/api/me/messages', residentToken)).body.unreadCount).toBe(0);
  await shot(page, 'messages-read');
});

test('a resident sees and keeps their data, then deletes the account with a clear confirmation', async () => {
  const { page, baseUrl } = app;
  await loginAs(page, baseUrl, 'resident', 'desk-e2e-leaver');
  const t = await token(page);
  await api('POST', '/api/me/privacy-consent', t, { version: '2026-11-01' });
  await api('PATCH', '/api/me', t, { displayName: '刘桂芳', phone: '13712345678' });
  const card = await api('PUT', '/api/card', t, {
    address: { building: '5栋', unit: '1单元', room: '302' },
    householdSize: 1,
    careTags: ['living-alone'],
    emergencyContact: { name: '刘明', phone: '13987654321', relation: '儿子' },
    consent: true,
  });
  expect([200, 201]).toContain(card.status);
  const fb = await api('POST', '/api/feedback', t, { category: 'facilities', title: '健身器材螺丝松动', body: '小广场的漫步机螺丝松了，老人用着不安全。', public: true, anonymous: false });
  expect(fb.status).toBe(201);

  // From the privacy page to the readable export.
  await open(page, baseUrl, R.privacy);
  await current(page).locator('[data-testid="export-data"]').click();
  await page.waitForFunction(() => location.hash.includes('/packages/account/pages/data/index'));
  await current(page).locator('[data-testid="data-profile"]').waitFor();
  expect(await current(page).locator('[data-testid="data-profile"]').innerText()).toContain('13712345678');
  expect(await current(page).locator('[data-testid="data-card"]').innerText()).toContain('刘明');
  expect(await current(page).locator('[data-testid="data-card"]').innerText()).toContain('独居老人');
  expect(await current(page).locator('[data-testid="data-feedback"]').innerText()).toContain('健身器材螺丝松动');
  await shot(page, 'my-data');
  await current(page).locator('[data-testid="data-feedback"]').scrollIntoViewIfNeeded();
  await shot(page, 'my-data-feedback');

  // H5 offers the JSON as a file.
  const [download] = await Promise.all([page.waitForEvent('download'), current(page).locator('[data-testid="download-data"]').click()]);
  expect(download.suggestedFilename()).toMatch(/\.json$/);

  // Deleting needs two deliberate steps.
  await current(page).locator('[data-testid="delete-start"]').click();
  const confirm = current(page).locator('[data-testid="delete-confirm"]');
  await confirm.waitFor();
  expect(await confirm.getAttribute("class")).toMatch(/disabled/);
  await current(page).locator('[data-testid="delete-panel"]').scrollIntoViewIfNeeded();
  await current(page).locator('[data-testid="delete-understood"]').click();
  await shot(page, 'delete-confirm');
  await confirm.click();
  await page.waitForFunction(() => location.hash.startsWith('#/pages/index/index'));
  expect(await storedSession(page)).toBeNull();
  expect((await api('GET', '/api/me', t)).status).toBe(401);

  // The problem stays on the wall, without the name.
  const wall = await fetch(`${baseUrl}/api/feedback/wall?limit=100`).then((r) => r.json() as Promise<{ items: { id: string; reporterName: string | null }[] }>);
  const item = wall.items.find((i) => i.id === fb.body.id);
  expect(item).toBeDefined();
  expect(item!.reporterName).toBeNull();
  await shot(page, 'after-delete-home');
});

test('an admin reads the audit log from the desk: the reply, the assignment and the deletion above are there', async () => {
  const { page, baseUrl } = app;
  await loginAs(page, baseUrl, 'admin', 'desk-e2e-admin');
  await open(page, baseUrl, R.desk);
  await current(page).locator('[data-testid="staff-audit"]').click();
  await page.waitForFunction(() => location.hash.includes('/packages/staff/pages/audit/index'));
  await current(page).locator('[data-testid="audit-row"]').first().waitFor();
  const text = await current(page).locator('.audit-list').innerText();
  expect(text).toContain('回复问题');
  expect(text).toContain('问题定责任、措施、期限');
  expect(text).toContain('居民注销账号');
  await shot(page, 'audit');
  await current(page).locator('[data-testid="audit-filter-user"]').click();
  await page.waitForFunction(() => !document.querySelector('.taro_page_shown .audit-list')?.textContent?.includes('回复问题'));
  expect(await current(page).locator('.audit-list').innerText()).toContain('居民注销账号');
});
