import type { Page } from 'playwright-core';
import { current, loginAs, open, shot, useApp, field } from './harness';

const app = useApp();

const R = {
  wall: '/packages/feedback/pages/index/index',
  echo: '/packages/feedback/pages/echo/index',
  figures: '/packages/feedback/pages/figures/index',
  create: '/packages/feedback/pages/new/index',
  detail: '/packages/feedback/pages/detail/index',
  inbox: '/packages/feedback/pages/staff-inbox/index',
  handle: '/packages/feedback/pages/staff-handle/index',
};


async function staffAction(page: Page, id: string, panel: 'assign' | 'reply' | 'resolve', fill: () => Promise<void>) {
  await open(page, app.baseUrl, `${R.handle}?id=${id}`);
  await current(page).locator(`[data-testid="panel-${panel}"]`).click();
  await fill();
  await current(page).locator('[data-testid="action-submit"]').click();
  // 办结 cannot be undone: the page asks once more.
  if (panel === 'resolve') await page.locator('.taro-modal__foot', { hasText: '确认办结' }).locator('text=确认办结').click();
}

async function statusText(page: Page) {
  return (await current(page).locator('[data-testid="item-status"]').innerText()).trim();
}

test('report → assign and reply → problem wall with deadline → resolve → 不满意 reopens → resolve → 满意 on the echo wall', async () => {
  const { page, baseUrl } = app;

  // A resident reports a problem.
  await loginAs(page, baseUrl, 'resident', 'fb-e2e-resident');
  await open(page, baseUrl, R.create);
  await current(page).locator('[data-testid="category-facilities"]').click();
  await field(page, 'title-input').fill('8号楼单元门口台阶破损');
  await field(page, 'body-input').fill('8号楼2单元门口的台阶缺了一角，老人推助行车进出很容易绊倒，希望尽快修补并加装扶手。');
  await field(page, 'location-input').fill('石楠社区8号楼2单元门口');
  await shot(page, 'report-form');
  await current(page).locator('[data-testid="submit-feedback"]').click();
  await current(page).locator('[data-testid="created-banner"]').waitFor();
  const code = (await current(page).locator('[data-testid="item-code"]').innerText()).trim();
  expect(code).toMatch(/^WT-\d{8}-\d{4}$/);
  const id = new URLSearchParams(page.url().split('?')[1]).get('id')!;
  expect(id).toBeTruthy();
  expect(await statusText(page)).toBe('待受理');
  await shot(page, 'reported');

  // Staff find it in the inbox, assign it and reply with a template.
  await loginAs(page, baseUrl, 'staff', 'fb-e2e-staff');
  await open(page, baseUrl, R.inbox);
  await current(page).locator(`[data-code="${code}"]`).waitFor();
  await current(page).locator('[data-testid="status-submitted"]').click();
  await current(page).locator(`[data-code="${code}"]`).waitFor();
  await shot(page, 'staff-inbox');
  await staffAction(page, id, 'assign', async () => {
    await field(page, 'party-input').fill('石楠社区物业服务中心');
    await field(page, 'measures-input').fill('三日内修补台阶破损处，一周内在单元门口加装不锈钢扶手');
    await current(page).locator('[data-testid="deadline-7"]').click();
  });
  await page.waitForFunction(() => document.body.innerText.includes('整改中'));
  await current(page).locator('[data-testid="panel-reply"]').click();
  await current(page).locator('[data-testid="template-site_visit"]').click();
  await current(page).locator('[data-testid="action-submit"]').click();
  await current(page).locator('[data-testid="reply-staff"]').waitFor();
  await shot(page, 'staff-handle');

  // It is on the problem wall with its party and deadline.
  await open(page, baseUrl, R.wall);
  const notice = current(page).locator(`[data-code="${code}"]`);
  await notice.waitFor();
  expect(await notice.locator('[data-testid="notice-party"]').innerText()).toBe('石楠社区物业服务中心');
  const deadline = new Date(Date.now() + 7 * 86_400_000 + 8 * 3_600_000);
  expect(await notice.locator('[data-testid="notice-deadline"]').innerText()).toBe(`${deadline.getUTCFullYear()}年${deadline.getUTCMonth() + 1}月${deadline.getUTCDate()}日`);
  expect(await notice.locator('[data-testid="countdown"]').innerText()).toMatch(/还剩 7 天/);
  // Seeded overdue items are marked in red at the top.
  const firstCountdown = current(page).locator('[data-testid="notice"]').first().locator('[data-testid="countdown"]');
  expect(await firstCountdown.innerText()).toMatch(/已超期/);
  expect(await firstCountdown.evaluate((el) => getComputedStyle(el).backgroundColor)).toBe('rgb(212, 0, 26)');
  await shot(page, 'problem-wall');

  // Staff resolve it.
  await staffAction(page, id, 'resolve', async () => {
    await field(page, 'action-text').fill('台阶已用混凝土修补平整，单元门口加装了不锈钢扶手。');
  });
  await current(page).locator('[data-testid="item-result"]').waitFor();

  // The resident is not satisfied: it reopens and returns to the problem wall.
  await loginAs(page, baseUrl, 'resident', 'fb-e2e-resident');
  await open(page, baseUrl, `${R.detail}?id=${id}`);
  await current(page).locator('[data-testid="rate-panel"]').waitFor();
  await current(page).locator('[data-testid="rate-unsatisfied"]').click();
  await field(page, 'rate-comment').fill('扶手装得太矮，老人用不上。');
  await shot(page, 'rate-unsatisfied');
  await current(page).locator('[data-testid="rate-submit"]').click();
  await page.waitForFunction(() => !document.querySelector('[data-testid="rate-panel"]'));
  expect(await statusText(page)).toBe('整改中');
  await open(page, baseUrl, R.wall);
  await current(page).locator(`[data-code="${code}"]`).waitFor();

  // Staff resolve again; the resident is satisfied; it is on the echo wall with the rating.
  await loginAs(page, baseUrl, 'staff', 'fb-e2e-staff');
  await staffAction(page, id, 'resolve', async () => {
    await field(page, 'action-text').fill('扶手已按老人意见调低到 85 厘米，并在台阶边缘贴了防滑条。');
  });
  await current(page).locator('[data-testid="item-result"]').waitFor();
  await loginAs(page, baseUrl, 'resident', 'fb-e2e-resident');
  await open(page, baseUrl, `${R.detail}?id=${id}`);
  await current(page).locator('[data-testid="rate-satisfied"]').click();
  await current(page).locator('[data-testid="rate-submit"]').click();
  await page.waitForFunction(() => !document.querySelector('[data-testid="rate-panel"]'));
  expect(await statusText(page)).toBe('已办结');
  await shot(page, 'detail-closed');

  await open(page, baseUrl, R.echo);
  const echo = current(page).locator(`[data-code="${code}"]`);
  await echo.waitFor();
  expect(await echo.locator('[data-testid="rating"]').innerText()).toBe('居民评价：满意');
  expect(await echo.innerText()).toContain('调低到 85 厘米');
  await shot(page, 'echo-wall');

  await open(page, baseUrl, R.figures);
  await current(page).locator('[data-testid="figure-row"]').first().waitFor();
  expect(await current(page).innerText()).toContain('石楠社区物业服务中心');
  await shot(page, 'figures');
});
