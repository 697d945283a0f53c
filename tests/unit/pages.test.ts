import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PAGES, deepLink } from '../../shared/pages';

/** The route map and app.config.ts name the same pages: a page in one and not the other is a dead tap or an unreachable page. */
describe('page route map', () => {
  const config = readFileSync(join(__dirname, '../../miniprogram/app.config.ts'), 'utf8');
  const registered = new Set<string>();
  const main = /pages:\s*\[([^\]]*)\],\s*subPackages/.exec(config)![1];
  for (const m of main.matchAll(/'([^']+)'/g)) registered.add(`/${m[1]}`);
  for (const sub of config.matchAll(/root:\s*'([^']+)',\s*pages:\s*\[([^\]]*)\]/g)) {
    for (const m of sub[2].matchAll(/'([^']+)'/g)) registered.add(`/${sub[1]}/${m[1]}`);
  }
  const mapped = Object.values(PAGES).flatMap((group) => Object.values(group) as string[]);

  it('lists every registered page once, and only registered pages', () => {
    expect(registered.size).toBeGreaterThan(40);
    expect([...mapped].sort()).toEqual([...registered].sort());
  });

  it('writes deep links as notifications carry them', () => {
    expect(deepLink(PAGES.feedback.detail, { id: 'a b' })).toBe('packages/feedback/pages/detail/index?id=a%20b');
    expect(deepLink(PAGES.redpost.register)).toBe('packages/redpost/pages/register/index');
  });
});
