export default definePageConfig({
  navigationBarTitleText: '问题受理',
});
