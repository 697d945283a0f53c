/**
 * Every mini-program page path, once (zod-free: the main package, the services' deep links in
 * notifications and the seeds all read it). A page that moves breaks the type-check, not a tap.
 * Register a new page in `miniprogram/app.config.ts` too (tests/unit/pages.test.ts holds the
 * two together).
 */
export const PAGES = {
  tabs: {
    home: '/pages/index/index',
    handbook: '/pages/handbook/index',
    redpost: '/pages/redpost/index',
    mine: '/pages/mine/index',
  },
  account: {
    login: '/packages/account/pages/login/index',
    privacy: '/packages/account/pages/privacy/index',
    messages: '/packages/account/pages/messages/index',
    data: '/packages/account/pages/data/index',
  },
  card: {
    index: '/packages/card/pages/index/index',
    edit: '/packages/card/pages/edit/index',
    scans: '/packages/card/pages/scans/index',
  },
  handbook: {
    entry: '/packages/handbook/pages/entry/index',
  },
  links: {
    index: '/packages/links/pages/index/index',
    article: '/packages/links/pages/article/index',
  },
  requests: {
    hub: '/packages/requests/pages/index/index',
    create: '/packages/requests/pages/new/index',
    detail: '/packages/requests/pages/detail/index',
    dispatch: '/packages/requests/pages/dispatch/index',
  },
  feedback: {
    wall: '/packages/feedback/pages/index/index',
    echo: '/packages/feedback/pages/echo/index',
    figures: '/packages/feedback/pages/figures/index',
    create: '/packages/feedback/pages/new/index',
    mine: '/packages/feedback/pages/mine/index',
    detail: '/packages/feedback/pages/detail/index',
    inbox: '/packages/feedback/pages/staff-inbox/index',
    handle: '/packages/feedback/pages/staff-handle/index',
  },
  redpost: {
    home: '/packages/redpost/pages/index/index',
    shifts: '/packages/redpost/pages/shifts/index',
    shift: '/packages/redpost/pages/shift/index',
    scan: '/packages/redpost/pages/scan/index',
    register: '/packages/redpost/pages/register/index',
    record: '/packages/redpost/pages/record/index',
    staffEdit: '/packages/redpost/pages/staff-edit/index',
    staffRoster: '/packages/redpost/pages/staff-roster/index',
    staffCode: '/packages/redpost/pages/staff-code/index',
    staffVolunteers: '/packages/redpost/pages/staff-volunteers/index',
  },
  staff: {
    desk: '/packages/staff/pages/index/index',
    cardScan: '/packages/staff/pages/card-scan/index',
    handbookAdmin: '/packages/staff/pages/handbook-admin/index',
    handbookEdit: '/packages/staff/pages/handbook-edit/index',
    linksAdmin: '/packages/staff/pages/links-admin/index',
    grids: '/packages/staff/pages/grids/index',
    audit: '/packages/staff/pages/audit/index',
    users: '/packages/staff/pages/users/index',
    settings: '/packages/staff/pages/settings/index',
    open311Keys: '/packages/staff/pages/open311-keys/index',
  },
} as const;

type Pages = typeof PAGES;
export type PagePath = { [G in keyof Pages]: Pages[G][keyof Pages[G]] }[keyof Pages];

/**
 * A page with its query as a notification carries it (WeChat's subscribe message and the
 * 消息 page take it without the leading slash): `deepLink(PAGES.feedback.detail, { id })`.
 */
export function deepLink(page: PagePath, query: Record<string, string> = {}): string {
  const qs = Object.entries(query)
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`)
    .join('&');
  return `${page.slice(1)}${qs ? `?${qs}` : ''}`;
}
