import fs from 'node:fs';
import { current, loginAs, open, shot, storedSession, useApp, field, confirmModal, sessionToken, apiCall } from './harness';

/** Issue 17: the admin grants and revokes roles in the app, edits the street's settings, reads the audit log. */

const app = useApp();

const R = {
  home: '/pages/index/index',
  desk: '/packages/staff/pages/index/index',
  users: '/packages/staff/pages/users/index',
  settings: '/packages/staff/pages/settings/index',
  audit: '/packages/staff/pages/audit/index',
};
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;
const ISO = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;


const api = (method: string, path: string, token: string, body?: unknown) => apiCall(app.baseUrl, method, path, token, body);
const token = sessionToken;

test('the admin finds a resident, makes them community staff and takes it back, each confirmed; the audit log says so in words', async () => {
  const { page, baseUrl } = app;
  // A resident with a name to look for.
  await loginAs(page, baseUrl, 'resident', 'admin-e2e-target');
  expect((await api('PATCH', '/api/me', await token(page), { displayName: '欧阳晓峰' })).status).toBe(200);

  await loginAs(page, baseUrl, 'admin');
  const adminToken = await token(page);
  await open(page, baseUrl, R.desk);
  await current(page).locator('[data-testid="staff-users"]').click();
  await page.waitForFunction((r) => location.hash.startsWith(`#${r}`), R.users);
  await field(page, 'users-search').fill('欧阳晓峰');
  const row = current(page).locator('[data-testid="user-row"][data-name="欧阳晓峰"]');
  await row.waitFor();
  expect(await row.locator('[data-testid="user-role"]').innerText()).toBe('居民');
  await shot(page, 'users-search');

  // Grant: staff of 石楠社区, after a confirmation that says what it allows.
  await row.locator('[data-testid="user-grant-open"]').click();
  await row.locator('[data-testid="grant-scope-石楠社区"]').click();
  await shot(page, 'users-grant-panel');
  await row.locator('[data-testid="user-grant"]').click();
  await page.locator('.taro-modal__content', { hasText: '欧阳晓峰' }).waitFor();
  await shot(page, 'users-grant-confirm');
  await confirmModal(page, '授予');
  await row.locator('[data-testid="user-role"]', { hasText: '工作人员' }).waitFor();
  expect(await row.innerText()).toContain('负责石楠社区');
  await shot(page, 'users-granted');
  const granted = (await api('GET', `/api/admin/users?q=${encodeURIComponent('欧阳晓峰')}`, adminToken)).body.items[0];
  expect(granted).toMatchObject({ role: 'staff', staffCommunityName: '石楠社区' });

  // Revoke, confirmed: back to 居民.
  await row.locator('[data-testid="user-revoke"]').click();
  await confirmModal(page, '撤销');
  await row.locator('[data-testid="user-role"]', { hasText: '居民' }).waitFor();
  expect(await row.locator('[data-testid="user-revoke"]').count()).toBe(0);
  await shot(page, 'users-revoked');
  expect((await api('GET', `/api/admin/users?q=${encodeURIComponent('欧阳晓峰')}`, adminToken)).body.items[0].role).toBe('resident');

  // The admin's own row offers no revoke.
  const me = (await storedSession(page)) as unknown as { user: { displayName: string } };
  await field(page, 'users-search').fill(me.user.displayName);
  const mine = current(page).locator('[data-testid="user-row"]', { hasText: '（我）' }).first();
  await mine.waitFor();
  expect(await mine.locator('[data-testid="user-revoke"]').count()).toBe(0);
  expect(await mine.innerText()).toContain('请另一位管理员调整');

  // The audit log: Chinese action names, names not ids, 12月7日 16:30 times.
  await open(page, baseUrl, R.audit);
  const rows = current(page).locator('[data-testid="audit-row"]');
  await rows.first().waitFor();
  const firstTwo = [await rows.nth(0).innerText(), await rows.nth(1).innerText()];
  expect(firstTwo[0]).toContain('撤销角色');
  expect(firstTwo[1]).toContain('授予角色');
  expect(firstTwo[1]).toContain('欧阳晓峰');
  expect(firstTwo[1]).toContain('负责范围：石楠社区');
  expect(firstTwo[0]).toMatch(/\d{1,2}月\d{1,2}日 \d{2}:\d{2}/);
  const text = await current(page).innerText();
  expect(text).not.toMatch(UUID);
  expect(text).not.toMatch(ISO);
  expect(text).not.toMatch(/\b[a-z]+_[a-z]+\b/);
  await shot(page, 'audit-readable');

  // CSV export: a download in UTF-8 with a byte-order mark.
  const [download] = await Promise.all([page.waitForEvent('download'), current(page).locator('[data-testid="audit-export"]').click()]);
  const file = await download.path();
  const bytes = fs.readFileSync(file!);
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  expect(bytes.toString('utf8')).toContain('撤销角色');
  expect(download.suggestedFilename()).toMatch(/\.csv$/);
});

test('the admin edits the hotline (a bad one is refused by name) and residents see it on the home page', async () => {
  const { page, baseUrl } = app;
  await loginAs(page, baseUrl, 'admin');
  await open(page, baseUrl, R.settings);
  await current(page).locator('[data-testid="settings-form"]').waitFor();
  expect(await field(page, 'setting-streetName').inputValue()).toBe('石楠街道');

  await field(page, 'setting-hotline').fill('请打电话');
  await current(page).locator('[data-testid="settings-save"]').click();
  await current(page).locator('[data-testid="setting-error-hotline"]').waitFor();
  expect(await current(page).locator('[data-testid="setting-error-hotline"]').innerText()).toContain('电话号码');
  await shot(page, 'settings-refused');

  await field(page, 'setting-hotline').fill('0931-8765 9999');
  await field(page, 'setting-serviceHours').fill('每天 8:00–20:00');
  await current(page).locator('[data-testid="settings-save"]').click();
  await page.locator('text=已保存').first().waitFor();
  await shot(page, 'settings-saved');

  // A resident sees it on the home page.
  await loginAs(page, baseUrl, 'resident', 'admin-e2e-reader');
  await open(page, baseUrl, R.home);
  const hotline = current(page).locator('[data-testid="home-hotline"]');
  await hotline.locator('text=0931-8765 9999').waitFor();
  expect(await hotline.innerText()).toContain('每天 8:00–20:00');
  await hotline.scrollIntoViewIfNeeded();
  await shot(page, 'home-hotline');
});

test('staff pick responsible units from those in use, and 不予受理 asks first (再想想 leaves the item as it was)', async () => {
  const { page, baseUrl } = app;
  await loginAs(page, baseUrl, 'staff', 'admin-e2e-staff');
  const staffToken = await token(page);
  const inbox = (await api('GET', '/api/feedback/inbox?status=submitted&limit=1', staffToken)).body.items;
  expect(inbox.length).toBe(1);
  const item = inbox[0];
  const units = (await api('GET', '/api/feedback/responsible-units', staffToken)).body.items;
  expect(units.length).toBeGreaterThan(1);

  await open(page, baseUrl, `/packages/feedback/pages/staff-handle/index?id=${item.id}`);
  await current(page).locator('[data-testid="panel-assign"]').click();
  await current(page).locator('[data-testid="unit-chips"]').waitFor();
  await current(page).locator(`[data-testid="unit-${units[0].name}"]`).click();
  await current(page).locator(`[data-testid="unit-${units[1].name}"]`).click();
  expect(await field(page, 'party-input').inputValue()).toBe(`${units[0].name}、${units[1].name}`);
  await shot(page, 'handle-unit-picker');

  await current(page).locator('[data-testid="panel-reject"]').click();
  await field(page, 'action-text').fill('经核实属于市政管辖，已转12345热线');
  await current(page).locator('[data-testid="action-submit"]').click();
  await page.locator('.taro-modal__content', { hasText: '不能撤回' }).waitFor();
  await shot(page, 'handle-reject-confirm');
  await page.locator('.taro-modal__foot').locator('text=再想想').click();
  expect((await api('GET', `/api/feedback/${item.id}`, staffToken)).body.status).toBe('submitted');
});
