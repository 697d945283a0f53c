export default definePageConfig({
  navigationBarTitleText: '发布班次',
});
