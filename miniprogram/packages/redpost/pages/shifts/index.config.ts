export default definePageConfig({
  navigationBarTitleText: '红岗班次',
});
