/**
 * Every page path in one place, so a moved page breaks the type-check, not a tap.
 * Register new pages in app.config.ts as well (main `pages` or the subpackage's `pages`).
 */
export const TAB_ROUTES = {
  home: '/pages/index/index',
  handbook: '/pages/handbook/index',
  redpost: '/pages/redpost/index',
  mine: '/pages/mine/index',
} as const;

export const ROUTES = {
  ...TAB_ROUTES,
  login: '/packages/account/pages/login/index',
  privacy: '/packages/account/pages/privacy/index',
  messages: '/packages/account/pages/messages/index',
  card: '/packages/card/pages/index/index',
  links: '/packages/links/pages/index/index',
  requests: '/packages/requests/pages/index/index',
  feedback: '/packages/feedback/pages/index/index',
  feedbackNew: '/packages/feedback/pages/new/index',
  myShifts: '/packages/redpost/pages/index/index',
  staff: '/packages/staff/pages/index/index',
} as const;


const TAB_PATHS = new Set<string>(Object.values(TAB_ROUTES));

export function isTabRoute(path: string): boolean {
  return TAB_PATHS.has(path.split('?')[0]);
}

export function withQuery(path: string, query?: Record<string, string | number | undefined>): string {
  if (!query) return path;
  const qs = Object.entries(query)
    .filter(([, v]) => v !== undefined && v !== '')
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`)
    .join('&');
  return qs ? `${path}?${qs}` : path;
}
