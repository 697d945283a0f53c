/**
 * One voice (issue 17, docs/copy-guide.md): no page shows a person a raw field name or code
 * (`post_type`, `official_link`), a uuid or an ISO timestamp, and no message doubles its full
 * stop. Every page of app.config.ts is visited as the persona it is for; the visible text of
 * the page and the tab bar, input values and placeholders are scanned.
 */
import type { Page } from 'playwright-core';
import { apiCall, shot, useApp } from './harness';
import { loadFixtures, PAGES, visit, type Fixtures } from './page-walk';

const app = useApp();
let fx: Fixtures;

/** Staff actions first, so the audit log, the messages and the threads have lines of each kind to read. */
async function staffActs(baseUrl: string, f: Fixtures): Promise<void> {
  const call = async (method: string, p: string, token: string, body: unknown) => {
    const res = await apiCall(baseUrl, method, p, token, body);
    expect(res.status).toBeLessThan(300);
  };
  const day = (days: number, hm: string) => `${new Date(Date.now() + days * 86_400_000 + 8 * 3_600_000).toISOString().slice(0, 10)}T${hm}:00+08:00`;
  await call('POST', '/api/redpost/shifts', f.sessions.staff.token, { postType: 'red_armband', title: '文明劝导', location: '石楠路口', startsAt: day(2, '08:00'), endsAt: day(2, '10:00'), capacity: 2 });
  // A reason that ends its own sentence must not become "。。" in the resident's message.
  await call('POST', `/api/feedback/${f.ids.inboxItem}/replies`, f.sessions.staff.token, { body: '已联系物业，明天上午维修。' });
}

beforeAll(async () => {
  fx = await loadFixtures(app.baseUrl);
  await staffActs(app.baseUrl, fx);
}, 120_000);

const RULES: { name: string; re: RegExp }[] = [
  { name: 'field name or code', re: /\b[a-z]+_[a-z]+\b/g },
  { name: 'uuid', re: /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi },
  { name: 'ISO timestamp', re: /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/g },
  { name: 'ISO date', re: /\b\d{4}-\d{2}-\d{2}\b/g },
  { name: 'doubled full stop', re: /。。/g },
];

/** The text a person sees on the current page: visible text, input values, placeholders. */
async function visibleText(page: Page): Promise<string> {
  return page.evaluate(() => {
    const pages = [...document.querySelectorAll('.taro_page')].filter((p) => getComputedStyle(p).display !== 'none');
    const scope = [pages[pages.length - 1], document.querySelector('.weui-tabbar')].filter(Boolean) as HTMLElement[];
    const parts: string[] = [];
    for (const root of scope) {
      parts.push(root.innerText);
      for (const input of root.querySelectorAll('input, textarea')) {
        const el = input as HTMLInputElement;
        if (el.type === 'hidden') continue;
        parts.push(el.value, el.placeholder);
      }
    }
    return parts.join('\n');
  });
}

function scan(text: string): string[] {
  const found: string[] = [];
  for (const rule of RULES) {
    for (const m of text.matchAll(rule.re)) {
      const at = m.index ?? 0;
      found.push(`${rule.name}: "${m[0]}" in "…${text.slice(Math.max(0, at - 20), at + m[0].length + 20).replace(/\s+/g, ' ')}…"`);
    }
  }
  return found;
}

test('no page shows a raw field name, code, uuid, ISO date or "。。"', async () => {
  const { page, baseUrl } = app;
  const report: string[] = [];
  for (const c of PAGES) {
    await visit(page, baseUrl, fx, c);
    for (const f of scan(await visibleText(page))) report.push(`${c.route} (${c.who}) ${f}`);
  }
  if (report.length) console.log(report.join('\n'));
  expect(report).toEqual([]);
});

test('a refused form speaks the guide: 请填写X under each field, no field names or codes', async () => {
  const { page, baseUrl } = app;
  // The feedback form sent empty: each message names what to fill in, in words.
  await visit(page, baseUrl, fx, { route: '/packages/feedback/pages/new/index', who: 'resident' });
  await page.locator('.taro_page_shown [data-testid="submit-feedback"], [data-testid="submit-feedback"]:visible').first().click();
  await page.getByText('请填写标题').first().waitFor();
  const text = await visibleText(page);
  expect(text).toContain('请填写问题描述');
  expect(text).toContain('请选择一个问题类别');
  expect(text).not.toMatch(/不能为空|请求内容有误/);
  expect(scan(text)).toEqual([]);
  await shot(page, 'refused-feedback-form');
});
