import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { ensureH5Build } from '../../scripts/h5-build';
import { freePort, startServer, stopProcess } from '../support/server-process';

export const SCREENSHOT_DIR = path.join(__dirname, 'screenshots');

export type Persona = 'resident' | 'volunteer' | 'staff' | 'admin';

export interface App {
  baseUrl: string;
  context: BrowserContext;
  page: Page;
  dataDir: string;
  /** Server output so far, for failure messages. */
  serverLog: () => string;
  /** Page errors, console errors and failed requests so far. */
  browserLog: () => string;
  close: () => Promise<void>;
}

/** Flags that work for Debian's chromium in a container (see STACK-NOTES). */
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * Builds H5 if stale, starts `scripts/serve.ts` on a free port with a fresh DATA_DIR, and
 * opens Chromium with a phone viewport. Call once per test file (beforeAll) and `close()`
 * in afterAll: everything it started is stopped and its temporary folders removed.
 */
export async function startApp(): Promise<App> {
  await ensureH5Build();
  const port = await freePort();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sn-e2e-data-'));
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sn-e2e-chrome-'));
  const server = await startServer(port, dataDir);
  let context: BrowserContext;
  try {
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
      headless: true,
      args: CHROMIUM_ARGS,
      viewport: { width: 390, height: 844 },
      deviceScaleFactor: 2,
      isMobile: true,
      hasTouch: true,
      locale: 'zh-CN',
      timezoneId: 'Asia/Shanghai',
    });
  } catch (err) {
    await stopProcess(server.child);
    throw err;
  }
  const page = context.pages()[0] ?? (await context.newPage());
  page.setDefaultTimeout(15_000);
  let browserLog = '';
  page.on('pageerror', (err) => {
    browserLog += `[pageerror] ${err.message}\n`;
  });
  page.on('console', (msg) => {
    if (msg.type() === 'error') browserLog += `[console.error] ${msg.text()}\n`;
  });
  page.on('requestfailed', (req) => {
    browserLog += `[requestfailed] ${req.method()} ${req.url()} ${req.failure()?.errorText ?? ''}\n`;
  });
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    context,
    page,
    dataDir,
    serverLog: server.log,
    browserLog: () => browserLog,
    async close() {
      await context.close().catch(() => undefined);
      await stopProcess(server.child);
      fs.rmSync(userDataDir, { recursive: true, force: true });
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

let shotCounter = 0;
const runPrefix = () => (expect.getState().testPath ? path.basename(expect.getState().testPath!).replace(/\.e2e\.ts$/, '') : 'e2e');

/** Saves a full-page screenshot as tests/e2e/screenshots/<file>-<nn>-<name>.png (git-ignored). */
export async function shot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  if (shotCounter === 0) {
    // Numbering restarts each run: drop this file's old shots so none is left from a previous run.
    for (const old of fs.readdirSync(SCREENSHOT_DIR)) {
      if (old.startsWith(`${runPrefix()}-`) && old.endsWith('.png')) fs.rmSync(path.join(SCREENSHOT_DIR, old));
    }
  }
  shotCounter += 1;
  const file = path.join(SCREENSHOT_DIR, `${runPrefix()}-${String(shotCounter).padStart(2, '0')}-${name}.png`);
  // Let NutUI transitions and web fonts settle so screenshots are what a person sees.
  await page.waitForTimeout(300);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/**
 * Opens a page of the H5 app by its route ('/pages/mine/index', with ?query).
 * Goes through about:blank first: changing only the hash does not reload a Taro page.
 */
export async function open(page: Page, baseUrl: string, route: string): Promise<void> {
  await page.goto('about:blank');
  await page.goto(`${baseUrl}/#${route}`);
  await page.locator('.sn-root').first().waitFor({ state: 'visible' });
}

/** The page on screen: Taro H5 keeps earlier pages of the stack in the DOM, hidden. */
export function current(page: Page) {
  return page.locator('.taro_page:visible, .taro_page_shown').last();
}

/** Logs in through the demo log-in page as a persona; `handle` makes a distinct user. */
export async function loginAs(page: Page, baseUrl: string, persona: Persona, handle?: string): Promise<void> {
  await open(page, baseUrl, '/packages/account/pages/login/index');
  if (handle) {
    await page.locator('[data-testid="handle-input"] input').fill(handle);
  }
  await page.locator(`[data-testid="persona-${persona}"]`).click();
  await page.waitForFunction(() => location.hash.startsWith('#/pages/index/index'), undefined, { timeout: 15_000 });
  await page.locator('[data-testid="tile-handbook"]').waitFor({ state: 'visible' });
}

/** The stored session, as the app keeps it (Taro wraps storage values as {data}). */
export async function storedSession(page: Page): Promise<{ token: string; user: { role: string; privacyConsentAt: string | null } } | null> {
  return page.evaluate(() => {
    const raw = localStorage.getItem('sn:session');
    if (!raw) return null;
    const parsed = JSON.parse(raw) as { data?: unknown };
    return (parsed && typeof parsed === 'object' && 'data' in parsed ? parsed.data : parsed) as never;
  });
}

/**
 * One app per test file: starts it before the file's tests (a cold H5 build on a busy two-core
 * machine can take minutes), prints the browser log after each test, stops it after the file.
 * The returned object is filled in by `beforeAll`: read its fields inside tests.
 */
export function useApp(): App {
  const app = {} as App;
  beforeAll(async () => {
    Object.assign(app, await startApp());
  }, 900_000);
  afterEach(() => {
    const log = app.browserLog?.();
    if (log) console.log(`browser log so far:\n${log}`);
  });
  afterAll(async () => {
    await app.close?.();
  });
  return app;
}

/** The input or textarea of a form field by its data-testid (NutUI wraps them; Taro H5 too). */
export function field(page: Page, testId: string) {
  return current(page)
    .locator(`[data-testid="${testId}"] input, [data-testid="${testId}"] textarea, input[data-testid="${testId}"], textarea[data-testid="${testId}"]`)
    .first();
}

/** Taps the button labelled `text` in the open Taro modal (showModal). */
export async function confirmModal(page: Page, text: string): Promise<void> {
  const foot = page.locator('.taro-modal__foot', { hasText: text });
  await foot.waitFor();
  await foot.locator(`text=${text}`).click();
}

/** Waits until the hash route contains `fragment`. */
export function waitHash(page: Page, fragment: string) {
  return page.waitForFunction((f) => location.hash.includes(f), fragment, { timeout: 15_000 });
}

/** The logged-in user's bearer token, as the app stored it. */
export async function sessionToken(page: Page): Promise<string> {
  const s = await storedSession(page);
  if (!s) throw new Error('not logged in');
  return s.token;
}

/** Calls the API from the test process (not the page), as the user of `token` if given. */
export async function apiCall(baseUrl: string, method: string, path: string, token?: string | null, body?: unknown): Promise<{ status: number; body: any }> {
  const res = await fetch(`${baseUrl}${path}`, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(method === 'POST' ? { 'idempotency-key': `e2e-${Math.random()}` } : {}),
    },
    body: body !== undefined ? JSON.stringify(body) : undefined,
  });
  return { status: res.status, body: (await res.json().catch(() => null)) as any };
}

/** On the privacy notice a page sent us to: agree, and wait to be back. */
export async function agreeConsent(page: Page): Promise<void> {
  const agree = current(page).locator('[data-testid="consent-agree"]');
  await agree.waitFor();
  await agree.click();
}
