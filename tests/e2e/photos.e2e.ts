import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import sharp from 'sharp';
import { current, loginAs, open, shot, useApp, field } from './harness';

/**
 * Photos end to end in the H5 app: a resident reports with two photos (one a phone JPEG with
 * GPS), the wall shows them and a neighbour says 我也遇到, staff resolve with an after photo,
 * and 回音壁 shows before and after. The photo the browser is served carries no EXIF.
 */
const app = useApp();
let dir: string;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sn-e2e-photos-'));
});
afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

const R = {
  wall: '/packages/feedback/pages/index/index',
  echo: '/packages/feedback/pages/echo/index',
  create: '/packages/feedback/pages/new/index',
  handle: '/packages/feedback/pages/staff-handle/index',
  detail: '/packages/feedback/pages/detail/index',
};

async function photoFile(name: string, color: string, gps = false) {
  let img = sharp({ create: { width: 800, height: 600, channels: 3, background: color } }).jpeg();
  if (gps) img = img.withExif({ IFD0: { Copyright: 'E2E-OWNER' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '36/1 4/1 0/1', GPSLongitudeRef: 'E', GPSLongitude: '120/1 22/1 0/1' } });
  const file = path.join(dir, name);
  fs.writeFileSync(file, await img.toBuffer());
  return file;
}

/** Taps 拍照/相册 and answers the browser's file chooser. */
async function addPhotos(page: Page, files: string[]) {
  const chooser = page.waitForEvent('filechooser');
  await current(page).locator('[data-testid="photo-add"]').click();
  await (await chooser).setFiles(files);
}

test('report with photos → wall (我也遇到) → resolve with an after photo → 回音壁 before/after', async () => {
  const { page, baseUrl } = app;
  const gpsPhoto = await photoFile('IMG_0001.jpg', '#7a5c3e', true);

  await loginAs(page, baseUrl, 'resident', 'photo-e2e-reporter');
  await open(page, baseUrl, R.create);
  await current(page).locator('[data-testid="category-facilities"]').click();
  await field(page, 'title-input').fill('小区东门路灯杆倾斜');
  await field(page, 'body-input').fill('东门进来第二根路灯杆明显歪了，底座有裂缝，刮风时晃得厉害，担心砸到行人。');
  await field(page, 'location-input').fill('石楠社区东门');
  await addPhotos(page, [gpsPhoto, await photoFile('IMG_0002.jpg', '#3e5c7a')]);
  await current(page).locator('[data-testid="photo-slot-done"]').nth(1).waitFor();
  await shot(page, 'report-with-photos');
  await current(page).locator('[data-testid="submit-feedback"]').click();
  await current(page).locator('[data-testid="created-banner"]').waitFor();
  const id = new URLSearchParams(page.url().split('?')[1]).get('id')!;
  await current(page).locator('[data-testid="item-photos"] [data-testid="photo-thumb"]').nth(1).waitFor();
  await page.waitForFunction(() => [...document.querySelectorAll('[data-testid="item-photos"] img')].every((i) => (i as HTMLImageElement).complete && (i as HTMLImageElement).naturalWidth > 0));
  await shot(page, 'detail-with-photos');

  // The photo as the browser gets it: re-encoded, no EXIF (no GPS).
  const src = await current(page).locator('[data-testid="item-photos"] [data-testid="photo-thumb"] img').first().getAttribute('src');
  const full = src!.replace('-thumb.jpg', '.jpg');
  const served = Buffer.from(await (await fetch(new URL(full, baseUrl))).arrayBuffer());
  const meta = await sharp(served).metadata();
  expect(meta.format).toBe('jpeg');
  expect(meta.exif).toBeUndefined();
  expect(served.includes('E2E-OWNER')).toBe(false);

  // Tap to see it full screen.
  await current(page).locator('[data-testid="item-photos"] [data-testid="photo-thumb"]').first().click();
  await page.waitForTimeout(600);
  await shot(page, 'photo-preview');

  // A neighbour finds it on the wall with its photos and says 我也遇到.
  await loginAs(page, baseUrl, 'resident', 'photo-e2e-neighbour');
  await open(page, baseUrl, R.wall);
  const card = current(page).locator(`[data-testid="notice"]:has-text("小区东门路灯杆倾斜")`).first();
  await card.locator('[data-testid="notice-photos"] [data-testid="photo-thumb"]').nth(1).waitFor();
  await card.locator('[data-testid="support-button"]').click();
  await page.waitForFunction(() => [...document.querySelectorAll('[data-testid="support-button"]')].some((b) => (b as HTMLElement).innerText.includes('✓ 我也遇到 · 1')));
  await card.scrollIntoViewIfNeeded();
  await shot(page, 'wall-photos-and-me-too');

  // Staff take it up and resolve it with a photo of the repaired lamp.
  await loginAs(page, baseUrl, 'staff', 'photo-e2e-staff');
  await open(page, baseUrl, `${R.handle}?id=${id}`);
  await current(page).locator('[data-testid="panel-assign"]').click();
  await field(page, 'party-input').fill('石楠街道城建办');
  await field(page, 'measures-input').fill('联系路灯所扶正灯杆并加固底座');
  await current(page).locator('[data-testid="deadline-3"]').click();
  await current(page).locator('[data-testid="action-submit"]').click();
  await page.waitForFunction(() => document.body.innerText.includes('整改中'));
  await current(page).locator('[data-testid="panel-resolve"]').click();
  await field(page, 'action-text').fill('路灯所已扶正灯杆，底座重新浇筑加固。');
  await addPhotos(page, [await photoFile('after.jpg', '#4caf50')]);
  await current(page).locator('[data-testid="photo-slot-done"]').first().waitFor();
  await shot(page, 'staff-resolve-with-photo');
  await current(page).locator('[data-testid="action-submit"]').click();
  await page.locator('.taro-modal__foot', { hasText: '确认办结' }).locator('text=确认办结').click();
  await current(page).locator('[data-testid="result-photos"] [data-testid="photo-thumb"]').first().waitFor();

  // 回音壁: before and after, for everyone.
  await open(page, baseUrl, R.echo);
  const echoCard = current(page).locator(`[data-testid="notice"]:has-text("小区东门路灯杆倾斜")`).first();
  await echoCard.locator('[data-testid="before-after"]').waitFor();
  await echoCard.locator('[data-testid="notice-after"] [data-testid="photo-thumb"]').first().waitFor();
  await echoCard.scrollIntoViewIfNeeded();
  // Thumbnails load lazily: wait for this card's, now on screen.
  const loaded = () => echoCard.locator('[data-testid="before-after"] img').evaluateAll((imgs) => imgs.length > 0 && imgs.every((i) => (i as HTMLImageElement).complete && (i as HTMLImageElement).naturalWidth > 0));
  for (let i = 0; i < 50 && !(await loaded()); i++) await page.waitForTimeout(200);
  expect(await loaded()).toBe(true);
  await shot(page, 'echo-before-after');
});
