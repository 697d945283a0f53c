import type { Page } from 'playwright-core';
import { current, loginAs, open, shot, startApp, storedSession, type App } from './harness';

/** 举报 (issue 14): every public wall item can be reported; staff confirm and it leaves the wall. */
let app: App;

beforeAll(async () => {
  app = await startApp();
}, 600_000);

afterEach(() => {
  const log = app?.browserLog();
  if (log) console.log(`browser log so far:\n${log}`);
});

afterAll(async () => {
  await app?.close();
});

const R = {
  wall: '/packages/feedback/pages/index/index',
  inbox: '/packages/feedback/pages/staff-inbox/index',
};

async function post(page: Page, path: string, body: unknown) {
  const session = await storedSession(page);
  return page.evaluate(
    async ({ p, b, token }) => {
      const res = await fetch(p, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}`, 'Idempotency-Key': `e2e-${Math.random()}` },
        body: JSON.stringify(b),
      });
      return { status: res.status, body: await res.json() };
    },
    { p: path, b: body, token: session!.token },
  );
}

async function modalButton(page: Page, text: string) {
  await page.locator('.taro-modal__foot', { hasText: text }).locator(`text=${text}`).click();
}

test('a resident reports a wall item with a reason; staff confirm it in the inbox and it leaves the wall', async () => {
  const { page, baseUrl } = app;
  await loginAs(page, baseUrl, 'resident', 'report-author');
  const created = await post(page, '/api/feedback', {
    category: 'dispute',
    title: '楼上住户深夜噪音扰民',
    body: '5号楼楼上住户每晚十二点后还在装修，影响老人休息。',
    public: true,
    anonymous: true,
  });
  expect(created.status).toBe(201);
  const code = created.body.code as string;

  await loginAs(page, baseUrl, 'resident', 'report-reader');
  await open(page, baseUrl, R.wall);
  const card = current(page).locator(`[data-testid="notice"][data-code="${code}"]`);
  await card.waitFor();
  await card.locator('[data-testid="notice-report"]').click();
  // The 举报 tap opens the sheet, not the item.
  expect(await page.evaluate(() => location.hash)).toContain(R.wall);
  const sheet = page.locator('[data-testid="report-sheet"]:visible');
  await sheet.waitFor();
  await sheet.locator('[data-testid="report-reason-privacy"]').click();
  await sheet.locator('[data-testid="report-detail"] textarea').fill('写出了邻居的楼号和房号');
  await shot(page, 'report-sheet');
  await sheet.locator('[data-testid="report-submit"]').click();
  await page.locator('text=已提交，工作人员会尽快核实').waitFor();
  await sheet.waitFor({ state: 'hidden' });

  await loginAs(page, baseUrl, 'staff', 'report-staff');
  await open(page, baseUrl, R.inbox);
  await current(page).locator('[data-testid="view-reports"]').click();
  const report = current(page).locator('[data-testid="staff-report"]', { hasText: code });
  await report.waitFor();
  expect(await report.innerText()).toContain('泄露他人隐私');
  await shot(page, 'staff-reports');
  await report.locator('[data-testid="report-confirm"]').click();
  await modalButton(page, '撤下');
  await current(page).locator('[data-testid="staff-report"]', { hasText: code }).waitFor({ state: 'detached' });

  await open(page, baseUrl, R.wall);
  await current(page).locator('[data-testid="notice"]').first().waitFor();
  expect(await current(page).locator(`[data-testid="notice"][data-code="${code}"]`).count()).toBe(0);
});
