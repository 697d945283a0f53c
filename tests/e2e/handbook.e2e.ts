import type { Page } from 'playwright-core';
import { current, loginAs, open, shot, storedSession, useApp, field, waitHash, apiCall, agreeConsent } from './harness';

/** 一本书、一张卡、一个号 in the H5 build: handbook search and entry, the card with its QR, articles, staff editing and scanning. */
const app = useApp();

const R = {
  handbook: '/pages/handbook/index',
  home: '/pages/index/index',
  entry: '/packages/handbook/pages/entry/index',
  card: '/packages/card/pages/index/index',
  cardEdit: '/packages/card/pages/edit/index',
  scans: '/packages/card/pages/scans/index',
  links: '/packages/links/pages/index/index',
  staffScan: '/packages/staff/pages/card-scan/index',
  staffHandbook: '/packages/staff/pages/handbook-admin/index',
  staffLinks: '/packages/staff/pages/links-admin/index',
};



async function api<T = any>(page: Page, path: string): Promise<T> {
  const session = await storedSession(page);
  return (await apiCall(app.baseUrl, 'GET', path, session?.token)).body as T;
}

test('a resident searches the handbook from home, opens an entry, and a 2-character search finds the right entry first', async () => {
  const { page, baseUrl } = app;
  await loginAs(page, baseUrl, 'resident', 'hb-e2e-reader');
  await current(page).locator('[data-testid="home-card-shortcut"]').waitFor();
  await current(page).locator('[data-testid="home-article"]').first().waitFor();
  await shot(page, 'home-widgets');

  // The home page's search box hands the words to the handbook tab.
  await current(page).locator('[data-testid="home-handbook-search"] input').fill('体检');
  await current(page).locator('[data-testid="home-handbook-search"] input').press('Enter');
  await waitHash(page, R.handbook);
  const first = current(page).locator('[data-testid="handbook-result"]').first();
  await first.waitFor();
  expect(await first.innerText()).toContain('爱心诊所免费体检预约');
  await shot(page, 'handbook-search-tijian');

  // 低保 typed on the handbook tab itself.
  const box = current(page).locator('[data-testid="handbook-search"] input');
  await box.fill('低保');
  await page.waitForFunction(() => {
    const rows = Array.from(document.querySelectorAll('[data-testid="handbook-result"]')).filter((e) => (e as HTMLElement).offsetParent);
    return rows.length > 0 && rows[0].textContent!.includes('最低生活保障（低保）申请');
  });
  await current(page).locator('[data-testid="handbook-result"]').first().click();
  await waitHash(page, R.entry);
  await current(page).locator('[data-testid="entry-title"]').waitFor();
  expect(await current(page).locator('[data-testid="entry-title"]').innerText()).toBe('最低生活保障（低保）申请');
  expect(await current(page).locator('[data-testid="entry-materials"]').innerText()).toContain('户口簿');
  await current(page).locator('[data-testid="entry-call"]').waitFor();
  await shot(page, 'handbook-entry');

  // Categories with counts; a requestable entry offers 预约.
  await open(page, baseUrl, R.handbook);
  await current(page).locator('[data-testid="chapter-medical"]').click();
  await current(page).locator('[data-testid="handbook-result"]').first().waitFor();
  await shot(page, 'handbook-category-medical');
  await current(page).locator('[data-testid="handbook-result"]', { hasText: '助老陪诊' }).click();
  await current(page).locator('[data-testid="entry-order"]').waitFor();
  await shot(page, 'handbook-entry-requestable');
});

test('search keeps the chosen category in sight and clearable, finds synonyms and pinyin, and an empty result offers 留言问社区 and 一键拨打', async () => {
  const { page, baseUrl } = app;
  await loginAs(page, baseUrl, 'resident', 'hb-e2e-search');
  await open(page, baseUrl, R.handbook);
  const box = current(page).locator('[data-testid="handbook-search"] input');
  const visibleRows = () =>
    page.evaluate(() =>
      Array.from(document.querySelectorAll('[data-testid="handbook-result"]'))
        .filter((e) => (e as HTMLElement).offsetParent)
        .map((e) => e.textContent ?? ''),
    );

  // 民政, then 养老: no civil entry mentions 养老, and the page says it was searched in 民政 only.
  await current(page).locator('[data-testid="chapter-civil"]').click();
  await current(page).locator('[data-testid="handbook-result"]').first().waitFor();
  await box.fill('养老');
  const chip = current(page).locator('[data-testid="handbook-filter"]');
  await chip.waitFor();
  expect(await chip.innerText()).toContain('民政');
  await current(page).locator('[data-testid="handbook-empty"]').waitFor();
  expect(await current(page).locator('[data-testid="handbook-empty"]').innerText()).toContain('“民政”类里没有找到');
  await shot(page, 'handbook-search-category-chip');
  // × on the chip: the same words over the whole handbook.
  await current(page).locator('[data-testid="handbook-filter-clear"]').click();
  await page.waitForFunction(() => Array.from(document.querySelectorAll('[data-testid="handbook-result"]')).filter((e) => (e as HTMLElement).offsetParent).length >= 5);
  expect(await current(page).locator('[data-testid="handbook-filter"]').count()).toBe(0);
  expect((await visibleRows()).some((t) => t.includes('居家养老上门服务'))).toBe(true);
  await shot(page, 'handbook-search-yanglao-all');

  // What residents call it (a synonym) and pinyin initials.
  await box.fill('残疾证');
  await page.waitForFunction(() => {
    const rows = Array.from(document.querySelectorAll('[data-testid="handbook-result"]')).filter((e) => (e as HTMLElement).offsetParent);
    return rows.length > 0 && rows[0].textContent!.includes('残疾人证办理');
  });
  await shot(page, 'handbook-search-synonym-canjizheng');
  await box.fill('db');
  await page.waitForFunction(() =>
    Array.from(document.querySelectorAll('[data-testid="handbook-result"]'))
      .filter((e) => (e as HTMLElement).offsetParent)
      .some((e) => e.textContent!.includes('最低生活保障（低保）申请')),
  );
  await shot(page, 'handbook-search-pinyin-db');

  // Nothing found: ask the community, or call the street.
  await box.fill('火星移民');
  const empty = current(page).locator('[data-testid="handbook-empty"]');
  await empty.waitFor();
  await current(page).locator('[data-testid="handbook-empty-call"]').waitFor();
  expect(await current(page).locator('[data-testid="handbook-empty-call"]').innerText()).toMatch(/一键拨打 [\d -]+/);
  await shot(page, 'handbook-search-empty-actions');
  await current(page).locator('[data-testid="handbook-empty-ask"]').click();
  await waitHash(page, '/packages/feedback/pages/new/index');
});

test('a resident fills in the neighbour card (care tags need consent) and sees the QR; the official-account article opens in a new tab', async () => {
  const { page, baseUrl, context } = app;
  await loginAs(page, baseUrl, 'resident', 'hb-e2e-card');
  // A new resident is asked for privacy consent first (PIPL), then comes back to the card.
  await current(page).locator('[data-testid="home-card-shortcut"]').click();
  await waitHash(page, '/packages/account/pages/privacy/index');
  await agreeConsent(page);
  await waitHash(page, R.card);
  await current(page).locator('[data-testid="card-start"]').click();
  await waitHash(page, R.cardEdit);
  await field(page, 'card-building').fill('12号楼');
  await field(page, 'card-unit').fill('2单元');
  await field(page, 'card-room').fill('301');
  await field(page, 'card-contact-name').fill('王建军');
  await field(page, 'card-contact-phone').fill('13800001234');
  await current(page).locator('[data-testid="relation-子女"]').click();
  await current(page).locator('[data-testid="care-living-alone"]').click();
  await current(page).locator('[data-testid="card-consent"]').waitFor();
  // Without ticking consent the server refuses the care tag and the form says why.
  await current(page).locator('[data-testid="card-save"]').click();
  await current(page).locator('text=保存关爱标签需要您明确同意').waitFor();
  await shot(page, 'card-form-consent-needed');
  await current(page).locator('[data-testid="card-consent"]').click();
  await current(page).locator('[data-testid="card-save"]').click();
  await waitHash(page, R.card);
  await current(page).locator('[data-testid="card-qr"]').waitFor();
  expect(await current(page).locator('[data-testid="card-number"]').innerText()).toMatch(/^SN-石楠-\d{6}$/);
  const modules = Number(await current(page).locator('[data-testid="card-qr"]').getAttribute('data-modules'));
  expect(modules).toBeGreaterThanOrEqual(21);
  // One image, not a grid of Views: a GIF of the modules at 10 px each.
  const img = current(page).locator('[data-testid="card-qr-image"] img');
  expect(await img.getAttribute('src')).toMatch(/^data:image\/gif;base64,/);
  await page.waitForFunction((el) => (el as HTMLImageElement).complete && (el as HTMLImageElement).naturalWidth > 0, await img.elementHandle());
  expect(await img.evaluate((el) => (el as HTMLImageElement).naturalWidth)).toBe(modules * 10);
  // Shown whole and square (a shrunk box once cropped half the code away).
  const box = (await img.boundingBox())!;
  expect(box.width).toBeGreaterThan(180);
  expect(Math.abs(box.width - box.height)).toBeLessThan(2);
  expect(await current(page).locator('[data-testid="card-face"]').innerText()).toContain('独居老人');
  await current(page).locator('[data-testid="call-grid-worker"]').waitFor();
  await shot(page, 'card-with-qr');

  // Large-text mode (适老化), as the switch in 我的 stores it: the card and an entry page still fit.
  await page.evaluate(() => localStorage.setItem('sn:pref:elder', JSON.stringify({ data: true })));
  await open(page, baseUrl, R.card);
  await current(page).locator('.sn-root--elder [data-testid="card-qr"]').waitFor();
  await shot(page, 'card-large-text');
  await open(page, baseUrl, R.handbook);
  await current(page).locator('.sn-root--elder [data-testid="chapter-civil"]').waitFor();
  await shot(page, 'handbook-large-text');
  await page.evaluate(() => localStorage.removeItem('sn:pref:elder'));

  // The articles: pinned first; opening one gives a new tab on the official account's host.
  await open(page, baseUrl, R.links);
  const firstArticle = current(page).locator('[data-testid="article-item"]').first();
  await firstArticle.waitFor();
  expect(await firstArticle.innerText()).toContain('置顶');
  await shot(page, 'links-list');
  // No internet here: answer the article host locally so the new tab has something to show.
  await context.route('https://mp.weixin.qq.com/**', (route) =>
    route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: '<h1>石楠街道公众号文章</h1>' }),
  );
  const [popup] = await Promise.all([context.waitForEvent('page'), firstArticle.click()]);
  await popup.waitForLoadState('domcontentloaded').catch(() => undefined);
  expect(popup.url()).toMatch(/^https:\/\/mp\.weixin\.qq\.com\/s\//);
  await popup.close();
  await context.unroute('https://mp.weixin.qq.com/**');
});

test('staff edit a handbook entry and the resident sees the change at once', async () => {
  const { page, baseUrl } = app;
  await loginAs(page, baseUrl, 'staff', 'hb-e2e-staff');
  await open(page, baseUrl, R.handbook);
  await current(page).locator('[data-testid="handbook-staff-edit"]').click();
  await waitHash(page, R.staffHandbook);
  await current(page).locator('.nut-searchbar input').fill('高龄津贴');
  await current(page).locator('[data-testid="handbook-result"]', { hasText: '高龄津贴申领' }).first().click();
  await waitHash(page, '/packages/staff/pages/handbook-edit/index');
  const hours = field(page, 'edit-hours');
  await hours.waitFor();
  await page.waitForFunction(() => {
    const el = document.querySelector('.taro_page_shown [data-testid="edit-title"] input, [data-testid="edit-title"] input') as HTMLInputElement | null;
    return Boolean(el && el.value === '高龄津贴申领');
  });
  await hours.fill('每周一、三、五 9:00–11:30（冬季调整）');
  await field(page, 'edit-tags').fill('敬老金、老人补贴');
  await shot(page, 'staff-handbook-edit');
  await current(page).locator('[data-testid="edit-save"]').click();
  await waitHash(page, R.entry);
  await current(page).locator('[data-testid="entry-hours"]', { hasText: '冬季调整' }).waitFor();

  await loginAs(page, baseUrl, 'resident', 'hb-e2e-reader');
  await open(page, baseUrl, R.handbook);
  await current(page).locator('[data-testid="handbook-search"] input').fill('高龄津贴');
  await current(page).locator('[data-testid="handbook-result"]', { hasText: '高龄津贴申领' }).first().click();
  await waitHash(page, R.entry);
  await current(page).locator('[data-testid="entry-hours"]', { hasText: '每周一、三、五 9:00–11:30（冬季调整）' }).waitFor();
  await shot(page, 'resident-sees-edit');
  // The tags staff typed find the entry.
  await open(page, baseUrl, R.handbook);
  await current(page).locator('[data-testid="handbook-search"] input').fill('敬老金');
  await current(page).locator('[data-testid="handbook-result"]', { hasText: '高龄津贴申领' }).first().waitFor();

  // Staff add a synonym; the resident's search follows at once.
  await loginAs(page, baseUrl, 'staff', 'hb-e2e-staff');
  await open(page, baseUrl, R.staffHandbook);
  await current(page).locator('[data-testid="synonym-row"]', { hasText: '残疾证 → 残疾人证' }).waitFor();
  await field(page, 'synonym-term').fill('代步车');
  await field(page, 'synonym-target').fill('辅助器具');
  await current(page).locator('[data-testid="synonym-add"]').click();
  await current(page).locator('[data-testid="synonym-row"]', { hasText: '代步车 → 辅助器具' }).waitFor();
  await current(page).locator('[data-testid="synonym-row"]', { hasText: '代步车 → 辅助器具' }).scrollIntoViewIfNeeded();
  await shot(page, 'staff-handbook-synonyms');
  await loginAs(page, baseUrl, 'resident', 'hb-e2e-reader');
  await open(page, baseUrl, R.handbook);
  await current(page).locator('[data-testid="handbook-search"] input').fill('代步车');
  await current(page).locator('[data-testid="handbook-result"]', { hasText: '残疾人辅助器具适配' }).first().waitFor();
});

test('staff add an article (a foreign link is refused) and scan a card; the resident sees who looked', async () => {
  const { page, baseUrl } = app;
  // The resident's card from the earlier test: its QR payload, as a scanner would read it.
  await loginAs(page, baseUrl, 'resident', 'hb-e2e-card');
  const card = await api<{ qrPayload: string; number: string }>(page, '/api/card');
  expect(card.qrPayload).toMatch(/^SNCARD:/);

  await loginAs(page, baseUrl, 'staff', 'hb-e2e-staff');
  await open(page, baseUrl, R.staffLinks);
  await field(page, 'link-title').fill('冬季用电安全提示');
  await field(page, 'link-url').fill('https://example.com/fake-article');
  await current(page).locator('[data-testid="link-save"]').click();
  await current(page).locator('[data-testid="link-url-error"]').waitFor();
  await shot(page, 'staff-links-refused');
  await field(page, 'link-url').fill('https://mp.weixin.qq.com/s/winter-power-safety');
  await current(page).locator('[data-testid="link-save"]').click();
  await current(page).locator('[data-testid="admin-article"]', { hasText: '冬季用电安全提示' }).waitFor();
  await shot(page, 'staff-links-added');

  await open(page, baseUrl, '/packages/staff/pages/index/index');
  await current(page).locator('[data-testid="staff-card-scan"]').click();
  await waitHash(page, R.staffScan);
  await field(page, 'scan-code').fill(card.qrPayload);
  await current(page).locator('[data-testid="scan-submit"]').click();
  await current(page).locator('[data-testid="scan-result"]').waitFor();
  expect(await current(page).locator('[data-testid="scan-result"]').innerText()).toContain(card.number);
  expect(await current(page).locator('[data-testid="scan-emergency"]').innerText()).toContain('13800001234');
  await shot(page, 'staff-card-scan');
  // A code that is not a card.
  await field(page, 'scan-code').fill('SNCARD:not-a-real-token-000000000');
  await current(page).locator('[data-testid="scan-submit"]').click();
  await current(page).locator('[data-testid="scan-error"]').waitFor();

  // No scanner: the printed number typed in, which needs a reason first.
  await field(page, 'lookup-number').fill(card.number);
  await current(page).locator('[data-testid="lookup-submit"]').click();
  await current(page).locator('text=请写明查看原因').first().waitFor();
  await shot(page, 'staff-card-lookup-reason-required');
  await field(page, 'lookup-reason').fill('独居老人家中无人应门，联系家属');
  await current(page).locator('[data-testid="lookup-submit"]').click();
  const found = current(page).locator('[data-testid="lookup"] ~ [data-testid="scan-result"]');
  await found.waitFor();
  expect(await found.innerText()).toContain(card.number);
  await found.scrollIntoViewIfNeeded();
  await shot(page, 'staff-card-lookup-number');
  const seq = Number(await found.getAttribute('data-seq'));
  // By building and room, written differently from the card (12号楼 / 301 → 12栋 / 301室).
  await current(page).locator('[data-testid="lookup-by-address"]').click();
  await field(page, 'lookup-building').fill('12栋');
  await field(page, 'lookup-room').fill('301室');
  await field(page, 'lookup-reason').fill('楼下邻居反映家中漏水，联系家属');
  await current(page).locator('[data-testid="lookup-submit"]').click();
  await page.waitForFunction((n) => Number(document.querySelector('[data-testid="scan-result"]')?.getAttribute('data-seq')) > n, seq);
  expect(await current(page).locator('[data-testid="scan-result"]').innerText()).toContain(card.number);
  await shot(page, 'staff-card-lookup-address');

  await loginAs(page, baseUrl, 'resident', 'hb-e2e-card');
  await open(page, baseUrl, R.card);
  await current(page).locator('[data-testid="card-scans"]').click();
  await waitHash(page, R.scans);
  const item = current(page).locator('[data-testid="scan-item"]').first();
  await item.waitFor();
  expect(await item.innerText()).toContain('张hb-e2e-staff');
  // The look-ups show with their reason, newest first, beside the scan.
  expect(await current(page).locator('[data-testid="scan-item"]').count()).toBe(3);
  expect(await item.innerText()).toContain('原因：楼下邻居反映家中漏水，联系家属');
  expect(await current(page).locator('[data-testid="scan-item"]').nth(2).innerText()).toContain('扫码查看');
  await shot(page, 'resident-scan-log');

  // The new article shows on the resident's list.
  await open(page, baseUrl, R.links);
  await current(page).locator('[data-testid="article-item"]', { hasText: '冬季用电安全提示' }).waitFor();
});
