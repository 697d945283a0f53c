export default definePageConfig({
  navigationBarTitleText: '办理问题',
});
