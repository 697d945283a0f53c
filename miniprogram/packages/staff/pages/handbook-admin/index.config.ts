export default definePageConfig({
  navigationBarTitleText: '手册维护',
});
