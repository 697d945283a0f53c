/**
 * The staff console at desk size (issue 17): the H5 app at 1280×800 keeps a phone's scale
 * (the root font no longer grows with the window), shows staff pages beside a side navigation
 * and the inbox, orders, roster and volunteers as tables; at phone width nothing of it shows.
 * Also the H5 title bar with 返回 on sub-pages (none on tabs).
 */
import type { Page } from 'playwright-core';
import { apiCall, current, loginAs, open, sessionToken, shot, useApp } from './harness';

const app = useApp();

afterEach(async () => {
  await app.page?.setViewportSize({ width: 390, height: 844 });
});

const R = {
  desk: '/packages/staff/pages/index/index',
  inbox: '/packages/feedback/pages/staff-inbox/index',
  orders: '/packages/requests/pages/index/index?scope=all',
  roster: '/packages/redpost/pages/staff-roster/index',
  volunteers: '/packages/redpost/pages/staff-volunteers/index',
  home: '/pages/index/index',
  entry: '/packages/handbook/pages/entry/index',
};

const api = async (path: string, token: string) => (await apiCall(app.baseUrl, 'GET', path, token)).body;

const rootFont = (page: Page) => page.evaluate(() => parseFloat(getComputedStyle(document.documentElement).fontSize));

/** Rows of a desk table whose top is on the first screen. */
const rowsOnFirstScreen = (page: Page, testId: string) =>
  current(page)
    .locator(`[data-testid="${testId}"] [data-testid="desk-row"]`)
    .evaluateAll((els) => els.filter((e) => e.getBoundingClientRect().top < window.innerHeight).length);

test('at 1280×800 staff pages are a console: fixed scale, side navigation, tables', async () => {
  const { page, baseUrl } = app;
  await loginAs(page, baseUrl, 'admin', 'desk-console');
  const token = await sessionToken(page);
  await page.setViewportSize({ width: 1280, height: 800 });

  // The desk: a phone's scale (20 px root, not Taro's 40 px on any desk), navigation at the side.
  await open(page, baseUrl, R.desk);
  await current(page).locator('[data-testid="desk-stats"]').waitFor();
  expect(await rootFont(page)).toBe(20);
  const nav = current(page).locator('[data-testid="desk-nav"]');
  await nav.waitFor();
  const navText = await nav.innerText();
  for (const label of ['工作台', '问题受理', '派单台', '志愿者', '用户与角色', '操作记录']) expect(navText).toContain(label);
  const navBox = (await nav.boundingBox())!;
  expect(navBox.x).toBe(0);
  expect(navBox.width).toBeLessThan(260);
  // The page's text reads at a desk size: body text 14–18 px, not twice that.
  const bodySize = await current(page).locator('.desk-stat__label').first().evaluate((e) => parseFloat(getComputedStyle(e).fontSize));
  expect(bodySize).toBeGreaterThanOrEqual(12);
  expect(bodySize).toBeLessThanOrEqual(18);
  await shot(page, 'desk-1280');

  // The inbox is a table with many problems on the first screen (it showed only filter chips).
  await nav.getByText('问题受理', { exact: true }).click();
  await page.waitForFunction(() => location.hash.includes('/packages/feedback/pages/staff-inbox/index'));
  await current(page).locator('[data-testid="inbox-table"]').waitFor();
  expect(await current(page).locator('[data-testid="desk-nav"] [aria-current="page"]').innerText()).toBe('问题受理');
  const inboxRows = await current(page).locator('[data-testid="inbox-table"] [data-testid="desk-row"]').count();
  expect(inboxRows).toBeGreaterThan(3);
  expect(await rowsOnFirstScreen(page, 'inbox-table')).toBeGreaterThanOrEqual(Math.min(inboxRows, 5));
  expect(await current(page).locator('[data-testid="notice"]').count()).toBe(0);
  const firstCode = await current(page).locator('[data-testid="inbox-table"] [data-testid="desk-row"] .sn-table__td--code').first().innerText();
  expect(firstCode).toMatch(/^WT-\d{8}-\d{4}$/);
  await shot(page, 'desk-inbox-table');
  // A row opens the problem for handling.
  await current(page).locator('[data-testid="inbox-table"] [data-testid="desk-row"]').first().click();
  await page.waitForFunction(() => location.hash.includes('/packages/feedback/pages/staff-handle/index'));
  await current(page).locator('[data-testid="item-code"]').waitFor();
  expect(await current(page).locator('[data-testid="item-code"]').innerText()).toBe(firstCode);

  // Orders (派单台).
  await open(page, baseUrl, R.orders);
  await current(page).locator('[data-testid="orders-table"]').waitFor();
  expect(await current(page).locator('[data-testid="orders-table"] [data-testid="desk-row"]').count()).toBeGreaterThan(0);
  expect(await current(page).locator('[data-testid="orders-table"] .sn-table__th').allInnerTexts()).toEqual(['编号', '服务', '需求', '下单人', '志愿者', '下单时间', '状态']);
  await shot(page, 'desk-orders-table');

  // A shift's roster.
  const shifts = await api('/api/redpost/shifts?limit=50', token);
  const shift = shifts.items.find((s: { confirmedCount: number }) => s.confirmedCount > 0);
  expect(shift).toBeTruthy();
  await open(page, baseUrl, `${R.roster}?id=${shift.id}`);
  await current(page).locator('[data-testid="roster-table"]').first().waitFor();
  expect(await current(page).locator('[data-testid="roster-table"] [data-testid="desk-row"]').count()).toBeGreaterThanOrEqual(shift.confirmedCount);
  await shot(page, 'desk-roster-table');

  // Volunteers, stars set in the row.
  await open(page, baseUrl, R.volunteers);
  await current(page).locator('[data-testid="volunteers-table"]').waitFor();
  const volunteers = await api('/api/volunteers?status=approved', token);
  expect(await current(page).locator('[data-testid="volunteers-table"] [data-testid="desk-row"]').count()).toBe(volunteers.items.length);
  expect(await current(page).locator('[data-testid="volunteers-table"] [data-testid="award-stars"]').count()).toBe(volunteers.items.length);
  await shot(page, 'desk-volunteers-table');

  // Nothing sticks out sideways on any of them.
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(1);

  // A resident page on the desk is a readable column, at the same scale, without the console.
  await open(page, baseUrl, R.home);
  await page.locator('[data-testid="tile-handbook"]').waitFor();
  expect(await rootFont(page)).toBe(20);
  const column = await current(page).locator('.sn-root').first().boundingBox();
  expect(column!.width).toBeLessThanOrEqual(720);
  expect(await page.locator('[data-testid="desk-nav"]').count()).toBe(0);
  await shot(page, 'desk-resident-home-1280');
});

test('at phone width the console does not show: cards, Taro scale, no side navigation', async () => {
  const { page, baseUrl } = app;
  await loginAs(page, baseUrl, 'staff', 'desk-phone');
  await open(page, baseUrl, R.inbox);
  await current(page).locator('[data-testid="notice"]').first().waitFor();
  expect(await current(page).locator('[data-testid="inbox-table"]').count()).toBe(0);
  expect(await page.locator('[data-testid="desk-nav"]').count()).toBe(0);
  // Taro's scale on a phone: 40 × 390 / 750 = 20.8 px.
  expect(await rootFont(page)).toBeCloseTo(20.8, 1);
  await shot(page, 'phone-inbox');
});

test('H5 sub-pages have a title bar with 返回; tabs do not', async () => {
  const { page, baseUrl } = app;
  await loginAs(page, baseUrl, 'resident', 'desk-titlebar');
  // A tab page: no bar.
  expect(await current(page).locator('[data-testid="h5-titlebar"]').count()).toBe(0);
  // Home → 菜单式服务: its bar names the page, 返回 goes back home.
  await current(page).locator('[data-testid="tile-requests"]').click();
  await page.waitForFunction(() => location.hash.includes('/packages/requests/pages/index/index'));
  const bar = current(page).locator('[data-testid="h5-titlebar"]');
  await bar.waitFor();
  expect(await bar.innerText()).toContain('返回');
  const backBox = (await current(page).locator('[data-testid="h5-back"]').boundingBox())!;
  expect(backBox.height).toBeGreaterThanOrEqual(44);
  await shot(page, 'h5-titlebar');
  await current(page).locator('[data-testid="h5-back"]').click();
  await page.waitForFunction(() => location.hash.startsWith('#/pages/index/index'));
  // Opened directly (no page to go back to), 返回 goes home.
  const entries = await (await fetch(`${baseUrl}/api/handbook?limit=1`)).json();
  await open(page, baseUrl, `${R.entry}?id=${entries.items[0].id}`);
  await current(page).locator('[data-testid="h5-back"]').click();
  await page.waitForFunction(() => location.hash.startsWith('#/pages/index/index'));
});
