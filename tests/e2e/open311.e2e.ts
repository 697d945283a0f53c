import { current, field, loginAs, open, shot, storedSession, useApp, waitHash } from './harness';

/** Issue 19: the admin issues an Open311 key in the app, a third-party client posts with it, staff see its source. */

const app = useApp();

const R = {
  desk: '/packages/staff/pages/index/index',
  keys: '/packages/staff/pages/open311-keys/index',
  inbox: '/packages/feedback/pages/staff-inbox/index',
};

test('the admin issues a key shown once, a client posts with it, and the staff inbox names the client as the source', async () => {
  const { page, baseUrl } = app;
  await loginAs(page, baseUrl, 'admin');
  await open(page, baseUrl, R.desk);
  await current(page).locator('[data-testid="staff-open311"]').click();
  await waitHash(page, R.keys);
  await current(page).locator('[data-testid="open311-discovery"]').waitFor();
  expect(await current(page).locator('[data-testid="open311-discovery"]').innerText()).toBe(`${baseUrl}/api/open311/v2/discovery.json`);

  await field(page, 'open311-name').fill('市民通 App');
  await current(page).locator('[data-testid="open311-issue"]').click();
  const keyText = current(page).locator('[data-testid="open311-key"]');
  await keyText.waitFor();
  const key = (await keyText.innerText()).trim();
  expect(key).toMatch(/^o311_[\w-]{40,}$/);
  await current(page).locator('[data-testid="open311-key-item"]', { hasText: '市民通 App' }).waitFor();
  await shot(page, 'open311-key-issued');

  // A third-party client posts, form-encoded as the spec sends it.
  const res = await fetch(`${baseUrl}/api/open311/v2/requests.json`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ api_key: key, service_code: 'greening', address_string: '石楠路 8 号东门', description: '东门大树枝干断裂，悬在人行道上方。' }).toString(),
  });
  expect(res.status).toBe(200);
  const [{ service_request_id: code }] = (await res.json()) as { service_request_id: string }[];

  // Once saved, the key is gone from the page for good; the list shows only its first characters.
  await current(page).locator('[data-testid="open311-saved"]').click();
  await keyText.waitFor({ state: 'detached' });
  expect(await current(page).innerText()).not.toContain(key);

  await loginAs(page, baseUrl, 'staff');
  await open(page, baseUrl, R.inbox);
  const card = current(page).locator(`[data-testid="notice"][data-code="${code}"]`);
  await card.waitFor();
  expect(await card.locator('[data-testid="notice-source"]').innerText()).toContain('市民通 App');
  await shot(page, 'open311-inbox-source');
  expect(await storedSession(page)).not.toBeNull();
});
