import { current, field, loginAs, open, shot, storedSession, useApp } from './harness';

const app = useApp();

const R = {
  grids: '/packages/staff/pages/grids/index',
  create: '/packages/feedback/pages/new/index',
  wall: '/packages/feedback/pages/index/index',
  inbox: '/packages/feedback/pages/staff-inbox/index',
};

test('staff assign a grid its 网格员; a resident reports by tapping the building; it is routed to that worker and listed by grid', async () => {
  const { page, baseUrl } = app;

  // Street staff give 石楠二网格 (5–8号楼 in the demo data) a new 网格员: themselves.
  await loginAs(page, baseUrl, 'staff', 'pl-e2e-staff');
  const me = (await storedSession(page)) as unknown as { user: { id: string; displayName: string } };
  await open(page, baseUrl, R.grids);
  await current(page).locator('[data-testid="admin-grid"]').first().waitFor();
  await shot(page, 'staff-grids');
  await current(page).locator('[data-testid="grid-edit-石楠二网格"]').click();
  await current(page).locator(`[data-testid="grid-worker-${me.user.id}"]`).click();
  await field(page, 'grid-worker-phone').fill('0931-87654399');
  await shot(page, 'staff-grid-edit');
  await current(page).locator('[data-testid="grid-save"]').click();
  const edited = current(page).locator('[data-testid="admin-grid"]', { hasText: '石楠二网格' });
  await edited.filter({ hasText: `网格员 ${me.user.displayName} · 0931-87654399` }).waitFor();
  await shot(page, 'staff-grid-saved');

  // A resident of 石楠社区 reports a problem and says where by tapping 6号楼.
  await loginAs(page, baseUrl, 'resident', 'pl-e2e-resident');
  await open(page, baseUrl, R.create);
  await current(page).locator('[data-testid="category-environment"]').click();
  await field(page, 'title-input').fill('6号楼楼道堆满纸箱');
  await field(page, 'body-input').fill('6号楼3单元楼道里堆了很多纸箱和旧家具，晚上黑，老人下楼容易绊倒。');
  await current(page).locator('[data-testid="place-picker"]').getByText(`网格员 ${me.user.displayName}`).waitFor();
  await current(page).locator('[data-testid="place-building-6号楼"]').click();
  await field(page, 'location-input').fill('3单元楼道');
  await shot(page, 'report-building-pick');
  await current(page).locator('[data-testid="submit-feedback"]').click();
  await current(page).locator('[data-testid="created-banner"]').waitFor();
  const code = (await current(page).locator('[data-testid="item-code"]').innerText()).trim();
  await current(page).getByText('石楠二网格 · 6号楼', { exact: false }).first().waitFor();
  await shot(page, 'reported-with-place');

  // The wall, narrowed to 石楠社区, lists items by grid; 石楠二网格 has this one.
  await open(page, baseUrl, R.wall);
  await current(page).locator('[data-testid="wall-community-石楠社区"]').click();
  await current(page).locator('[data-testid="wall-grid-group"]', { hasText: '石楠二网格' }).getByText('6号楼楼道堆满纸箱').waitFor();
  await shot(page, 'wall-by-grid');
  await current(page).locator('[data-testid="wall-grid-石楠二网格"]').click();
  await current(page).getByText('6号楼楼道堆满纸箱').first().waitFor();

  // The worker finds it under 交给我的.
  await loginAs(page, baseUrl, 'staff', 'pl-e2e-staff');
  await open(page, baseUrl, R.inbox);
  await current(page).locator('[data-testid="filter-routed"]').click();
  await current(page).locator(`[data-code="${code}"]`).waitFor();
  await shot(page, 'worker-inbox');
});
