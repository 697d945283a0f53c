import { current, loginAs, open, shot, useApp, confirmModal, sessionToken, apiCall } from './harness';

/** 举报 (issue 14): every public wall item can be reported; staff confirm and it leaves the wall. */
const app = useApp();

const R = {
  wall: '/packages/feedback/pages/index/index',
  inbox: '/packages/feedback/pages/staff-inbox/index',
};



test('a resident reports a wall item with a reason; staff confirm it in the inbox and it leaves the wall', async () => {
  const { page, baseUrl } = app;
  await loginAs(page, baseUrl, 'resident', 'report-author');
  const created = await apiCall(app.baseUrl, 'POST', '/api/feedback', await sessionToken(page), {
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
  await confirmModal(page, '撤下');
  await current(page).locator('[data-testid="staff-report"]', { hasText: code }).waitFor({ state: 'detached' });

  await open(page, baseUrl, R.wall);
  await current(page).locator('[data-testid="notice"]').first().waitFor();
  expect(await current(page).locator(`[data-testid="notice"][data-code="${code}"]`).count()).toBe(0);
});
