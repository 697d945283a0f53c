import type { Page } from 'playwright-core';
import { apiCall, current, loginAs, open, sessionToken, shot, useApp, waitHash } from './harness';

/**
 * Issue 17 (5, 6) in the H5 build with the demo data: the unread count on the 我的 tab and on
 * 我的 → 消息 (gone after 全部标为已读); 待接订单 with its count on 我的 and 红岗, its cards
 * with community and wanted time; the dispatch picker's first suggestion with its reason.
 */
const app = useApp();
const MINE = '/pages/mine/index';
const REDPOST = '/pages/redpost/index';

/** The API as the logged-in page's user, to know what the screen should say. */
async function api<T = any>(page: Page, path: string): Promise<T> {
  const res = await apiCall(app.baseUrl, 'GET', path, await sessionToken(page));
  if (res.status !== 200) throw new Error(`${path}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as T;
}

const tabBadge = (page: Page) => page.locator('.taro-tabbar-badge');

test('the 我的 tab and 消息 show the unread count; reading all clears both', async () => {
  const { page, baseUrl } = app;
  await loginAs(page, baseUrl, 'resident');
  const { unreadMessages } = await api<{ unreadMessages: number }>(page, '/api/me/badges');
  expect(unreadMessages).toBeGreaterThan(0); // the demo resident has messages waiting

  // Home: the 我的 tab carries the count.
  await tabBadge(page).waitFor({ state: 'visible' });
  expect((await tabBadge(page).innerText()).trim()).toBe(String(unreadMessages));
  await shot(page, 'home-tab-badge');

  // 我的: the 消息 row says how many, with a red pill.
  await open(page, baseUrl, MINE);
  const row = current(page).locator('[data-testid="menu-messages"]');
  await row.waitFor();
  const cell = current(page).locator('.sn-menu__item', { has: page.locator('[data-testid="menu-messages"]') });
  await cell.locator('[data-testid="count"]').waitFor();
  expect((await cell.locator('[data-testid="count"]').innerText()).trim()).toBe(String(unreadMessages));
  await expect(row.innerText()).resolves.toContain(`${unreadMessages} 条未读`);
  expect((await tabBadge(page).innerText()).trim()).toBe(String(unreadMessages));
  await shot(page, 'mine-unread');

  // 消息 → 全部标为已读; back on 我的 the pill and the tab badge are gone.
  await cell.click();
  await waitHash(page, '/packages/account/pages/messages/index');
  await current(page).locator('[data-testid="unread-count"]', { hasText: `${unreadMessages} 条未读` }).waitFor();
  await current(page).locator('[data-testid="read-all"]').click();
  await current(page).locator('[data-testid="unread-count"]', { hasText: '全部已读' }).waitFor();
  await page.goBack();
  await waitHash(page, MINE);
  await current(page).locator('[data-testid="menu-messages"]', { hasText: '派单、回复、值班提醒' }).waitFor();
  await tabBadge(page).waitFor({ state: 'hidden' });
  expect(await current(page).locator('[data-testid="count"]').count()).toBe(0);
  await shot(page, 'mine-all-read');
});

test('a volunteer finds 待接订单 with its count on 我的 and 红岗; cards show community and wanted time', async () => {
  const { page, baseUrl } = app;
  await loginAs(page, baseUrl, 'volunteer');
  const { poolOrders } = await api<{ poolOrders: number | null }>(page, '/api/me/badges');
  expect(poolOrders).toBeGreaterThan(0);

  await open(page, baseUrl, MINE);
  const pool = current(page).locator('[data-testid="menu-pool"]');
  await pool.waitFor();
  await expect(pool.innerText()).resolves.toContain(`${poolOrders} 单等待志愿者接单`);
  await shot(page, 'mine-pool');

  await open(page, baseUrl, REDPOST);
  const card = current(page).locator('[data-testid="redpost-pool"]');
  await card.waitFor();
  expect((await current(page).locator('[data-testid="redpost-pool-count"]').innerText()).trim()).toBe(`${poolOrders} 单 ›`);
  await shot(page, 'redpost-pool');

  await card.click();
  await waitHash(page, '/packages/requests/pages/index/index');
  await current(page).locator('[data-testid="tab-available"]').waitFor();
  const where = current(page).locator('[data-testid="pool-where"]');
  await where.first().waitFor();
  expect(await current(page).locator('[data-testid="order-card"]').count()).toBe(poolOrders);
  const text = await where.first().innerText();
  expect(text).toMatch(/社区：\S*社区|社区：全街道/);
  expect(text).toMatch(/期望时间：\S+/);
  await page.waitForFunction(() => !document.querySelector('.taro_page_shown [data-testid="pool-where"]')?.textContent?.includes('本社区'));
  await shot(page, 'pool-cards');
});

test('staff dispatching 助老陪诊 see the 陪诊 volunteer first, with the reason', async () => {
  const { page, baseUrl } = app;
  await loginAs(page, baseUrl, 'staff');
  const waiting = await api<{ items: { id: string; service: { title: string } }[] }>(page, '/api/requests?scope=all&status=submitted&limit=100');
  const escort = waiting.items.find((o) => o.service.title === '助老陪诊');
  expect(escort).toBeDefined();

  await open(page, baseUrl, `/packages/requests/pages/dispatch/index?id=${escort!.id}`);
  const first = current(page).locator('[data-testid="candidate"]').first();
  await first.waitFor();
  expect(await first.getAttribute('data-name')).toBe('刘红');
  const reason = (await first.locator('[data-testid="candidate-reason"]').innerText()).trim();
  expect(reason).toMatch(/^技能匹配：陪诊.*·手头\d+单·近30天/);
  await first.locator('.rq-cand__tag', { hasText: '推荐' }).waitFor();
  // The 家电维修 volunteer is there too, but below, and says why.
  const repairer = current(page).locator('[data-testid="candidate"][data-name="陈军"]');
  await expect(repairer.locator('[data-testid="candidate-reason"]').innerText()).resolves.toMatch(/^特长不对口/);
  await shot(page, 'dispatch-suggestions');
});
