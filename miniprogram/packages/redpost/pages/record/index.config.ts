export default definePageConfig({
  navigationBarTitleText: '年度档案',
});
