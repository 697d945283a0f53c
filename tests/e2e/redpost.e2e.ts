import type { Page } from 'playwright-core';
import { current, loginAs, open, shot, storedSession, useApp, confirmModal, waitHash, agreeConsent } from './harness';

/**
 * 红岗 in the H5 build: staff publish a one-place shift; a resident reports as a volunteer
 * (待社区确认), staff confirm the report (通过), and the resident takes the place, a second volunteer is waitlisted; the first cancels and
 * the second is promoted. Then check-in and check-out with the code staff display, a roster
 * correction, and the yearly record showing the hours.
 */
const app = useApp();
const TAB = '/pages/redpost/index';
const SHIFT = '/packages/redpost/pages/shift/index';

const banner = (page: Page) => current(page).locator('[data-testid="my-banner"]');

async function openShift(page: Page, id: string) {
  await open(page, app.baseUrl, `${SHIFT}?id=${id}`);
  await current(page).locator('[data-testid="shift-card"]').waitFor();
}

test('publish, sign up with waitlist, cancel and promote, check in and out, hours on the record', async () => {
  const { page, baseUrl } = app;

  // Staff publish a one-place shift for tomorrow through the form.
  await loginAs(page, baseUrl, 'staff', 'rp-e2e-staff');
  await open(page, baseUrl, TAB);
  await current(page).locator('[data-testid="post-red_cross"]').waitFor();
  await current(page).locator('[data-testid="staff-publish"]').click();
  await waitHash(page, '/packages/redpost/pages/staff-edit/index');
  await current(page).locator('[data-testid="type-red_cross"]').click();
  await current(page).locator('[data-testid="shift-title"] input').fill('爱心诊所义诊·量血压');
  await current(page).locator('[data-testid="shift-location"] input').fill('石楠社区党群服务中心一楼');
  await current(page).locator('[data-testid="shift-capacity"] input').fill('1');
  await shot(page, 'staff-publish-form');
  await current(page).locator('[data-testid="save-shift"]').click();
  await waitHash(page, SHIFT);
  const shiftId = await page.evaluate(() => new URLSearchParams(location.hash.split('?')[1]).get('id'));
  expect(shiftId).toMatch(/^[0-9a-f-]{36}$/);
  await current(page).locator('[data-testid="shift-counts"]', { hasText: '已报名 0/1' }).waitFor();
  await shot(page, 'staff-published');

  // A resident wants the place: registering as a volunteer comes first (after consent).
  await loginAs(page, baseUrl, 'resident', 'rp-e2e-a');
  await openShift(page, shiftId!);
  await current(page).locator('[data-testid="signup"]').click();
  await waitHash(page, '/packages/account/pages/privacy/index');
  await agreeConsent(page);
  await waitHash(page, SHIFT);
  await current(page).locator('[data-testid="signup"]').click();
  await waitHash(page, '/packages/redpost/pages/register/index');
  await current(page).locator('[data-testid="real-name"] input').fill('王秀英');
  // 我是中共党员 starts off; turning it on asks for the work unit.
  expect(await current(page).locator('[data-testid="work-unit"]').count()).toBe(0);
  await current(page).locator('.nut-switch').first().click();
  await current(page).locator('[data-testid="work-unit"] input').fill('石楠小学');
  await current(page).locator('.rp-skill', { hasText: '助老服务' }).click();
  await shot(page, 'register');
  await current(page).locator('[data-testid="save-profile"]').click();
  // 在职党员报到 goes to the community first: the page says it waits there.
  await current(page).locator('[data-testid="volunteer-pending"]', { hasText: '待社区确认' }).waitFor();
  await shot(page, 'register-pending');

  // Staff confirm the report on the volunteers page (通过).
  await loginAs(page, baseUrl, 'staff', 'rp-e2e-staff');
  await open(page, baseUrl, '/packages/redpost/pages/staff-volunteers/index');
  const report = current(page).locator('[data-testid="pending-volunteer"]', { hasText: '王秀英' });
  await report.waitFor();
  await shot(page, 'staff-pending-volunteers');
  await report.locator('[data-testid="approve-volunteer"]').click();
  await report.waitFor({ state: 'detached' });

  await loginAs(page, baseUrl, 'resident', 'rp-e2e-a');
  await openShift(page, shiftId!);
  await current(page).locator('[data-testid="signup"]').click();
  await banner(page).filter({ hasText: '报名成功' }).waitFor();
  await current(page).locator('[data-testid="shift-counts"]', { hasText: '已满员 1/1' }).waitFor();
  await shot(page, 'a-confirmed');

  // A second volunteer finds it full and joins the waitlist.
  await loginAs(page, baseUrl, 'volunteer', 'rp-e2e-b');
  await openShift(page, shiftId!);
  await current(page).locator('[data-testid="signup"]', { hasText: '候补' }).click();
  await banner(page).filter({ hasText: '候补名单第 1 位' }).waitFor();
  await shot(page, 'b-waitlisted');

  // The first cancels; the second moves up at once.
  await loginAs(page, baseUrl, 'resident', 'rp-e2e-a');
  await openShift(page, shiftId!);
  await current(page).locator('[data-testid="cancel-signup"]').click();
  await confirmModal(page, '确定取消');
  await banner(page).filter({ hasText: '已取消报名' }).waitFor();
  await loginAs(page, baseUrl, 'volunteer', 'rp-e2e-b');
  await openShift(page, shiftId!);
  await banner(page).filter({ hasText: '报名成功' }).waitFor();
  await open(page, baseUrl, '/packages/redpost/pages/index/index');
  await current(page).locator('[data-testid="shift-card"] [data-testid="my-status"]', { hasText: '已报名' }).waitFor();
  await shot(page, 'b-promoted-my-shifts');

  // A shift starting in ten minutes (check-in opens 30 minutes before): set up through the API,
  // since the form's pickers choose whole days ahead; volunteer B signs up in the app.
  await loginAs(page, baseUrl, 'staff', 'rp-e2e-staff');
  const staffToken = (await storedSession(page))!.token;
  const soonId = await page.evaluate(async (token) => {
    const start = new Date(Date.now() + 10 * 60_000);
    const res = await fetch('/api/redpost/shifts', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({
        postType: 'red_sunset',
        title: '红夕阳助餐·独居老人送午饭',
        location: '石楠社区老年助餐点',
        startsAt: start.toISOString(),
        endsAt: new Date(start.getTime() + 2 * 3600_000).toISOString(),
        capacity: 2,
      }),
    });
    return ((await res.json()) as { id: string }).id;
  }, staffToken);
  await loginAs(page, baseUrl, 'volunteer', 'rp-e2e-b');
  await openShift(page, soonId);
  await current(page).locator('[data-testid="signup"]').click();
  await banner(page).filter({ hasText: '报名成功' }).waitFor();

  // Staff show the rotating code at the post.
  await loginAs(page, baseUrl, 'staff', 'rp-e2e-staff');
  await open(page, baseUrl, `/packages/redpost/pages/staff-code/index?id=${soonId}`);
  const digitsEl = current(page).locator('[data-testid="code-digits"]');
  await digitsEl.waitFor();
  await page.waitForFunction(() => {
    const img = document.querySelector('[data-testid="code-qr"] img') as HTMLImageElement | null;
    return !!img && img.complete && img.naturalWidth > 0;
  });
  let code = (await digitsEl.innerText()).trim();
  expect(code).toMatch(/^\d{6}$/);
  await shot(page, 'staff-code');

  // The volunteer checks in by typing the digits (H5 has no camera scanner).
  await loginAs(page, baseUrl, 'volunteer', 'rp-e2e-b');
  await openShift(page, soonId);
  await current(page).locator('[data-testid="go-checkin"]').click();
  await waitHash(page, '/packages/redpost/pages/scan/index');
  await current(page).locator('[data-testid="code-input"] input').fill('000000');
  await current(page).locator('[data-testid="code-submit"]').click();
  await current(page).locator('[data-testid="scan-error"]', { hasText: '签到码' }).waitFor();
  await current(page).locator('[data-testid="code-input"] input').fill(code);
  await shot(page, 'scan-checkin');
  await current(page).locator('[data-testid="code-submit"]').click();
  await current(page).locator('[data-testid="scan-done"]', { hasText: '已签到' }).waitFor();
  await shot(page, 'checked-in');

  // Check-out with the code on the staff phone now.
  await loginAs(page, baseUrl, 'staff', 'rp-e2e-staff');
  await open(page, baseUrl, `/packages/redpost/pages/staff-code/index?id=${soonId}`);
  await digitsEl.waitFor();
  code = (await current(page).locator('[data-testid="code-digits"]').innerText()).trim();
  await loginAs(page, baseUrl, 'volunteer', 'rp-e2e-b');
  await open(page, baseUrl, `/packages/redpost/pages/scan/index?id=${soonId}`);
  await current(page).locator('[data-testid="code-submit"]', { hasText: '签退' }).waitFor();
  await current(page).locator('[data-testid="code-input"] input').fill(code);
  await current(page).locator('[data-testid="code-submit"]').click();
  await current(page).locator('[data-testid="scan-done"]', { hasText: '已签退' }).waitFor();
  await shot(page, 'checked-out');

  // The test spent seconds, not an hour, on post: staff record the real service on the roster.
  await loginAs(page, baseUrl, 'staff', 'rp-e2e-staff');
  await open(page, baseUrl, `/packages/redpost/pages/staff-roster/index?id=${soonId}`);
  const row = current(page).locator('[data-testid="roster-row"]').first();
  await row.locator('[data-testid="attendance"]', { hasText: '已到岗' }).waitFor();
  await row.locator('[data-testid="open-correction"]').click();
  await row.locator('[data-testid="fix-minutes"] input').fill('90');
  await shot(page, 'roster-correction');
  await row.locator('[data-testid="fix-save"]').click();
  await row.locator('text=1 小时 30 分钟').waitFor();
  await shot(page, 'roster-corrected');

  // The yearly record shows the hours.
  await loginAs(page, baseUrl, 'volunteer', 'rp-e2e-b');
  await open(page, baseUrl, '/packages/redpost/pages/record/index');
  await current(page).locator('[data-testid="record-hours"]', { hasText: '1.5' }).waitFor();
  await current(page).locator('[data-testid="record-row"]', { hasText: '红夕阳助餐' }).waitFor();
  await shot(page, 'yearly-record');
  await open(page, baseUrl, '/packages/redpost/pages/index/index');
  await current(page).locator('[data-testid="hours-year"]', { hasText: '1.5' }).waitFor();
  await shot(page, 'my-redpost');
});

test('the red-post tab, the shift list and the staff volunteer list read well with demo data', async () => {
  const { page, baseUrl } = app;
  await loginAs(page, baseUrl, 'volunteer');
  await open(page, baseUrl, TAB);
  await current(page).locator('.redpost__post-count').first().waitFor();
  await shot(page, 'tab');
  await open(page, baseUrl, '/packages/redpost/pages/shifts/index?postType=red_cross');
  await current(page).locator('[data-testid="shift-card"]').first().waitFor();
  await shot(page, 'shift-list');
  await open(page, baseUrl, '/packages/redpost/pages/record/index');
  await current(page).locator('[data-testid="record-row"]').first().waitFor();
  await shot(page, 'demo-record');
  await loginAs(page, baseUrl, 'staff');
  await open(page, baseUrl, '/packages/redpost/pages/staff-volunteers/index');
  await current(page).locator('[data-testid="volunteer-row"]').first().waitFor();
  await shot(page, 'staff-volunteers');
});
