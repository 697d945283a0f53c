/**
 * Every page of the app (app.config.ts) as the persona it is for, for the browser tests that
 * walk them all (copy.e2e.ts, elder-mode.e2e.ts). Not a test file itself (no .e2e.ts).
 * Sessions come from the demo log-in over the API with the privacy notice agreed, and are put
 * into the page's storage as the app keeps them, so a walk does not click through log-in.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { PRIVACY_POLICY_VERSION } from '../../shared/roles';

export type Who = 'anonymous' | 'resident' | 'volunteer' | 'staff' | 'admin';
type Persona = Exclude<Who, 'anonymous'>;

export interface Fixtures {
  sessions: Record<Persona, { token: string; user: unknown }>;
  ids: Record<string, string>;
}

export interface PageCase {
  route: string;
  who: Who;
  query?: (fx: Fixtures) => Record<string, string>;
}

async function api<T = any>(baseUrl: string, method: string, p: string, token?: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET') headers['idempotency-key'] = `walk-${Date.now()}-${Math.random().toString(36).slice(2)}`;
  const res = await fetch(`${baseUrl}${p}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${p} → ${res.status}: ${text}`);
  return (text ? JSON.parse(text) : null) as T;
}

const first = (list: any, what: string): any => {
  const items = Array.isArray(list) ? list : list?.items;
  if (!items?.length) throw new Error(`the demo data has no ${what}`);
  return items[0];
};

export async function loadFixtures(baseUrl: string): Promise<Fixtures> {
  const sessions = {} as Fixtures['sessions'];
  for (const persona of ['resident', 'volunteer', 'staff', 'admin'] as Persona[]) {
    const { token } = await api<{ token: string }>(baseUrl, 'POST', '/api/auth/demo-login', undefined, { persona });
    await api(baseUrl, 'POST', '/api/me/privacy-consent', token, { version: PRIVACY_POLICY_VERSION });
    sessions[persona] = { token, user: await api(baseUrl, 'GET', '/api/me', token) };
  }
  const get = (p: string, who: Persona) => api(baseUrl, 'GET', p, sessions[who].token);
  const shifts = await get('/api/redpost/shifts?limit=50', 'staff');
  const shift = shifts.items.find((s: any) => s.confirmedCount > 0) ?? first(shifts, 'shift');
  const ids: Record<string, string> = {
    handbook: first(await get('/api/handbook?limit=1', 'resident'), 'handbook entry').id,
    link: first(await get('/api/links?limit=1', 'resident'), 'link').id,
    menuItem: first(await get('/api/requests/menu', 'resident'), 'requestable service').id,
    order: first(await get('/api/requests?scope=mine&limit=1', 'resident'), 'order').id,
    myFeedback: first(await get('/api/feedback/mine?limit=1', 'resident'), 'own feedback').id,
    inboxItem: first(await get('/api/feedback/inbox?limit=1', 'staff'), 'inbox item').id,
    shift: shift.id,
  };
  const link = first(await get('/api/links?limit=1', 'resident'), 'link');
  ids.linkUrl = link.url ?? '';
  // An audited export gives the audit log a line.
  await get('/api/me/export', 'resident');
  return { sessions, ids };
}

/** Every page of app.config.ts, as whom it is seen. */
export const PAGES: PageCase[] = [
  { route: '/pages/index/index', who: 'resident' },
  { route: '/pages/handbook/index', who: 'resident' },
  { route: '/pages/redpost/index', who: 'volunteer' },
  { route: '/pages/mine/index', who: 'resident' },
  { route: '/packages/account/pages/login/index', who: 'anonymous' },
  { route: '/packages/account/pages/privacy/index', who: 'resident' },
  { route: '/packages/account/pages/messages/index', who: 'resident' },
  { route: '/packages/account/pages/data/index', who: 'resident' },
  { route: '/packages/card/pages/index/index', who: 'resident' },
  { route: '/packages/card/pages/edit/index', who: 'resident' },
  { route: '/packages/card/pages/scans/index', who: 'resident' },
  { route: '/packages/handbook/pages/entry/index', who: 'resident', query: (fx) => ({ id: fx.ids.handbook }) },
  { route: '/packages/links/pages/index/index', who: 'resident' },
  // An official-account article in a web-view (no network here: only the page around it is measured).
  { route: '/packages/links/pages/article/index', who: 'resident', query: (fx) => ({ url: fx.ids.linkUrl }) },
  { route: '/packages/requests/pages/index/index', who: 'resident' },
  { route: '/packages/requests/pages/new/index', who: 'resident', query: (fx) => ({ serviceId: fx.ids.menuItem }) },
  { route: '/packages/requests/pages/detail/index', who: 'resident', query: (fx) => ({ id: fx.ids.order }) },
  { route: '/packages/requests/pages/dispatch/index', who: 'staff', query: (fx) => ({ id: fx.ids.order }) },
  { route: '/packages/feedback/pages/index/index', who: 'resident' },
  { route: '/packages/feedback/pages/echo/index', who: 'resident' },
  { route: '/packages/feedback/pages/figures/index', who: 'resident' },
  { route: '/packages/feedback/pages/new/index', who: 'resident' },
  { route: '/packages/feedback/pages/mine/index', who: 'resident' },
  { route: '/packages/feedback/pages/detail/index', who: 'resident', query: (fx) => ({ id: fx.ids.myFeedback }) },
  { route: '/packages/feedback/pages/staff-inbox/index', who: 'staff' },
  { route: '/packages/feedback/pages/staff-handle/index', who: 'staff', query: (fx) => ({ id: fx.ids.inboxItem }) },
  { route: '/packages/redpost/pages/index/index', who: 'volunteer' },
  { route: '/packages/redpost/pages/shifts/index', who: 'volunteer' },
  { route: '/packages/redpost/pages/shift/index', who: 'volunteer', query: (fx) => ({ id: fx.ids.shift }) },
  { route: '/packages/redpost/pages/scan/index', who: 'volunteer' },
  { route: '/packages/redpost/pages/register/index', who: 'resident' },
  { route: '/packages/redpost/pages/record/index', who: 'volunteer' },
  { route: '/packages/redpost/pages/staff-edit/index', who: 'staff' },
  { route: '/packages/redpost/pages/staff-roster/index', who: 'staff', query: (fx) => ({ id: fx.ids.shift }) },
  { route: '/packages/redpost/pages/staff-code/index', who: 'staff', query: (fx) => ({ id: fx.ids.shift }) },
  { route: '/packages/redpost/pages/staff-volunteers/index', who: 'staff' },
  { route: '/packages/staff/pages/index/index', who: 'staff' },
  { route: '/packages/staff/pages/card-scan/index', who: 'staff' },
  { route: '/packages/staff/pages/grids/index', who: 'staff' },
  { route: '/packages/staff/pages/handbook-admin/index', who: 'staff' },
  { route: '/packages/staff/pages/handbook-edit/index', who: 'staff', query: (fx) => ({ id: fx.ids.handbook }) },
  { route: '/packages/staff/pages/links-admin/index', who: 'staff' },
  { route: '/packages/staff/pages/audit/index', who: 'admin' },
  { route: '/packages/staff/pages/users/index', who: 'admin' },
  { route: '/packages/staff/pages/settings/index', who: 'admin' },
  { route: '/packages/staff/pages/open311-keys/index', who: 'admin' },
];

/** The pages listed in app.config.ts, read from its text (the file is Taro config, not importable here). */
export function appConfigPages(): string[] {
  const src = fs.readFileSync(path.join(__dirname, '..', '..', 'miniprogram', 'app.config.ts'), 'utf8');
  const main = /pages:\s*\[([^\]]*)\]/.exec(src)?.[1] ?? '';
  const out = [...main.matchAll(/'([^']+)'/g)].map((m) => `/${m[1]}`);
  for (const m of src.matchAll(/root:\s*'([^']+)',\s*pages:\s*\[([^\]]*)\]/g)) {
    for (const p of m[2].matchAll(/'([^']+)'/g)) out.push(`/${m[1]}/${p[1]}`);
  }
  return out;
}

/** Taro H5 storage wraps each value as {data}. */
const stored = (value: unknown) => JSON.stringify({ data: value });

/**
 * Opens a page as `who` (storage set before the app starts), optionally in 大字模式, and
 * waits until its content has loaded (no skeleton left).
 */
export async function visit(page: Page, baseUrl: string, fx: Fixtures, c: PageCase, opts: { elder?: boolean } = {}): Promise<void> {
  await page.goto('about:blank');
  // Any document of the origin, so its storage can be set before the app reads it.
  await page.goto(`${baseUrl}/api/no-such-page`).catch(() => undefined);
  const session = c.who === 'anonymous' ? null : fx.sessions[c.who];
  await page.evaluate(
    ({ session, elder }) => {
      localStorage.clear();
      if (session) localStorage.setItem('sn:session', session);
      if (elder) localStorage.setItem('sn:pref:elder', JSON.stringify({ data: true }));
    },
    { session: session ? stored(session) : null, elder: !!opts.elder },
  );
  const query = c.query?.(fx);
  const qs = query ? `?${new URLSearchParams(query).toString()}` : '';
  await page.goto('about:blank');
  await page.goto(`${baseUrl}/#${c.route}${qs}`);
  // Every page renders in PageRoot but the article page, which is only a web-view.
  await page.locator('.sn-root, taro-web-view-core').first().waitFor({ state: 'attached' });
  await page
    .waitForFunction(() => !document.querySelector('.taro_page_shown .sn-skeleton, .taro_page:not([style*="display: none"]) .sn-skeleton'), undefined, { timeout: 10_000 })
    .catch(() => undefined);
  await page.waitForTimeout(250);
}

export interface Finding {
  kind: 'text' | 'target' | 'placeholder';
  what: string;
  size: string;
}

/** Measures the page on screen (and the tab bar): text sizes, tap targets, placeholders. */
export async function measure(page: Page, minText: number, minTarget: number): Promise<Finding[]> {
  return page.evaluate(
    ({ minText, minTarget }) => {
      const out: { kind: 'text' | 'target' | 'placeholder'; what: string; size: string }[] = [];
      const roots = [...document.querySelectorAll('.taro_page')].filter((p) => (p as HTMLElement).offsetParent !== null || getComputedStyle(p).display !== 'none');
      const scope = [roots[roots.length - 1], document.querySelector('.weui-tabbar')].filter(Boolean) as Element[];
      const shown = (el: Element) => {
        const r = el.getBoundingClientRect();
        if (r.width < 1 || r.height < 1) return false;
        return (el as any).checkVisibility ? (el as any).checkVisibility({ opacityProperty: true, visibilityProperty: true }) : true;
      };
      const label = (el: Element) => {
        const cls = (el.getAttribute('class') || '').split(/\s+/).filter(Boolean).slice(0, 2).join('.');
        const text = ((el as HTMLElement).innerText || el.getAttribute('placeholder') || '').replace(/\s+/g, ' ').trim().slice(0, 24);
        return `${el.tagName.toLowerCase()}${cls ? `.${cls}` : ''} "${text}"`;
      };
      // A click handler given in React: on the element itself, or on a component whose root it
      // is (Taro's View/Text wrap a web component and attach the handler with addEventListener).
      const hasClick = (el: Element): boolean => {
        const clicks = (p: any) => !!(p && (p.onClick || p.onTap));
        const propsKey = Object.keys(el).find((k) => k.startsWith('__reactProps$'));
        if (propsKey && clicks((el as any)[propsKey])) return true;
        const fiberKey = Object.keys(el).find((k) => k.startsWith('__reactFiber$'));
        let f = fiberKey ? (el as any)[fiberKey]?.return : null;
        while (f && typeof f.type !== 'string') {
          if (clicks(f.memoizedProps)) return true;
          f = f.return;
        }
        return false;
      };
      const seen = new Set<Element>();
      for (const root of scope) {
        for (const el of [root, ...root.querySelectorAll('*')]) {
          if (!shown(el)) continue;
          const cs = getComputedStyle(el);
          // Text: an element with its own (non-blank) text.
          const ownText = [...el.childNodes].some((n) => n.nodeType === 3 && (n.textContent || '').trim().length > 0);
          if (ownText) {
            const size = parseFloat(cs.fontSize);
            if (size < minText - 0.05) out.push({ kind: 'text', what: label(el), size: `${size.toFixed(1)}px` });
          }
          // Inputs: their text and placeholder size, and the placeholder must fit.
          const choice = el instanceof HTMLInputElement && (el.type === 'checkbox' || el.type === 'radio');
          if ((el instanceof HTMLInputElement && !choice) || el instanceof HTMLTextAreaElement) {
            const size = parseFloat(cs.fontSize);
            if (size < minText - 0.05) out.push({ kind: 'text', what: label(el), size: `${size.toFixed(1)}px` });
            const ph = el.getAttribute('placeholder');
            if (ph && el instanceof HTMLInputElement) {
              const ctx = document.createElement('canvas').getContext('2d')!;
              ctx.font = `${cs.fontWeight} ${cs.fontSize} ${cs.fontFamily}`;
              const need = ctx.measureText(ph).width;
              const room = el.clientWidth - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight);
              if (need > room + 1) out.push({ kind: 'placeholder', what: label(el), size: `${need.toFixed(0)}px text in ${room.toFixed(0)}px` });
            }
          }
          // Tap targets. NutUI gives every icon, tag and cell divider a do-nothing click handler
          // by default: an icon is part of what it sits in, a tag and a divider are not tapped.
          if (el.closest('.nut-icon, svg') || el.classList.contains('nut-tag') || el.classList.contains('nut-cell-divider')) continue;
          const tappable =
            el.classList.contains('nut-rate-item') ||
            el instanceof HTMLButtonElement ||
            el instanceof HTMLInputElement ||
            el instanceof HTMLTextAreaElement ||
            el.tagName === 'TARO-BUTTON-CORE' ||
            el.tagName === 'TARO-SWITCH-CORE' ||
            el.classList.contains('weui-tabbar__item') ||
            hasClick(el);
          if (tappable && !seen.has(el)) {
            seen.add(el);
            // A control inside a bigger tappable parent counts as the parent (the tap lands there).
            // A field is tapped anywhere in its box, not only on the bare <input>.
            let box = (el.closest('.nut-input, .nut-textarea, .nut-searchbar-content') ?? el).getBoundingClientRect();
            let parent = el.parentElement;
            while (parent && (box.height < minTarget || box.width < minTarget)) {
              if (!hasClick(parent) && parent.tagName !== 'TARO-BUTTON-CORE') break;
              box = parent.getBoundingClientRect();
              parent = parent.parentElement;
            }
            if (box.height < minTarget - 0.5 || box.width < minTarget - 0.5) {
              out.push({ kind: 'target', what: label(el), size: `${box.width.toFixed(0)}×${box.height.toFixed(0)}` });
            }
          }
        }
      }
      return out;
    },
    { minText, minTarget },
  );
}
