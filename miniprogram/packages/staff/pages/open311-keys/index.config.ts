export default definePageConfig({
  navigationBarTitleText: 'Open311 接入',
});
