/**
 * Pages: the four tabs live in the main package; every capability's pages live in its
 * subpackage under packages/<name>/pages/<page>/index. To add a page, create
 * packages/<name>/pages/<page>/index.tsx (+ index.config.ts) and list
 * 'pages/<page>/index' in that subpackage's `pages` below.
 */
export default defineAppConfig({
  pages: ['pages/index/index', 'pages/handbook/index', 'pages/redpost/index', 'pages/mine/index'],
  subPackages: [
    { root: 'packages/account', pages: ['pages/login/index', 'pages/privacy/index', 'pages/messages/index', 'pages/data/index'] },
    { root: 'packages/card', pages: ['pages/index/index', 'pages/edit/index', 'pages/scans/index'] },
    { root: 'packages/handbook', pages: ['pages/entry/index'] },
    { root: 'packages/links', pages: ['pages/index/index', 'pages/article/index'] },
    { root: 'packages/requests', pages: ['pages/index/index', 'pages/new/index', 'pages/detail/index', 'pages/dispatch/index'] },
    { root: 'packages/feedback', pages: ['pages/index/index', 'pages/echo/index', 'pages/figures/index', 'pages/new/index', 'pages/mine/index', 'pages/detail/index', 'pages/staff-inbox/index', 'pages/staff-handle/index'] },
    { root: 'packages/redpost', pages: ['pages/index/index', 'pages/shifts/index', 'pages/shift/index', 'pages/scan/index', 'pages/register/index', 'pages/record/index', 'pages/staff-edit/index', 'pages/staff-roster/index', 'pages/staff-code/index', 'pages/staff-volunteers/index'] },
    { root: 'packages/staff', pages: ['pages/index/index', 'pages/card-scan/index', 'pages/handbook-admin/index', 'pages/handbook-edit/index', 'pages/links-admin/index', 'pages/grids/index', 'pages/audit/index', 'pages/users/index', 'pages/settings/index', 'pages/open311-keys/index'] },
  ],
  // Fetch the subpackages a tab is likely to open next while the user reads it.
  preloadRule: {
    'pages/index/index': { network: 'all', packages: ['packages/requests', 'packages/feedback'] },
    'pages/mine/index': { network: 'all', packages: ['packages/account'] },
  },
  window: {
    backgroundTextStyle: 'light',
    backgroundColor: '#f6f3f1',
    navigationBarBackgroundColor: '#c8102e',
    navigationBarTitleText: '石楠邻里',
    navigationBarTextStyle: 'white',
  },
  tabBar: {
    color: '#5a5e66',
    selectedColor: '#c8102e',
    backgroundColor: '#ffffff',
    borderStyle: 'white',
    list: [
      { pagePath: 'pages/index/index', text: '首页', iconPath: 'assets/tabbar/home.png', selectedIconPath: 'assets/tabbar/home-active.png' },
      { pagePath: 'pages/handbook/index', text: '服务手册', iconPath: 'assets/tabbar/handbook.png', selectedIconPath: 'assets/tabbar/handbook-active.png' },
      { pagePath: 'pages/redpost/index', text: '红岗', iconPath: 'assets/tabbar/redpost.png', selectedIconPath: 'assets/tabbar/redpost-active.png' },
      { pagePath: 'pages/mine/index', text: '我的', iconPath: 'assets/tabbar/mine.png', selectedIconPath: 'assets/tabbar/mine-active.png' },
    ],
  },
  // WeChat's current component styles (v1 is the 2017 look); NutUI is drawn for v2.
  style: 'v2',
  // WeChat's privacy flow (base library ≥ 2.32.3, the oldest this app supports: set it as
  // 基础库最低版本 in the console): privacy APIs wait for onNeedPrivacyAuthorization.
  // The sitemap keeps the staff pages out of WeChat search (copied by config/index.ts).
  // requiredPrivateInfos: the report form's 在地图上选位置 (wx.chooseLocation), asked only at that tap.
  ...(process.env.TARO_ENV === 'weapp' ? { __usePrivacyCheck__: true, sitemapLocation: 'sitemap.json', requiredPrivateInfos: ['chooseLocation'] } : {}),
  lazyCodeLoading: 'requiredComponents',
});
