import type { Page } from 'playwright-core';
import { current, loginAs, open, shot, useApp, waitHash, agreeConsent } from './harness';

/**
 * 菜单式服务 round trip in the H5 build, with the demo personas:
 * 王秀英 (resident) orders, 张丽华 (staff) dispatches, 李建国 (volunteer) accepts and
 * completes, 王秀英 rates. Then a second order taken from the open pool.
 */
const app = useApp();
const HUB = '/packages/requests/pages/index/index';
const DETAIL = '/packages/requests/pages/detail/index';

/** Screenshots show the page, not a success toast still fading over it. */
async function snap(page: Page, name: string) {
  await page.waitForFunction(() =>
    [...document.querySelectorAll('.taro__toast')].every((el) => {
      const style = getComputedStyle(el);
      return style.display === 'none' || style.opacity === '0';
    }),
  );
  await shot(page, name);
}


async function openOrder(page: Page, scope: string, code: string) {
  await open(page, app.baseUrl, `${HUB}?scope=${scope}`);
  const card = current(page).locator(`[data-testid="order-card"][data-code="${code}"]`);
  await card.waitFor();
  await card.click();
  await waitHash(page, DETAIL);
  await current(page).locator('[data-testid="order-code"]', { hasText: code }).waitFor();
}

async function placeOrder(page: Page, service: string, description: string): Promise<string> {
  await open(page, app.baseUrl, HUB);
  await current(page).locator(`[data-testid="order-${service}"]`).click();
  await waitHash(page, '/packages/requests/pages/new/index');
  await current(page).locator('[data-testid="form-service"]', { hasText: service }).waitFor();
  await current(page).locator('[data-testid="description-input"] textarea').fill(description);
  await current(page).locator('.sn-form__chip', { hasText: '工作日上午' }).click();
  await current(page).locator('[data-testid="submit-order"]').click();
  await waitHash(page, DETAIL);
  const code = (await current(page).locator('[data-testid="order-code"]').innerText()).trim();
  expect(code).toMatch(/^FW-\d{8}-\d{4}$/);
  return code;
}

test('resident orders, staff dispatches, volunteer accepts and completes, resident rates', async () => {
  const { page, baseUrl } = app;

  // 王秀英 orders 助老陪诊 from the menu.
  await loginAs(page, baseUrl, 'resident');
  await open(page, baseUrl, HUB);
  await current(page).locator('[data-testid="menu-item"]').first().waitFor();
  await snap(page, 'menu');
  await current(page).locator('[data-testid="order-助老陪诊"]').click();
  await waitHash(page, '/packages/requests/pages/new/index');
  const phone = current(page).locator('[data-testid="phone-input"] input');
  await page.waitForFunction(() => {
    const el = document.querySelector('.taro_page:last-child [data-testid="phone-input"] input, [data-testid="phone-input"] input') as HTMLInputElement | null;
    return !!el && el.value.length > 0;
  });
  expect(await phone.inputValue()).toMatch(/^1\d{10}$/); // prefilled from the account

  // Sending personal data needs consent first; the form is kept while consenting.
  await current(page).locator('[data-testid="description-input"] textarea').fill('周四上午要去社区卫生服务中心复查血压，想请志愿者陪同，帮忙排队取报告。');
  await current(page).locator('[data-testid="submit-order"]').click();
  await waitHash(page, '/packages/account/pages/privacy/index');
  await agreeConsent(page);
  await waitHash(page, '/packages/requests/pages/new/index');
  await current(page).locator('[data-testid="form-service"]', { hasText: '助老陪诊' }).waitFor();
  // The draft survived the detour.
  expect(await current(page).locator('[data-testid="description-input"] textarea').inputValue()).toContain('复查血压');

  // A malformed phone is refused with the reason beside the field.
  await phone.fill('12345');
  await current(page).locator('[data-testid="submit-order"]').click();
  await current(page).locator('.sn-form__error', { hasText: '电话' }).waitFor();
  await snap(page, 'form-bad-phone');
  await phone.fill('13900001001');
  await current(page).locator('[data-testid="address-input"] input').fill('石楠社区 3 栋 2 单元 401 室');
  await current(page).locator('.sn-form__chip', { hasText: '工作日上午' }).click();
  await snap(page, 'form-filled');
  await current(page).locator('[data-testid="submit-order"]').click();
  await waitHash(page, DETAIL);
  const code = (await current(page).locator('[data-testid="order-code"]').innerText()).trim();
  expect(code).toMatch(/^FW-\d{8}-\d{4}$/);
  expect(await current(page).locator('[data-testid="status-tag"]').first().innerText()).toBe('待派单');
  await snap(page, 'ordered');
  await open(page, baseUrl, `${HUB}?scope=mine`);
  await current(page).locator(`[data-testid="order-card"][data-code="${code}"]`).waitFor();
  await snap(page, 'my-orders');

  // 张丽华 at the desk dispatches it to 李建国.
  await loginAs(page, baseUrl, 'staff');
  await open(page, baseUrl, `${HUB}?scope=all`);
  await current(page).locator(`[data-testid="order-card"][data-code="${code}"]`).waitFor();
  await snap(page, 'dispatch-board');
  await current(page).locator(`[data-testid="order-card"][data-code="${code}"]`).click();
  await waitHash(page, DETAIL);
  await current(page).locator('[data-testid="action-dispatch"]').click();
  await waitHash(page, '/packages/requests/pages/dispatch/index');
  await current(page).locator('[data-testid="candidate"]').first().waitFor();
  await current(page).locator('.rq-skill', { hasText: '助老服务' }).click();
  await current(page).locator('[data-testid="candidate"][data-name="李建国"]').waitFor();
  await current(page).locator('[data-testid="choose-李建国"]').click();
  await snap(page, 'dispatch-candidates');
  await current(page).locator('[data-testid="confirm-dispatch"]').click();
  await waitHash(page, DETAIL);
  await current(page).locator('[data-testid="status-tag"]', { hasText: '已派单' }).waitFor();
  expect(await current(page).locator('[data-testid="order-assignee"]').innerText()).toContain('李建国');

  // 李建国 sees it among his tasks, the phone masked until he accepts.
  await loginAs(page, baseUrl, 'volunteer');
  await openOrder(page, 'assigned', code);
  expect(await current(page).locator('[data-testid="order-phone"]').innerText()).toContain('139****1001');
  expect(await current(page).locator('[data-testid="order-address"]').innerText()).toContain('接单后可见');
  await snap(page, 'volunteer-before-accept');
  await current(page).locator('[data-testid="action-accept"]').click();
  await current(page).locator('[data-testid="status-tag"]', { hasText: '已接单' }).waitFor();
  expect(await current(page).locator('[data-testid="order-phone"]').innerText()).toContain('13900001001');
  expect(await current(page).locator('[data-testid="order-address"]').innerText()).toContain('石楠社区 3 栋 2 单元 401 室');
  await current(page).locator('[data-testid="action-start"]').click();
  await current(page).locator('[data-testid="status-tag"]', { hasText: '服务中' }).waitFor();
  await current(page).locator('[data-testid="action-complete"]').click();
  await current(page).locator('[data-testid="complete-note"] textarea').fill('已陪同复查，血压正常，报告已交给王阿姨并提醒按时服药。');
  await snap(page, 'volunteer-complete');
  await current(page).locator('[data-testid="confirm-complete"]').click();
  await current(page).locator('[data-testid="status-tag"]', { hasText: '待评价' }).waitFor();

  // 王秀英 rates it; the order closes with the whole timeline.
  await loginAs(page, baseUrl, 'resident');
  await openOrder(page, 'mine', code);
  await current(page).locator('[data-testid="rate-panel"]').waitFor();
  await current(page).locator('[data-testid="rate-panel"] textarea').fill('李师傅很耐心，谢谢红岗志愿者！');
  await snap(page, 'resident-rate');
  await current(page).locator('[data-testid="submit-rating"]').click();
  await current(page).locator('[data-testid="status-tag"]', { hasText: '已完成' }).waitFor();
  expect(await current(page).locator('[data-testid="order-rating"]').innerText()).toContain('★★★★★');
  const steps = await current(page).locator('.rq-timeline__type').allInnerTexts();
  expect(steps).toEqual(['提交订单', '社区派单', '志愿者接单', '开始服务', '服务完成', '居民评价']);
  await snap(page, 'closed-timeline');
});

test('a volunteer takes an order from the open pool', async () => {
  const { page, baseUrl } = app;
  await loginAs(page, baseUrl, 'resident');
  const code = await placeOrder(page, '家电维修上门', '厨房抽油烟机不转了，想请懂电器的志愿者上门看看。');

  await loginAs(page, baseUrl, 'volunteer', 'e2e-pool');
  await open(page, baseUrl, `${HUB}?scope=available`);
  await current(page).locator(`[data-testid="order-card"][data-code="${code}"]`).waitFor();
  // In the pool a waiting order is there to take: 可接单, not the desk's 待派单.
  expect(await current(page).locator(`[data-testid="order-card"][data-code="${code}"] [data-testid="status-tag"]`).innerText()).toBe('可接单');
  await snap(page, 'volunteer-pool');
  await current(page).locator(`[data-testid="order-card"][data-code="${code}"]`).click();
  await waitHash(page, DETAIL);
  await current(page).locator('[data-testid="order-code"]', { hasText: code }).waitFor();
  await current(page).locator('[data-testid="action-accept"]').click();
  await current(page).locator('[data-testid="status-tag"]', { hasText: '已接单' }).waitFor();
  await open(page, baseUrl, `${HUB}?scope=assigned`);
  await current(page).locator(`[data-testid="order-card"][data-code="${code}"]`).waitFor();
  await snap(page, 'volunteer-tasks');
});

test('a grid worker orders on behalf of an elderly neighbour (代办)', async () => {
  const { page, baseUrl } = app;
  await loginAs(page, baseUrl, 'staff');
  // Staff send personal data too: consent first.
  await open(page, baseUrl, '/packages/account/pages/privacy/index');
  await agreeConsent(page);
  await current(page).locator('[data-testid="consent-done"]').waitFor();
  await open(page, baseUrl, HUB);
  await current(page).locator('[data-testid="order-助餐送餐上门"]').click();
  await waitHash(page, '/packages/requests/pages/new/index');
  await current(page).locator('[data-testid="proxy-switch"]').click();
  // No account: the free-text name, as for a neighbour who never used the app.
  await current(page).locator('[data-testid="proxy-name"] input').fill('孙玉珍');
  await current(page).locator('[data-testid="proxy-phone"] input').fill('0931-87651234');
  await current(page).locator('[data-testid="proxy-address"] input').fill('石楠社区 12 栋 1 单元 102 室');
  await current(page).locator('[data-testid="description-input"] textarea').fill('孙奶奶 86 岁独居，腿脚不便，网格员走访时了解到需要每天中午送一份午饭。');
  await snap(page, 'proxy-form');
  await current(page).locator('[data-testid="submit-order"]').click();
  await waitHash(page, DETAIL);
  await current(page).locator('.rq-row', { hasText: '代办对象' }).waitFor();
  expect(await current(page).locator('.rq-row', { hasText: '代办对象' }).innerText()).toContain('孙玉珍');
  expect(await current(page).locator('.rq-timeline__note').first().innerText()).toContain('代办');
  await snap(page, 'proxy-ordered');
});

test('staff pick a resident\'s account when ordering for them (代办), and the resident sees it in 我的订单', async () => {
  const { page, baseUrl } = app;
  // A staff member of its own (street level), so the consent step is always there to take.
  await loginAs(page, baseUrl, 'staff', 'e2e-picker');
  await open(page, baseUrl, '/packages/account/pages/privacy/index');
  await agreeConsent(page);
  await current(page).locator('[data-testid="consent-done"]').waitFor();
  await open(page, baseUrl, HUB);
  await current(page).locator('[data-testid="order-助老陪诊"]').click();
  await waitHash(page, '/packages/requests/pages/new/index');
  await current(page).locator('[data-testid="proxy-switch"]').click();

  // 周德海 (石楠社区, 139****1003) found by his whole phone number (part of one finds no one).
  await current(page).locator('[data-testid="resident-search"] input').fill('13900001003');
  const option = current(page).locator('[data-testid="resident-option"][data-name="周德海"]');
  await option.waitFor();
  expect(await option.innerText()).toContain('139****1003');
  expect(await option.innerText()).toContain('石楠社区');
  await snap(page, 'proxy-picker-results');
  // A name nobody has says so, and leaves the free-text path open.
  await current(page).locator('[data-testid="resident-search"] input').fill('查无此人');
  await current(page).locator('[data-testid="resident-none"]').waitFor();
  await current(page).locator('[data-testid="resident-search"] input').fill('周德');
  await option.waitFor();
  // Tap targets stay at least 44 CSS px tall.
  expect((await option.boundingBox())!.height).toBeGreaterThanOrEqual(44);
  await option.click();

  const picked = current(page).locator('[data-testid="picked-resident"][data-name="周德海"]');
  await picked.waitFor();
  // With an account picked the name comes from it: no free-text name field.
  expect(await current(page).locator('[data-testid="proxy-name"]').count()).toBe(0);
  // Clearing brings the search back; pick again.
  await current(page).locator('[data-testid="clear-resident"]').click();
  await current(page).locator('[data-testid="proxy-name"]').waitFor();
  await current(page).locator('[data-testid="resident-search"] input').fill('周德海');
  await option.click();
  await picked.waitFor();
  expect((await current(page).locator('[data-testid="clear-resident"]').boundingBox())!.height).toBeGreaterThanOrEqual(44);
  await current(page).locator('[data-testid="proxy-address"] input').fill('石楠社区 8 栋 1 单元 202 室');
  await current(page).locator('[data-testid="description-input"] textarea').fill('周大爷下周三去区医院复查眼睛，网格员走访时登记，请志愿者陪同。');
  await snap(page, 'proxy-picker-picked');

  // The same form in the large-text theme.
  await page.evaluate(() => localStorage.setItem('sn:pref:elder', JSON.stringify({ data: true })));
  await page.reload();
  await current(page).locator('.sn-root--elder [data-testid="picked-resident"][data-name="周德海"]').waitFor();
  expect((await current(page).locator('[data-testid="clear-resident"]').boundingBox())!.height).toBeGreaterThanOrEqual(44);
  await snap(page, 'proxy-picker-picked-elder');
  await current(page).locator('[data-testid="clear-resident"]').click();
  await current(page).locator('[data-testid="resident-search"] input').fill('周德');
  await option.waitFor();
  await snap(page, 'proxy-picker-results-elder');
  await option.click();
  await picked.waitFor();
  await page.evaluate(() => localStorage.removeItem('sn:pref:elder'));

  await current(page).locator('[data-testid="submit-order"]').click();
  await waitHash(page, DETAIL);
  const code = (await current(page).locator('[data-testid="order-code"]').innerText()).trim();
  expect(await current(page).locator('.rq-row', { hasText: '代办对象' }).innerText()).toContain('周德海');

  // 周德海 opens 我的订单 and finds it there, waiting for dispatch.
  await loginAs(page, baseUrl, 'resident', 'zhou-dehai');
  await open(page, baseUrl, `${HUB}?scope=mine`);
  const card = current(page).locator(`[data-testid="order-card"][data-code="${code}"]`);
  await card.waitFor();
  expect(await card.locator('[data-testid="status-tag"]').innerText()).toBe('待派单');
  // Who placed it for them, so an order they did not type is not a puzzle.
  expect(await card.locator('[data-testid="order-placed-by"]').innerText()).toContain('代办人');
  await snap(page, 'proxy-picked-resident-orders');
  await card.click();
  await waitHash(page, DETAIL);
  await current(page).locator('[data-testid="order-code"]', { hasText: code }).waitFor();
  expect(await current(page).locator('[data-testid="order-placed-by"]').innerText()).toContain('张e2e-picker');
  await snap(page, 'proxy-picked-resident-detail');
});
