import type { Page } from 'playwright-core';
import { current, loginAs, open, shot, storedSession, useApp, agreeConsent, type Persona } from './harness';

const ROLE_LABEL: Record<Persona, string> = { resident: '居民', volunteer: '红岗志愿者', staff: '工作人员', admin: '管理员' };

const app = useApp();

async function tab(page: Page, label: string) {
  await page.locator('.weui-tabbar__item', { hasText: label }).click();
}

async function fontPx(page: Page, selector: string): Promise<number> {
  return current(page)
    .locator(selector)
    .first()
    .evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
}

describe('demo log-in', () => {
  for (const persona of ['resident', 'volunteer', 'staff', 'admin'] as const) {
    test(`as ${ROLE_LABEL[persona]}: home greets, 我的 shows the role, 工作台 only for staff`, async () => {
      const { page, baseUrl } = app;
      await loginAs(page, baseUrl, persona, `shell-${persona}`);
      const session = await storedSession(page);
      expect(session?.user.role).toBe(persona);
      await shot(page, `home-${persona}`);

      const staffTile = current(page).locator('[data-testid="home-staff"]');
      expect(await staffTile.isVisible()).toBe(persona === 'staff' || persona === 'admin');

      await tab(page, '我的');
      await current(page).locator('[data-testid="mine-role"]').waitFor();
      expect(await current(page).locator('[data-testid="mine-role"]').innerText()).toBe(ROLE_LABEL[persona]);
      // NutUI's Cell takes the tap, not the title inside it.
      const deskEntry = current(page).locator('.sn-menu__item', { has: page.locator('[data-testid="menu-staff"]') });
      expect(await deskEntry.count()).toBe(persona === 'staff' || persona === 'admin' ? 1 : 0);
      await shot(page, `mine-${persona}`);

      if (persona === 'staff' || persona === 'admin') {
        await deskEntry.click();
        await page.waitForFunction(() => location.hash.includes('/packages/staff/pages/index/index'));
        await current(page).locator('[data-testid="staff-requests"]').waitFor();
        await shot(page, `staff-desk-${persona}`);
      }
    });
  }

  test('a resident sent to the staff desk by an old link is taken home', async () => {
    const { page, baseUrl } = app;
    await loginAs(page, baseUrl, 'resident', 'shell-resident');
    await open(page, baseUrl, '/packages/staff/pages/index/index');
    await page.waitForFunction(() => location.hash.startsWith('#/pages/index/index'));
  });
});

describe('tabs', () => {
  test('all four tabs open from the tab bar', async () => {
    const { page, baseUrl } = app;
    await loginAs(page, baseUrl, 'volunteer', 'shell-tabs');
    const tabs: [string, string, string][] = [
      ['服务手册', '/pages/handbook/index', '人民服务手册'],
      ['红岗', '/pages/redpost/index', '五大红岗'],
      ['我的', '/pages/mine/index', '大字模式'],
      ['首页', '/pages/index/index', '菜单式服务'],
    ];
    for (const [label, route, text] of tabs) {
      await tab(page, label);
      await page.waitForFunction((r) => location.hash.startsWith(`#${r}`), route);
      await current(page).getByText(text, { exact: true }).first().waitFor();
      await shot(page, `tab-${route.split('/')[2]}`);
    }
  });
});

describe('large-text mode (适老化)', () => {
  test('the switch in 我的 enlarges text and touch targets, and survives a reload', async () => {
    const { page, baseUrl } = app;
    await loginAs(page, baseUrl, 'resident', 'shell-elder');
    await open(page, baseUrl, '/pages/mine/index');
    const before = await fontPx(page, '.sn-menu__label');
    expect(before).toBeGreaterThanOrEqual(15);

    await current(page).locator('[data-testid="elder-row"] .mine__switch').click();
    await current(page).locator('.sn-root--elder').waitFor();
    const after = await fontPx(page, '.sn-menu__label');
    expect(after).toBeGreaterThanOrEqual(18);
    expect(after).toBeGreaterThan(before);
    const rowHeight = await current(page).locator('.sn-menu__item').first().evaluate((el) => el.getBoundingClientRect().height);
    expect(rowHeight).toBeGreaterThanOrEqual(44);
    await shot(page, 'mine-elder');

    await open(page, baseUrl, '/pages/index/index');
    await current(page).locator('.sn-root--elder').waitFor();
    expect(await fontPx(page, '.sn-tile__title')).toBeGreaterThanOrEqual(18);
    await shot(page, 'home-elder');

    // Back to normal so later tests and screenshots start from the default.
    await open(page, baseUrl, '/pages/mine/index');
    await current(page).locator('[data-testid="elder-row"] .mine__switch').click();
    await page.waitForFunction(() => !document.querySelector('.sn-root--elder'));
    await open(page, baseUrl, '/pages/mine/index');
    expect(await page.locator('.sn-root--elder').count()).toBe(0);
  });
});

describe('expired session', () => {
  test('a 401 clears the session, opens log-in, and returns to the page afterwards', async () => {
    const { page, baseUrl } = app;
    await loginAs(page, baseUrl, 'resident', 'shell-expired');
    await open(page, baseUrl, '/packages/account/pages/privacy/index');
    // The server's answer for a token it no longer accepts (expired or revoked).
    await page.route('**/api/me/export', (route) =>
      route.fulfill({
        status: 401,
        contentType: 'application/problem+json',
        body: JSON.stringify({ type: 'about:blank', title: 'Unauthorized', status: 401, code: 'UNAUTHENTICATED', detail: '登录已过期，请重新登录' }),
      }),
    );
    await current(page).locator('[data-testid="export-data"]').click();
    await page.waitForFunction(() => location.hash.includes('/packages/account/pages/login/index'));
    const from = await page.evaluate(() => decodeURIComponent(location.hash.split('redirect=')[1] ?? ''));
    expect(from).toMatch(/^\/packages\/account\/pages\//);
    expect(await storedSession(page)).toBeNull();
    await page.unroute('**/api/me/export');
    await shot(page, 'login-after-401');

    await current(page).locator('[data-testid="persona-resident"]').click();
    await page.waitForFunction((target) => location.hash.startsWith(`#${target}`), from.split('?')[0]);
    expect(await storedSession(page)).not.toBeNull();
  });
});

describe('privacy consent', () => {
  test('a page with personal data sends a new user to the consent page, which records consent and returns', async () => {
    const { page, baseUrl } = app;
    await loginAs(page, baseUrl, 'resident', `consent-${Date.now()}`);
    expect((await storedSession(page))?.user.privacyConsentAt).toBeNull();

    await current(page).locator('[data-testid="tile-card"]').click();
    await page.waitForFunction(() => location.hash.includes('/packages/account/pages/privacy/index'));
    await current(page).locator('[data-testid="consent-agree"]').waitFor();
    await shot(page, 'consent-page');

    await agreeConsent(page);
    await page.waitForFunction(() => location.hash.includes('/packages/card/pages/index/index'));
    await shot(page, 'card-after-consent');

    const session = await storedSession(page);
    expect(session?.user.privacyConsentAt).toEqual(expect.any(String));
    const me = await page.evaluate(async (token) => {
      const res = await fetch('/api/me', { headers: { Authorization: `Bearer ${token}` } });
      return (await res.json()) as { privacyConsentAt: string | null };
    }, session!.token);
    expect(me.privacyConsentAt).toEqual(expect.any(String));

    await open(page, baseUrl, '/packages/account/pages/privacy/index');
    await current(page).locator('[data-testid="consent-done"]').waitFor();
    await shot(page, 'privacy-consented');
  });
});
