/** Pages of the handbook, card and official-account work (一本书、一张卡、一个号). */
export const CONTENT_ROUTES = {
  handbookEntry: '/packages/handbook/pages/entry/index',
  card: '/packages/card/pages/index/index',
  cardEdit: '/packages/card/pages/edit/index',
  cardScans: '/packages/card/pages/scans/index',
  links: '/packages/links/pages/index/index',
  article: '/packages/links/pages/article/index',
  staffCardScan: '/packages/staff/pages/card-scan/index',
  staffHandbook: '/packages/staff/pages/handbook-admin/index',
  staffHandbookEdit: '/packages/staff/pages/handbook-edit/index',
  staffLinks: '/packages/staff/pages/links-admin/index',
  staffGrids: '/packages/staff/pages/grids/index',
  requestNew: '/packages/requests/pages/new/index',
} as const;

/** The home page's search box hands its words to the handbook tab (switchTab takes no query). */
export const PENDING_HANDBOOK_QUERY_KEY = 'sn:handbook-pending-q';
