import type { Page } from 'playwright-core';
import { current, loginAs, open, shot, storedSession, useApp, waitHash, agreeConsent } from './harness';

/**
 * Issue 14: a reviewer who declines consent (or does not log in) must never be trapped.
 * A guarded page opens log-in / the notice once; coming back without it shows an inline
 * state (需要登录 / 同意后使用) with a button, and the rest of the app stays usable.
 */
const app = useApp();

const R = {
  home: '/pages/index/index',
  card: '/packages/card/pages/index/index',
  privacy: '/packages/account/pages/privacy/index',
  login: '/packages/account/pages/login/index',
  myFeedback: '/packages/feedback/pages/mine/index',
};

const hash = (page: Page) => page.evaluate(() => location.hash);

/** Stays on `fragment` for a while: nothing re-opens log-in or the notice on its own. */
async function staysOn(page: Page, fragment: string) {
  for (let i = 0; i < 6; i += 1) {
    await page.waitForTimeout(300);
    expect(await hash(page)).toContain(fragment);
  }
}

test('declining the privacy notice returns to the page with 同意后使用, never reopens it, and public pages still work', async () => {
  const { page, baseUrl } = app;
  await loginAs(page, baseUrl, 'resident', 'consent-decline');
  await current(page).locator('[data-testid="home-card-shortcut"]').click();
  // The one redirect: the card holds personal data, so the notice comes first.
  await waitHash(page, R.privacy);
  await current(page).locator('[data-testid="consent-decline"]').waitFor();
  await shot(page, 'privacy-with-decline');

  await current(page).locator('[data-testid="consent-decline"]').click();
  await waitHash(page, R.card);
  await current(page).locator('[data-testid="guard-consent"]').waitFor();
  await staysOn(page, R.card);
  expect(await current(page).locator('[data-testid="guard-consent"]').innerText()).toContain('同意后使用');
  // Nothing personal was loaded or recorded.
  expect((await storedSession(page))?.user.privacyConsentAt).toBeNull();
  await shot(page, 'card-after-decline');

  // The inline button reads the notice again; declining a second time still comes back.
  await current(page).locator('[data-testid="guard-action"]').click();
  await waitHash(page, R.privacy);
  await current(page).locator('[data-testid="consent-decline"]').click();
  await waitHash(page, R.card);
  await current(page).locator('[data-testid="guard-consent"]').waitFor();
  await staysOn(page, R.card);

  // Back once more lands on home, which is usable: the tiles and the public handbook.
  await page.goBack();
  await waitHash(page, R.home);
  await staysOn(page, R.home);
  await current(page).locator('[data-testid="tile-handbook"]').click();
  await waitHash(page, '/pages/handbook/index');
  await current(page).locator('[data-testid="chapter-medical"]').click();
  await current(page).locator('[data-testid="handbook-result"]').first().waitFor();
  await shot(page, 'public-handbook-after-decline');

  // Agreeing later from the inline state works and shows the card.
  await page.locator('.weui-tabbar__item', { hasText: '首页' }).click();
  await current(page).locator('[data-testid="home-card-shortcut"]').click();
  await waitHash(page, R.privacy);
  await agreeConsent(page);
  await waitHash(page, R.card);
  await current(page).locator('[data-testid="card-start"]').waitFor();
  expect((await storedSession(page))?.user.privacyConsentAt).toBeTruthy();
});

test('the privacy notice declares the clipboard and album-write uses, the openid and the content check', async () => {
  const { page, baseUrl } = app;
  await open(page, baseUrl, R.privacy);
  const apis = await current(page).locator('[data-testid="privacy-apis"]').innerText();
  expect(apis).toContain('剪切板');
  expect(apis).toContain('相册（仅写入）');
  const text = await current(page).innerText();
  expect(text).toContain('openid');
  expect(text).toContain('msgSecCheck');
});

test('leaving log-in without logging in shows 需要登录 on the page instead of reopening log-in', async () => {
  const { page, baseUrl } = app;
  await open(page, baseUrl, R.home);
  await page.evaluate(() => localStorage.removeItem('sn:session'));
  await open(page, baseUrl, R.home);
  await page.evaluate((url) => {
    location.hash = `#${url}`;
  }, R.myFeedback);
  await waitHash(page, R.login);
  await current(page).locator('[data-testid="login-agreement"]').waitFor();
  expect(await current(page).locator('[data-testid="login-agreement"]').innerText()).toContain('登录即同意《隐私保护指引》');
  await shot(page, 'login-agreement');

  await page.goBack();
  await waitHash(page, R.myFeedback);
  await current(page).locator('[data-testid="guard-login"]').waitFor();
  await staysOn(page, R.myFeedback);
  await shot(page, 'my-feedback-needs-login');

  // The inline button goes to log-in, which comes back to the page logged in.
  await current(page).locator('[data-testid="guard-action"]').click();
  await waitHash(page, R.login);
  await page.locator('[data-testid="handle-input"] input').last().fill('consent-login');
  await current(page).locator('[data-testid="persona-resident"]').click();
  await waitHash(page, R.myFeedback);
  await current(page).locator('text=您还没有反映过问题').waitFor();
});
