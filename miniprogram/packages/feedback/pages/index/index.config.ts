export default definePageConfig({
  navigationBarTitleText: '问题墙',
  enablePullDownRefresh: false,
});
