export default definePageConfig({
  navigationBarTitleText: '班次名单',
});
