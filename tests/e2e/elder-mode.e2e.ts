/**
 * 大字模式 on every page (issue 17, MIIT age-friendly guidance): in large-text mode no visible
 * text is under 18 CSS px (36 rpx) and nothing a person taps is under 44 px (88 rpx) on a
 * side; placeholders fit their inputs. In normal mode the H5 tab bar's labels are ≥ 12 px.
 * Tappable = a native control or an element React gave a click handler (Taro's onClick).
 */
import { SCREENSHOT_DIR, useApp } from './harness';
import { appConfigPages, loadFixtures, measure, PAGES, visit, type Fixtures } from './page-walk';
import path from 'node:path';
import fs from 'node:fs';

const app = useApp();
let fx: Fixtures;

beforeAll(async () => {
  fx = await loadFixtures(app.baseUrl);
}, 120_000);

test('every page of app.config.ts is walked', () => {
  expect(PAGES.map((p) => p.route).sort()).toEqual(appConfigPages().sort());
});

test('大字模式: every page has text ≥ 18 px and tap targets ≥ 44 px, placeholders whole', async () => {
  const { page, baseUrl } = app;
  const report: string[] = [];
  const shots = path.join(SCREENSHOT_DIR);
  fs.mkdirSync(shots, { recursive: true });
  for (const c of PAGES) {
    await visit(page, baseUrl, fx, c, { elder: true });
    // The article page is only WeChat's web-view (no PageRoot, nothing of ours to enlarge).
    if (c.route !== '/packages/links/pages/article/index') expect(await page.evaluate(() => document.documentElement.classList.contains('sn-elder'))).toBe(true);
    const findings = await measure(page, 18, 44);
    for (const f of findings) report.push(`${c.route} [${f.kind}] ${f.what} ${f.size}`);
    if (['/pages/mine/index', '/packages/feedback/pages/new/index', '/packages/staff/pages/index/index', '/packages/account/pages/messages/index'].includes(c.route)) {
      await page.screenshot({ path: path.join(shots, `elder-mode-${c.route.split('/').filter((p) => p && p !== 'pages' && p !== 'packages' && p !== 'index').join('-') || 'home'}.png`) });
    }
  }
  if (report.length) console.log(report.join('\n'));
  expect(report).toEqual([]);
});

test('normal mode: the H5 tab bar labels are ≥ 12 px and its items ≥ 44 px tall', async () => {
  const { page, baseUrl } = app;
  await visit(page, baseUrl, fx, { route: '/pages/index/index', who: 'resident' });
  const labels = await page.locator('.weui-tabbar__label').evaluateAll((els) => els.map((e) => parseFloat(getComputedStyle(e).fontSize)));
  expect(labels).toHaveLength(4);
  for (const size of labels) expect(size).toBeGreaterThanOrEqual(12);
  const heights = await page.locator('.weui-tabbar__item').evaluateAll((els) => els.map((e) => e.getBoundingClientRect().height));
  for (const h of heights) expect(h).toBeGreaterThanOrEqual(44);
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'elder-mode-tabbar-normal.png') });
});
